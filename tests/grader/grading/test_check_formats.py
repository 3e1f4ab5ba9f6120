"""`grader check --format ...` end to end: every report format from a real grading.

The renderers have golden tests of their own (tests/grader/render/); here a
real submission (a .py file and the same code as a notebook) goes through
the command and each format is parsed back and checked for the same scores.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from grader.cli import FORMATS, main

BUGGY = Path(__file__).resolve().parents[2] / "fixtures" / "submissions" / "buggy" / "linear_backward_db_no_keepdims.py"


@pytest.fixture(scope="module", params=["py", "ipynb"])
def submission(request, tmp_path_factory) -> Path:
    if request.param == "py":
        return BUGGY
    path = tmp_path_factory.mktemp("nb") / "work.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# my work"),
                                         nbformat.v4.new_code_cell(BUGGY.read_text()),
                                         nbformat.v4.new_code_cell("import grader\ngrader.check()")])
    nbformat.write(nb, path)
    return path


def _check(submission: Path, fmt: str, *extra: str):
    result = CliRunner().invoke(main, ["check", "deep_nn", "--submission", str(submission), "--format", fmt, *extra])
    assert result.exit_code == 1, result.output  # something failed
    return result.output


def test_every_format_is_covered():
    assert set(FORMATS) == {"text", "json", "gradescope", "junit", "html"}


def test_text(submission):
    out = _check(submission, "text")
    assert "linear_backward  0/10" in out and out.endswith("Total: 87/97 (54 passed, 4 failed, 1 errors)\n")


def test_json(submission):
    doc = json.loads(_check(submission, "json"))
    assert (doc["score"], doc["max_score"], len(doc["tests"])) == (87, 97, 59)


def test_gradescope(submission):
    doc = json.loads(_check(submission, "gradescope"))
    assert doc["score"] == 87 and len(doc["tests"]) == 59
    failed = [t["name"] for t in doc["tests"] if t["score"] < t["max_score"]]
    assert failed == [f"linear_backward: {c}" for c in ("shape", "gradient check", "randomized", "properties")]


def test_junit(submission):
    root = ET.fromstring(_check(submission, "junit"))
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("59", "4", "1")
    failing = [c.get("name") for c in suite.iter("testcase") if c.find("failure") is not None]
    assert failing == ["shape", "gradient check", "randomized", "properties"]


def test_html(submission):
    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.chunks = []

        def handle_data(self, data):
            self.chunks.append(data)

    page = _check(submission, "html")
    parser = Text()
    parser.feed(page)
    text = " ".join(" ".join(parser.chunks).split())
    assert page.startswith("<!DOCTYPE html>") and "keepdims=True" in text and "87" in text


def test_output_file(submission, tmp_path):
    target = tmp_path / "report.xml"
    assert _check(submission, "junit", "--output", str(target)) == ""
    assert ET.parse(target).getroot().tag == "testsuites"
