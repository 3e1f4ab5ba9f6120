"""Tests for grader/render/junit.py."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from grader.grading.results import CheckResult, summarize
from grader.render.junit import to_junit


def test_matches_golden(report, golden):
    golden("junit.xml", to_junit(report))


def test_counts_match_report(graded_report, assignment):
    report = graded_report
    root = ET.fromstring(to_junit(report).encode("utf-8"))
    suites = root.findall("testsuite")
    assert root.tag == "testsuites" and len(suites) == 1
    suite = suites[0]
    cases = suite.findall("testcase")
    n_failed = sum(t.status == "failed" for t in report.tests)
    n_error = sum(t.status == "error" for t in report.tests)
    assert suite.get("name") == assignment
    assert int(suite.get("tests")) == len(cases) == len(report.tests)
    assert int(suite.get("failures")) == n_failed == len(suite.findall("testcase/failure"))
    assert int(suite.get("errors")) == n_error == len(suite.findall("testcase/error"))
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == (
        suite.get("tests"), suite.get("failures"), suite.get("errors"))
    props = {p.get("name"): p.get("value") for p in suite.findall("properties/property")}
    assert float(props["score"]) == pytest.approx(report.score)
    assert float(props["max_score"]) == pytest.approx(report.max_score)
    for case, check in zip(cases, report.tests, strict=True):
        assert case.get("classname") == f"{assignment}.{check.function}"
        assert case.get("name") == check.name
        case_props = {p.get("name"): p.get("value") for p in case.findall("properties/property")}
        assert float(case_props["score"]) == pytest.approx(check.score)
        assert case_props["visibility"] == check.visibility


def test_messages_round_trip_escaped(report, xss_message):
    text = to_junit(report)
    assert "<script>" not in text
    root = ET.fromstring(text.encode("utf-8"))
    failure = root.find("testsuite/testcase[@name='single example (m = 1)']/failure")
    assert failure is not None
    assert failure.text == xss_message
    assert failure.get("message") == xss_message


def test_multiline_message_attribute_is_first_line(report):
    root = ET.fromstring(to_junit(report).encode("utf-8"))
    failure = root.find("testsuite/testcase[@name='gradient check']/failure")
    assert failure.get("message") == "dZ[0, 2]: yours 0.5 vs expected 0 (relative error 1)"
    assert failure.text.count("\n") == 1


def test_control_characters_still_give_well_formed_xml():
    message = "\x1b[31mAssertionError\x1b[0m\x00 bad byte"
    report = summarize("hw0", [CheckResult("colours", "f", "value", "failed", 0.0, 1.0, message)])
    root = ET.fromstring(to_junit(report).encode("utf-8"))
    failure = root.find("testsuite/testcase/failure")
    assert failure.text == "\\x1b[31mAssertionError\\x1b[0m\\x00 bad byte"


def test_deterministic_and_timestamp_only_when_given(report):
    assert to_junit(report) == to_junit(report)
    assert "timestamp" not in to_junit(report) and "time=" not in to_junit(report)
    suite = ET.fromstring(to_junit(report, timestamp="2024-05-01T12:00:00").encode()).find("testsuite")
    assert suite.get("timestamp") == "2024-05-01T12:00:00"


def test_empty_report():
    root = ET.fromstring(to_junit(summarize("hw0", [])).encode())
    assert root.find("testsuite").get("tests") == "0"
