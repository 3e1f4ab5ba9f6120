"""Every check kind rejects a wrong implementation and accepts a correct one
written differently (np.matmul, @, a stable sigmoid, einsum, a copied dict)."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.checks import CHECK_KINDS
from grader.grading.runner import grade_submission

SUBMISSIONS = Path(__file__).resolve().parents[2] / "fixtures" / "submissions"

# kind -> (buggy submission, function whose check of that kind must fail)
REJECTS = {
    "shape": ("linear_backward_db_no_keepdims", "linear_backward"),
    "known_value": ("linear_forward_transposed", "linear_forward"),
    "gradient": ("linear_backward_dw_divided_twice", "linear_backward"),
    "reference": ("initialize_parameters_wrong_seed", "initialize_parameters"),
    "property": ("relu_backward_mutates_dA", "relu_backward"),
    "together": ("update_parameters_plus", "all functions"),
}


def test_every_kind_is_covered():
    assert set(REJECTS) == set(CHECK_KINDS)


@pytest.mark.parametrize("kind", sorted(REJECTS))
def test_kind_rejects_a_wrong_implementation(deep_nn_suite, kind):
    name, function = REJECTS[kind]
    report = grade_submission(deep_nn_suite, SUBMISSIONS / "buggy" / f"{name}.py")
    of_kind = [t for t in report.tests if t.function == function and t.kind == kind]
    assert of_kind and any(t.status == "failed" for t in of_kind), of_kind


def test_property_check_catches_mutation_that_values_miss(deep_nn_suite):
    report = grade_submission(deep_nn_suite, SUBMISSIONS / "buggy" / "relu_backward_mutates_dA.py")
    relu_backward = {t.kind: t for t in report.tests if t.function == "relu_backward"}
    assert relu_backward["reference"].status == "passed"
    assert relu_backward["property"].status == "failed"
    assert "changed the array dA in place" in relu_backward["property"].message


@pytest.mark.parametrize("variant", ["matmul", "at_operator", "stable_sigmoid", "einsum_loops"])
def test_every_kind_accepts_differently_written_code(deep_nn_suite, variant):
    report = grade_submission(deep_nn_suite, SUBMISSIONS / "correct_variants" / f"{variant}.py")
    kinds = {t.kind for t in report.tests}
    assert kinds == set(CHECK_KINDS)
    assert all(t.status == "passed" for t in report.tests)


def test_callee_bug_does_not_cascade(deep_nn_suite):
    """A wrong sigmoid costs sigmoid only, not its 4 callers."""
    report = grade_submission(deep_nn_suite, SUBMISSIONS / "buggy" / "sigmoid_wrong_sign.py")
    scores = report.function_scores()
    assert scores["sigmoid"][0] < scores["sigmoid"][1]
    for caller in ("linear_activation_forward", "L_model_forward", "sigmoid_backward"):
        assert scores[caller][0] == scores[caller][1]
