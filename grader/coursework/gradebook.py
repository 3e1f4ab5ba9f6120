"""The course gradebook: one row per student, one cell per assignment, weighted totals.

Built from each assignment's batch results (:class:`~grader.batch.result.BatchResult`);
nothing here grades or prints. Each cell has a status:

``graded``
    a report exists: the cell holds its points (0 is a real 0);
``missing``
    the student has no submission for the assignment: no points, never 0;
``error``
    a submission exists but grading it produced no report (the grader or the
    sandbox failed): no points either, to be looked at and graded again.

A submission the batch refused with a report (several candidate files, a link...) is
``graded`` with the report's points and its message in :attr:`Cell.error`.

Two totals, both weighted means of the percentages of the assignments with weight > 0:
:attr:`Row.percent` over the graded cells only (empty when none is graded), and
:attr:`Row.percent_missing_as_zero` counting every missing or error cell as 0 %.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from grader.batch.result import BatchResult
from grader.coursework.config import CourseFile
from grader.render._format import merge_orders

GRADED, MISSING, ERROR = "graded", "missing", "error"


@dataclass(frozen=True)
class Column:
    """One assignment of the gradebook: its id, LMS title, weight, points and graded functions."""

    assignment: str
    title: str
    weight: float
    max_score: float
    functions: tuple[str, ...] = ()
    canvas_id: str | None = None


@dataclass(frozen=True)
class Cell:
    """One student's outcome on one assignment (``score`` is None unless ``status`` is ``graded``)."""

    status: str
    score: float | None = None
    max_score: float = 0.0
    functions: tuple[tuple[str, float], ...] = ()
    error: str = ""

    @property
    def fraction(self) -> float | None:
        """Points over points possible, None without a score (0 for an assignment worth nothing)."""
        if self.score is None:
            return None
        return self.score / self.max_score if self.max_score else 0.0


@dataclass(frozen=True)
class Row:
    """One student's row: a cell per column, in column order, and the two totals (percent, 0-100)."""

    student: str
    cells: tuple[Cell, ...]
    percent: float | None
    percent_missing_as_zero: float | None

    def with_status(self, columns: Sequence[Column], status: str) -> list[str]:
        """The ids of the assignments whose cell has ``status``."""
        return [c.assignment for c, cell in zip(columns, self.cells, strict=True) if cell.status == status]


@dataclass(frozen=True)
class CourseGradebook:
    """The whole gradebook: its columns and one row per student, sorted by student id."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


def cell_of(result: BatchResult | None) -> Cell:
    """The cell of one assignment's result, or of no result (missing)."""
    if result is None:
        return Cell(MISSING)
    if result.report is None:
        return Cell(ERROR, error=result.error or "no report")
    scores = result.report.function_scores()
    return Cell(GRADED, result.report.score, result.report.max_score,
                tuple((fn, earned) for fn, (earned, _) in scores.items()), result.error or "")


def weighted_percent(columns: Sequence[Column], cells: Sequence[Cell], missing_as_zero: bool) -> float | None:
    """The weighted mean percentage over the columns of weight > 0 (see the module docstring)."""
    total = weights = 0.0
    for column, cell in zip(columns, cells, strict=True):
        fraction = cell.fraction
        if column.weight <= 0 or (fraction is None and not missing_as_zero):
            continue
        total += column.weight * (fraction or 0.0)
        weights += column.weight
    return round(100 * total / weights, 6) if weights else None


def build_gradebook(course: CourseFile, titles: Mapping[str, str], max_scores: Mapping[str, float],
                    results: Mapping[str, Mapping[str, BatchResult]], students: Sequence[str]) -> CourseGradebook:
    """The course gradebook of ``results``.

    Parameters
    ----------
    course : CourseFile
        Weights, LMS titles and ids.
    titles, max_scores : mapping
        Each assignment's own title and points possible, in course order (the columns' order).
    results : mapping
        ``{assignment: {student: result}}``; a student absent from an assignment's mapping is missing.
    students : sequence of str
        Every student to give a row (roster and submitters), in any order.

    Returns
    -------
    CourseGradebook
        One row per student, sorted by student id.
    """
    columns = []
    for assignment, own_title in titles.items():
        entry = course.entry(assignment)
        graded = results.get(assignment, {}).values()
        functions = merge_orders(list(r.report.by_function()) for r in graded if r.report is not None)
        columns.append(Column(assignment, entry.title or own_title, entry.weight, max_scores[assignment],
                              tuple(functions), entry.canvas_id))
    rows = []
    for student in sorted(set(students)):
        cells = tuple(cell_of(results.get(c.assignment, {}).get(student)) for c in columns)
        rows.append(Row(student, cells, weighted_percent(columns, cells, False),
                        weighted_percent(columns, cells, True)))
    return CourseGradebook(course.title, tuple(columns), tuple(rows))


__all__ = ["ERROR", "GRADED", "MISSING", "Cell", "Column", "CourseGradebook", "Row", "build_gradebook",
           "cell_of", "weighted_percent"]
