"""Build the course folder: one nbgrader course with every assignment, and plain release folders.

:func:`build_course` writes into ``OUT``:

``source/<id>/``
    each assignment's nbgrader source notebook, public checks, pytest file and provided
    modules and data (:func:`grader.publish.nbgrader.write_course`, as ``grader notebooks``);
``nbgrader_config.py``
    the course id and ``ASSIGNMENTS``, the ids in course order (rewritten on each build);
``assignments.csv``
    ``name,duedate`` of every assignment, for ``nbgrader db assignment import assignments.csv``
    (nbgrader 0.9 keeps its assignment list in its database, not in its configuration);
``plain/<id>/``
    the student's copy of each assignment for courses without nbgrader (stub, public
    checks, pytest file, provided files: as ``grader release``). Not ``release/``, which is
    nbgrader's own.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Mapping
from pathlib import Path

from grader.coursework.config import CourseFile

PLAIN = "plain"
CONFIG = "nbgrader_config.py"
ASSIGNMENTS_CSV = "assignments.csv"

NBGRADER_CONFIG = '''\
"""nbgrader configuration of this course (written by `grader course build`: edit course.toml and build again)."""

c = get_config()  # noqa: F821
c.CourseDirectory.course_id = {course_id!r}
# Each autograder cell grades in a child process; allow slow student code some room.
c.Execute.timeout = 120

#: The course's assignments, in order: source/<id>/ holds each one's notebook.
#: Add them to nbgrader's database with `nbgrader db assignment import assignments.csv`.
ASSIGNMENTS = {assignments!r}
'''


def nbgrader_config(course_id: str, assignments: list[str]) -> str:
    """The text of ``nbgrader_config.py`` listing ``assignments``."""
    return NBGRADER_CONFIG.format(course_id=course_id, assignments=assignments)


def assignments_csv(assignments: list[str], course: CourseFile) -> str:
    """``name,duedate`` rows, nbgrader's ``db assignment import`` format (empty due date when none)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["name", "duedate"])
    writer.writerows([a, course.entry(a).due or ""] for a in assignments)
    return buffer.getvalue()


def write_source(folder: Path, out: Path) -> list[Path]:
    """``out/source/<id>/`` of the assignment in ``folder``: the code path of ``grader notebooks``."""
    from grader.course.locate import load_declaration
    from grader.publish import generate as gen
    from grader.publish.nbgrader import write_course

    stub = load_declaration(folder).student_file  # the notebook takes the stub's place
    beside = {name: text for name, text in gen.current_files(folder).items() if name != stub}
    return write_course(folder, out, beside)


def write_plain(folder: Path, target: Path) -> list[Path]:
    """The student's copy of the assignment in ``folder`` into ``target``: the code path of ``grader release``."""
    from grader.publish import generate as gen

    written = []
    for name in gen.release_files(folder):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / name, target / name)
        written.append(target / name)
    return written


def build_course(out: Path, folders: Mapping[str, Path], course: CourseFile, *, nbgrader: bool = True,
                 plain: bool = True) -> list[Path]:
    """Write the course of ``folders`` (``{id: instructor's folder}``, in order) into ``out``.

    Parameters
    ----------
    out : Path
        The course folder (created).
    folders : mapping
        The assignments; each folder must hold ``assignment.py`` (the instructor's checkout).
    course : CourseFile
        The course id and due dates.
    nbgrader, plain : bool
        Write the nbgrader course, the plain release folders.

    Returns
    -------
    list of Path
        Every file written.

    Raises
    ------
    ValueError
        If a folder is not an instructor's assignment folder (no ``assignment.py``).
    """
    from grader.course.locate import has_declaration

    lacking = [a for a, f in folders.items() if not has_declaration(f)]
    if lacking:
        raise ValueError(f"no assignment.py for {lacking}: the course is built from the instructor's checkout")
    out.mkdir(parents=True, exist_ok=True)
    ids = list(folders)
    written: list[Path] = []
    if nbgrader:
        config = out / CONFIG
        config.write_text(nbgrader_config(course.course_id or out.resolve().name, ids), encoding="utf-8")
        (out / ASSIGNMENTS_CSV).write_text(assignments_csv(ids, course), encoding="utf-8")
        written += [config, out / ASSIGNMENTS_CSV]
        for folder in folders.values():
            written += [p for p in write_source(folder, out) if p != config]
    if plain:
        for assignment, folder in folders.items():
            written += write_plain(folder, out / PLAIN / assignment)
    return written


__all__ = ["ASSIGNMENTS_CSV", "CONFIG", "PLAIN", "assignments_csv", "build_course", "nbgrader_config",
           "write_plain", "write_source"]
