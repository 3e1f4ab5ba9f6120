"""shallow_nn graded end to end on realistic submissions: full marks for correct code written any way,
each bug costs only its own function, and bad input gets a clear message.

One launcher (the grader's default, as the grader's own user) for every submission; the suite is
compiled once per module. About 12 s in all (not marked slow).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grader.course.model import TOGETHER
from grader.grading.runner import grade_submission

REPO = Path(__file__).resolve().parents[2]
ASSIGNMENT = REPO / "assignments" / "shallow_nn"
FIXTURES = REPO / "tests" / "fixtures" / "shallow_nn"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text())
BUGGY = sorted(MANIFEST["buggy"])
CORRECT = sorted(MANIFEST["correct_variants"])
FUNCTIONS = ["layer_sizes", "initialize_parameters", "forward_propagation", "compute_cost", "backward_propagation",
             "update_parameters", "nn_model", "predict"]

@pytest.fixture(scope="module")
def suite():
    from grader.course.locate import load_suite

    return load_suite(ASSIGNMENT)


@pytest.fixture(scope="module")
def public_suite():
    from grader.course.locate import load_suite

    return load_suite(ASSIGNMENT, public_only=True)


def lost_by_function(report) -> dict[str, float]:
    return {fn: round(m - s, 6) for fn, (s, m) in report.function_scores().items() if s < m}


def test_fixture_files_and_manifest_agree():
    assert {p.stem for p in (FIXTURES / "buggy").glob("*.py")} == set(BUGGY) and len(BUGGY) >= 15
    assert {p.stem for p in (FIXTURES / "correct_variants").glob("*.py")} == set(CORRECT) and len(CORRECT) >= 5
    assert {entry["breaks"] for entry in MANIFEST["buggy"].values()} == set(FUNCTIONS)


@pytest.mark.parametrize("name", CORRECT)
def test_correct_variants_get_full_marks(suite, name):
    report = grade_submission(suite, FIXTURES / "correct_variants" / f"{name}.py")
    failing = [(t.function, t.name, t.message) for t in report.tests if t.status != "passed"]
    assert failing == []
    assert report.score == report.max_score == 39


@pytest.mark.parametrize("name", BUGGY)
def test_each_bug_costs_only_its_own_function(suite, name):
    breaks = MANIFEST["buggy"][name]["breaks"]
    report = grade_submission(suite, FIXTURES / "buggy" / f"{name}.py")
    lost = lost_by_function(report)
    assert list(lost) == [breaks], f"{name}: lost {lost}"
    messages = [t.message for t in report.tests if t.function == breaks and t.status != "passed"]
    assert all(messages), "every failed check says why"


@pytest.mark.parametrize("name", CORRECT[:2])
def test_public_copy_gives_full_marks_to_correct_code(public_suite, name):
    report = grade_submission(public_suite, FIXTURES / "correct_variants" / f"{name}.py")
    assert report.score == report.max_score
    assert {t.visibility for t in report.tests} == {"public"}


@pytest.mark.parametrize("name", BUGGY)
def test_public_copy_never_blames_the_wrong_function(public_suite, name):
    breaks = MANIFEST["buggy"][name]["breaks"]
    report = grade_submission(public_suite, FIXTURES / "buggy" / f"{name}.py")
    assert set(lost_by_function(report)) <= {breaks}


def test_the_stub_scores_zero_not_implemented(suite):
    report = grade_submission(suite, ASSIGNMENT / "shallow_nn.py")
    assert report.score == 0
    assert all(t.message.startswith("not implemented") for t in report.tests if t.function != TOGETHER)


def test_a_missing_function_and_a_wrong_signature_are_named(suite, tmp_path):
    source = (FIXTURES / "correct_variants" / "course_classic.py").read_text()
    source = source.replace("def predict(parameters, X):", "def predict_labels(parameters, X):")
    source = source.replace("def compute_cost(A2, Y):", "def compute_cost(A2):\n    Y = A2")
    path = tmp_path / "shallow_nn.py"
    path.write_text(source)
    report = grade_submission(suite, path)
    assert set(lost_by_function(report)) == {"predict", "compute_cost"}
    predict = [t.message for t in report.tests if t.function == "predict"]
    cost = [t.message for t in report.tests if t.function == "compute_cost"]
    assert predict and all(m.startswith("predict is not defined in your file") for m in predict), predict
    assert cost and all("compute_cost(A2) has the wrong signature" in m and "compute_cost(A2, Y)" in m
                        for m in cost), cost
