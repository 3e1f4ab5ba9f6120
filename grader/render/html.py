"""Render reports as self-contained HTML pages.

Two pages: :func:`render_feedback` (one student's report, per function) and
:func:`render_class_summary` (a whole batch: score histogram, failure rate of
each check, slowest submissions, errors). Pages use inline CSS and an inline
SVG only: no scripts, fonts, images or links to load, and a Content Security
Policy that forbids them. Templates are autoescaped, so a student's message
is always shown as text. The only markup passed in unescaped is the SVG
histogram, which :func:`histogram_svg` builds with :mod:`xml.etree` from
numbers and fixed labels
(see :mod:`grader.render.class_stats`).
"""

from __future__ import annotations

import functools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from grader.batch.result import BatchResult
from grader.grading.results import CheckResult, Report
from grader.render._format import format_percent, format_points
from grader.render.class_stats import (
    N_BINS,
    check_failure_rates,
    common_mistakes,
    function_attempts,
    histogram_svg,
    score_histogram,
    student_table,
)

TEMPLATES_DIR = Path(__file__).with_name("templates")

#: How many of the slowest submissions the class summary lists.
N_SLOWEST = 10

STATUS_LABELS = {"passed": "Passed", "failed": "Failed", "error": "Error"}


@functools.cache
def environment() -> jinja2.Environment:
    """The Jinja environment of the HTML templates (autoescaping on, strict undefined)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["points"] = format_points
    return env


# ---------------------------------------------------------------- feedback


@dataclass(frozen=True)
class CheckView:
    """What the feedback page shows of one check."""

    name: str
    kind: str
    status: str
    label: str
    score: float
    max_score: float
    message: str
    hidden: bool
    withheld: bool = False
    """A hidden check's message left out (the page shows its status and points only)."""


@dataclass(frozen=True)
class FunctionView:
    """One function's section of the feedback page."""

    anchor: str
    name: str
    score: float
    max_score: float
    n_passed: int
    checks: tuple[CheckView, ...]

    @property
    def status(self) -> str:
        """``"passed"`` when every check passed, else the worst status present."""
        statuses = {c.status for c in self.checks}
        return "error" if "error" in statuses else "failed" if "failed" in statuses else "passed"


def render_feedback(
    report: Report,
    student: str | None = None,
    *,
    include_hidden: bool = True,
    hidden_messages: bool = True,
    generated: str | None = None,
    submission: str | None = None,
    graded_at: str | None = None,
    error: str | None = None,
) -> str:
    """One student's feedback page.

    Parameters
    ----------
    report : Report
        The graded submission.
    student : str, optional
        The student's id, shown in the title and header.
    include_hidden : bool, optional
        Show hidden checks (default, for instructors). When ``False`` they are
        left out, the totals at the top count public checks only, and a note
        says how many hidden checks there are.
    hidden_messages : bool, optional
        Show the messages of the hidden checks shown (default). When ``False``
        a hidden check shows its status and points only, never its message.
    generated : str, optional
        Shown in the footer (for example a date); nothing when omitted, so the
        page is reproducible.
    submission, graded_at : str, optional
        The submitted file's name and when it was graded, shown in the header.
    error : str, optional
        Why the submission could not be graded normally, shown above the checks.

    Returns
    -------
    str
        A complete HTML document.
    """
    shown = [t for t in report.tests if include_hidden or t.visibility == "public"]
    left_out = [t for t in report.tests if not (include_hidden or t.visibility == "public")]
    if include_hidden:
        score, max_score = report.score, report.max_score
    else:
        score = round(sum(t.score for t in shown), 6)
        max_score = round(sum(t.max_score for t in shown), 6)

    groups: dict[str, list[CheckResult]] = {}
    for check in shown:
        groups.setdefault(check.function, []).append(check)
    functions = [
        FunctionView(
            anchor=f"fn-{i}",
            name=name,
            score=round(sum(c.score for c in checks), 6),
            max_score=round(sum(c.max_score for c in checks), 6),
            n_passed=sum(c.status == "passed" for c in checks),
            checks=tuple(_check_view(c, hidden_messages) for c in checks),
        )
        for i, (name, checks) in enumerate(groups.items())
    ]
    counts = {status: sum(t.status == status for t in shown) for status in STATUS_LABELS}
    return environment().get_template("feedback.html.j2").render(
        assignment=report.assignment,
        student=student,
        score=score,
        max_score=max_score,
        percent=format_percent(score, max_score),
        meter=_meter_width(score, max_score),
        counts=counts,
        n_checks=len(shown),
        functions=functions,
        n_left_out=len(left_out),
        left_out_points=round(sum(t.max_score for t in left_out), 6),
        public_only=not include_hidden,
        generated=generated,
        submission=submission,
        graded_at=graded_at,
        error=error,
        n_withheld=sum(c.withheld for fn in functions for c in fn.checks),
    )


