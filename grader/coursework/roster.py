"""The class list: who the students are and what the learning platforms call them.

A roster is an optional CSV file (named by ``roster`` in ``course.toml``) with a header
row. ``student`` is required: the id the submissions are filed under
(``SUBMISSIONS/<student>/...``). The other columns are optional and feed the LMS exports:
``name``, ``canvas_id`` (Canvas's numeric user id), ``sis_user_id``, ``sis_login_id``,
``section``, ``email``, ``idnumber`` (Moodle's ID number), ``username`` (Moodle's username).
A student on the roster without any submission still gets a gradebook row (every
assignment missing); a student who submitted but is not on the roster gets one too, with
the submission id standing in for the LMS ids (see :func:`lookup`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

FIELDS = ("student", "name", "canvas_id", "sis_user_id", "sis_login_id", "section", "email", "idnumber",
          "username")


class RosterError(ValueError):
    """The roster cannot be read or is not valid."""


@dataclass(frozen=True)
class Student:
    """One student of the roster (empty strings for the columns the roster does not have)."""

    student: str
    name: str = ""
    canvas_id: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""
    section: str = ""
    email: str = ""
    idnumber: str = ""
    username: str = ""


def load_roster(path: Path) -> dict[str, Student]:
    """``{student id: Student}`` from a roster CSV, in file order.

    Raises
    ------
    RosterError
        If the file cannot be read, has no ``student`` column, an unknown column, an empty
        or a repeated student id.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
            header = list(rows[0]) if rows else []
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise RosterError(f"{path}: cannot be read: {exc}") from None
    if rows and "student" not in header:
        raise RosterError(f"{path}: no 'student' column (columns: {', '.join(header)})")
    unknown = sorted(set(header) - set(FIELDS))
    if unknown:
        raise RosterError(f"{path}: unknown columns {unknown} (known: {', '.join(FIELDS)})")
    students: dict[str, Student] = {}
    for line, row in enumerate(rows, start=2):
        sid = (row.get("student") or "").strip()
        if not sid:
            raise RosterError(f"{path}, line {line}: empty student id")
        if sid in students:
            raise RosterError(f"{path}, line {line}: student {sid!r} listed twice")
        students[sid] = Student(**{k: (row.get(k) or "").strip() for k in FIELDS})
    return students


def lookup(roster: dict[str, Student], student: str) -> Student:
    """The roster's record of ``student``, else one with only the id known."""
    return roster.get(student, Student(student))


__all__ = ["FIELDS", "RosterError", "Student", "load_roster", "lookup"]
