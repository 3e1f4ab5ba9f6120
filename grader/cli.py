"""The ``grader`` command line: a thin layer over the library.

Exit codes (:class:`ExitCode`): 0 when every check passes, 1 when some
check fails, 2 on a usage error (unknown assignment, missing file, bad
option), 3 when the grader itself failed (a bug: the report it still prints
says so on every check).
"""

from __future__ import annotations

import enum
import json
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from grader.course.locate import AssignmentNotFound, find_assignment, has_declaration, load_suite
from grader.execution.interface import Limits
from grader.grading.internal import internal_error_report, log_internal_error
from grader.grading.results import Report
from grader.grading.runner import grade_submission
from grader.publish import generate as gen
from grader.render.formats import FORMATS
from grader.render.formats import render_report as render

if TYPE_CHECKING:
    from grader.course.model import Suite
    from grader.execution.sandbox import SandboxLauncher


class ExitCode(enum.IntEnum):
    """How ``grader`` exits."""

    OK = 0
    FAILED = 1
    USAGE = 2
    INTERNAL = 3


def _folder(assignment: str) -> Path:
    try:
        return find_assignment(assignment)
    except AssignmentNotFound as exc:
        raise click.UsageError(str(exc)) from None


def _print_text(text: str) -> None:
    """Colour the PASS/FAIL marks on a terminal; plain text otherwise."""
    if not sys.stdout.isatty():
        click.echo(text, nl=False)
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False)
    styles = {"  PASS": "green", "  FAIL": "red", "  ERR ": "yellow"}
    for line in text.splitlines():
        styled = Text(line)
        for prefix, style in styles.items():
            if line.startswith(prefix):
                styled.stylize(style, 2, 6)
        if line.startswith("Total:"):
            styled.stylize("bold")
        console.print(styled)


ISOLATIONS = ("auto", "bwrap", "unshare", "process")


