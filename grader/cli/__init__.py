"""The ``grader`` command line: a thin layer over the library.

Exit codes (:class:`ExitCode`): 0 when every check passes, 1 when some
check fails, 2 on a usage error (unknown assignment, missing file, bad
option), 3 when the grader itself failed (a bug: the report it still prints
says so on every check).

Each command's module is imported when the command runs (:mod:`grader.cli.group`).
"""

from __future__ import annotations

import atexit
import os
import sys
from typing import Any

from grader.cli import prestart

__all__ = ["FORMATS", "ExitCode", "main", "run"]


def run() -> None:
    """The ``grader`` program: :func:`main`, ended without tearing the interpreter down when a command asks.

    Before anything else, numpy's BLAS is held to one thread in the grader's
    processes (:func:`~grader.cli.prestart.one_blas_thread`) and a ``grader
    check`` starts its sandbox (:mod:`grader.cli.prestart`), so that the
    sandbox boots while the command line library, numpy and the suite load.

    ``grader check`` asks (:func:`grader.cli.common.exit_fast`): once its report
    is written and its sandbox closed, the exit handlers run (temporary
    folders, logging) and the process ends, skipping the collection of every
    module numpy and the grader loaded (about 14 ms, a tenth of a check).
    """
    prestart.one_blas_thread()
    prestart.from_argv(sys.argv[1:])  # before the command line library and numpy are imported
    from grader.cli import common

    command = globals().get("main") or __getattr__("main")
    try:
        command()
    except SystemExit as exc:
        prestart.close_unclaimed()  # (before a fast exit, which skips the finally clause)
        if not common.FAST_EXIT:
            raise
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if exc.code is not None and not isinstance(exc.code, int):
            print(exc.code, file=sys.stderr)
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed pipe: nothing more can be said
                pass
        getattr(atexit, "_run_exitfuncs")()  # noqa: B009 - what Python's own exit would run first
        os._exit(code)
    finally:
        prestart.close_unclaimed()


def __getattr__(name: str) -> Any:
    if name == "main":  # imported on first use: :func:`run` starts ``check``'s sandbox before click is imported
        from grader.cli.group import main

        return main
    if name == "ExitCode":
        from grader.cli.common import ExitCode

        return ExitCode
    if name == "FORMATS":  # kept importable from here, without importing the renderers up front
        from grader.render.formats import FORMATS

        return FORMATS
    raise AttributeError(name)
