"""Staging one assignment's submissions from both course layouts."""

from __future__ import annotations

import os
import shutil

import pytest

from grader.batch.discovery import discover
from grader.coursework.layout import stage, student_folders, submissions_root


@pytest.mark.parametrize("nbgrader", [False, True], ids=["plain", "nbgrader-submitted"])
def test_stage(tmp_path, nbgrader):
    given = tmp_path / "course"
    root = given / "submitted" if nbgrader else given
    (root / "alice" / "a1").mkdir(parents=True)
    (root / "alice" / "a1" / "a1.ipynb").write_text("{}")
    (root / "alice" / "a1" / "timestamp.txt").write_text("2025")
    (root / "bob" / "a2").mkdir(parents=True)
    (root / "carol" / "a1").mkdir(parents=True)
    (tmp_path / "secret.py").write_text("x = 1")
    os.symlink(tmp_path / "secret.py", root / "carol" / "a1" / "a1.py")
    (root / "loose.py").write_text("")  # not a student folder
    assert submissions_root(given) == root
    students = student_folders(root)
    assert [s.student for s in students] == ["alice", "bob", "carol"]
    staged, submitted = stage(root, students, "a1", tmp_path / "out" / "a1")
    assert submitted == ["alice", "carol"]
    assert sorted(os.listdir(staged / "alice")) == ["a1.ipynb"] and os.listdir(staged / "carol") == []
    jobs = {j.student: j for j in discover(staged, "a1.py")}
    assert jobs["alice"].problem is None and "no .py file" in (jobs["carol"].problem or "")
    shutil.rmtree(root / "alice" / "a1")
    staged, submitted = stage(root, students, "a1", tmp_path / "out" / "a1")
    assert submitted == ["carol"] and sorted(os.listdir(staged)) == ["carol"]  # restaged from scratch
