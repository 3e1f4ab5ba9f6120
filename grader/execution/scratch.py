"""The grader's own temporary folders, one per process, and the environment a child starts with.

Every temporary folder of the grader (numpy's link folder, the harness copies,
each launcher's and each child's folder) lives in one folder per process,
:func:`scratch_root`, removed when that process exits; each is also removed
as soon as it is no longer needed. Nothing heavy is imported here: starting
a sandbox needs this module before numpy or the grader's data classes
(see :mod:`grader.cli.prestart`).
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import shutil
import tempfile
from pathlib import Path

from grader.execution.child import confine


def numpy_dir() -> Path:
    """numpy's package folder (real path), found without importing numpy (which takes a while)."""
    spec = importlib.util.find_spec("numpy")
    if spec is None or spec.origin is None:
        raise ImportError("numpy is not installed")
    return Path(spec.origin).resolve().parent

_SCRATCH: tuple[int, str] | None = None


def _remove_scratch(owner: int, folder: str) -> None:
    if os.getpid() == owner:  # not in a process forked from the owner
        shutil.rmtree(folder, ignore_errors=True)


def scratch_root() -> str:
    """This process's folder for the grader's temporary files (made once, removed at exit).

    Processes forked from it (batch workers) make their folders inside it
    too, so a worker that is killed leaves nothing once the batch exits. The
    folder is searchable (not readable) by others: a ``process`` sandbox's
    unprivileged uid must reach its own folder inside.
    """
    global _SCRATCH
    if _SCRATCH is None or not os.path.isdir(_SCRATCH[1]):
        folder = tempfile.mkdtemp(prefix="grader-")
        os.chmod(folder, 0o711)
        _SCRATCH = (os.getpid(), folder)
        atexit.register(_remove_scratch, os.getpid(), folder)
    return _SCRATCH[1]


def scratch(prefix: str, mode: int = 0o700) -> str:
    """A new folder inside :func:`scratch_root`, with permissions ``mode``."""
    folder = tempfile.mkdtemp(prefix=prefix, dir=scratch_root())
    os.chmod(folder, mode)
    return folder


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The small, fixed environment a child starts with (:data:`confine.CHILD_ENV`, and ``extra``)."""
    return {**confine.CHILD_ENV, **(extra or {})}


__all__ = ["child_env", "numpy_dir", "scratch", "scratch_root"]
