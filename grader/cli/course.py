"""The course staff's commands: ``grader course build`` and ``grader course grade``.

Both work on every assignment found (:func:`grader.course.locate.assignment_folders`),
weighted and titled by an optional ``course.toml`` (:mod:`grader.coursework.config`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from grader.cli.common import class_options
from grader.cli.group import main
from grader.coursework.config import CourseFile, CourseFileError, check_assignments, default_course, load_course_file

_COURSE_FILE = click.option(
    "--course-file", "course_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The course file (title, weights, roster, missing policy); default: ./course.toml when present.")
_ONLY = click.option("--assignment", "only", multiple=True,
                     help="Only this assignment (repeatable); default: every assignment found.")


def _course(path: Path | None) -> CourseFile:
    """The course file given, else ./course.toml, else every weight 1."""
    from grader.course.locate import assignment_folders

    path = path or (Path("course.toml") if Path("course.toml").is_file() else None)
    if path is None:
        return default_course()
    try:
        course = load_course_file(path)
        check_assignments(course, list(assignment_folders()), path)
    except CourseFileError as exc:
        raise click.UsageError(str(exc)) from None
    return course


def _folders(only: tuple[str, ...]) -> dict[str, Path]:
    from grader.course.locate import assignment_folders

    folders = assignment_folders()
    unknown = sorted(set(only) - set(folders))
    if unknown:
        raise click.UsageError(f"unknown assignments {unknown}; the assignments are: {', '.join(folders)}")
    return {a: f for a, f in folders.items() if not only or a in only}


@main.group()
def course() -> None:
    """The whole course: build every assignment into one course folder, grade a class's course."""


@course.command()
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The course folder to write (the nbgrader course root).")
@_COURSE_FILE
@_ONLY
@click.option("--nbgrader/--no-nbgrader", default=True, show_default=True,
              help="Write the nbgrader course: source/<id>/, nbgrader_config.py, assignments.csv.")
@click.option("--plain/--no-plain", default=True, show_default=True,
              help="Write the plain release folders plain/<id>/ (courses without nbgrader).")
def build(out: Path, course_file: Path | None, only: tuple[str, ...], nbgrader: bool, plain: bool) -> None:
    """Write every assignment into OUT: one nbgrader course and the plain release folders."""
    from grader.coursework.build import build_course

    folders = _folders(only)
    try:
        written = build_course(out, folders, _course(course_file), nbgrader=nbgrader, plain=plain)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"wrote {len(written)} files for {len(folders)} assignments into {out}")
    if nbgrader:
        click.echo(f"next: cd {out} && nbgrader db assignment import assignments.csv")


@course.command()
@click.argument("submissions", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for <assignment>/ per assignment and the course gradebooks.")
@_COURSE_FILE
@_ONLY
@click.option("--functions", is_flag=True, help="Add a column per graded function to course_gradebook.csv.")
@class_options
@click.option("--public", is_flag=True, help="Run only the public checks.")
@click.option("--force", is_flag=True, help="Grade everything again, ignoring stored results.")
def grade(submissions: Path, out: Path, course_file: Path | None, only: tuple[str, ...], functions: bool,
          workers: int, timeout: float, memory: int, isolation: str, executor: str, public: bool,
          force: bool) -> None:
    """Grade every assignment of every student in SUBMISSIONS, resumably, into OUT.

    SUBMISSIONS holds <student>/<assignment>/ folders, or is an nbgrader course (its submitted/).
    Writes OUT/<assignment>/ (as `grader grade`) and OUT/course_gradebook.csv, .json, canvas.csv, moodle.csv.
    """
    from grader.course.locate import assignment_folders
    from grader.coursework.grade import grade_course
    from grader.coursework.progress import CourseProgress
    from grader.coursework.roster import RosterError, load_roster
    from grader.execution.interface import Limits
    from grader.execution.sandbox import SandboxError

    if out.resolve().is_relative_to(submissions.resolve()):
        raise click.UsageError("--out must not be inside SUBMISSIONS")
    course = _course(course_file)
    try:
        roster = load_roster(course.roster) if course.roster else {}
    except RosterError as exc:
        raise click.UsageError(str(exc)) from None
    progress = CourseProgress(f"grading {course.title}") if sys.stderr.isatty() else None
    try:
        done = grade_course(submissions, out, assignment_folders(), course, roster, only=only, functions=functions,
                            progress=progress, workers=workers, isolation=isolation, public_only=public,
                            limits=Limits(call_seconds=timeout, memory_mb=memory), executor=executor, force=force)
    except (SandboxError, ValueError, KeyError) as exc:
        raise click.UsageError(str(exc.args[0] if isinstance(exc, KeyError) else exc)) from None
    for assignment, batch in done.batches.items():
        click.echo(f"{assignment}: {len(batch.results)} submissions ({batch.graded_now} graded now, "
                   f"{batch.resumed} kept)" + (f"; stopped early: {batch.failure}" if batch.failure else ""))
    missing = sum(cell.status == "missing" for row in done.gradebook.rows for cell in row.cells)
    click.echo(f"{len(done.gradebook.rows)} students, {missing} missing submissions")
    for name, path in done.files.items():
        click.echo(f"{name}: {path}")
