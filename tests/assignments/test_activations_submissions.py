"""activations graded by the grader itself on realistic submissions.

Correct code written in six styles gets full marks; each of the buggy
submissions (one realistic bug in one function) loses points on exactly the
function it breaks; bad input (a missing function, a wrong signature, a
syntax error) gets a clear message. Every file is graded through one warm
launcher (the default one of ``grade_submission``). The slow test runs the
real nbgrader: a filled notebook gets full marks, the unfilled one 0, and
the gradebook equals ``grader check`` on the same notebooks, cell by check.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader_flow import course_with, run, solved

from grader.course.locate import describe, load_suite
from grader.grading.runner import grade_submission
from grader.publish.nbgrader import grade_id

REPO = Path(__file__).resolve().parents[2]
FOLDER = REPO / "assignments" / "activations"
FIXTURES = REPO / "tests" / "fixtures" / "activations"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text())
BUGGY = sorted(MANIFEST["buggy"])
CORRECT = sorted(MANIFEST["correct_variants"])
FUNCTIONS = ("sigmoid", "sigmoid_derivative", "tanh", "tanh_derivative", "relu", "relu_derivative",
             "leaky_relu", "leaky_relu_derivative")
POINTS = {"sigmoid": 4, "sigmoid_derivative": 5, "tanh": 4, "tanh_derivative": 5, "relu": 4,
          "relu_derivative": 5, "leaky_relu": 5, "leaky_relu_derivative": 6}


@pytest.fixture(scope="module")
def suite():  # type: ignore[no-untyped-def]
    return load_suite(FOLDER)


def lost_by_function(report) -> dict[str, float]:  # type: ignore[no-untyped-def]
    return {fn: round(m - s, 6) for fn, (s, m) in report.function_scores().items() if s < m}


def test_points_per_function_and_check_kinds(suite):
    report = grade_submission(suite, FIXTURES / "correct_variants" / "course_classic.py")
    assert {fn: m for fn, (_, m) in report.function_scores().items()} == POINTS
    assert report.max_score == describe(FOLDER).points == 38
    kinds = {fn: {t.kind for t in report.tests if t.function == fn} for fn in FUNCTIONS}
    for fn in FUNCTIONS:
        assert {"shape", "known_value", "reference", "property"} <= kinds[fn], fn
        if fn.endswith("_derivative"):
            assert "gradient" in kinds[fn], fn
    at_zero = {t.function for t in report.tests if t.name == "derivative at 0"}
    assert at_zero == {"relu_derivative", "leaky_relu_derivative"}


def test_fixture_files_and_manifest_agree():
    assert {p.stem for p in (FIXTURES / "buggy").glob("*.py")} == set(BUGGY) and len(BUGGY) >= 15
    assert {p.stem for p in (FIXTURES / "correct_variants").glob("*.py")} == set(CORRECT) and len(CORRECT) >= 5
    assert {MANIFEST["buggy"][b]["breaks"] for b in BUGGY} == set(FUNCTIONS)  # every function has a bug of its own


@pytest.mark.parametrize("name", CORRECT)
def test_correct_variants_get_full_marks(suite, name):
    report = grade_submission(suite, FIXTURES / "correct_variants" / f"{name}.py")
    failing = [(t.function, t.name, t.message) for t in report.tests if t.status != "passed"]
    assert failing == []
    assert report.score == report.max_score == 38


@pytest.mark.parametrize("name", BUGGY)
def test_each_bug_costs_only_its_own_function(suite, name):
    breaks = MANIFEST["buggy"][name]["breaks"]
    report = grade_submission(suite, FIXTURES / "buggy" / f"{name}.py")
    lost = lost_by_function(report)
    assert list(lost) == [breaks], f"{name}: lost {lost}"
    messages = [t.message for t in report.tests if t.function == breaks and t.status != "passed"]
    assert messages and all(messages), "every failed check says why"


@pytest.mark.parametrize("name, check, phrase", [
    ("relu_derivative_zero_at_zero", "derivative at 0", "expected 1"),
    ("relu_returns_int", "properties", "should hold floats"),
    ("relu_in_place", "properties", "z"),
    ("sigmoid_derivative_plus", "gradient check", ""),
])
def test_the_right_check_catches_the_bug(suite, name, check, phrase):
    breaks = MANIFEST["buggy"][name]["breaks"]
    report = grade_submission(suite, FIXTURES / "buggy" / f"{name}.py")
    [result] = [t for t in report.tests if t.function == breaks and t.name == check]
    assert result.status == "failed" and phrase in result.message, result.message


def test_the_public_copy_gives_full_marks_and_never_blames_the_wrong_function():
    public = load_suite(FOLDER, public_only=True)
    report = grade_submission(public, FIXTURES / "correct_variants" / "stable_clip.py")
    assert report.score == report.max_score > 0
    for name in BUGGY:
        breaks = MANIFEST["buggy"][name]["breaks"]
        assert set(lost_by_function(grade_submission(public, FIXTURES / "buggy" / f"{name}.py"))) <= {breaks}, name


# ---------------------------------------------------------------- bad input

CLASSIC = (FIXTURES / "correct_variants" / "course_classic.py").read_text()


@pytest.mark.parametrize("name, edit, function, phrase", [
    ("missing_function", lambda s: re.sub(r"def leaky_relu_derivative.*", "", s, flags=re.S),
     "leaky_relu_derivative", "leaky_relu_derivative is not defined in your file"),
    ("missing_parameter", lambda s: s.replace("def leaky_relu(z, alpha=0.01):", "def leaky_relu(z):")
     .replace("alpha * z, z", "0.01 * z, z"),
     "leaky_relu", "leaky_relu(z) has the wrong signature: the assignment calls leaky_relu(z, alpha)"),
    ("no_parameter", lambda s: s.replace("def relu_derivative(z):", "def relu_derivative():"),
     "relu_derivative", "relu_derivative() has the wrong signature"),
])
def test_bad_input_gets_a_clear_message_and_costs_only_that_function(suite, tmp_path, name, edit, function, phrase):
    path = tmp_path / "activations.py"
    path.write_text(edit(CLASSIC))
    report = grade_submission(suite, path)
    assert lost_by_function(report) == {function: POINTS[function]}
    assert all(phrase in t.message for t in report.tests if t.function == function)


def test_a_missing_default_costs_the_calls_without_alpha(suite, tmp_path):
    """def leaky_relu(z, alpha) without the default 0.01: every call with z alone says what is missing."""
    path = tmp_path / "activations.py"
    path.write_text(CLASSIC.replace("def leaky_relu(z, alpha=0.01):", "def leaky_relu(z, alpha):"))
    report = grade_submission(suite, path)
    assert list(lost_by_function(report)) == ["leaky_relu"]
    failed = {t.name: t.message for t in report.tests if t.function == "leaky_relu" and t.status != "passed"}
    assert "known values, default alpha" in failed and "known values, alpha = 0.2" not in failed
    assert all("missing 1 required positional argument: 'alpha'" in m for m in failed.values())


def test_a_syntax_error_is_reported_with_its_line(suite, tmp_path):
    path = tmp_path / "activations.py"
    path.write_text(CLASSIC.replace("def tanh(z):", "def tanh(z)"))
    report = grade_submission(suite, path)
    assert report.score == 0
    assert all("syntax error" in t.message for t in report.tests)


# ---------------------------------------------------------------- the real nbgrader


@pytest.mark.slow
def test_nbgrader_round_trip_filled_full_marks_unfilled_zero_equal_to_grader_check(tmp_path):
    students = {"filled": solved, "unfilled": lambda release, source: nbformat.read(release, as_version=4)}
    course = course_with(tmp_path / "course", "activations", students)
    with open(course / "grades.csv", newline="") as fh:
        rows = {r["student_id"]: (float(r["score"]), float(r["max_score"])) for r in csv.DictReader(fh)}
    assert rows == {"filled": (38.0, 38.0), "unfilled": (0.0, 38.0)}

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        gradebook = {s: {g.name: (g.score, g.max_score)
                         for g in gb.find_submission_notebook("activations", "activations", s).grades}
                     for s in students}
    for student in students:
        notebook = course / "submitted" / student / "activations" / "activations.ipynb"
        proc = run(sys.executable, "-m", "grader.cli", "check", "activations", "--submission", str(notebook),
                   "--format", "json", cwd=course)
        report = json.loads(proc.stdout)
        by_cell = {grade_id(t["function"], t["name"]): (t["score"], t["max_score"]) for t in report["tests"]}
        assert gradebook[student] == by_cell, student

    # the released pytest file: every public check fails on the unfilled notebook and passes on the filled one
    release = course / "release" / "activations"
    public = len(load_suite(FOLDER, public_only=True).checks)
    command = (sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider")
    unfilled = run(*command, cwd=release)
    assert unfilled.returncode == 1 and f"{public} failed" in unfilled.stdout, unfilled.stdout[-500:]
    filled_folder = tmp_path / "filled"
    shutil.copytree(release, filled_folder)
    shutil.copyfile(course / "submitted" / "filled" / "activations" / "activations.ipynb",
                    filled_folder / "activations.ipynb")
    filled = run(*command, cwd=filled_folder)
    assert filled.returncode == 0 and f"{public} passed" in filled.stdout, filled.stdout[-500:]

    source = nbformat.read(course / "source" / "activations" / "activations.ipynb", as_version=4)
    text = "\n".join(c.source for c in source.cells)
    assert 'grader.check("sigmoid_derivative")' in text
    assert "Drawbacks of Tanh and Sigmoid" in text and "plt.subplots(2, 2" in text
    assert "\\sigma'(z) = \\sigma(z) \\, (1 - \\sigma(z))" in text  # markdown from the docstrings
