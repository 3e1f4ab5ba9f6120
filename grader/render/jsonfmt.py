"""The JSON report of ``grader check --format json``."""

from __future__ import annotations

import json

from grader.grading.results import Report


def render_json(report: Report) -> str:
    """Exactly ``{"assignment", "score", "max_score", "tests": [...]}``."""
    return json.dumps(report.to_json(), indent=2) + "\n"
