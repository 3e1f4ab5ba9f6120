"""optimization: every differently written correct submission gets full marks, and every
realistic bug loses points on exactly the function it breaks (tests/fixtures/optimization/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grader.course.locate import load_suite
from grader.execution.sandbox import own_user_launcher
from grader.grading.runner import grade_source
from grader.grading.submission import read_source

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "optimization"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def grade():
    suite = load_suite(REPO / "assignments" / "optimization")
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


@pytest.mark.parametrize(("edit", "function", "phrase"), [
    (lambda s: s.replace("return parameters, v, s, v_corrected, s_corrected", "return parameters, v, s"),
     "update_parameters_with_adam", ("has 3 items but should have 5", "should return 5 values (parameters, v, s, v_corrected, s_corrected)")),
    (lambda s: s.replace("def random_mini_batches(X, Y, mini_batch_size=64, seed=0):",
                         "def random_mini_batches(X, Y, mini_batch_size, seed):"),
     "random_mini_batches", "missing 2 required positional arguments: 'mini_batch_size' and 'seed'"),
    (lambda s: s.replace("mini_batch = (mini_batch_X, mini_batch_Y)", "mini_batch = [mini_batch_X, mini_batch_Y]"),
     "random_mini_batches", "mini_batches[0] should be a tuple, but it is a list"),
    (lambda s: s.replace("def update_lr(", "def update_learning_rate("),
     "update_lr", "update_lr is not defined in your file"),
], ids=["adam-returns-3", "mini-batches-no-defaults", "mini-batch-as-list", "update-lr-misnamed"])
def test_bad_input_gets_a_clear_message_and_costs_only_that_function(grade, tmp_path, edit, function, phrase):
    path = tmp_path / "optimization.py"
    path.write_text(edit(CLASSIC))
    report = grade(path)
    lost = [t for t in report.tests if t.score < t.max_score]
    assert lost and {t.function for t in lost} == {function}
    phrases = (phrase,) if isinstance(phrase, str) else phrase
    assert all(any(p in t.message for p in phrases) for t in lost), [t.message for t in lost]
