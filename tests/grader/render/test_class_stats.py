"""Tests for grader/render/class_stats.py."""

from __future__ import annotations

import pytest

from grader.batch.result import BatchResult
from grader.grading.results import CheckResult, summarize
from grader.render.class_stats import N_BINS, check_failure_rates, histogram_svg, score_histogram


def test_score_histogram(batch):
    counts = score_histogram(batch)
    assert len(counts) == N_BINS
    assert counts == [0, 0, 1, 0, 0, 0, 0, 0, 1, 1]  # bob 20%, dan 80%, alice 100% (top bin)


@pytest.mark.parametrize(
    ("score", "bin_index"),
    [(0.0, 0), (0.99, 0), (1.0, 1), (7.0, 7), (9.99, 9), (10.0, 9), (3.0, 3)],
    ids=["zero", "just-under-10%", "10%", "70%", "just-under-100%", "100%", "30%-float"],
)
def test_histogram_bin_edges(score, bin_index):
    report = summarize("hw", [CheckResult("c", "f", "value", "passed", score, 10.0)])
    expected = [0] * N_BINS
    expected[bin_index] = 1
    assert score_histogram([BatchResult("s", report, 0.0, None)]) == expected


def test_histogram_svg_bars_and_labels(parse):
    counts = [0, 1, 2, 3, 0, 0, 5, 0, 0, 4]
    page = parse(histogram_svg(counts))
    assert page.count("svg") == 1
    assert page.count("rect", "bar") == N_BINS
    labels = [a for t, a in page.tags if t == "text" and "count" in (a.get("class") or "")]
    assert len(labels) == N_BINS
    assert "0–10%" in page.text and "90–100%" in page.text
    assert histogram_svg([0] * N_BINS).count('class="bar empty"') == N_BINS  # no division by zero


def test_failure_rates(batch):
    rates = check_failure_rates(batch)
    assert all(r.n_graded == 3 for r in rates)
    assert [r.rate for r in rates] == sorted((r.rate for r in rates), reverse=True)
    top = rates[0]
    assert (top.function, top.name, top.n_failed, top.n_error) == ("linear_forward", "single example (m = 1)", 1, 1)
    assert top.percent == "66.7%"
    assert rates[-1].name == "matches reference on (5, 3)" and rates[-1].rate == 0


def _check(function, status, diagnosis="", name="c", message="m", points=1.0):
    return CheckResult(name, function, "value", status, points if status == "passed" else 0.0, points, message,
                       diagnosis=diagnosis)


def test_mistakes_are_grouped_over_the_submissions_that_defined_the_function():
    from grader.render.class_stats import attempt, common_mistakes, function_attempts

    def result(student, *checks):
        return BatchResult(student, summarize("hw", list(checks)), 0.0, None)

    batch = [
        result("a", _check("f", "failed", "keepdims", message="db has shape (3,)"), _check("f", "failed", "values_first")),
        result("b", _check("f", "failed", "keepdims"), _check("f", "failed", "wrong_value")),
        result("c", _check("f", "passed"), _check("f", "passed")),
        result("d", _check("f", "error", "not_implemented"), _check("f", "error", "not_implemented")),
        result("e", _check("f", "error", "import_error"), _check("f", "error", "import_error")),
        result("g", _check("f", "error", "missing"), _check("f", "error", "missing")),
    ]
    assert [attempt(r.report.tests) for r in batch] == ["defined"] * 3 + ["unfinished", "unimportable", "missing"]
    (fa,) = function_attempts([*batch, BatchResult("h", None, 0.0, "timed out", assignment="hw")])
    assert (fa.defined, fa.unfinished, fa.missing, fa.unimportable) == (3, 1, 1, 2)
    (m,) = common_mistakes(batch)  # wrong_value is hidden behind b's keepdims, values_first is derived
    assert (m.function, m.diagnosis, m.students, m.n_defined, m.percent) == ("f", "keepdims", ("a", "b"), 3, "66.7%")
    assert (m.example_student, m.example) == ("a", "db has shape (3,)")
    rate = check_failure_rates([result(r.student, r.report.tests[0]) for r in batch])[0]  # one check each
    assert (rate.n_graded, rate.n_failed + rate.n_error) == (3, 2)
