"""grader/audit/equivalence.py: a mutant no input of the suite tells from the reference is set aside; a real one is kept."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from grader.audit.equivalence import EquivalenceFilter, same
from grader.audit.mutants import Mutant
from grader.audit.run import solution_source
from grader.course.locate import load_declaration, load_suite

TINY = Path(__file__).resolve().parents[2] / "fixtures" / "audit" / "tiny"


@pytest.fixture(scope="module")
def tiny():
    assignment = load_declaration(TINY)
    source = solution_source(assignment)
    return source, EquivalenceFilter(source, load_suite(TINY))


def mutant(source: str, old: str, new: str, function: str = "center") -> Mutant:
    assert old in source
    return Mutant(0, "test", function, 1, old.strip(), new.strip(), source.replace(old, new, 1))


def test_dead_code_is_equivalent(tiny):
    source, flt = tiny
    dead = mutant(source, "    Xc = X - mu\n", "    Xc = X - mu\n    if False:\n        Xc = X + mu\n")
    assert flt.judge(dead).equivalent


def test_adding_a_term_that_is_always_zero_is_equivalent(tiny):
    source, flt = tiny
    zero = mutant(source, "Xc = X - mu", "Xc = X - mu + 0.0 * np.abs(X)")
    verdict = flt.judge(zero)
    assert verdict.equivalent and "all 3 inputs" in verdict.reason


def test_a_real_fault_is_kept_and_says_where_it_differs(tiny):
    source, flt = tiny
    verdict = flt.judge(mutant(source, "Xc = X - mu", "Xc = X + mu"))
    assert not verdict.equivalent and verdict.reason.startswith("differs on randomized")


def test_changing_an_argument_is_a_difference(tiny):
    source, flt = tiny
    assert not flt.judge(mutant(source, "Xc = X - mu", "X -= mu; Xc = X")).equivalent


def test_raising_differently_is_a_difference_and_a_mutant_that_does_not_load_is_graded(tiny):
    source, flt = tiny
    assert not flt.judge(mutant(source, "Xc = X - mu", "Xc = X - mu[5]")).equivalent
    broken = replace(mutant(source, "Xc = X - mu", "Xc = X - mu"), source=source + "\nraise RuntimeError\n")
    assert flt.judge(broken).reason == "does not load: RuntimeError"


@pytest.mark.parametrize(("a", "b", "expected"), [
    (np.ones((2, 1)), np.ones((2, 1)) * (1 + 1e-12), True),
    (np.ones((2, 1)), np.ones(2), False),
    (np.ones((2, 1)), np.ones((2, 1), dtype=np.float32), False),
    (1.0, np.float64(1.0), False),
    ({"a": 1.0, "b": 2.0}, {"b": 2.0, "a": 1.0}, False),
    ((np.zeros(1), [1, 2]), (np.zeros(1), [1, 2]), True),
    (float("nan"), float("nan"), True),
], ids=["close", "shape", "dtype", "type", "key-order", "nested", "nan"])
def test_same(a, b, expected):
    assert same(a, b) is expected
