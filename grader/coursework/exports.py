"""Write the course gradebook: our CSV, a JSON document, and the import CSVs of Canvas and Moodle.

Every format is one function from a :class:`~grader.coursework.gradebook.CourseGradebook`
(and the roster) to text, registered in :data:`EXPORTS` with its file name. None decides a
score. Text that a spreadsheet could run as a formula is quoted as the per-assignment
gradebook does (:mod:`grader.render.gradebook`).

``course_gradebook.csv``
    ``student``, one column per assignment (points earned; empty when the cell is missing
    or an error, never 0), with ``functions=True`` one ``<assignment>:<function>`` column per
    graded function after it, then ``graded`` (how many cells are graded), ``missing`` and
    ``errors`` (the assignment ids, ``;``-separated), ``percent`` (weighted, graded cells
    only) and ``percent_missing_as_zero`` (weighted, missing and error cells as 0) -- the
    only column where a missing submission counts as 0.

``canvas.csv``
    Canvas's Gradebook import file: ``Student, ID, SIS User ID, SIS Login ID, Section``, then
    one column per assignment, named ``<title> (<canvas id>)`` when ``canvas_id`` is set in
    ``course.toml`` (Canvas matches the existing assignment by that id) or ``<title>``
    (Canvas creates a new assignment on import). The Carmen (Canvas) guide of Ohio State
    lists these required columns: a student name or Student ID or SIS User ID, SIS Login
    ID, Section, then the assignment columns, and says that new assignment columns create
    new assignments and that uploaded scores overwrite existing ones
    (https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades;
    the column names are those of Canvas's own Gradebook export, described at
    https://ts.vcu.edu/askit/teaching-and-learning/canvas/faculty/grading-faculty/gradebook-action-menu-faculty/).
    ``ID`` is the roster's ``canvas_id``, ``SIS Login ID`` its ``sis_login_id`` or, without
    one, the submission's student id. The second row is Canvas's own ``Points Possible`` row,
    as in its export: Canvas's importer (``GradebookImporter#process_pp`` in
    instructure/canvas-lms, ``app/models/gradebook_importer.rb``) takes a row whose first cell
    contains "Points Possible" as no student's, and sets each assignment's points possible from
    every non-empty cell of it. So a column Canvas creates gets the assignment's points
    (without the row it would have none, and no percentage), and a column matched by
    ``canvas_id`` gets an empty cell: that assignment keeps the points set in Canvas.

``moodle.csv``
    Moodle's CSV grade import (Grade administration > Import > CSV file): one row per user,
    identifier columns, then one column per grade item. On import the teacher maps one
    identifier column ("Map from") to a user field ("Map to": ``userid``, ``useridnumber``,
    ``useremail`` or ``username``) and each grade column to a grade item
    (https://docs.moodle.org/311/en/Grade_import; the user fields are those of
    ``gradeimport_csv_load_data::map_user_data_with_value`` in moodle/moodle,
    ``grade/import/csv/classes/load_data.php``). Columns: ``Username`` (the roster's
    ``username``, else the student id), ``ID number``, ``Email address``, ``Full name``, then
    each assignment's title. An empty grade cell imports as "no grade" (the same file:
    ``$value === ''`` gives a null final grade).

The ``missing`` policy of ``course.toml``: ``blank`` (default) leaves a missing cell empty
in both LMS files; ``zero`` writes ``0`` there, deliberately. An error cell is always empty.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from grader.coursework.config import CourseFile
from grader.coursework.gradebook import ERROR, GRADED, MISSING, Cell, CourseGradebook
from grader.coursework.roster import Student, lookup
from grader.render._format import format_points
from grader.render.gradebook import _safe_text as safe_text

CANVAS_FIXED = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
MOODLE_FIXED = ("Username", "ID number", "Email address", "Full name")
COURSE_FIXED = ("student", "graded", "missing", "errors", "percent", "percent_missing_as_zero")


def _csv(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([safe_text(h) for h in header])
    writer.writerows([[safe_text(v) for v in row] for row in rows])
    return buffer.getvalue()


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _points(cell: Cell) -> str:
    return "" if cell.score is None else format_points(cell.score)


def course_csv(book: CourseGradebook, roster: dict[str, Student], course: CourseFile,
               functions: bool = False) -> str:
    """``course_gradebook.csv`` (see the module docstring)."""
    header = ["student"]
    for column in book.columns:
        header.append(column.assignment)
        if functions:
            header += [f"{column.assignment}:{fn}" for fn in column.functions]
    header += list(COURSE_FIXED[1:])
    rows = []
    for row in book.rows:
        line = [row.student]
        for column, cell in zip(book.columns, row.cells, strict=True):
            line.append(_points(cell))
            if functions:
                earned = dict(cell.functions)
                line += [format_points(earned.get(fn, 0.0)) if cell.status == GRADED else ""
                         for fn in column.functions]
        line += [str(len(row.with_status(book.columns, GRADED))), ";".join(row.with_status(book.columns, MISSING)),
                 ";".join(row.with_status(book.columns, ERROR)), _percent(row.percent),
                 _percent(row.percent_missing_as_zero)]
        rows.append(line)
    return _csv(header, rows)


def _lms_cell(cell: Cell, course: CourseFile) -> str:
    if cell.status == MISSING and course.missing == "zero":
        return "0"
    return _points(cell)


def canvas_csv(book: CourseGradebook, roster: dict[str, Student], course: CourseFile,
               functions: bool = False) -> str:
    """``canvas.csv``: Canvas's Gradebook import columns (see the module docstring)."""
    header = [*CANVAS_FIXED, *(f"{c.title} ({c.canvas_id})" if c.canvas_id else c.title for c in book.columns)]
    rows = [["Points Possible", *([""] * (len(CANVAS_FIXED) - 1)),
             *("" if c.canvas_id else format_points(c.max_score) for c in book.columns)]]
    for row in book.rows:
        who = lookup(roster, row.student)
        rows.append([who.name or row.student, who.canvas_id, who.sis_user_id, who.sis_login_id or row.student,
                     who.section, *(_lms_cell(cell, course) for cell in row.cells)])
    return _csv(header, rows)


