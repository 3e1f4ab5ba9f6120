"""grader/grading/runner.py on realistic submissions: full marks for correct code
written any way, zero for the stub, and each bug costs only its own function."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grader.course.model import TOGETHER
from grader.grading.runner import grade_submission

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "submissions"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text())
BUGGY = sorted(MANIFEST["buggy"])
CORRECT = sorted(MANIFEST["correct_variants"])
STUB = Path(__file__).resolve().parents[3] / "assignments" / "deep_nn" / "deep_nn.py"


def lost_by_function(report) -> dict[str, float]:
    return {fn: round(m - s, 6) for fn, (s, m) in report.function_scores().items() if s < m}


def test_reference_gets_full_marks(deep_nn_suite, solution_file):
    report = grade_submission(deep_nn_suite, solution_file)
    assert report.score == report.max_score == 97
    assert report.passed


def test_generated_stub_gets_zero_with_not_implemented(deep_nn_suite):
    report = grade_submission(deep_nn_suite, STUB)
    assert report.score == 0
    assert {t.status for t in report.tests} == {"error"}
    assert all(t.message.startswith("not implemented") for t in report.tests if t.function != TOGETHER)
    [together] = [t.message for t in report.tests if t.function == TOGETHER]
    assert together.startswith("not run to the end: your initialize_parameters_deep is not implemented yet.")
    assert len(report.function_scores()) == 15


@pytest.mark.parametrize("name", CORRECT)
def test_correct_variants_get_full_marks(deep_nn_suite, name):
    report = grade_submission(deep_nn_suite, FIXTURES / "correct_variants" / f"{name}.py")
    failing = [(t.function, t.name, t.message) for t in report.tests if t.status != "passed"]
    assert failing == []
    assert report.score == report.max_score


def test_there_are_at_least_twenty_buggy_submissions():
    assert len(BUGGY) >= 20


@pytest.mark.parametrize("name", BUGGY)
def test_each_bug_costs_only_its_own_function(deep_nn_suite, name):
    breaks = MANIFEST["buggy"][name]["breaks"]
    report = grade_submission(deep_nn_suite, FIXTURES / "buggy" / f"{name}.py")
    lost = lost_by_function(report)
    assert list(lost) == [breaks], f"{name}: lost {lost}"
    messages = [t.message for t in report.tests if t.function == breaks and t.status != "passed"]
    assert all(messages), "every failed check says why"


@pytest.mark.parametrize("name", CORRECT[:2])
def test_public_copy_gives_full_marks_to_correct_code(deep_nn_public_suite, name):
    report = grade_submission(deep_nn_public_suite, FIXTURES / "correct_variants" / f"{name}.py")
    assert report.score == report.max_score
    assert {t.visibility for t in report.tests} == {"public"}


@pytest.mark.parametrize("name", BUGGY)
def test_public_copy_never_blames_the_wrong_function(deep_nn_public_suite, name):
    """With only public data, a callee's bug still must not cost its callers."""
    breaks = MANIFEST["buggy"][name]["breaks"]
    report = grade_submission(deep_nn_public_suite, FIXTURES / "buggy" / f"{name}.py")
    assert set(lost_by_function(report)) <= {breaks}


def test_parameters_in_another_order_are_a_wrong_signature():
    from grader.course.model import FunctionInfo
    from grader.grading.messages import signature_problem

    info = FunctionInfo("leaky_relu", ("z", "alpha"), ("a",))
    swapped = [["alpha", "POSITIONAL_OR_KEYWORD", False], ["z", "POSITIONAL_OR_KEYWORD", True]]
    assert "leaky_relu(alpha, z) has the wrong signature: the assignment calls leaky_relu(z, alpha)" in \
        signature_problem(info, swapped)
    renamed = [["Z", "POSITIONAL_OR_KEYWORD", False], ["slope", "POSITIONAL_OR_KEYWORD", True]]
    assert signature_problem(info, renamed) is None  # other names are fine: the grader passes by position
