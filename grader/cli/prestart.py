"""``grader check``'s sandbox, started before the command line is parsed.

A student's ``grader check`` is mostly waiting: two Pythons each import
numpy, the grader's and the sandbox's. The sooner the sandbox's starts, the
more of its boot hides behind the grader's own imports (the command line
library, numpy, the suite). :func:`from_argv` reads the few options that
decide which sandbox ``check`` needs (``--isolation`` and the folder of
``--submission``) straight from ``sys.argv``, before anything else is
imported, and starts it; in a student's copy it also asks that sandbox for
the child that will import the student's file, so that the import too is
done by the time the grader needs it. The ``check`` command then
:func:`claim`\\ s the sandbox with the options the command line parsed, and
takes the child over if it was asked for the same file. A sandbox started
for options that were misread (an unusual spelling, a typo the parser
rejects) is closed unused and the command starts the right one; a child
for another file is killed and the right one forked: as if this module did
not exist.

This module imports nothing of the command line: it must run first.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from grader.execution.sandbox import SandboxLauncher

#: ``(isolation, folder the sandbox hides, launcher)`` of the sandbox started by :func:`from_argv`.
_STARTED: tuple[str, Path, SandboxLauncher] | None = None

#: Options after which ``check`` does not grade (nothing to start).
_NO_GRADING = frozenset({"-h", "--help", "--version"})


class _Options(NamedTuple):
    isolation: str
    near: Path  # the folder the sandbox hides: the submission's
    submission: Path | None  # ``--submission``
    named: bool  # an assignment was named


#: ``check``'s options that take a value (any other word is the assignment's name).
_VALUED = frozenset({"--isolation", "--submission", "-s", "--format", "--timeout", "--output", "-o"})


def _options(args: list[str]) -> _Options | None:
    """``check``'s options that decide its sandbox and child, as it would parse them; None when unsure."""
    isolation, submission, named = "auto", None, False
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in _NO_GRADING:
            return None
        name, eq, value = arg.partition("=")
        if name in _VALUED and not eq:
            if i + 1 >= len(args):
                return None
            value, i = args[i + 1], i + 1
        if name == "--isolation":
            isolation = value
        elif name in ("--submission", "-s"):
            submission = value
        elif not arg.startswith("-"):
            named = True
        i += 1
    path = Path(submission) if submission else None
    return _Options(isolation, path.parent if path else Path.cwd(), path, named)


def from_argv(args: list[str]) -> None:
    """Start the sandbox ``grader check`` will need, when ``args`` (``sys.argv[1:]``) are a ``check``.

    In a student's copy (no assignment named), the sandbox is also asked at
    once for the child that will import the student's file
    (:func:`_spawn_ahead`). Never raises: anything that goes wrong here is
    left for the command to meet (and report) when it starts its sandbox
    itself.
    """
    global _STARTED
    if not args or args[0] != "check" or _STARTED is not None:
        return
    options = _options(args[1:])
    if options is None:
        return
    try:
        from grader.cli.sandboxes import early_sandbox

        launcher = early_sandbox(options.isolation, options.near)
    except Exception:  # noqa: BLE001 - the command starts its own sandbox and reports what fails
        return
    if launcher is None:
        return
    _STARTED = (options.isolation, options.near.resolve(), launcher)
    try:
        _spawn_ahead(launcher, options)
    except Exception:  # noqa: BLE001 - then the command asks for its child itself
        return


def _spawn_ahead(launcher: SandboxLauncher, options: _Options) -> None:
    """Ask the sandbox for the child that will import the student's file of the copy in the current folder.

    The zygote forks it as soon as it is up, and it imports the file while
    the grader still loads numpy and the suite; ``check`` takes it over
    when it asks for the same source, limits and provided files (see
    :meth:`~grader.execution.forkserver.ForkServer.spawn_ahead`). Only for
    a ``.py`` file of a released copy, with the default limits.
    """
    from grader.course.released import student_copy
    from grader.grading.source import SubmissionError
    from grader.grading.submission import read_source

    copy = None if options.named else student_copy(Path.cwd())
    if copy is None:
        return
    path = options.submission or copy[0]
    if path.suffix != ".py":
        return
    try:
        text = read_source(path).text
    except SubmissionError:
        return
    from grader.execution.interface import Limits

    launcher.server.spawn_ahead(text, Limits(), copy[1])


def claim(isolation: str, near: Path) -> SandboxLauncher | None:
    """The sandbox :func:`from_argv` started, if it was for ``isolation`` near ``near``; else None (it is closed)."""
    global _STARTED
    started, _STARTED = _STARTED, None
    if started is None:
        return None
    if started[0] == isolation and started[1] == near.resolve():
        return started[2]
    started[2].close()
    return None


def close_unclaimed() -> None:
    """Close a sandbox no command claimed (the command line was rejected, or was not what it seemed)."""
    global _STARTED
    started, _STARTED = _STARTED, None
    if started is not None:
        started[2].close()


def one_blas_thread() -> None:
    """Have numpy's BLAS use one thread in the grader's processes, unless the user chose otherwise.

    Must run before numpy is imported. The grader's own arrays are small;
    OpenBLAS's extra threads would spin after every product, on the cores the
    sandbox (and the other workers) need: with them, the grader's import of
    numpy alone costs a 2-core machine half as much again.
    """
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")


__all__ = ["claim", "close_unclaimed", "from_argv", "one_blas_thread"]
