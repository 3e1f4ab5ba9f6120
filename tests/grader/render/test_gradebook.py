"""Tests for grader/render/gradebook.py."""

from __future__ import annotations

import csv

import pytest

from grader.batch.result import BatchResult
from grader.grading.results import CheckResult, summarize
from grader.render.gradebook import gradebook_rows, write_gradebook_csv

FUNCTIONS = ["sigmoid", "relu_backward", "linear_forward", "L_model_forward"]


def _read(path):
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return reader.fieldnames, list(reader)


def test_matches_golden(batch, tmp_path, golden):
    path = tmp_path / "gradebook.csv"
    write_gradebook_csv(path, batch)
    golden("gradebook.csv", path.read_bytes().decode("utf-8"))


def test_columns_rows_and_totals(batch, tmp_path):
    path = tmp_path / "gradebook.csv"
    write_gradebook_csv(path, batch)
    fieldnames, rows = _read(path)

    assert fieldnames == ["student", *FUNCTIONS, "total", "max_score", "error"]
    assert [r["student"] for r in rows] == ["alice01", "bob02", "carol03", "dan04", "eve05"]
    by_student = {r["student"]: r for r in rows}
    for result in batch:
        row = by_student[result.student]
        assert float(row["total"]) == pytest.approx(sum(float(row[fn]) for fn in FUNCTIONS))
        if result.report is not None:
            assert float(row["total"]) == pytest.approx(result.report.score)
            assert float(row["max_score"]) == pytest.approx(result.report.max_score)
            for fn, (earned, _) in result.report.function_scores().items():
                assert float(row[fn]) == pytest.approx(earned)
        assert row["error"] == (result.error or "")
    assert by_student["bob02"]["relu_backward"] == "0.5"


def test_submission_without_report_gets_zeros(batch):
    header, rows = gradebook_rows(batch)
    carol = dict(zip(header, next(r for r in rows if r[0] == "carol03"), strict=True))
    assert all(carol[fn] == "0" for fn in FUNCTIONS)
    assert carol["total"] == "0"
    assert carol["max_score"] == "10"  # the assignment's maximum, taken from the graded reports
    assert carol["error"].startswith("TimeoutError")


def test_input_order_does_not_matter(batch):
    assert gradebook_rows(batch) == gradebook_rows(list(reversed(batch)))


def test_function_missing_from_one_report_keeps_its_place():
    def report(functions):
        return summarize("hw", [CheckResult("c", fn, "value", "passed", 1.0, 1.0) for fn in functions])

    results = [
        BatchResult("a", report(["f", "h"]), 1.0, None),  # g did not run for a
        BatchResult("b", report(["f", "g", "h"]), 1.0, None),
    ]
    header, rows = gradebook_rows(results)
    assert header == ["student", "f", "g", "h", "total", "max_score", "error"]
    assert rows[0] == ["a", "1", "0", "1", "2", "2", ""]


def test_spreadsheet_formulas_are_neutralised(tmp_path):
    results = [BatchResult("=HYPERLINK(\"x\")", None, 0.0, "@SUM(A1)", assignment="hw")]
    path = tmp_path / "g.csv"
    write_gradebook_csv(path, results)
    _, rows = _read(path)
    assert rows[0]["student"] == "'=HYPERLINK(\"x\")"
    assert rows[0]["error"] == "'@SUM(A1)"


def test_multiline_error_survives_csv(tmp_path):
    error = 'Traceback (most recent call last):\n  File "x.py", line 1\nValueError: "bad", really'
    path = tmp_path / "g.csv"
    write_gradebook_csv(path, [BatchResult("s", None, 0.0, error, assignment="hw")])
    assert _read(path)[1][0]["error"] == error


def test_function_named_like_a_column_is_rejected():
    report = summarize("hw", [CheckResult("c", "total", "value", "passed", 1.0, 1.0)])
    with pytest.raises(ValueError, match="total"):
        gradebook_rows([BatchResult("s", report, 0.0, None)])


def test_empty_batch():
    assert gradebook_rows([]) == (["student", "total", "max_score", "error"], [])
