"""Render a batch of results as a gradebook CSV, one row per student.

Columns: ``student``, one column per function (points earned), ``total``,
``max_score``, ``error``. Functions appear in the assignment's order, that is
the order in which checks first name them across the reports. Rows are sorted
by student id. A submission without a report still gets a row, with zero
points.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence

from grader.batch.result import BatchResult
from grader.render._format import format_points, merge_orders

FIXED_COLUMNS = ("student", "total", "max_score", "error")

#: First characters that make a spreadsheet treat a cell as a formula (and the quote that neutralises them).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def gradebook_rows(results: Sequence[BatchResult]) -> tuple[list[str], list[list[str]]]:
    """The gradebook as a header and rows of strings.

    Parameters
    ----------
    results : sequence of BatchResult
        One result per submission, in any order.

    Returns
    -------
    header : list of str
        ``["student", <function>..., "total", "max_score", "error"]``.
    rows : list of list of str
        One row per result, sorted by student id. Points are formatted by
        :func:`~grader.render._format.format_points`. ``max_score`` of a
        submission without a report is the largest ``max_score`` among the
        batch's reports (0 when there is none), so a crashed submission is
        not mistaken for an assignment worth nothing.

    Raises
    ------
    ValueError
        If a function is named like one of the fixed columns.

    Notes
    -----
    Text written by or about the student (the id, the error) that starts with
    ``= + - @`` is prefixed with ``'`` so spreadsheets do not run it as a
    formula; so is text that starts with ``'`` itself, so two different
    ids (``=x`` and ``'=x``) never show the same.
    """
    ordered = sorted(results, key=lambda r: r.student)
    functions = merge_orders(list(r.report.by_function()) for r in ordered if r.report is not None)
    clash = sorted(set(functions) & set(FIXED_COLUMNS))
    if clash:
        raise ValueError(f"function names clash with gradebook columns: {clash}")
    assignment_max = max((r.report.max_score for r in ordered if r.report is not None), default=0.0)

    header = ["student", *functions, "total", "max_score", "error"]
    rows: list[list[str]] = []
    for result in ordered:
        if result.report is None:
            earned = {fn: 0.0 for fn in functions}
            total, max_score = 0.0, assignment_max
        else:
            scores = result.report.function_scores()
            earned = {fn: scores.get(fn, (0.0, 0.0))[0] for fn in functions}
            total, max_score = result.report.score, result.report.max_score
        rows.append([
            _safe_text(result.student),
            *(format_points(earned[fn]) for fn in functions),
            format_points(total),
            format_points(max_score),
            _safe_text(result.error or ""),
        ])
    return header, rows


def gradebook_csv(results: Sequence[BatchResult]) -> str:
    """:func:`gradebook_rows` as CSV text with ``\\n`` line ends."""
    header, rows = gradebook_rows(results)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write_gradebook_csv(path: str | os.PathLike[str], results: Sequence[BatchResult]) -> None:
    """Write :func:`gradebook_csv` to ``path`` as UTF-8.

    Parameters
    ----------
    path : str or path-like
        The CSV file to create or overwrite.
    results : sequence of BatchResult
        One result per submission.
    """
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(gradebook_csv(results))


def _safe_text(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


__all__ = ["gradebook_csv", "gradebook_rows", "write_gradebook_csv", "FIXED_COLUMNS"]
