"""hyperparameters graded by the grader itself on realistic submissions.

Correct code written in five styles gets full marks (``max`` and a reversed
stable sort both keep the first of equal trials; ``rand`` scaled by hand
and a loop of scalar draws give the same numbers as one ``uniform``
call); each buggy submission (a linear scale, beta itself on a log scale,
two permutations, halves rounded up, the last of equal trials, a list
sorted in place, ...) loses points on exactly the function it breaks; bad
input gets a clear message. Every file is graded through one warm launcher
(the default one of ``grade_submission``). The nbgrader round trip runs in
``test_every_assignment.py``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from grader.course.locate import describe, load_suite
from grader.grading.runner import grade_submission

REPO = Path(__file__).resolve().parents[2]
FOLDER = REPO / "assignments" / "hyperparameters"
FIXTURES = REPO / "tests" / "fixtures" / "hyperparameters"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text())
BUGGY = sorted(MANIFEST["buggy"])
CORRECT = sorted(MANIFEST["correct_variants"])
POINTS = {"sample_learning_rates": 5, "sample_momentum_betas": 5, "train_dev_split": 6.5, "best_trial": 4.5}


@pytest.fixture(scope="module")
def suite():  # type: ignore[no-untyped-def]
    return load_suite(FOLDER)


def lost_by_function(report) -> dict[str, float]:  # type: ignore[no-untyped-def]
    return {fn: round(m - s, 6) for fn, (s, m) in report.function_scores().items() if s < m}


def test_points_per_function_and_check_kinds(suite):
    report = grade_submission(suite, FIXTURES / "correct_variants" / "course_classic.py")
    assert {fn: m for fn, (_, m) in report.function_scores().items()} == POINTS
    assert report.max_score == describe(FOLDER).points == 21
    for fn in POINTS:
        kinds = {t.kind for t in report.tests if t.function == fn}
        assert {"shape", "known_value", "reference", "property"} <= kinds, fn
    public = {t.function for t in report.tests if t.kind == "reference" and t.visibility == "public"}
    assert public == {"sample_learning_rates", "sample_momentum_betas"}


def test_fixture_files_and_manifest_agree():
    assert {p.stem for p in (FIXTURES / "buggy").glob("*.py")} == set(BUGGY) and len(BUGGY) >= 15
    assert {p.stem for p in (FIXTURES / "correct_variants").glob("*.py")} == set(CORRECT) and len(CORRECT) >= 5
    assert {MANIFEST["buggy"][b]["breaks"] for b in BUGGY} == set(POINTS)


@pytest.mark.parametrize("name", CORRECT)
def test_correct_variants_get_full_marks(suite, name):
    report = grade_submission(suite, FIXTURES / "correct_variants" / f"{name}.py")
    failing = [(t.function, t.name, t.message) for t in report.tests if t.status != "passed"]
    assert failing == []
    assert report.score == report.max_score == 21


@pytest.mark.parametrize("name", BUGGY)
def test_each_bug_costs_only_its_own_function(suite, name):
    breaks = MANIFEST["buggy"][name]["breaks"]
    report = grade_submission(suite, FIXTURES / "buggy" / f"{name}.py")
    lost = lost_by_function(report)
    assert list(lost) == [breaks], f"{name}: lost {lost}"
    messages = [t.message for t in report.tests if t.function == breaks and t.status != "passed"]
    assert messages and all(messages), "every failed check says why"


@pytest.mark.parametrize("name, check, phrase", [
    ("split_round_half_up", "m = 10, round(2.5) = 2", "shape"),
    ("split_truncates", "m = 14, round(3.5) = 4", "shape"),
    ("split_shuffles_in_place", "properties", "in place"),
    ("best_sorts_in_place", "properties", "trials"),
    ("best_last_on_ties", "first of the best", "is wrong"),
    ("rates_one_value", "shape", "numpy array"),
    ("betas_log_of_beta", "defaults", "is wrong"),
])
def test_the_right_check_catches_the_bug(suite, name, check, phrase):
    breaks = MANIFEST["buggy"][name]["breaks"]
    report = grade_submission(suite, FIXTURES / "buggy" / f"{name}.py")
    [result] = [t for t in report.tests if t.function == breaks and t.name == check]
    assert result.status == "failed" and phrase in result.message, result.message


@pytest.mark.parametrize("name", ["rates_ignore_seed", "betas_seed_zero"])
def test_ignoring_the_seed_argument_passes_the_seed_0_defaults_only(suite, name):
    """The grader seeds numpy with 0 before every call: the defaults pass, every other seed fails."""
    breaks = MANIFEST["buggy"][name]["breaks"]
    report = grade_submission(suite, FIXTURES / "buggy" / f"{name}.py")
    failed = {t.name for t in report.tests if t.function == breaks and t.status != "passed"}
    assert failed == {"values", "randomized"}


def test_the_public_copy_gives_full_marks_and_never_blames_the_wrong_function():
    public = load_suite(FOLDER, public_only=True)
    report = grade_submission(public, FIXTURES / "correct_variants" / "rand_affine_max.py")
    assert report.score == report.max_score > 0
    for name in BUGGY:
        breaks = MANIFEST["buggy"][name]["breaks"]
        lost = lost_by_function(grade_submission(public, FIXTURES / "buggy" / f"{name}.py"))
        assert set(lost) <= {breaks}, name


# ---------------------------------------------------------------- bad input

CLASSIC = (FIXTURES / "correct_variants" / "course_classic.py").read_text()


@pytest.mark.parametrize("name, edit, function, phrase", [
    ("missing_function", lambda s: re.sub(r"def best_trial.*", "", s, flags=re.S),
     "best_trial", "best_trial is not defined in your file"),
    ("missing_seed_parameter", lambda s: s.replace("def sample_learning_rates(n, low=-4.0, high=0.0, seed=0):",
                                                   "def sample_learning_rates(n, low=-4.0, high=0.0):")
     .replace("np.random.seed(seed)\n    r = np.random.uniform(low, high, n)", "r = np.random.uniform(low, high, n)"),
     "sample_learning_rates", "has the wrong signature"),
    ("reordered_parameters", lambda s: s.replace("def train_dev_split(X, Y, dev_fraction=0.2, seed=0):",
                                                 "def train_dev_split(X, Y, seed=0, dev_fraction=0.2):"),
     "train_dev_split", "has the wrong signature"),
])
def test_bad_input_gets_a_clear_message_and_costs_only_that_function(suite, tmp_path, name, edit, function, phrase):
    path = tmp_path / "hyperparameters.py"
    path.write_text(edit(CLASSIC))
    report = grade_submission(suite, path)
    assert lost_by_function(report) == {function: POINTS[function]}
    assert all(phrase in t.message for t in report.tests if t.function == function)


def test_a_syntax_error_is_reported_with_its_line(suite, tmp_path):
    path = tmp_path / "hyperparameters.py"
    path.write_text(CLASSIC.replace("def best_trial(trials):", "def best_trial(trials)"))
    report = grade_submission(suite, path)
    assert report.score == 0
    assert all("syntax error" in t.message for t in report.tests)