def _allow_unsafe_process(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    """``--allow-unsafe-process``: the documented override, passed on to every worker by the environment."""
    if value:
        os.environ["GRADER_ALLOW_UNSAFE_PROCESS"] = "1"
    return value


def _launcher(isolation: str, hide: list[Path]) -> SandboxLauncher:
    from grader.execution.sandbox import SandboxError, choose_launcher

    try:
        return choose_launcher(isolation, [str(p.resolve()) for p in hide])
    except SandboxError as exc:
        raise click.UsageError(str(exc)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="nn-grader")
def main() -> None:
    """Auto-grader for the neural-networks-from-scratch course."""


@main.command()
@click.argument("assignment")
@click.option("--submission", "-s", type=click.Path(dir_okay=False, path_type=Path),
              help="A .py file or .ipynb notebook (default: the student's file in the assignment folder).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--public", is_flag=True, help="Run only the public checks, as a student's copy does.")
@click.option("--timeout", type=float, default=10.0, show_default=True, help="Seconds allowed per call.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of stdout.")
@click.option("--allow-unsafe-process", is_flag=True, expose_value=False, callback=_allow_unsafe_process,
              help="With --isolation process where submissions cannot get an unprivileged uid of their own "
                   "(the grader is not root, or its Python is under /root): run them as the grader's own user "
                   "anyway (also GRADER_ALLOW_UNSAFE_PROCESS=1). Never chosen by auto.")
@click.option("--isolation", type=click.Choice(ISOLATIONS), default="auto", show_default=True,
              help="Sandbox for the submission: the strongest available (auto), bubblewrap, unshare "
                   "or a plain process.")
def check(assignment: str, submission: Path | None, fmt: str, public: bool, timeout: float,
          output: Path | None, isolation: str) -> None:
    """Grade one submission of ASSIGNMENT and print the report.

    Even when the grader itself fails, a report is printed (every check an
    error that says so) and the exit code is 3.
    """
    folder = _folder(assignment)
    try:
        suite = load_suite(folder, public_only=public)
    except AssignmentNotFound as exc:  # a student's copy without public_checks.json
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
    launcher = _launcher(isolation, [path.parent, folder])
    report, failed = _grade(suite, path, launcher, Limits(call_seconds=timeout))
    failed = _emit(report, fmt, output, suite.title, path.name, suite) or failed
    if failed:
        sys.exit(ExitCode.INTERNAL)
    sys.exit(ExitCode.OK if report.passed else ExitCode.FAILED)


def _grade(suite: Suite, path: Path, launcher: SandboxLauncher, limits: Limits) -> tuple[Report, bool]:
    """The submission's report, and whether the grader failed.

    When grading fails, every check of the report says so; when only closing
    the sandbox fails, the report stands (the failure is still an internal error).
    """
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
        _print_text(text)
    else:
        click.echo(text, nl=False)
    return failed


@main.command("list")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
def list_(fmt: str) -> None:
    """List the assignments found: id, title, points (hidden checks included), graded functions."""
    from grader.course.locate import assignment_folders, describe

    infos = [describe(folder) for folder in assignment_folders().values()]
    if fmt == "json":
        click.echo(json.dumps([i.to_json() for i in infos], indent=2))
        return
    for info in infos:
        count = len(info.functions)
        click.echo(f"{info.id}  {info.title}  ({info.points:g} points, {count} function{'s' * (count != 1)})")
        click.echo(f"    {', '.join(info.functions)}")
    if not infos:
        click.echo("no assignments found")


@main.command()
@click.argument("assignment")
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 if the committed files are stale.")
def generate(assignment: str, check_only: bool) -> None:
    """Write the student's stub and public_checks.json of ASSIGNMENT from the reference.

    The full suite (hidden checks included) is compiled first and the reference solution graded on it:
    nothing is written (exit 1, every failing check listed) unless it gets full marks and the generated
    stub scores 0 with every function "not implemented".
    """
    folder = _folder(assignment)
    if not has_declaration(folder):
        raise click.UsageError(f"{folder} has no assignment.py: generate runs on the instructor's checkout")
    files = gen.generated_files(folder)
    stale = [name for name, text in files.items() if not gen.is_current(folder / name, text)]
    if check_only:
        for name in stale:
            click.echo(f"stale: {folder / name}")
        sys.exit(ExitCode.FAILED if stale else ExitCode.OK)
    problems = gen.self_check(folder, files) if stale else []
    if problems:  # nothing is written while the reference fails its own checks or the stub scores
        click.echo(f"not written: {len(problems)} problem{'s' * (len(problems) != 1)} with {assignment}", err=True)
        for problem in problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(ExitCode.FAILED)
    for name, text in files.items():
        if name in stale:  # a file equal but for float noise is left as it is, on every machine
            (folder / name).write_text(text, encoding="utf-8")
        click.echo(f"{'wrote' if name in stale else 'unchanged'} {folder / name}")


@main.command()
@click.argument("assignment")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to create the student's copy in.")
def release(assignment: str, out: Path) -> None:
    """Copy the student's files of ASSIGNMENT (stub, public checks) into OUT."""
    folder = _folder(assignment)
    files = gen.release_files(folder)
    out.mkdir(parents=True, exist_ok=True)
    for name in files:
        (out / name).parent.mkdir(parents=True, exist_ok=True)  # a provided file may sit in a subfolder
        shutil.copyfile(folder / name, out / name)
        click.echo(f"copied {out / name}")


@main.command()
@click.argument("assignment")
@click.option("--course", "course", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The nbgrader course folder (the one holding source/).")
def notebooks(assignment: str, course: Path) -> None:
    """Write the nbgrader source notebook of ASSIGNMENT into COURSE/source/ASSIGNMENT/.

    Its public checks and pytest file go beside it (nbgrader releases them
    with the notebook); COURSE/nbgrader_config.py is written when missing.
    """
    from grader.course.locate import load_declaration
    from grader.publish.nbgrader import write_course

    folder = _folder(assignment)
    if not has_declaration(folder):
        raise click.UsageError(f"{folder} has no assignment.py: notebooks are generated on the instructor's checkout")
    stub = load_declaration(folder).student_file  # the notebook takes the stub's place
    beside = {name: text for name, text in gen.current_files(folder).items() if name != stub}
    for path in write_course(folder, course, beside):
        click.echo(f"wrote {path}")


@main.command()
@click.argument("assignment")
@click.argument("submissions", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for results/, gradebook.csv, summary.json and summary.html "
                   "(default: ./ASSIGNMENT-grades).")
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True,
              help="Submissions graded at once, each worker with its own sandbox.")
@click.option("--timeout", type=float, default=10.0, show_default=True,
              help="Seconds allowed per call; a whole submission gets at most 10 times this (60 s or more).")
@click.option("--memory", type=click.IntRange(64), default=2048, show_default=True,
              help="Address-space limit of a submission's process, in MiB.")
@click.option("--allow-unsafe-process", is_flag=True, expose_value=False, callback=_allow_unsafe_process,
              help="With --isolation process where submissions cannot get an unprivileged uid of their own "
                   "(the grader is not root, or its Python is under /root): run them as the grader's own user "
                   "anyway (also GRADER_ALLOW_UNSAFE_PROCESS=1). Never chosen by auto.")
@click.option("--isolation", type=click.Choice(ISOLATIONS), default="auto", show_default=True,
              help="Sandbox of each submission (auto: the strongest this machine offers).")
@click.option("--executor", default="local", show_default=True,
              help="'local' worker processes, or dask://HOST:PORT to grade on a Dask cluster.")
@click.option("--public", is_flag=True, help="Run only the public checks.")
@click.option("--force", is_flag=True, help="Grade everything again, ignoring stored results.")
def grade(assignment: str, submissions: Path, out: Path | None, workers: int, timeout: float, memory: int,
          isolation: str, executor: str, public: bool, force: bool) -> None:
    """Grade every submission in SUBMISSIONS (one .py, .ipynb or student folder each), resumably."""
    from grader.batch.progress import RichProgress
    from grader.batch.run import run_batch
    from grader.execution.sandbox import SandboxError

    folder = _folder(assignment)
    out = out or Path.cwd() / f"{assignment}-grades"
    if out.resolve().is_relative_to(submissions.resolve()):
        raise click.UsageError("--out must not be inside SUBMISSIONS")
    progress = RichProgress(f"grading {assignment}") if sys.stderr.isatty() else None
    try:
        summary = run_batch(folder, submissions, out, workers=workers, isolation=isolation, public_only=public,
                            limits=Limits(call_seconds=timeout, memory_mb=memory), executor=executor,
                            force=force, progress=progress)
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


@main.command()
@click.argument("assignment")
@click.option("--function", "functions", multiple=True, help="Audit only this graded function (repeatable).")
@click.option("--operator", "operators", multiple=True, help="Use only this mutation operator (repeatable).")
@click.option("--jobs", type=click.IntRange(1), default=1, show_default=True,
              help="Mutants graded at once, each worker with its own sandbox.")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.option("--isolation", type=click.Choice(ISOLATIONS), default="auto", show_default=True,
              help="Sandbox the mutants are graded in.")
def audit(assignment: str, functions: tuple[str, ...], operators: tuple[str, ...], jobs: int, fmt: str,
          isolation: str) -> None:
    """Measure ASSIGNMENT's checks by mutation testing; exit 1 below its audit_threshold."""
    from grader.audit import RENDERERS, audit_folder
    from grader.audit.catalog import UnknownOperator
    from grader.audit.grading import default_launcher
    from grader.audit.run import UnknownFunction
    from grader.execution.sandbox import SandboxError

    folder = _folder(assignment)
    if not has_declaration(folder):
        raise click.UsageError(f"{folder} has no assignment.py: audit runs on the instructor's checkout")
    try:
        report = audit_folder(folder, functions=functions, operators=operators, jobs=jobs,
                              launcher=default_launcher(isolation))
    except (UnknownFunction, UnknownOperator, SandboxError) as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(RENDERERS[fmt](report), nl=False)
    sys.exit(ExitCode.OK if report.passed else ExitCode.FAILED)


@main.group()
def gradescope() -> None:
    """Grade on Gradescope: build the autograder zip; grade one upload inside it."""


@gradescope.command("build")
@click.argument("assignment")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="The zip to write (default: ./ASSIGNMENT-autograder.zip).")
def gradescope_build(assignment: str, out: Path | None) -> None:
    """Write the Gradescope autograder zip of ASSIGNMENT (setup.sh, run_autograder, grader, reference).

    The zip holds the reference and the hidden checks: upload it to Gradescope, never share it.
    """
    from grader.publish.gradescope import build_zip

    folder = _folder(assignment)
    if not has_declaration(folder):
        raise click.UsageError(f"{folder} has no assignment.py: the autograder is built on the instructor's checkout")
    out = out or Path.cwd() / f"{assignment}-autograder.zip"
    try:
        names = build_zip(folder, out)
    except FileNotFoundError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"wrote {out} ({len(names)} files): upload it as the assignment's autograder on Gradescope")


