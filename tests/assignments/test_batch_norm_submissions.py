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
