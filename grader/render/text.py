"""Plain-text report: one line per check, grouped by function, totals last."""

from __future__ import annotations

import textwrap

from grader.results import Report

MARKS = {"passed": "PASS", "failed": "FAIL", "error": "ERR "}


def _points(x: float) -> str:
    return f"{x:g}"


def render_text(report: Report, *, title: str = "", submission: str = "", width: int = 100) -> str:
    """The report a student reads in a terminal (deterministic, no colour codes)."""
    lines = []
    head = f"{report.assignment}" + (f": {title}" if title else "")
    lines.append(head)
    facts = []
    if submission:
        facts.append(f"submission {submission}")
    if report.meta.get("mode"):
        facts.append("public checks only" if report.meta["mode"] == "public" else "public and hidden checks")
    if facts:
        lines.append("(" + ", ".join(facts) + ")")
    name_width = max((len(t.name) for t in report.tests), default=10)
    for function, tests in report.by_function().items():
        got = sum(t.score for t in tests)
        total = sum(t.max_score for t in tests)
        lines.append("")
        lines.append(f"{function}  {_points(got)}/{_points(total)}")
        for t in tests:
            hidden = " (hidden)" if t.visibility == "hidden" else ""
            lines.append(f"  {MARKS[t.status]} {t.name + hidden:<{name_width + 9}} "
                         f"{_points(t.score):>4}/{_points(t.max_score)}")
            if t.message:
                for para in t.message.splitlines():
                    lines.extend(textwrap.wrap(para, width=width, initial_indent="       ",
                                               subsequent_indent="       ", break_long_words=False)
                                 or ["       "])
    counts = {s: sum(1 for t in report.tests if t.status == s) for s in ("passed", "failed", "error")}
    lines.append("")
    lines.append(f"Total: {_points(report.score)}/{_points(report.max_score)} "
                 f"({counts['passed']} passed, {counts['failed']} failed, {counts['error']} errors)")
    return "\n".join(lines) + "\n"
