"""What the commands share: exit codes, finding an assignment, printing, choosing a sandbox."""

from __future__ import annotations

import enum
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from grader.cli.sandboxes import ISOLATIONS, hidden_by

if TYPE_CHECKING:
    from grader.execution.sandbox import SandboxLauncher


#: Set by a command that has written everything it writes: :func:`grader.cli.run` then ends the
#: process without tearing the interpreter down.
FAST_EXIT = False


def exit_fast() -> None:
    """Let :func:`grader.cli.run` end the process as soon as the command exits (see there)."""
    global FAST_EXIT
    FAST_EXIT = True


class ExitCode(enum.IntEnum):
    """How ``grader`` exits."""

    OK = 0
    FAILED = 1
    USAGE = 2
    INTERNAL = 3


def assignment_folder(assignment: str) -> Path:
    from grader.course.locate import AssignmentNotFound, find_assignment  # imported when needed (numpy)

    try:
        return find_assignment(assignment)
    except AssignmentNotFound as exc:
        raise click.UsageError(str(exc)) from None


def print_text(text: str) -> None:
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


def allow_unsafe_process(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    """``--allow-unsafe-process``: the documented override, passed on to every worker by the environment."""
    if value:
        os.environ["GRADER_ALLOW_UNSAFE_PROCESS"] = "1"
    return value


def sandbox_launcher(isolation: str, hide: list[Path], early: SandboxLauncher | None = None) -> SandboxLauncher:
    """A started sandbox hiding ``hide`` (``early``'s, when it came up and hides them)."""
    from grader.execution.sandbox import SandboxError, choose_launcher

    if early is not None:
        if hidden_by(early, hide):
            try:
                early.server.start()
                return early
            except (SandboxError, OSError):
                pass
        early.close()
    try:
        return choose_launcher(isolation, [str(p.resolve()) for p in hide])
    except SandboxError as exc:
        raise click.UsageError(str(exc)) from None


#: ``--allow-unsafe-process``, the same on every command that grades.
allow_unsafe_option = click.option(
    "--allow-unsafe-process", is_flag=True, expose_value=False, callback=allow_unsafe_process,
    help="With --isolation process where submissions cannot get an unprivileged uid of their own "
         "(the grader is not root, or its Python is under /root): run them as the grader's own user "
         "anyway (also GRADER_ALLOW_UNSAFE_PROCESS=1). Never chosen by auto.")


def class_options(command: Any) -> Any:
    """The options of a command that grades a class: workers, limits, sandbox and executor."""
    for option in reversed((
        click.option("--workers", type=click.IntRange(1), default=1, show_default=True,
                     help="Submissions graded at once, each worker with its own sandbox."),
        click.option("--timeout", type=float, default=10.0, show_default=True,
                     help="At most this many seconds per call (a call's own budget is 100 times the "
                          "reference's time on its inputs, at least 0.1 s, and as much CPU time, at least "
                          "0.03 s); a whole submission gets at most 10 times this (60 s or more)."),
        click.option("--memory", type=click.IntRange(64), default=2048, show_default=True,
                     help="Address-space limit of a submission's process, in MiB."),
        allow_unsafe_option,
        click.option("--isolation", type=click.Choice(ISOLATIONS), default="auto", show_default=True,
                     help="Sandbox of each submission (auto: the strongest this machine offers)."),
        click.option("--executor", default="local", show_default=True,
                     help="'local' worker processes, or dask://HOST:PORT to grade on a Dask cluster."),
    )):
        command = option(command)
    return command

