"""``grader check`` and ``grader grade``: one submission, or a whole class."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from grader.cli import prestart
from grader.cli.common import (
    ISOLATIONS,
    ExitCode,
    allow_unsafe_option,
    assignment_folder,
    class_options,
    exit_fast,
    print_text,
    sandbox_launcher,
)
from grader.cli.group import main
from grader.cli.sandboxes import early_sandbox
from grader.execution.interface import Limits
from grader.render.formats import FORMATS
from grader.render.formats import render_report as render

if TYPE_CHECKING:
    from grader.course.model import Suite
    from grader.execution.sandbox import SandboxLauncher
    from grader.grading.results import Report

# The modules that need numpy (the suite, the runner) are imported inside the commands: ``check`` starts its
# sandbox first, so that the sandbox boots while they are imported.


@main.command()
@click.argument("assignment", required=False)
@click.option("--submission", "-s", type=click.Path(dir_okay=False, path_type=Path),
              help="A .py file or .ipynb notebook (default: the student's file in the assignment folder).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--public", is_flag=True, help="Run only the public checks, as a student's copy does.")
@click.option("--timeout", type=float, default=10.0, show_default=True,
              help="At most this many seconds per call (with the reference at hand, a call's own budget "
                   "is 100 times its time on the same inputs, at least 0.1 s, and as much CPU time, at "
                   "least 0.03 s).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of stdout.")
@allow_unsafe_option
@click.option("--isolation", type=click.Choice(ISOLATIONS), default="auto", show_default=True,
              help="Sandbox for the submission: the strongest available (auto), bubblewrap, unshare "
                   "or a plain process.")
def check(assignment: str | None, submission: Path | None, fmt: str, public: bool, timeout: float,
          output: Path | None, isolation: str) -> None:
    """Grade one submission of ASSIGNMENT and print the report.

    Without ASSIGNMENT, the assignment of the current folder (a released
    copy's public_checks.json names it). Even when the grader itself fails,
    a report is printed (every check an error that says so) and the exit
    code is 3.
    """
    near = submission.parent if submission else Path.cwd()
    early = prestart.claim(isolation, near) or early_sandbox(isolation, near)
    try:
        from grader.course.locate import AssignmentNotFound, here, load_suite
        from grader.grading.internal import internal_error_report, log_internal_error
        from grader.grading.public import OtherFormat

        if assignment is None:
            try:
                assignment, folder = here()
            except AssignmentNotFound as exc:
                raise click.UsageError(str(exc)) from None
        else:
            folder = assignment_folder(assignment)
        try:
            suite = load_suite(folder, public_only=public)
        except (AssignmentNotFound, OtherFormat) as exc:  # a student's copy without (or with another) public_checks
            raise click.UsageError(str(exc)) from None
        except Exception as exc:  # noqa: BLE001 - a broken assignment folder still gets a report
            log_internal_error(exc)
            _emit(internal_error_report(assignment, (), exc), fmt, output, assignment,
                  submission.name if submission else "")
            sys.exit(ExitCode.INTERNAL)
        path = submission or folder / suite.student_file
        if not path.is_file():
            what = "not a regular file (a named pipe, socket or device?)" if path.exists() else "no such file"
            raise click.UsageError(f"cannot grade {path}: {what}")
    except BaseException:  # a usage error or an exit before grading: the early sandbox is stopped
        if early is not None:
            early.close()
        raise
    import grader.grading.runner  # noqa: F401 - imported while the sandbox finishes booting, not after
    launcher = sandbox_launcher(isolation, [path.parent, folder], early)
    report, failed = _grade(suite, path, launcher, Limits(call_seconds=timeout))
    failed = _emit(report, fmt, output, suite.title, path.name, suite) or failed
    exit_fast()  # the report is out and the sandbox closed
    if failed:
        sys.exit(ExitCode.INTERNAL)
    sys.exit(ExitCode.OK if report.passed else ExitCode.FAILED)


def _grade(suite: Suite, path: Path, launcher: SandboxLauncher, limits: Limits) -> tuple[Report, bool]:
    """The submission's report, and whether the grader failed.

    When grading fails, every check of the report says so; when only closing
    the sandbox fails, the report stands (the failure is still an internal error).
    """
    from grader.grading.internal import internal_error_report, log_internal_error
    from grader.grading.runner import grade_submission

    failed = False
    try:
        report = grade_submission(suite, path, launcher=launcher, limits=limits)
    except Exception as exc:  # noqa: BLE001 - a bug in the grader must still give a report
        log_internal_error(exc)
        report, failed = internal_error_report(suite.assignment, suite.checks, exc), True
    try:
        launcher.close()
    except Exception as exc:  # noqa: BLE001
        log_internal_error(exc)
        failed = True
    return report, failed


def _emit(report: Report, fmt: str, output: Path | None, title: str, submission: str,
          suite: Suite | None = None) -> bool:
    """Render and write the report; True when rendering failed and an internal-error report went out instead."""
    from grader.grading.internal import internal_error_report, log_internal_error

    failed = False
    try:
        text = render(report, fmt, title=title, submission=submission)
    except Exception as exc:  # noqa: BLE001 - a renderer's bug: report it in the same format
        log_internal_error(exc)
        failed = True
        fallback = internal_error_report(report.assignment, suite.checks if suite else (), exc)
        text = render(fallback, fmt, title=title, submission=submission)
    if output:
        output.write_text(text, encoding="utf-8")
    elif fmt == "text":
        print_text(text)
    else:
        click.echo(text, nl=False)
    return failed


@main.command()
@click.argument("assignment")
@click.argument("submissions", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for results/, gradebook.csv, summary.json and summary.html "
                   "(default: ./ASSIGNMENT-grades).")
@class_options
@click.option("--public", is_flag=True, help="Run only the public checks.")
@click.option("--force", is_flag=True, help="Grade everything again, ignoring stored results.")
@click.option("--feedback-hidden/--no-feedback-hidden", default=False, show_default=True,
              help="Show the messages of hidden checks on the students' feedback pages "
                   "(feedback/<student>.html); by default those checks show their status and points only.")
def grade(assignment: str, submissions: Path, out: Path | None, workers: int, timeout: float, memory: int,
          isolation: str, executor: str, public: bool, force: bool, feedback_hidden: bool) -> None:
    """Grade every submission in SUBMISSIONS (one .py, .ipynb or student folder each), resumably."""
    from grader.batch.progress import RichProgress
    from grader.batch.run import run_batch
    from grader.execution.sandbox import SandboxError

    folder = assignment_folder(assignment)
    out = out or Path.cwd() / f"{assignment}-grades"
    if out.resolve().is_relative_to(submissions.resolve()):
        raise click.UsageError("--out must not be inside SUBMISSIONS")
    progress = RichProgress(f"grading {assignment}") if sys.stderr.isatty() else None
    try:
        summary = run_batch(folder, submissions, out, workers=workers, isolation=isolation, public_only=public,
                            limits=Limits(call_seconds=timeout, memory_mb=memory), executor=executor,
                            force=force, progress=progress, feedback_hidden=feedback_hidden)
    except (SandboxError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None
    stats = summary.summary
    click.echo(f"{stats['submissions']} submissions ({summary.graded_now} graded now, {summary.resumed} kept "
               f"from an earlier run) in {summary.seconds:.1f} s, isolation: {summary.isolation}")
    if stats["mean"] is not None:
        click.echo(f"mean {stats['mean']:.2f} / {stats['max_score']:g}, median {stats['median']:g}; "
                   f"{stats['with_error']} with errors")
    for name, path in summary.files.items():
        click.echo(f"{name}: {path}")
    if summary.failure:
        click.echo(f"warning: the executor stopped early ({summary.failure}); the submissions it left were "
                   "recorded as grader errors and are graded again on the next run", err=True)


