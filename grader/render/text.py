"""Plain-text report: one line per check, grouped by function, totals last."""

from __future__ import annotations

import textwrap

from grader.grading.results import Report

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
    load_error = report.meta.get("load_error") or report.meta.get("error")
    if load_error:
        lines.append("")
        lines.extend(_wrap(f"Nothing could be graded: {load_error}", width, ""))
    name_width = max((len(t.name) for t in report.tests), default=10)
    for function, tests in report.by_function().items():
        got = sum(t.score for t in tests)
        total = sum(t.max_score for t in tests)
        lines.append("")
        heading = f"{function}  {_points(got)}/{_points(total)}"
        messages = {t.message for t in tests}
        if load_error and messages == {load_error}:
            lines.append(f"{heading}  not run (your file did not load, see above)")
            continue
        lines.append(heading)
        if len(tests) > 1 and all(t.status == "error" for t in tests) and len(messages) == 1:
            # one cause for every check (not implemented, missing, a file that did not load): say it once
            names = ", ".join(t.name + (" (hidden)" if t.visibility == "hidden" else "") for t in tests)
            lines.extend(_wrap(f"{MARKS['error']} {names}", width, "  ", "       "))
            lines.extend(_wrap(messages.pop(), width, "       "))
            continue
        for t in tests:
            hidden = " (hidden)" if t.visibility == "hidden" else ""
            lines.append(f"  {MARKS[t.status]} {t.name + hidden:<{name_width + 9}} "
                         f"{_points(t.score):>4}/{_points(t.max_score)}")
            if t.message:
                lines.extend(_wrap(t.message, width, "       "))
    counts = {s: sum(1 for t in report.tests if t.status == s) for s in ("passed", "failed", "error")}
    lines.append("")
    total_line = (f"Total: {_points(report.score)}/{_points(report.max_score)} "
                  f"({counts['passed']} passed, {counts['failed']} failed, {counts['error']} errors)")
    hidden_points = report.meta.get("hidden_points")
    if report.meta.get("mode") == "public" and hidden_points:
        total_line += (f"\nThese are the {_points(report.max_score)} points of the public checks, checked here; "
                       f"hidden checks worth {_points(float(hidden_points))} more points are run by your "
                       "instructor when grading.")
    lines.append(total_line)
    return "\n".join(lines) + "\n"


def _wrap(text: str, width: int, indent: str, subsequent: str | None = None) -> list[str]:
    out: list[str] = []
    for para in text.splitlines():
        out.extend(textwrap.wrap(para, width=width, initial_indent=indent,
                                 subsequent_indent=subsequent if subsequent is not None else indent,
                                 break_long_words=False) or [indent])
    return out
