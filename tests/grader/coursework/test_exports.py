"""The course gradebook and its formats, cell by cell, on a hand-made gradebook (no grading)."""

from __future__ import annotations

import csv
import io
import json

from grader.coursework.config import AssignmentEntry, CourseFile
from grader.coursework.exports import canvas_csv, course_csv, course_json, moodle_csv
from grader.coursework.gradebook import ERROR, GRADED, MISSING, Cell, Column, CourseGradebook, Row, weighted_percent
from grader.coursework.roster import Student

COLUMNS = (Column("a1", "First", 1.0, 10.0, ("f", "g"), "501"), Column("a2", "Second", 3.0, 20.0, ("h",)))
ALICE = (Cell(GRADED, 10.0, 10.0, (("f", 4.0), ("g", 6.0))), Cell(GRADED, 10.0, 20.0, (("h", 10.0),)))
BOB = (Cell(GRADED, 0.0, 10.0, (("f", 0.0), ("g", 0.0))), Cell(MISSING))
CAROL = (Cell(ERROR, error="sandbox died"), Cell(GRADED, 20.0, 20.0, (("h", 20.0),)))


def book() -> CourseGradebook:
    rows = tuple(Row(s, cells, weighted_percent(COLUMNS, cells, False), weighted_percent(COLUMNS, cells, True))
                 for s, cells in (("alice", ALICE), ("bob", BOB), ("=carol", CAROL)))
    return CourseGradebook("NN", COLUMNS, rows)


ROSTER = {"alice": Student("alice", name="Alice A", canvas_id="101", sis_user_id="S1", sis_login_id="al",
                           section="L1", email="a@x", idnumber="N1", username="alice.a")}


def parse(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_weighted_percent():
    assert weighted_percent(COLUMNS, ALICE, False) == 62.5  # (1*100 + 3*50) / 4
    assert weighted_percent(COLUMNS, BOB, False) == 0.0  # the graded 0 counts, the missing does not
    assert weighted_percent(COLUMNS, BOB, True) == 0.0
    assert weighted_percent(COLUMNS, CAROL, False) == 100.0
    assert weighted_percent(COLUMNS, CAROL, True) == 75.0
    assert weighted_percent((Column("z", "Z", 0.0, 5.0),), (Cell(GRADED, 5.0, 5.0),), True) is None


def test_course_csv_cells():
    rows = parse(course_csv(book(), ROSTER, CourseFile(), functions=True))
    assert rows[0] == ["student", "a1", "a1:f", "a1:g", "a2", "a2:h", "graded", "missing", "errors", "percent",
                       "percent_missing_as_zero"]
    assert rows[3] == ["'=carol", "", "", "", "20", "20", "1", "", "a1", "100.00", "75.00"]
    assert rows[1] == ["alice", "10", "4", "6", "10", "10", "2", "", "", "62.50", "62.50"]
    assert rows[2] == ["bob", "0", "0", "0", "", "", "1", "a2", "", "0.00", "0.00"]


def test_course_csv_without_functions():
    assert parse(course_csv(book(), {}, CourseFile()))[0][:3] == ["student", "a1", "a2"]


def test_canvas_cells():
    rows = parse(canvas_csv(book(), ROSTER, CourseFile()))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "First (501)", "Second"]
    # Canvas keeps the points of the assignment it matches by id (501), and creates "Second" with 20
    assert rows[1] == ["Points Possible", "", "", "", "", "", "20"]
    assert rows[4] == ["'=carol", "", "", "'=carol", "", "", "20"]
    assert rows[2] == ["Alice A", "101", "S1", "al", "L1", "10", "10"]
    assert rows[3] == ["bob", "", "", "bob", "", "0", ""]  # missing: blank, never 0


def test_canvas_points_possible_row_is_read_as_canvas_reads_it():
    """As Canvas's importer does: the row whose first cell contains "Points Possible" is no student's,
    and an empty cell leaves the points alone (an unquoted empty field, which Ruby's CSV reads as nil)."""
    text = canvas_csv(book(), ROSTER, CourseFile())
    second = text.splitlines()[1]
    assert second == "Points Possible,,,,,,20"
    rows = parse(text)
    students = [r[0] for r in rows[1:] if "Points Possible" not in r[0]]
    assert students == ["Alice A", "bob", "'=carol"]


def test_moodle_cells_and_zero_policy():
    rows = parse(moodle_csv(book(), ROSTER, CourseFile(missing="zero", assignments={"a2": AssignmentEntry(3.0)})))
    assert rows[0] == ["Username", "ID number", "Email address", "Full name", "First", "Second"]
    assert rows[3] == ["'=carol", "", "", "", "", "20"]  # an error stays blank under the zero policy
    assert rows[1] == ["alice.a", "N1", "a@x", "Alice A", "10", "10"]
    assert rows[2] == ["bob", "", "", "", "0", "0"]  # missing as 0, because the course file says so


def test_json_statuses():
    doc = json.loads(course_json(book(), {}, CourseFile()))
    bob = next(s for s in doc["students"] if s["student"] == "bob")
    assert bob["assignments"]["a2"] == {"status": "missing", "score": None, "max_score": 20.0, "error": ""}
    assert [c["weight"] for c in doc["columns"]] == [1.0, 3.0]
