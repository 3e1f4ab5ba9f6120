"""Render a :class:`~grader.grading.results.Report` as Gradescope's ``results.json``.

The autograder writes the returned document to
``/autograder/results/results.json``. Public checks are ``"visible"``;
hidden checks become ``"after_published"`` so students see them only once the
instructor publishes grades. Every name and output is declared plain text, so
Gradescope never interprets a student's message as HTML or Markdown.
"""

from __future__ import annotations

from typing import Any, Final

from grader.grading.results import CheckResult, Report
from grader.render._format import format_points

#: Visibility values Gradescope accepts, for results and for each test.
GRADESCOPE_VISIBILITIES: Final = frozenset({"hidden", "after_due_date", "after_published", "visible"})

#: Gradescope visibility of each of our check visibilities.
VISIBILITY: Final = {"public": "visible", "hidden": "after_published"}


def to_gradescope(report: Report) -> dict[str, Any]:
    """Gradescope's results document for one submission.

    Parameters
    ----------
    report : Report
        The graded submission.

    Returns
    -------
    dict
        ``{"score", "output", "visibility", "stdout_visibility",
        "test_name_format", "test_output_format", "extra_data", "tests"}``,
        where each test is ``{"name", "score", "max_score", "status",
        "output", "visibility"}`` with ``name`` ``"<function>: <check>"`` and
        ``status`` ``"passed"`` or ``"failed"`` (an error counts as failed).
        Ready for :func:`json.dump`.

    Notes
    -----
    The top-level ``score`` is ``report.score``, which Gradescope uses in place
    of the sum of the tests. Gradescope's format has no top-level
    ``max_score``; the assignment's maximum goes in ``extra_data`` instead.
    """
    return {
        "score": report.score,
        "output": _summary(report),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "test_name_format": "text",
        "test_output_format": "text",
        "extra_data": {"assignment": report.assignment, "max_score": report.max_score},
        "tests": [_test(check) for check in report.tests],
    }


def _test(check: CheckResult) -> dict[str, Any]:
    output = check.message
    if check.status == "error" and not output:
        output = "The check could not run."
    return {
        "name": f"{check.function}: {check.name}",
        "score": check.score,
        "max_score": check.max_score,
        "status": "passed" if check.status == "passed" else "failed",
        "output": output,
        "visibility": VISIBILITY[check.visibility],
    }


def _summary(report: Report) -> str:
    """Top-level output; it counts public checks only, so it reveals no hidden result."""
    public = [t for t in report.tests if t.visibility == "public"]
    hidden = [t for t in report.tests if t.visibility != "public"]
    passed = sum(t.status == "passed" for t in public)
    failed = sum(t.status == "failed" for t in public)
    errors = sum(t.status == "error" for t in public)
    earned = format_points(sum(t.score for t in public))
    available = format_points(sum(t.max_score for t in public))
    lines = [
        f"{report.assignment}: {passed} of {len(public)} public checks passed "
        f"({earned} / {available} points)."
    ]
    if failed or errors:
        lines.append(f"{failed} failed, {errors} could not run; see each check below.")
    if hidden:
        hidden_points = format_points(sum(t.max_score for t in hidden))
        lines.append(
            f"{len(hidden)} hidden checks ({hidden_points} points) are shown once grades are published."
        )
    return "\n".join(lines)


__all__ = ["to_gradescope", "GRADESCOPE_VISIBILITIES", "VISIBILITY"]
