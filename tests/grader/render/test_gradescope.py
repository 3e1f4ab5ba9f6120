"""Tests for grader/render/gradescope.py."""

from __future__ import annotations

import json

import pytest

from grader.grading.results import CheckResult, summarize
from grader.render.gradescope import GRADESCOPE_VISIBILITIES, to_gradescope


def _dump(doc: dict) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def test_matches_golden(report, golden):
    golden("gradescope.json", _dump(to_gradescope(report)))


def test_structure(graded_report):
    report = graded_report
    doc = json.loads(_dump(to_gradescope(report)))  # survives a JSON round trip

    assert doc["score"] == pytest.approx(sum(t["score"] for t in doc["tests"]))
    assert doc["score"] == report.score
    assert doc["visibility"] in GRADESCOPE_VISIBILITIES
    assert doc["stdout_visibility"] in GRADESCOPE_VISIBILITIES
    assert doc["visibility"] == "visible" and doc["stdout_visibility"] == "hidden"
    assert isinstance(doc["output"], str) and doc["output"]
    assert len(doc["tests"]) == len(report.tests)
    for test, check in zip(doc["tests"], report.tests, strict=True):
        assert set(test) == {"name", "score", "max_score", "status", "output", "visibility"}
        assert test["name"] == f"{check.function}: {check.name}"
        assert test["status"] in {"passed", "failed"}
        assert test["visibility"] in GRADESCOPE_VISIBILITIES
        assert test["visibility"] == ("visible" if check.visibility == "public" else "after_published")
        assert 0 <= test["score"] <= test["max_score"]


def test_error_counts_as_failed_and_keeps_message(report):
    tests = {t["name"]: t for t in to_gradescope(report)["tests"]}
    timeout = tests["L_model_forward: runs within 2 s"]
    assert timeout["status"] == "failed"
    assert timeout["output"].startswith("TimeoutError")
    assert tests["L_model_forward: non-square layers"]["output"]  # an empty error message gets a default


def test_messages_are_declared_plain_text(report, xss_message):
    doc = to_gradescope(report)
    assert doc["test_output_format"] == "text" and doc["test_name_format"] == "text"
    outputs = [t["output"] for t in doc["tests"]]
    assert xss_message in outputs  # passed through verbatim; Gradescope shows it as text


def test_summary_reveals_no_hidden_result(report, assignment):
    doc = to_gradescope(report)
    hidden = [t for t in report.tests if t.visibility == "hidden"]
    assert hidden
    for check in hidden:
        assert check.name not in doc["output"]
        if check.message:
            assert check.message not in doc["output"]
    assert "2 hidden checks" in doc["output"]
    assert doc["output"].startswith(f"{assignment}: 2 of 5 public checks passed (2 / 7 points).")


def test_all_public_report_has_no_hidden_line():
    report = summarize("hw0", [CheckResult("ok", "f", "value", "passed", 1.0, 1.0)])
    doc = to_gradescope(report)
    assert doc["output"] == "hw0: 1 of 1 public checks passed (1 / 1 points)."
    assert doc["extra_data"] == {"assignment": "hw0", "max_score": 1.0}
