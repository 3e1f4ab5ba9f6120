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
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from nbgrader_flow import course_with, run, solved, unfilled

from grader.cli import main
from grader.course.locate import describe, load_declaration
from grader.publish.generate import generated_files, is_current, reference_problems, stub_problems
from grader.publish.stubs import render_solution

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


def _solution(folder: Path) -> str:
    assignment = load_declaration(folder)
    return render_solution(assignment.id, assignment.title, assignment.modules, assignment.function_names)


@pytest.mark.slow
@pytest.mark.parametrize("folder", ASSIGNMENTS)
def test_grader_grade_and_the_gradescope_run_give_the_reference_full_marks(folder, tmp_path, monkeypatch):
    """A class of two (the solution and the stub) through ``grader grade``, and the solution through the
    command Gradescope's run_autograder calls, for every assignment."""
    monkeypatch.setenv("GRADER_ALLOW_UNSAFE_PROCESS", "1")
    student_file = load_declaration(folder).student_file
    points = describe(folder).points
    subs = tmp_path / "submissions"
    for student, text in (("solved", _solution(folder)), ("stub", (folder / student_file).read_text())):
        (subs / student).mkdir(parents=True)
        (subs / student / student_file).write_text(text, encoding="utf-8")
    out = tmp_path / "grades"
    result = CliRunner().invoke(main, ["grade", folder.name, str(subs), "--out", str(out), "--isolation", "process"])
    assert result.exit_code in (0, 1), result.output
    with open(out / "gradebook.csv", newline="") as fh:
        rows = {r["student"]: r for r in csv.DictReader(fh)}
    assert float(rows["solved"]["total"]) == points and float(rows["stub"]["total"]) == 0.0
    upload = tmp_path / "upload"
    upload.mkdir()
    (upload / student_file).write_text(_solution(folder), encoding="utf-8")
    results = tmp_path / "results.json"
    result = CliRunner().invoke(main, ["gradescope", "run", folder.name, str(upload), "--results", str(results),
                                       "--isolation", "process"])
    assert result.exit_code == 0, result.output
    assert json.loads(results.read_text())["score"] == points


@pytest.mark.parametrize("folder", ASSIGNMENTS)
def test_the_gradescope_zip_ships_the_assignment_and_its_reference(folder, tmp_path):
    out = tmp_path / "autograder.zip"
    result = CliRunner().invoke(main, ["gradescope", "build", folder.name, "--out", str(out)])
    assert result.exit_code == 0, result.output
    names = set(zipfile.ZipFile(out).namelist())
    assignment = load_declaration(folder)
    assert f"course/assignments/{folder.name}/assignment.py" in names
    for module in assignment.modules:
        assert f"course/{module.replace('.', '/')}.py" in names
    for provided in assignment.provided:
        assert f"course/assignments/{folder.name}/{provided}" in names
