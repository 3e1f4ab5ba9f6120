"""course.toml and the roster: defaults, a full file, and the errors named."""

from __future__ import annotations

import pytest

from grader.coursework.config import CourseFileError, check_assignments, default_course, load_course_file
from grader.coursework.roster import RosterError, load_roster


def test_defaults_weight_one():
    course = default_course()
    assert course.weight("deep_nn") == 1.0 and course.missing == "blank"


def test_full_file(tmp_path):
    path = tmp_path / "course.toml"
    path.write_text('title = "NN"\ncourse_id = "nn"\nroster = "r.csv"\nmissing = "zero"\n'
                    '[assignments.deep_nn]\nweight = 2\ntitle = "Deep"\ncanvas_id = 42\ndue = "2025-03-01"\n')
    course = load_course_file(path)
    assert (course.title, course.course_id, course.roster, course.missing) == ("NN", "nn", tmp_path / "r.csv", "zero")
    entry = course.entry("deep_nn")
    assert (entry.weight, entry.title, entry.canvas_id, entry.due) == (2.0, "Deep", "42", "2025-03-01")
    assert course.weight("perceptron") == 1.0


@pytest.mark.parametrize("text, needle", [
    ("missing = 'maybe'", "missing must be"),
    ("colour = 1", "unknown keys"),
    ("[assignments.a]\nweight = -1", "weight must be"),
    ("[assignments.a]\nwieght = 2", "unknown keys"),
    ("title = ", "not valid TOML"),
], ids=["policy", "top-key", "negative-weight", "typo", "toml"])
def test_errors(tmp_path, text, needle):
    path = tmp_path / "course.toml"
    path.write_text(text)
    with pytest.raises(CourseFileError, match=needle):
        load_course_file(path)


def test_unknown_assignment(tmp_path):
    path = tmp_path / "course.toml"
    path.write_text("[assignments.nope]\nweight = 1\n")
    with pytest.raises(CourseFileError, match="unknown assignments"):
        check_assignments(load_course_file(path), ["deep_nn"], path)


def test_roster(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("student,name,canvas_id,email\nalice,Alice A,101,a@x\nbob,,102,\n")
    roster = load_roster(path)
    assert list(roster) == ["alice", "bob"] and roster["alice"].name == "Alice A" and roster["bob"].canvas_id == "102"
    path.write_text("student,nickname\nalice,al\n")
    with pytest.raises(RosterError, match="unknown columns"):
        load_roster(path)
    path.write_text("student\nalice\nalice\n")
    with pytest.raises(RosterError, match="twice"):
        load_roster(path)