@gradescope.command("run")
@click.argument("assignment")
@click.argument("upload", type=click.Path(file_okay=False, path_type=Path))
@click.option("--results", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write Gradescope's results.json.")
@click.option("--timeout", type=float, default=10.0, show_default=True, help="Seconds allowed per call.")
@click.option("--allow-unsafe-process", is_flag=True, expose_value=False, callback=_allow_unsafe_process,
              help="With --isolation process where submissions cannot get an unprivileged uid of their own "
                   "(the grader is not root, or its Python is under /root): run them as the grader's own user "
                   "anyway (also GRADER_ALLOW_UNSAFE_PROCESS=1). Never chosen by auto.")
@click.option("--isolation", type=click.Choice(ISOLATIONS), default="auto", show_default=True,
              help="Sandbox for the submission (auto: the strongest the container allows).")
def gradescope_run(assignment: str, upload: Path, results: Path, timeout: float, isolation: str) -> None:
    """Grade the student's file in UPLOAD and write RESULTS (what run_autograder does on Gradescope).

    A missing or ambiguous upload still gets a results file (score 0, with the reason), and so does a
    failure of the grader itself (every check an error saying so, the traceback on stderr): exit 0
    either way. An unknown ASSIGNMENT or an --isolation this machine cannot provide is a usage error
    (exit 2), after a results file saying so is written.
    """
    from grader.execution.sandbox import SandboxError
    from grader.publish.gradescope import run, write_internal_error

    try:
        folder = _folder(assignment)
    except click.UsageError as exc:  # a broken autograder: still tell the student something
        write_internal_error(results, assignment, exc)
        raise
    try:
        score = run(folder, upload, results, isolation=isolation, limits=Limits(call_seconds=timeout))
    except SandboxError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"{assignment}: {score:g} points; wrote {results}")


if __name__ == "__main__":
    main()
