"""The ``grader`` command line: a thin layer over the library.

Exit codes (:class:`ExitCode`): 0 when every check passes, 1 when some
check fails, 2 on a usage error (unknown assignment, missing file, bad
option), 3 when the grader itself failed (a bug: the report it still prints
says so on every check).

Each command's module is imported when the command runs (:mod:`grader.cli.group`).
"""

from __future__ import annotations

from typing import Any

from grader.cli.common import ExitCode
from grader.cli.group import main

__all__ = ["FORMATS", "ExitCode", "main"]


def __getattr__(name: str) -> Any:
    if name == "FORMATS":  # kept importable from here, without importing the renderers up front
        from grader.render.formats import FORMATS

        return FORMATS
    raise AttributeError(name)
