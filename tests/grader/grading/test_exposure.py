"""grader/grading/exposure.py: which functions' arguments are a lookup table for a function graded later.

Unit tests build small suites by hand: ``F`` exposes ``G`` when ``F``'s
arguments, sent to the child before ``G`` is graded, hold the inputs of
one of ``G``'s cases and its answer.
"""

from __future__ import annotations

import dataclasses
import types
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from grader.checks.base import Case, CompiledCheck
from grader.checks.match.matchers import MatchValues
from grader.course.locate import assignment_folders, load_suite
from grader.course.model import Suite
from grader.grading.exposure import arrays, exposing

REPO = Path(__file__).resolve().parents[3]

RNG = np.random.default_rng(0)
X, W = RNG.standard_normal((2, 3)), RNG.standard_normal((3, 4))
Z = X @ W


def _suite(*functions: tuple[str, list[tuple[tuple[Any, ...], Any]]]) -> Suite:
    """A suite whose functions are graded in the order given, each with one check of ``(args, expected)`` cases."""
    checks = tuple(CompiledCheck("randomized", name, "reference", 1.0, "hidden",
                                 tuple(Case(name, f"case {i}", args, MatchValues(expected, ("out",)))
                                       for i, (args, expected) in enumerate(cases)))
                   for name, cases in functions)
    return Suite("handmade", "Hand-made", "handmade.py", (), checks)


def test_a_cache_holding_the_inputs_and_the_output_exposes_the_forward_function():
    suite = _suite(("backward", [(((X, W, Z),), Z @ W.T)]), ("forward", [((X, W), Z)]))
    assert exposing(suite) == {"forward": frozenset({"backward"})}


def test_the_same_output_without_the_inputs_is_a_coincidence():
    other = RNG.standard_normal((2, 3))
    suite = _suite(("backward", [(((other, W, Z),), Z @ W.T)]), ("forward", [((X, W), Z)]))
    assert exposing(suite) == {}


def test_an_output_that_is_one_of_the_inputs_looks_nothing_up():
    suite = _suite(("backward", [(((X, W, Z),), Z @ W.T)]), ("first", [((X, W), X)]))
    assert exposing(suite) == {}


def test_inputs_returned_beside_the_answer_do_not_hide_it():
    """``linear_forward`` returns ``(Z, (A_prev, W, b))``: the echoed inputs are ignored, not the whole case."""
    held = _suite(("backward", [(((X, W, Z),), Z @ W.T)]), ("forward", [((X, W), (Z, (X, W)))]))
    assert exposing(held) == {"forward": frozenset({"backward"})}
    echo_only = _suite(("backward", [(((X, W),), X @ W)]), ("forward", [((X, W), (Z, (X, W)))]))
    assert exposing(echo_only) == {}


def test_only_functions_graded_before_expose():
    suite = _suite(("forward", [((X, W), Z)]), ("backward", [(((X, W, Z),), Z @ W.T)]))
    assert exposing(suite) == {}


def test_values_are_compared_within_tolerance_and_shape():
    near = _suite(("backward", [(((X + 1e-12, W, Z * (1 + 1e-9)),), 0.0)]), ("forward", [((X, W), Z)]))
    assert exposing(near) == {"forward": frozenset({"backward"})}
    far = _suite(("backward", [(((X, W, Z + 1e-3),), 0.0)]), ("forward", [((X, W), Z)]))
    assert exposing(far) == {}
    reshaped = _suite(("backward", [(((X, W, Z.reshape(4, 2)),), 0.0)]), ("forward", [((X, W), Z)]))
    assert exposing(reshaped) == {}


def test_dicts_lists_and_plain_objects_are_searched():
    cache = types.SimpleNamespace(inputs={"x": X, "w": [W]}, z=Z)
    suite = _suite(("backward", [((cache,), 0.0)]), ("forward", [((X, W), Z)]))
    assert exposing(suite) == {"forward": frozenset({"backward"})}


def test_only_floating_arrays_of_two_values_or_more_count():
    found = list(arrays((X, np.arange(6), np.ones(1), 3.0, "x", {"b": [X > 0, W.astype(np.float32)]})))
    assert sorted(a.shape for a in found) == [(2, 3), (3, 4)]


def test_every_earlier_function_that_holds_a_lookup_is_named():
    suite = _suite(("backward", [(((X, W, Z),), 0.0)]), ("other", [((X,), 0.0)]),
                   ("update", [(((Z, X, W),), 0.0)]), ("forward", [((X, W), Z)]))
    assert exposing(suite) == {"forward": frozenset({"backward", "update"})}


def test_computed_once_per_suite_object():
    suite = _suite(("backward", [(((X, W, Z),), 0.0)]), ("forward", [((X, W), Z)]))
    assert exposing(suite) is exposing(suite)
    copy = dataclasses.replace(suite, checks=suite.checks[::-1])
    assert exposing(copy) == {}


#: Every real assignment's exposures (see the module docstring of grader/grading/exposure.py).
REAL = {
    # backward_propagation_with_regularization's cache holds Z1 = W1 X + b1 of forward_propagation_with_dropout's
    # cases (the same seeds: the same X and parameters); dropout changes everything after Z1, so nothing the
    # whole output is compared with can be looked up, but Z1 is one of its expected arrays.
    "regularization": {"forward_propagation_with_dropout": frozenset({"backward_propagation_with_regularization"})},
}


@pytest.mark.parametrize("assignment", sorted(assignment_folders([REPO / "assignments"])))
def test_the_exposures_of_every_real_assignment(assignment):
    suite = load_suite(REPO / "assignments" / assignment)
    assert exposing(suite) == REAL.get(assignment, {})
