"""initialization graded by the grader itself on realistic submissions.

Correct code written in five styles gets full marks; each buggy submission
(one realistic bug in one function: x 0.01, Xavier's scale, the layer's
own size, a missing seed, a 1-D bias, ...) loses points on exactly the
function it breaks; bad input gets a clear message. Every file is graded
through one warm launcher (the default one of ``grade_submission``). The
nbgrader round trip runs in ``test_every_assignment.py``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from grader.course.locate import describe, load_suite
from grader.grading.runner import grade_submission

REPO = Path(__file__).resolve().parents[2]
FOLDER = REPO / "assignments" / "initialization"
FIXTURES = REPO / "tests" / "fixtures" / "initialization"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text())
BUGGY = sorted(MANIFEST["buggy"])
CORRECT = sorted(MANIFEST["correct_variants"])
POINTS = {"initialize_parameters_zeros": 4, "initialize_parameters_random": 6, "initialize_parameters_he": 7}


@pytest.fixture(scope="module")
def suite():  # type: ignore[no-untyped-def]
    return load_suite(FOLDER)


def lost_by_function(report) -> dict[str, float]:  # type: ignore[no-untyped-def]
    return {fn: round(m - s, 6) for fn, (s, m) in report.function_scores().items() if s < m}


def test_points_per_function_and_check_kinds(suite):
    report = grade_submission(suite, FIXTURES / "correct_variants" / "course_classic.py")
    assert {fn: m for fn, (_, m) in report.function_scores().items()} == POINTS
    assert report.max_score == describe(FOLDER).points == 17
    for fn in POINTS:
        kinds = {t.kind for t in report.tests if t.function == fn}
        assert {"shape", "known_value", "reference", "property"} <= kinds, fn
    public = {(t.function, t.name) for t in report.tests if t.kind == "reference" and t.visibility == "public"}
    assert public == {("initialize_parameters_random", "values"), ("initialize_parameters_he", "values")}


def test_fixture_files_and_manifest_agree():
    assert {p.stem for p in (FIXTURES / "buggy").glob("*.py")} == set(BUGGY) and len(BUGGY) >= 15
    assert {p.stem for p in (FIXTURES / "correct_variants").glob("*.py")} == set(CORRECT) and len(CORRECT) >= 5
    assert {MANIFEST["buggy"][b]["breaks"] for b in BUGGY} == set(POINTS)


@pytest.mark.parametrize("name", CORRECT)
def test_correct_variants_get_full_marks(suite, name):
    report = grade_submission(suite, FIXTURES / "correct_variants" / f"{name}.py")
    failing = [(t.function, t.name, t.message) for t in report.tests if t.status != "passed"]
    assert failing == []
    assert report.score == report.max_score == 17


@pytest.mark.parametrize("name", BUGGY)
def test_each_bug_costs_only_its_own_function(suite, name):
    breaks = MANIFEST["buggy"][name]["breaks"]
    report = grade_submission(suite, FIXTURES / "buggy" / f"{name}.py")
    lost = lost_by_function(report)
    assert list(lost) == [breaks], f"{name}: lost {lost}"
    messages = [t.message for t in report.tests if t.function == breaks and t.status != "passed"]
    assert messages and all(messages), "every failed check says why"


@pytest.mark.parametrize("name, check, phrase", [
    ("he_xavier_scale", "seed 3, He scaling", "is wrong"),
    ("he_scale_of_own_layer", "seed 3, He scaling", "is wrong"),
    ("random_times_0_01", "seed 3, times 10", "is wrong"),
    ("zeros_bias_1d", "shape", "shape (1,)"),
    ("zeros_int_dtype", "properties", "should hold floats"),
    ("zeros_skips_output_layer", "shape", "missing"),
])
def test_the_right_check_catches_the_bug(suite, name, check, phrase):
    breaks = MANIFEST["buggy"][name]["breaks"]
    report = grade_submission(suite, FIXTURES / "buggy" / f"{name}.py")
    [result] = [t for t in report.tests if t.function == breaks and t.name == check]
    assert result.status == "failed" and phrase in result.message, result.message


def test_the_public_copy_gives_full_marks_and_never_blames_the_wrong_function():
    public = load_suite(FOLDER, public_only=True)
    report = grade_submission(public, FIXTURES / "correct_variants" / "zip_pairs_fstrings.py")
    assert report.score == report.max_score > 0
    for name in BUGGY:
        breaks = MANIFEST["buggy"][name]["breaks"]
        lost = lost_by_function(grade_submission(public, FIXTURES / "buggy" / f"{name}.py"))
        assert set(lost) <= {breaks}, name


# ---------------------------------------------------------------- bad input

CLASSIC = (FIXTURES / "correct_variants" / "course_classic.py").read_text()


@pytest.mark.parametrize("name, edit, function, phrase", [
    ("missing_function", lambda s: re.sub(r"def initialize_parameters_he.*", "", s, flags=re.S),
     "initialize_parameters_he", "initialize_parameters_he is not defined in your file"),
    ("no_parameter", lambda s: s.replace("def initialize_parameters_zeros(layers_dims):",
                                         "def initialize_parameters_zeros():"),
     "initialize_parameters_zeros", "initialize_parameters_zeros() has the wrong signature"),
    ("extra_parameter", lambda s: s.replace("def initialize_parameters_random(layers_dims):",
                                            "def initialize_parameters_random(layers_dims, scale):")
     .replace("* 10\n", "* scale\n"),
     "initialize_parameters_random", "has the wrong signature"),
])
def test_bad_input_gets_a_clear_message_and_costs_only_that_function(suite, tmp_path, name, edit, function, phrase):
    path = tmp_path / "initialization.py"
    path.write_text(edit(CLASSIC))
    report = grade_submission(suite, path)
    assert lost_by_function(report) == {function: POINTS[function]}
    assert all(phrase in t.message for t in report.tests if t.function == function)


def test_a_syntax_error_is_reported_with_its_line(suite, tmp_path):
    path = tmp_path / "initialization.py"
    path.write_text(CLASSIC.replace("def initialize_parameters_he(layers_dims):", "def initialize_parameters_he(layers_dims)"))
    report = grade_submission(suite, path)
    assert report.score == 0
    assert all("syntax error" in t.message for t in report.tests)
