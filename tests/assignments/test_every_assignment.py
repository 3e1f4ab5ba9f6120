"""Every assignment of the course, one parametrized id per folder of ``assignments/`` with an assignment.py.

For each: the reference (in the student-file form) gets full marks on every check, hidden included; the
generated stub scores 0 with every function "not implemented"; the committed generated files are current;
and (slow) the source notebook round-trips through the real nbgrader to full marks.

A new per-assignment test goes here, parametrized with ``ASSIGNMENTS`` (ids are the assignment ids), e.g. a
``grader audit`` threshold: ``@pytest.mark.parametrize("folder", ASSIGNMENTS)``.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest
from nbgrader_flow import course_with, run, solved, unfilled

from grader.course.locate import describe
from grader.publish.generate import generated_files, is_current, reference_problems, stub_problems

REPO = Path(__file__).resolve().parents[2]
FOLDERS = sorted(p for p in (REPO / "assignments").iterdir() if (p / "assignment.py").is_file())
ASSIGNMENTS = [pytest.param(folder, id=folder.name) for folder in FOLDERS]


def test_there_are_assignments():
    assert "deep_nn" in [f.name for f in FOLDERS]


@pytest.mark.parametrize("folder", ASSIGNMENTS)
def test_the_reference_gets_full_marks_hidden_checks_included(folder):
    assert reference_problems(folder) == []


@pytest.mark.parametrize("folder", ASSIGNMENTS)
def test_the_stub_scores_zero_every_function_not_implemented(folder):
    assert stub_problems(folder) == []


@pytest.mark.parametrize("folder", ASSIGNMENTS)
def test_the_generated_files_are_current(folder):
    stale = [name for name, text in generated_files(folder).items() if not is_current(folder / name, text)]
    assert stale == [], f"run `grader generate {folder.name}`"


@pytest.mark.slow
@pytest.mark.parametrize("folder", ASSIGNMENTS)
def test_the_source_notebook_round_trips_through_nbgrader(folder, tmp_path):
    """grader notebooks -> nbgrader generate_assignment -> autograde: a solved notebook gets full marks,
    the released one unchanged gets 0, and nbgrader's score is the one ``grader check`` gives the notebook."""
    assignment = folder.name
    course = course_with(tmp_path / "course", assignment, {"solved": solved, "unfilled": unfilled},
                         assignments=folder.parent)
    with open(course / "grades.csv", newline="") as fh:
        rows = {r["student_id"]: r for r in csv.DictReader(fh)}
    points = describe(folder).points
    assert (float(rows["solved"]["score"]), float(rows["solved"]["max_score"])) == (points, points)
    assert float(rows["unfilled"]["score"]) == 0.0
    for student in ("solved", "unfilled"):
        notebook = course / "submitted" / student / assignment / f"{assignment}.ipynb"
        proc = run(sys.executable, "-m", "grader.cli", "check", assignment, "-s", str(notebook), "--format", "json",
                   cwd=tmp_path, assignments=folder.parent)
        assert json.loads(proc.stdout)["score"] == float(rows[student]["score"]), student
