"""The course file, ``course.toml``: title, assignments and their weights, the missing policy.

Format (every key optional)::

    title = "Neural networks from scratch"   # the course's name
    course_id = "nn-course"                  # nbgrader's course id (default: the build folder's name)
    roster = "roster.csv"                    # students and their LMS ids, relative to this file
    missing = "blank"                        # "blank" or "zero": a missing submission in the LMS exports

    [assignments.deep_nn]                    # one table per assignment id
    weight = 2                               # default 1
    title = "Deep network"                   # the LMS column (default: the assignment's own title)
    canvas_id = 4711                         # Canvas assignment id: the column is "Deep network (4711)"
    due = "2025-03-01 23:59:00"              # nbgrader's due date (assignments.csv)

Assignments not listed have weight 1; an assignment listed with ``weight = 0`` is graded but
does not count. Without a course file every assignment found counts with weight 1. The
``missing`` policy only changes the Canvas and Moodle exports (see
:mod:`grader.coursework.exports`); the course CSV always shows a missing submission as an
empty cell and names it in its ``missing`` column.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MISSING_POLICIES = ("blank", "zero")
_ASSIGNMENT_KEYS = {"weight", "title", "canvas_id", "due"}
_TOP_KEYS = {"title", "course_id", "roster", "missing", "assignments"}


class CourseFileError(ValueError):
    """The course file is not valid (its message names the file and the key)."""


@dataclass(frozen=True)
class AssignmentEntry:
    """What the course file says of one assignment."""

    weight: float = 1.0
    title: str | None = None
    canvas_id: str | None = None
    due: str | None = None


@dataclass(frozen=True)
class CourseFile:
    """The parsed course file; :func:`default_course` when there is none."""

    title: str = "Course"
    course_id: str | None = None
    roster: Path | None = None
    missing: str = "blank"
    assignments: dict[str, AssignmentEntry] = field(default_factory=dict)

    def entry(self, assignment: str) -> AssignmentEntry:
        """The entry of ``assignment`` (weight 1 when it is not listed)."""
        return self.assignments.get(assignment, AssignmentEntry())

    def weight(self, assignment: str) -> float:
        return self.entry(assignment).weight


def default_course() -> CourseFile:
    """The course when there is no course file: every assignment weight 1, missing left blank."""
    return CourseFile()


def _fail(path: Path, message: str) -> CourseFileError:
    return CourseFileError(f"{path}: {message}")


def _entry(path: Path, name: str, raw: Any) -> AssignmentEntry:
    if not isinstance(raw, dict):
        raise _fail(path, f"[assignments.{name}] must be a table")
    unknown = sorted(set(raw) - _ASSIGNMENT_KEYS)
    if unknown:
        raise _fail(path, f"[assignments.{name}] has unknown keys {unknown} (known: {sorted(_ASSIGNMENT_KEYS)})")
    weight = raw.get("weight", 1)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 0:
        raise _fail(path, f"assignments.{name}.weight must be a number >= 0, not {weight!r}")
    canvas_id = raw.get("canvas_id")
    title, due = raw.get("title"), raw.get("due")
    for key, value in (("title", title), ("due", due)):
        if value is not None and not isinstance(value, str):
            raise _fail(path, f"assignments.{name}.{key} must be a string")
    return AssignmentEntry(float(weight), title, None if canvas_id is None else str(canvas_id), due)


def load_course_file(path: Path) -> CourseFile:
    """Read and check ``course.toml``.

    Parameters
    ----------
    path : Path
        The course file.

    Returns
    -------
    CourseFile
        Its contents, the roster path made relative to the file's folder.

    Raises
    ------
    CourseFileError
        If the file cannot be read, is not TOML, or has an unknown key or a bad value.
    """
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(path, f"cannot be read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise _fail(path, f"is not valid TOML: {exc}") from None
    unknown = sorted(set(doc) - _TOP_KEYS)
    if unknown:
        raise _fail(path, f"unknown keys {unknown} (known: {sorted(_TOP_KEYS)})")
    missing = doc.get("missing", "blank")
    if missing not in MISSING_POLICIES:
        raise _fail(path, f"missing must be one of {MISSING_POLICIES}, not {missing!r}")
    tables = doc.get("assignments", {})
    if not isinstance(tables, dict):
        raise _fail(path, "assignments must be a table of tables")
    for key in ("title", "course_id", "roster"):
        if key in doc and not isinstance(doc[key], str):
            raise _fail(path, f"{key} must be a string")
    roster = path.parent / doc["roster"] if "roster" in doc else None
    return CourseFile(doc.get("title", "Course"), doc.get("course_id"), roster, missing,
                      {name: _entry(path, name, raw) for name, raw in tables.items()})


def check_assignments(course: CourseFile, known: list[str], where: Path | None = None) -> None:
    """Raise :class:`CourseFileError` if the course file names an assignment that is not in ``known``."""
    unknown = sorted(set(course.assignments) - set(known))
    if unknown:
        raise CourseFileError(f"{where or 'the course file'}: unknown assignments {unknown}; "
                              f"the assignments are: {', '.join(known)}")


__all__ = ["AssignmentEntry", "CourseFile", "CourseFileError", "MISSING_POLICIES", "check_assignments",
           "default_course", "load_course_file"]
