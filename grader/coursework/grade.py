"""Grade a whole course: every assignment found, for every student, resumably, one progress bar.

:func:`grade_course` stages each assignment's submissions (:mod:`grader.coursework.layout`),
runs :func:`grader.batch.run.run_batch` once per assignment into ``OUT/<assignment>/``
(``results/``, ``gradebook.csv``, ``summary.json``: resumable as each batch is) and writes
the course gradebook from the results (:mod:`grader.coursework.exports`) into ``OUT``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.batch.result import BatchResult
from grader.batch.run import BatchSummary, run_batch
from grader.course.locate import load_suite
from grader.coursework.config import CourseFile
from grader.coursework.exports import write_exports
from grader.coursework.gradebook import CourseGradebook, build_gradebook
from grader.coursework.layout import StudentFolder, has_assignment, stage, student_folders, submissions_root
from grader.coursework.progress import CourseProgress
from grader.coursework.roster import Student


@dataclass
class CourseGrades:
    """What :func:`grade_course` did: each assignment's batch, the gradebook and the files written."""

    batches: dict[str, BatchSummary]
    gradebook: CourseGradebook
    files: dict[str, Path] = field(default_factory=dict)


def assignments_to_grade(folders: Mapping[str, Path], course: CourseFile, root: Path,
                         students: Sequence[StudentFolder], only: Sequence[str] = ()) -> dict[str, Path]:
    """The assignments a course run grades, in course order.

    ``only`` when given; else every assignment that some student submitted, or that the
    course file lists (so an assignment nobody submitted still has its column, all missing).

    Raises
    ------
    KeyError
        If ``only`` names an assignment not in ``folders``.
    """
    if only:
        unknown = sorted(set(only) - set(folders))
        if unknown:
            raise KeyError(f"unknown assignments {unknown}; the assignments are: {', '.join(folders)}")
        return {a: f for a, f in folders.items() if a in only}
    return {a: f for a, f in folders.items()
            if a in course.assignments or any(has_assignment(root, s, a) for s in students)}


def grade_course(submissions: Path, out: Path, folders: Mapping[str, Path], course: CourseFile,
                 roster: dict[str, Student] | None = None, *, only: Sequence[str] = (), functions: bool = False,
                 progress: CourseProgress | None = None, **batch: Any) -> CourseGrades:
    """Grade every assignment of ``folders`` found in ``submissions`` into ``out``.

    Parameters
    ----------
    submissions : Path
        ``<student>/<assignment>/...``, or an nbgrader course folder (its ``submitted/``).
    out : Path
        Receives ``<assignment>/`` per assignment and the course gradebook files.
    folders : mapping
        ``{assignment id: folder}`` in course order (:func:`grader.course.locate.assignment_folders`).
    course : CourseFile
        Weights, titles and the missing policy.
    roster : dict, optional
        The class list: its students get a row even without any submission.
    only : sequence of str
        Grade only these assignments (default: see :func:`assignments_to_grade`).
    functions : bool
        Add a column per graded function to ``course_gradebook.csv``.
    progress : CourseProgress, optional
        The course's single progress display.
    **batch
        Passed on to :func:`~grader.batch.run.run_batch` (``workers``, ``limits``, ``isolation``,
        ``executor``, ``public_only``, ``force``).

    Returns
    -------
    CourseGrades

    Raises
    ------
    ValueError
        If ``submissions`` cannot be listed (or as :func:`run_batch` raises).
    KeyError
        If ``only`` names an unknown assignment.
    """
    roster = roster or {}
    root = submissions_root(submissions)
    students = student_folders(root)
    chosen = assignments_to_grade(folders, course, root, students, only)
    staged = {a: stage(root, students, a, out / a) for a in chosen}
    batches: dict[str, BatchSummary] = {}
    if progress is not None:
        progress.start(sum(len(submitted) for _, submitted in staged.values()))
    try:
        for assignment, folder in chosen.items():
            report_to = progress.assignment(assignment) if progress is not None else None
            batches[assignment] = run_batch(folder, staged[assignment][0], out / assignment, progress=report_to,
                                            **batch)
    finally:
        if progress is not None:
            progress.stop()
    public_only = bool(batch.get("public_only", False))
    suites = {a: load_suite(f, public_only=public_only) for a, f in chosen.items()}
    results: dict[str, dict[str, BatchResult]] = {a: {r.student: r for r in s.results} for a, s in batches.items()}
    everyone = [s.student for s in students] + list(roster)
    book = build_gradebook(course, {a: s.title for a, s in suites.items()}, {a: s.max_score for a, s in suites.items()},
                           results, everyone)
    files = write_exports(out, book, roster, course, functions)
    return CourseGrades(batches, book, files)


__all__ = ["CourseGrades", "assignments_to_grade", "grade_course"]
