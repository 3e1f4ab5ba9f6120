"""Tests for grader/render/html.py and its templates."""

from __future__ import annotations

import re

import pytest

from grader.batch.result import BatchResult
from grader.grading.results import CheckResult, summarize
from grader.render.html import (
    N_BINS,
    environment,
    render_class_summary,
    render_feedback,
)

#: Elements that load something or run something; none may appear.
FORBIDDEN_TAGS = {"script", "link", "img", "iframe", "frame", "object", "embed", "audio", "video",
                  "source", "track", "base", "form", "image", "use", "foreignobject", "picture"}


@pytest.fixture
def feedback(report) -> str:
    return render_feedback(report, "bob02")


@pytest.fixture
def summary(batch, assignment) -> str:
    return render_class_summary(batch, assignment)


def test_feedback_matches_golden(report, golden):
    golden("feedback.html", render_feedback(report, "bob02", generated="2024-05-01 (fixture)"))


def test_class_summary_matches_golden(batch, assignment, golden):
    golden("class_summary.html", render_class_summary(batch, assignment, generated="2024-05-01 (fixture)"))


def test_autoescape_is_on():
    assert environment().autoescape is True


def test_feedback_escapes_student_text(feedback, xss_message, parse):
    assert "<script" not in feedback
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in feedback
    page = parse(feedback)
    assert page.count("script") == 0 and page.count("b") == 0
    assert xss_message in page.text  # shown as text, exactly as the check wrote it


def test_student_id_is_escaped(report, parse):
    page = parse(render_feedback(report, '<img src=x onerror="alert(1)">'))
    assert page.count("img") == 0
    assert '<img src=x onerror="alert(1)">' in page.text
    assert '<img src=x onerror="alert(1)">' in page.title


def test_class_summary_escapes_errors_and_ids(summary, title_xss, parse):
    assert "<script" not in summary
    page = parse(summary)
    assert page.count("script") == 0
    assert title_xss in page.text


@pytest.mark.parametrize("which", ["feedback", "summary"])
def test_pages_are_self_contained(which, request, parse):
    html = request.getfixturevalue(which)
    page = parse(html)
    assert not {tag for tag, _ in page.tags} & FORBIDDEN_TAGS
    for tag, attrs in page.tags:
        assert "src" not in attrs and "srcset" not in attrs, tag
        assert "xlink:href" not in attrs, tag
        href = attrs.get("href")
        assert href is None or href.startswith("#"), (tag, href)  # only in-page links
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
    for needle in ("http://", "https://", "url(", "@import", "//cdn", "@font-face"):
        assert needle not in html, needle
    csp = [a for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0]["content"]


def test_feedback_content(feedback, report, parse):
    page = parse(feedback)
    text = page.text
    assert page.title == "hw2_deep_nn feedback for bob02"
    assert re.search(r"2\s*/\s*10", text)
    assert "20%" in text
    for function in report.by_function():
        assert function in text
    assert page.count("section", "function") == len(report.by_function())
    assert page.count("span", "badge") >= len(report.tests)
    assert text.count("hidden") == 2
    assert page.count("pre", "message") == sum(bool(t.message) for t in report.tests)


def test_feedback_without_hidden_checks(report, parse):
    page = parse(render_feedback(report, "bob02", include_hidden=False))
    text = page.text
    for check in report.tests:
        if check.visibility == "hidden":
            assert check.message not in text or not check.message
    assert "extreme inputs stay finite" not in text and "non-square layers" not in text
    assert re.search(r"2\s*/\s*7", text)  # public checks only
    assert "2 hidden checks worth 3 points are not shown" in text


def test_output_is_deterministic(report, batch, assignment):
    assert render_feedback(report) == render_feedback(report)
    assert render_class_summary(batch, assignment) == render_class_summary(list(reversed(batch)), assignment)
    assert "Generated" not in render_feedback(report)
    assert "Generated on purpose" in render_feedback(report, generated="on purpose")


def test_summary_histogram_in_page(summary, parse):
    page = parse(summary)
    assert page.count("svg", "histogram") == 1
    assert page.count("rect", "bar") == N_BINS
    assert "2 submissions without a report are not plotted" in page.text


def test_summary_sections(summary, parse):
    page = parse(summary)
    text = page.text
    assert page.title == "hw2_deep_nn class summary"
    rows = text[text.index("Checks by failure rate"):text.index("Slowest submissions")]
    assert rows.index("single example (m = 1)") < rows.index("gradient check") < rows.index("matches reference")
    slow = text[text.index("Slowest submissions"):text.index("Submissions with an error")]
    assert slow.index("carol03") < slow.index("bob02") < slow.index("dan04") < slow.index("alice01")
    assert "60.00" in slow
    errors = text[text.index("Submissions with an error"):]
    assert "carol03" in errors and "eve05" in errors and "alice01" not in errors
    assert "TimeoutError: the submission exceeded 60 s" in errors


def test_slowest_lists_at_most_ten(parse):
    report = summarize("hw", [CheckResult("c", "f", "value", "passed", 1.0, 1.0)])
    results = [BatchResult(f"s{i:02d}", report, float(i), None) for i in range(12)]
    page = parse(render_class_summary(results, "hw"))
    slow = page.text[page.text.index("Slowest submissions"):]
    assert "s11" in slow and "s02" in slow and "s01" not in slow and "s00" not in slow


def test_empty_batch_renders(parse):
    page = parse(render_class_summary([], "hw"))
    assert page.count("rect", "bar") == N_BINS
    assert "No submission has a report yet." in page.text
