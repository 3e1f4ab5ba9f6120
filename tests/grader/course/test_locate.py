"""Finding assignments: `grader list`, and errors about an unknown assignment that name the known ones."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader.course.locate import AssignmentNotFound, assignment_folders, describe, find_assignment

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests" / "fixtures" / "provided"


def grader(*args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(REPO), **env}
    return subprocess.run([sys.executable, "-m", "grader.cli", *args], capture_output=True, text=True,
                          timeout=300, cwd=cwd, env=environment)


def test_assignment_folders_finds_declarations_and_students_copies(tmp_path):
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(FIXTURES / "tiny" / "public_checks.json", copy / "public_checks.json")  # a student's copy: any name
    found = assignment_folders([tmp_path, REPO / "assignments"])
    assert found["tiny"] == copy and found["deep_nn"] == REPO / "assignments" / "deep_nn"
    assert list(found) == sorted(found)


def test_describe_counts_hidden_points_for_declarations_and_copies(tmp_path):
    full = describe(REPO / "assignments" / "deep_nn")
    assert (full.id, full.points, len(full.functions)) == ("deep_nn", 97, 14)
    assert full.functions[0] == "sigmoid"
    copy = tmp_path / "deep_nn"
    copy.mkdir()
    shutil.copy(REPO / "assignments" / "deep_nn" / "public_checks.json", copy)
    student = describe(copy)
    assert (student.id, student.title, student.points, student.functions) == (full.id, full.title, 97, full.functions)


def test_unknown_assignment_names_the_assignments_that_exist():
    with pytest.raises(AssignmentNotFound, match=r"unknown assignment 'deepnn'; the assignments are: (\w+, )*deep_nn, (\w+, )*tiny \("):
        find_assignment("deepnn", [FIXTURES, REPO / "assignments"])


def test_unknown_assignment_when_there_are_none(tmp_path):
    with pytest.raises(AssignmentNotFound, match="no assignment found in"):
        find_assignment("deepnn", [tmp_path])


@pytest.mark.parametrize("command", [("check", "deepnn"), ("generate", "deepnn"), ("release", "deepnn", "--out", "x"),
                                     ("gradescope", "build", "deepnn")], ids=["check", "generate", "release",
                                                                               "gradescope"])
def test_every_command_names_the_known_assignments(command, tmp_path):
    proc = grader(*command, cwd=tmp_path, GRADER_ASSIGNMENTS=str(FIXTURES))
    assert proc.returncode == 2
    assert "unknown assignment 'deepnn'; the assignments are: " in proc.stderr and " deep_nn, " in proc.stderr
    assert ", tiny (looked in" in proc.stderr


def test_grader_list_text_and_json(tmp_path):
    proc = grader("list", cwd=tmp_path, GRADER_ASSIGNMENTS=str(FIXTURES))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    first = lines.index("deep_nn  Deep neural network, step by step  (97 points, 14 functions)")
    assert lines[first + 1].strip().startswith("sigmoid, relu, sigmoid_backward")
    assert "tiny  Tiny: an assignment with a provided module  (4 points, 1 function)" in lines
    proc = grader("list", "--format", "json", cwd=tmp_path, GRADER_ASSIGNMENTS=str(FIXTURES))
    doc = json.loads(proc.stdout)
    assert {d["id"]: (d["points"], d["functions"]) for d in doc}["tiny"] == (4.0, ["shifted_double"])
    assert set(doc[0]) == {"id", "title", "points", "functions", "folder"}


def test_public_checks_are_parsed_once_while_the_file_is_unchanged(tmp_path):
    """``grader check`` finds the assignment, its suite and its provided files in one parse of the file."""
    import os

    from grader.grading.public import public_doc

    path = tmp_path / "public_checks.json"
    path.write_text('{"assignment": "a"}', encoding="utf-8")
    first = public_doc(path)
    assert public_doc(path) is first
    path.write_text('{"assignment": "bb"}', encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a new stamp even on a coarse clock
    assert public_doc(path) == {"assignment": "bb"}
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ValueError):
        public_doc(path)
