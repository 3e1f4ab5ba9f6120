"""Golden files of the two remaining formats of `grader check`: text and JSON."""

from __future__ import annotations

import json

from grader.render.jsonfmt import render_json
from grader.render.text import render_text


def test_text_matches_golden(report, golden):
    golden("report.txt", render_text(report, title="Deep neural network, step by step", submission="bob02.py"))


def test_json_matches_golden(report, golden):
    golden("report.json", render_json(report))


def test_json_round_trips_the_scores(report):
    doc = json.loads(render_json(report))
    assert (doc["score"], doc["max_score"]) == (report.score, report.max_score)
    assert [t["status"] for t in doc["tests"]] == [t.status for t in report.tests]
