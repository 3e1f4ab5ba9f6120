"""A real course: build it (and load it in nbgrader), grade 3 students x 2 assignments, resume."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.course.locate import REPO_ROOT, load_declaration
from grader.coursework.build import build_course
from grader.coursework.config import default_course, load_course_file
from grader.coursework.grade import grade_course
from grader.publish.stubs import render_solution

ASSIGNMENTS = REPO_ROOT / "assignments"
IDS = ("activations", "perceptron")
FOLDERS = {a: ASSIGNMENTS / a for a in IDS}


def rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.mark.slow
def test_build(tmp_path):
    out = tmp_path / "nn-course"
    build_course(out, FOLDERS, default_course())
    assert "ASSIGNMENTS = ['activations', 'perceptron']" in (out / "nbgrader_config.py").read_text()
    for a in IDS:
        assert (out / "source" / a / f"{a}.ipynb").is_file()
        assert (out / "plain" / a / f"{a}.py").is_file() and (out / "plain" / a / "public_checks.json").is_file()
    assert (out / "source" / "perceptron" / "iris.py").is_file() and (out / "plain" / "perceptron" / "iris.py").is_file()
    nbgrader = [sys.executable, "-m", "nbgrader"]
    subprocess.run([*nbgrader, "db", "assignment", "import", "assignments.csv"], cwd=out, check=True,
                   capture_output=True)
    listed = subprocess.run([*nbgrader, "db", "assignment", "list"], cwd=out, check=True, capture_output=True,
                            text=True).stdout
    assert "There are 2 assignments" in listed and all(f"{a} (due" in listed for a in IDS)


@pytest.fixture(scope="module")
def submissions(tmp_path_factory) -> Path:
    """alice: both solutions; bob: the activations stub, the perceptron solution; carol: activations only."""
    root = tmp_path_factory.mktemp("course") / "submitted"  # nbgrader's layout
    for a in IDS:
        d = load_declaration(FOLDERS[a])
        texts = {"solution": render_solution(d.id, d.title, d.modules, d.function_names),
                 "stub": (FOLDERS[a] / d.student_file).read_text(encoding="utf-8")}
        plan = {"alice": "solution", "bob": "stub" if a == "activations" else "solution",
                "carol": "solution" if a == "activations" else None}
        for student, which in plan.items():
            (root / student).mkdir(parents=True, exist_ok=True)
            if which:
                (root / student / a).mkdir()
                (root / student / a / d.student_file).write_text(texts[which], encoding="utf-8")
    return root.parent


@pytest.mark.slow
def test_grade_resume_weights(submissions, tmp_path):
    course_file = tmp_path / "course.toml"
    (tmp_path / "roster.csv").write_text("student,name,canvas_id,username\nalice,Alice A,101,alice.a\n"
                                         "dave,Dave D,104,dave.d\n")
    course_file.write_text('title = "NN"\nroster = "roster.csv"\n'
                           '[assignments.perceptron]\nweight = 3\ncanvas_id = 77\n')
    course = load_course_file(course_file)
    from grader.coursework.roster import load_roster

    roster = load_roster(tmp_path / "roster.csv")
    out = tmp_path / "out"
    first = grade_course(submissions, out, FOLDERS, course, roster)
    assert {a: b.graded_now for a, b in first.batches.items()} == {"activations": 3, "perceptron": 2}
    book = rows(out / "course_gradebook.csv")
    assert book[0] == ["student", "activations", "perceptron", "graded", "missing", "errors", "percent",
                       "percent_missing_as_zero"]
    assert book[1:] == [
        ["alice", "38", "42", "2", "", "", "100.00", "100.00"],
        ["bob", "0", "42", "2", "", "", "75.00", "75.00"],  # (1*0 + 3*100) / 4
        ["carol", "38", "", "1", "perceptron", "", "100.00", "25.00"],  # missing: empty, 0 only in the named column
        ["dave", "", "", "0", "activations;perceptron", "", "", "0.00"],  # on the roster, never submitted
    ]
    canvas = rows(out / "canvas.csv")
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                         "Activation functions and their derivatives", "The perceptron and Adaline (77)"]
    assert canvas[1] == ["Points Possible", "", "", "", "", "38", ""]  # Canvas keeps assignment 77's own points
    assert canvas[2:] == [["Alice A", "101", "", "alice", "", "38", "42"], ["bob", "", "", "bob", "", "0", "42"],
                          ["carol", "", "", "carol", "", "38", ""], ["Dave D", "104", "", "dave", "", "", ""]]
    moodle = rows(out / "moodle.csv")
    assert moodle[0][:4] == ["Username", "ID number", "Email address", "Full name"]
    assert [r[0] for r in moodle[1:]] == ["alice.a", "bob", "carol", "dave.d"]
    assert [r[4:] for r in moodle[1:]] == [["38", "42"], ["0", "42"], ["38", ""], ["", ""]]
    doc = json.loads((out / "course_gradebook.json").read_text())
    assert doc["students"][2]["assignments"]["perceptron"]["status"] == "missing"
    # resume: one result deleted, only it is graded again, same gradebook
    (out / "activations" / "results" / "alice.json").unlink()
    before = (out / "course_gradebook.csv").read_text()
    second = grade_course(submissions, out, FOLDERS, course, roster)
    assert {a: (b.graded_now, b.resumed) for a, b in second.batches.items()} == {"activations": (1, 2),
                                                                                  "perceptron": (0, 2)}
    assert (out / "course_gradebook.csv").read_text() == before


@pytest.mark.slow
def test_cli_grade(submissions, tmp_path, monkeypatch):
    monkeypatch.chdir(REPO_ROOT)  # the assignments of this checkout, not the caller's folder
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["course", "grade", str(submissions), "--out", str(out), "--functions",
                                       "--assignment", "activations"])
    assert result.exit_code == 0, result.output
    assert "activations: 3 submissions (3 graded now, 0 kept)" in result.output
    header = rows(out / "course_gradebook.csv")[0]
    assert header[:3] == ["student", "activations", "activations:sigmoid"] and "perceptron" not in header
    shutil.rmtree(out)
    bad = CliRunner().invoke(main, ["course", "grade", str(submissions), "--out", str(out), "--assignment", "nope"])
    assert bad.exit_code == 2 and "unknown assignments" in bad.output
