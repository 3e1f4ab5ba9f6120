"""Tests for grader/batch/result.py."""

from __future__ import annotations

import json

import pytest

from grader.batch.result import BatchResult
from grader.grading.results import CheckResult, summarize


def _report():
    return summarize("hw1", [
        CheckResult("shape", "sigmoid", "value", "passed", 1.0, 1.0),
        CheckResult("large m", "sigmoid", "value", "failed", 0.0, 2.0, "A[0, 3]: yours 0.2 vs 0.7", "hidden"),
    ])


def test_round_trip_with_report():
    result = BatchResult("s1", _report(), 1.25, None, "subprocess")
    doc = json.loads(json.dumps(result.to_json()))
    assert doc["student"] == "s1" and doc["seconds"] == 1.25 and doc["error"] is None
    assert doc["isolation"] == "subprocess" and doc["has_report"] is True
    assert doc["assignment"] == "hw1" and doc["score"] == 1.0 and doc["max_score"] == 3.0
    back = BatchResult.from_json(doc)
    assert back == result
    assert back.report.tests[1].visibility == "hidden"  # visibility survives the round trip
    assert back.report.meta == {}  # batch keys do not leak into the report's meta


def test_round_trip_without_report():
    result = BatchResult("s2", None, 60.0, "TimeoutError: exceeded 60 s", assignment="hw1")
    doc = result.to_json()
    assert doc["tests"] == [] and doc["score"] == 0 and doc["max_score"] == 0
    assert doc["assignment"] == "hw1" and doc["has_report"] is False
    assert BatchResult.from_json(json.loads(json.dumps(doc))) == result


def test_document_without_has_report_key():
    doc = BatchResult("s2", None, 1.0, "crashed", assignment="hw1").to_json()
    del doc["has_report"]
    assert BatchResult.from_json(doc).report is None


def test_report_json_is_a_prefix_of_the_batch_json():
    result = BatchResult("s1", _report(), 1.0, None)
    doc = result.to_json()
    report_doc = _report().to_json()
    assert {k: doc[k] for k in report_doc if k != "tests"} == {k: v for k, v in report_doc.items() if k != "tests"}
    for entry, expected in zip(doc["tests"], report_doc["tests"], strict=True):
        assert {k: entry[k] for k in expected} == expected


def test_assignment_comes_from_the_report():
    assert BatchResult("s1", _report(), 1.0, None).assignment == "hw1"
    with pytest.raises(ValueError, match="does not match"):
        BatchResult("s1", _report(), 1.0, None, assignment="hw2")
