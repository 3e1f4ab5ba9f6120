"""batch_norm: every differently written correct submission gets full marks, and every
realistic bug loses points on exactly the function it breaks (tests/fixtures/batch_norm/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grader.course.locate import load_suite
from grader.execution.sandbox import own_user_launcher
from grader.grading.runner import grade_source
from grader.grading.submission import read_source

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "batch_norm"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def grade():
    suite = load_suite(REPO / "assignments" / "batch_norm")
    launcher = own_user_launcher()
    return lambda path: grade_source(suite, read_source(path), launcher)


@pytest.mark.parametrize("name", sorted(MANIFEST["correct_variants"]))
def test_a_correct_variant_gets_full_marks(grade, name):
    report = grade(FIXTURES / "correct_variants" / f"{name}.py")
    assert report.score == report.max_score, [(t.function, t.name, t.message) for t in report.tests if t.score < 1]


@pytest.mark.parametrize("name", sorted(MANIFEST["buggy"]))
def test_a_bug_costs_only_the_function_it_breaks(grade, name):
    report = grade(FIXTURES / "buggy" / f"{name}.py")
    lost = sorted({t.function for t in report.tests if t.score < t.max_score})
    assert lost == [MANIFEST["buggy"][name]["breaks"]]


# ---------------------------------------------------------------- bad input

CLASSIC = (FIXTURES / "correct_variants" / "course_classic.py").read_text()
CACHE = "cache = (Z, Z_norm, mu, var, gamma, beta, epsilon)"


@pytest.mark.parametrize(("edit", "function", "phrase"), [
    (lambda s: s.replace(CACHE, "cache = [Z, Z_norm, mu, var, gamma, beta, epsilon]"),
     "batchnorm_forward", "cache should be a tuple, but it is a list"),
    (lambda s: s.replace(CACHE, "cache = (Z, Z_norm, mu, var)"), "batchnorm_forward", "cache has 4 items but should have 7"),
    (lambda s: s.replace("    return Z_tilde, cache\n", "    return Z_tilde\n"),
     "batchnorm_forward", ("should be a tuple of 2 items, but it is an array of shape",
                           "should return 2 values (Z_tilde, cache), but it returned an array")),
    (lambda s: s.replace("def batchnorm_forward_test(Z, gamma, beta, running_mean, running_var, epsilon=1e-5):",
                         "def batchnorm_forward_test(Z, gamma, beta, running_mean, running_var, epsilon):"),
     "batchnorm_forward_test", "missing 1 required positional argument: 'epsilon'"),
], ids=["cache-as-list", "short-cache", "no-cache", "test-mode-no-default-epsilon"])
def test_bad_input_gets_a_clear_message_and_costs_only_that_function(grade, tmp_path, edit, function, phrase):
    path = tmp_path / "batch_norm.py"
    path.write_text(edit(CLASSIC))
    report = grade(path)
    lost = [t for t in report.tests if t.score < t.max_score]
    assert lost and {t.function for t in lost} == {function}
    phrases = (phrase,) if isinstance(phrase, str) else phrase
    assert all(any(p in t.message for p in phrases) for t in lost), [t.message for t in lost]
