"""When the grader itself fails: a report that says so, instead of a traceback and no report.

A bug in the grader (a matcher that raises, a broken assignment folder, a
renderer that chokes) must not leave a student or a course platform without
results. :func:`internal_error_report` builds the report the commands write
then: every check an ``error`` whose message says that the grader failed,
not the submission, and how to report it. The traceback goes to standard
error for the staff (:func:`log_internal_error`).
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence

from grader.checks.base import CompiledCheck
from grader.grading.results import CheckResult, Report, summarize

#: What a student should do about an internal error.
HOW_TO_REPORT = ("This is a bug in the grader, not a problem with your submission: no check of your code "
                 "was judged. Please report it to your course staff, with this message and the file you "
                 "submitted.")
#: Name of the one result of a report whose checks could not even be loaded.
UNKNOWN_CHECKS = "grader internal error"


def internal_error_message(exc: BaseException) -> str:
    """The sentence every check of an internal-error report carries."""
    try:
        detail = str(exc)
    except Exception:  # noqa: BLE001 - an exception whose __str__ fails
        detail = "<unprintable>"
    detail = detail if len(detail) <= 300 else detail[:300] + " ...[truncated]"
    return f"The grader failed with an internal error ({type(exc).__name__}: {detail}). {HOW_TO_REPORT}"


def internal_error_report(assignment: str, checks: Sequence[CompiledCheck], exc: BaseException) -> Report:
    """A report in which every check is an error saying the grader failed.

    Parameters
    ----------
    assignment : str
        The assignment's id.
    checks : sequence of CompiledCheck
        The checks that should have run; when empty (the assignment itself
        could not be loaded), one zero-point result carries the message.
    exc : BaseException
        What the grader raised.

    Returns
    -------
    Report
        Scored 0, with ``meta["internal_error"]`` holding the message.
    """
    message = internal_error_message(exc)
    results = [CheckResult(c.name, c.function, c.kind, "error", 0.0, c.points, message, c.visibility)
               for c in checks]
    if not results:
        results = [CheckResult(UNKNOWN_CHECKS, "", "internal", "error", 0.0, 0.0, message)]
    return summarize(assignment, results, {"error": message, "internal_error": message})


def log_internal_error(exc: BaseException) -> None:
    """Write the traceback to standard error, for the staff (the report only has the message)."""
    print("grader: internal error (a bug in the grader; the report says so on every check):", file=sys.stderr)
    traceback.print_exception(exc, file=sys.stderr)


__all__ = ["HOW_TO_REPORT", "UNKNOWN_CHECKS", "internal_error_message", "internal_error_report",
           "log_internal_error"]
