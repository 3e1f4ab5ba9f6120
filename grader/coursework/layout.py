"""Where a course's submissions are, and one assignment's view of them.

Two layouts are read, both ``<root>/<student>/<assignment>/<files>``:

- ``SUBMISSIONS/<student>/<assignment>/...`` as given;
- an nbgrader course folder, whose ``submitted/<student>/<assignment>/...`` is used
  (``SUBMISSIONS`` is the course folder, or its ``submitted/`` itself).

:func:`grader.batch.run.run_batch` grades a folder holding one entry per student, so
:func:`stage` copies each student's submission of one assignment into
``OUT/<assignment>/submissions/<student>/``: the ``.py`` files and notebooks directly in
the student's assignment folder, regular files only (opened without following links).
Anything else there (``timestamp.txt``, data files) is not copied; a link or a folder
in place of a file is skipped, so the student's row says no file could be graded.
Grading resumes across runs because results are keyed by the bytes graded, not by where
they were copied.
"""

from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

from grader.batch.discovery import SUFFIXES, scan

STAGED = "submissions"
NBGRADER_SUBMITTED = "submitted"


@dataclass(frozen=True)
class StudentFolder:
    """A student's folder: ``name`` on disk, ``student`` as shown (:func:`~grader.batch.discovery.escape_name`)."""

    student: str
    name: str


def submissions_root(submissions: Path) -> Path:
    """The folder of student folders: ``SUBMISSIONS/submitted`` for an nbgrader course, else ``SUBMISSIONS``."""
    nbgrader = submissions / NBGRADER_SUBMITTED
    if nbgrader.is_dir() and not nbgrader.is_symlink():
        return nbgrader
    return submissions


def student_folders(root: Path) -> list[StudentFolder]:
    """Every student folder in ``root`` (no hidden entries, no links, no files), sorted.

    Raises
    ------
    ValueError
        If ``root`` cannot be listed.
    """
    try:
        entries = scan(root)
    except OSError as exc:
        raise ValueError(f"cannot list the submissions folder {root}: {exc.strerror}") from None
    return [StudentFolder(e.shown, e.name) for e in entries if e.is_folder]


def has_assignment(root: Path, student: StudentFolder, assignment: str) -> bool:
    """True when the student has an entry named ``assignment`` (a folder or anything else: it is graded, or refused)."""
    try:
        return any(e.name == assignment for e in scan(root / student.name))
    except OSError:
        return False


def _copy_regular(source: Path, target: Path) -> bool:
    """Copy ``source`` to ``target`` when it is a regular file, never following a link; True if copied."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(source, flags)
    except OSError:
        return False
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            return False
        with target.open("wb") as out:
            shutil.copyfileobj(fh, out)
    return True


def stage(root: Path, students: list[StudentFolder], assignment: str, out: Path) -> tuple[Path, list[str]]:
    """Copy every student's submission of ``assignment`` into ``out/submissions/<student>/``.

    Parameters
    ----------
    root : Path
        The folder of student folders (:func:`submissions_root`).
    students : list of StudentFolder
        The students to look at.
    assignment : str
        The assignment id (the name of the folder in each student's folder).
    out : Path
        The assignment's output folder; its staging folder is emptied first, so a
        submission removed since the last run is not graded again.

    Returns
    -------
    staged : Path
        The staging folder, to give to :func:`~grader.batch.run.run_batch`.
    submitted : list of str
        The ids of the students with an entry for the assignment.
    """
    staged = out / STAGED
    if staged.exists():
        shutil.rmtree(staged)
    staged.mkdir(parents=True)
    submitted = []
    for student in students:
        if not has_assignment(root, student, assignment):
            continue
        submitted.append(student.student)
        target = staged / student.name
        target.mkdir()
        source = root / student.name / assignment
        try:
            entries = scan(source) if source.is_dir() and not source.is_symlink() else []
        except OSError:
            entries = []
        for entry in entries:
            if entry.is_file and entry.suffix in SUFFIXES:
                _copy_regular(source / entry.name, target / entry.name)
    return staged, submitted


__all__ = ["NBGRADER_SUBMITTED", "STAGED", "StudentFolder", "has_assignment", "stage", "student_folders",
           "submissions_root"]