def _check_view(check: CheckResult, hidden_messages: bool = True) -> CheckView:
    withheld = check.visibility != "public" and not hidden_messages and bool(check.message)
    return CheckView(
        name=check.name,
        kind=check.kind,
        status=check.status,
        label=STATUS_LABELS.get(check.status, check.status),
        score=check.score,
        max_score=check.max_score,
        message="" if withheld else check.message,
        hidden=check.visibility != "public",
        withheld=withheld,
    )


def _meter_width(score: float, max_score: float) -> str:
    """Width of a progress bar as a CSS percentage, clamped to [0, 100]."""
    if max_score <= 0:
        return "0%"
    return f"{min(max(100.0 * score / max_score, 0.0), 100.0):.1f}%"


# ----------------------------------------------------------- class summary


def render_class_summary(
    results: Sequence[BatchResult],
    assignment: str,
    *,
    generated: str | None = None,
    similarity: dict[str, Any] | None = None,
) -> str:
    """The instructor's overview of a batch.

    Parameters
    ----------
    results : sequence of BatchResult
        One result per submission.
    assignment : str
        The assignment's name, shown in the title.
    generated : str, optional
        Shown in the footer; nothing when omitted, so the page is reproducible.
    similarity : dict, optional
        :func:`grader.similarity.to_json` of the class: unusually similar pairs, shown as leads.

    Returns
    -------
    str
        A complete HTML document with: headline numbers, the score histogram
        (:func:`~grader.render.class_stats.histogram_svg`), the common mistakes
        (:func:`~grader.render.class_stats.common_mistakes`) with how many submissions
        defined each function, every check's failure rate over those
        (:func:`~grader.render.class_stats.check_failure_rates`), every student's points per function,
        the :data:`N_SLOWEST` slowest submissions and every submission's
        error message.
    """
    by_student = sorted(results, key=lambda r: r.student)
    graded = [r for r in by_student if r.report is not None]
    fractions = [r.score / r.max_score for r in graded if r.max_score > 0]
    counts = score_histogram(by_student)
    slowest = sorted(by_student, key=lambda r: -r.seconds)[:N_SLOWEST]
    errored = [r for r in by_student if r.error]
    functions, rows = student_table(by_student)
    return environment().get_template("class_summary.html.j2").render(
        assignment=assignment,
        n_submissions=len(by_student),
        n_graded=len(graded),
        n_not_plotted=len(by_student) - sum(counts),
        mean=format_percent(statistics.fmean(fractions), 1) if fractions else "–",
        median=format_percent(statistics.median(fractions), 1) if fractions else "–",
        histogram=Markup(histogram_svg(counts)),
        rates=check_failure_rates(by_student),
        mistakes=common_mistakes(by_student),
        attempts=function_attempts(by_student),
        functions=functions,
        students=rows,
        slowest=slowest,
        errored=errored,
        generated=generated,
        similarity=similarity,
    )


__all__ = ["render_feedback", "render_class_summary", "environment", "N_BINS", "N_SLOWEST"]