def moodle_csv(book: CourseGradebook, roster: dict[str, Student], course: CourseFile,
               functions: bool = False) -> str:
    """``moodle.csv``: identifier columns, then one column per grade item (see the module docstring)."""
    header = [*MOODLE_FIXED, *(c.title for c in book.columns)]
    rows = []
    for row in book.rows:
        who = lookup(roster, row.student)
        rows.append([who.username or row.student, who.idnumber, who.email, who.name,
                     *(_lms_cell(cell, course) for cell in row.cells)])
    return _csv(header, rows)


def course_json(book: CourseGradebook, roster: dict[str, Student], course: CourseFile,
                functions: bool = False) -> str:
    """``course_gradebook.json``: every column (weight, points possible) and cell (status, score, error)."""
    doc: dict[str, Any] = {
        "title": book.title,
        "missing_policy": course.missing,
        "columns": [{"assignment": c.assignment, "title": c.title, "weight": c.weight, "max_score": c.max_score,
                     "functions": list(c.functions), "canvas_id": c.canvas_id} for c in book.columns],
        "students": [{"student": r.student, "percent": r.percent, "percent_missing_as_zero": r.percent_missing_as_zero,
                      "assignments": {c.assignment: {"status": cell.status, "score": cell.score,
                                                     "max_score": cell.max_score or c.max_score,
                                                     "error": cell.error}
                                      for c, cell in zip(book.columns, r.cells, strict=True)}}
                     for r in book.rows],
    }
    return json.dumps(doc, indent=2, sort_keys=False) + "\n"


Exporter = Callable[[CourseGradebook, dict[str, Student], CourseFile, bool], str]

#: ``{format: (file name, exporter)}``: every course gradebook format, written by :func:`write_exports`.
EXPORTS: dict[str, tuple[str, Exporter]] = {
    "csv": ("course_gradebook.csv", course_csv),
    "json": ("course_gradebook.json", course_json),
    "canvas": ("canvas.csv", canvas_csv),
    "moodle": ("moodle.csv", moodle_csv),
}


def write_exports(out: Path, book: CourseGradebook, roster: dict[str, Student], course: CourseFile,
                  functions: bool = False) -> dict[str, Path]:
    """Write every format of :data:`EXPORTS` into ``out`` (each atomically); ``{format: path}``."""
    from grader.batch.recorder import write_atomic

    written = {}
    for name, (filename, export) in EXPORTS.items():
        write_atomic(out / filename, export(book, roster, course, functions))
        written[name] = out / filename
    return written


__all__ = ["CANVAS_FIXED", "COURSE_FIXED", "EXPORTS", "MOODLE_FIXED", "canvas_csv", "course_csv", "course_json",
           "moodle_csv", "write_exports"]
