"""The instructor's commands: ``list``, ``generate``, ``release``, ``notebooks``, ``audit``."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from grader.cli.common import (
    ISOLATIONS,
    ExitCode,
    assignment_folder,
)
from grader.cli.group import main
from grader.course.locate import has_declaration
from grader.publish import generate as gen

if TYPE_CHECKING:
    pass


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
    folder = assignment_folder(assignment)
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
@click.option("--wheel/--no-wheel", default=True, show_default=True,
              help="Ship a wheel of the grader in OUT, so that students install it offline with one command.")
def release(assignment: str, out: Path, wheel: bool) -> None:
    """Copy the student's files of ASSIGNMENT (stub, public checks, pytest file) into OUT.

    OUT also gets a README.md saying how to install the checker and check one's work, and a
    wheel of the grader (never the reference). `grader check` run in OUT finds ASSIGNMENT by itself.
    """
    from grader.course.locate import load_declaration
    from grader.publish.release import WheelError, write_release_extras
    from grader.testing import TEST_FILE

    folder = assignment_folder(assignment)
    files = gen.release_files(folder)
    out.mkdir(parents=True, exist_ok=True)
    for name in files:
        (out / name).parent.mkdir(parents=True, exist_ok=True)  # a provided file may sit in a subfolder
        shutil.copyfile(folder / name, out / name)
        click.echo(f"copied {out / name}")
    decl = load_declaration(folder)
    try:
        written = write_release_extras(out, decl.id, decl.title, decl.student_file,
                                       TEST_FILE.format(assignment=decl.id), wheel=wheel)
    except WheelError as exc:
        raise click.ClickException(f"{exc} (or release with --no-wheel)") from None
    for path in written:
        click.echo(f"wrote {path}")


@main.command()
@click.argument("assignment")
@click.option("--course", "course", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The nbgrader course folder (the one holding source/).")
@click.option("--wheel/--no-wheel", default=True, show_default=True,
              help="Ship a wheel of the grader beside the notebook, so that students install it offline.")
def notebooks(assignment: str, course: Path, wheel: bool) -> None:
    """Write the nbgrader source notebook of ASSIGNMENT into COURSE/source/ASSIGNMENT/.

    Its public checks, pytest file, a README.md saying how to install the checker and a
    wheel of the grader go beside it (nbgrader releases them with the notebook);
    COURSE/nbgrader_config.py is written when missing.
    """
    from grader.course.locate import load_declaration
    from grader.publish.nbgrader import write_course
    from grader.publish.release import WheelError, write_release_extras
    from grader.testing import TEST_FILE

    folder = assignment_folder(assignment)
    if not has_declaration(folder):
        raise click.UsageError(f"{folder} has no assignment.py: notebooks are generated on the instructor's checkout")
    stub = load_declaration(folder).student_file  # the notebook takes the stub's place
    beside = {name: text for name, text in gen.current_files(folder).items() if name != stub}
    written = write_course(folder, course, beside)
    decl = load_declaration(folder)
    try:
        written += write_release_extras(course / "source" / decl.id, decl.id, decl.title, decl.student_file,
                                        TEST_FILE.format(assignment=decl.id), notebook=True, wheel=wheel)
    except WheelError as exc:
        raise click.ClickException(f"{exc} (or run with --no-wheel)") from None
    for path in written:
        click.echo(f"wrote {path}")


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

    folder = assignment_folder(assignment)
    if not has_declaration(folder):
        raise click.UsageError(f"{folder} has no assignment.py: audit runs on the instructor's checkout")
    try:
        report = audit_folder(folder, functions=functions, operators=operators, jobs=jobs,
                              launcher=default_launcher(isolation))
    except (UnknownFunction, UnknownOperator, SandboxError) as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(RENDERERS[fmt](report), nl=False)
    sys.exit(ExitCode.OK if report.passed else ExitCode.FAILED)


