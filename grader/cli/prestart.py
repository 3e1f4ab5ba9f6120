"""``grader check``'s sandbox, started before the command line is parsed.

A student's ``grader check`` is mostly waiting: two Pythons each import
numpy, the grader's and the sandbox's. The sooner the sandbox's starts, the
more of its boot hides behind the grader's own imports (the command line
library, numpy, the suite). :func:`from_argv` reads the few options that
decide which sandbox ``check`` needs (``--isolation`` and the folder of
``--submission``) straight from ``sys.argv``, before anything else is
imported, and starts it; the ``check`` command then :func:`claim`\\ s it with
the options the command line parsed. A sandbox started for options that were
misread (an unusual spelling, a typo the parser rejects) is closed unused
and the command starts the right one, as if this module did not exist.

This module imports nothing of the command line: it must run first.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from grader.execution.sandbox import SandboxLauncher

#: ``(isolation, folder the sandbox hides, launcher)`` of the sandbox started by :func:`from_argv`.
_STARTED: tuple[str, Path, SandboxLauncher] | None = None

#: Options after which ``check`` does not grade (nothing to start).
_NO_GRADING = frozenset({"-h", "--help", "--version"})


def _options(args: list[str]) -> tuple[str, Path] | None:
    """``(isolation, folder near the submission)`` as ``check`` would parse them; None when unsure."""
    isolation, submission = "auto", None
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in _NO_GRADING:
            return None
        name, eq, value = arg.partition("=")
        if name in ("--isolation", "--submission", "-s") and not eq:
            if i + 1 >= len(args):
                return None
            value, i = args[i + 1], i + 1
        if name == "--isolation":
            isolation = value
        elif name in ("--submission", "-s"):
            submission = value
        i += 1
    near = Path(submission).parent if submission else Path.cwd()
    return isolation, near


def from_argv(args: list[str]) -> None:
    """Start the sandbox ``grader check`` will need, when ``args`` (``sys.argv[1:]``) are a ``check``.

    Never raises: anything that goes wrong here is left for the command to
    meet (and report) when it starts its sandbox itself.
    """
    global _STARTED
    if not args or args[0] != "check" or _STARTED is not None:
        return
    options = _options(args[1:])
    if options is None:
        return
    try:
        from grader.cli.sandboxes import early_sandbox

        launcher = early_sandbox(*options)
    except Exception:  # noqa: BLE001 - the command starts its own sandbox and reports what fails
        return
    if launcher is not None:
        _STARTED = (options[0], options[1].resolve(), launcher)


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
