"""Helpers for tests that run the real nbgrader on a temporary course (shared by every such test).

``run`` and ``nbgrader`` run a command with ``GRADER_ASSIGNMENTS`` set;
``solved`` fills a released notebook's solution cells from the source
notebook's; ``course_with`` makes a course from ``grader notebooks``,
releases it, submits notebooks (with every other released file, the
provided modules among them) and autogrades them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import nbformat

from grader.publish.stubs import keep_solution

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENTS = REPO / "assignments"


def run(*args: str, cwd: Path, timeout: float = 600, assignments: Path = ASSIGNMENTS) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GRADER_ASSIGNMENTS": str(assignments)}
    proc = subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode in (0, 1), f"{args} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc


def nbgrader(*args: str, cwd: Path, assignments: Path = ASSIGNMENTS) -> subprocess.CompletedProcess[str]:
    proc = run(sys.executable, "-m", "nbgrader", *args, cwd=cwd, assignments=assignments)
    assert proc.returncode == 0, proc.stderr
    return proc


def solved(release: Path, source: Path) -> nbformat.NotebookNode:
    """The released notebook with every solution cell filled with the source notebook's solution."""
    solutions = {c.metadata["nbgrader"]["grade_id"]: keep_solution(c.source)
                 for c in nbformat.read(source, as_version=4).cells
                 if c.metadata.get("nbgrader", {}).get("solution")}
    nb = nbformat.read(release, as_version=4)
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in solutions:
            cell.source = solutions[gid]
    return nb


Submit = Callable[[Path, Path], nbformat.NotebookNode]


def unfilled(release: Path, source: Path) -> nbformat.NotebookNode:
    """The released notebook exactly as a student receives it."""
    return nbformat.read(release, as_version=4)


def course_with(course: Path, assignment: str, students: Mapping[str, Submit], *,
                assignments: Path = ASSIGNMENTS, feedback: bool = False) -> Path:
    """Release ``assignment`` in ``course``, submit ``students[name](release, source)`` for each, autograde."""
    course.mkdir(parents=True, exist_ok=True)
    run(sys.executable, "-m", "grader.cli", "notebooks", assignment, "--course", str(course), cwd=course,
        assignments=assignments)
    nbgrader("generate_assignment", assignment, "--force", cwd=course, assignments=assignments)
    release = course / "release" / assignment / f"{assignment}.ipynb"
    source = course / "source" / assignment / f"{assignment}.ipynb"
    for student, submit in students.items():
        nbgrader("db", "student", "add", student, cwd=course, assignments=assignments)
        folder = course / "submitted" / student / assignment
        shutil.copytree(release.parent, folder)  # the student's folder: every released file
        nbformat.write(submit(release, source), folder / release.name)
    nbgrader("autograde", assignment, cwd=course, assignments=assignments)
    if feedback:
        nbgrader("generate_feedback", assignment, cwd=course, assignments=assignments)
    nbgrader("export", cwd=course, assignments=assignments)
    return course
