"""The code to compare: submissions read safely, and the code every student was given.

Submissions are read with :func:`grader.grading.submission.read_source`
(size limit, regular files only, UTF-8, a notebook's code cells without
its autograder and ``skip-grading`` cells), never executed. A file that
cannot be read is left out with the reason, so one bad upload does not stop
the comparison of the others.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from grader.grading.source import Source, SubmissionError
from grader.grading.submission import read_source

if TYPE_CHECKING:
    from grader.course.model import Assignment


def read_submissions(paths: Mapping[str, Path]) -> tuple[dict[str, Source], dict[str, str]]:
    """Each student's submission as :class:`~grader.grading.source.Source`, and why the unreadable ones were left out.

    Parameters
    ----------
    paths : mapping of str to Path
        Student name to the submitted file (``.py`` or ``.ipynb``).

    Returns
    -------
    sources : dict of str to Source
        The submissions that could be read.
    skipped : dict of str to str
        Student name to the reason their file was left out.
    """
    sources: dict[str, Source] = {}
    skipped: dict[str, str] = {}
    for student, path in sorted(paths.items()):
        try:
            sources[student] = read_source(path)
        except SubmissionError as exc:
            skipped[student] = str(exc)
    return sources, skipped


def assignment_boilerplate(folder: Path) -> list[Source | str]:
    """The code every student of the assignment in ``folder`` was given, to exclude from the comparison.

    The stub (``<id>.py``), the provided modules and, when the folder holds
    the instructor's declaration, the release notebook's code cells and the
    exercises' code. A student's copy of the assignment (no declaration)
    gives the stub and the provided files listed in ``public_checks.json``.
    """
    from grader.course.locate import FILENAME, has_declaration, load_declaration, provided_files

    out: list[Source | str] = []
    if has_declaration(folder):
        assignment = load_declaration(folder)
        student_file = assignment.student_file
        out.extend(_notebook(assignment))
        out.extend(exercise.code for exercise in assignment.exercises)
        out.extend(text for _name, text in provided_files(folder, assignment))
    else:
        student_file = json.loads((folder / FILENAME).read_text(encoding="utf-8"))["student_file"]
        out.extend(text for _name, text in provided_files(folder))
    stub = folder / student_file
    if stub.is_file():
        out.insert(0, read_source(stub))
    return out


def _notebook(assignment: Assignment) -> list[str]:
    """The code cells of the released notebook: the source notebook's, each solution region replaced by its stub."""
    try:
        from grader.grading.ipynb import notebook_source
        from grader.publish.nbgrader import render_notebook
        from grader.publish.stubs import StubError, strip_solution

        source = notebook_source(render_notebook(assignment), Path(f"{assignment.id}.ipynb"))
    except (ImportError, SubmissionError, OSError, ValueError):
        return []
    out = []
    for number, code in source.cells:
        try:
            out.append(strip_solution(code, f"cell {number}"))
        except StubError:  # no solution region: the cell is given as it is
            out.append(code)
    return out


__all__ = ["assignment_boilerplate", "read_submissions"]
