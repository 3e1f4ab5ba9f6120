"""``grader gradescope build`` and ``grader gradescope run``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from grader.cli.common import (
    ISOLATIONS,
    allow_unsafe_option,
    assignment_folder,
)
from grader.cli.group import main
from grader.course.locate import has_declaration
from grader.execution.interface import Limits

if TYPE_CHECKING:
    pass


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

    folder = assignment_folder(assignment)
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
@allow_unsafe_option
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
        folder = assignment_folder(assignment)
    except click.UsageError as exc:  # a broken autograder: still tell the student something
        write_internal_error(results, assignment, exc)
        raise
    try:
        score = run(folder, upload, results, isolation=isolation, limits=Limits(call_seconds=timeout))
    except SandboxError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"{assignment}: {score:g} points; wrote {results}")


