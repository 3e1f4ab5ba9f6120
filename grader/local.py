"""Start the harness as a plain child process (the ``process`` isolation of ``grader check``).

:class:`LocalLauncher` runs ``python -I -S harness.py`` in its own session
with rlimits, a private folder and a ``sys.path`` holding numpy only. The
sandboxed, zygote-based launchers are in :mod:`grader.sandbox`.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from grader.execution import CHILD_FILES, Limits


def numpy_only_path() -> str:
    """A folder holding links to numpy (and its bundled libraries) only.

    The child runs with ``-I -S``, so this folder, the standard library and
    the harness's own folder are all it can import from: not the grader, not
    ``reference``, not the other packages of the grader's environment.
    """
    global _NUMPY_DIR
    if _NUMPY_DIR is None or not os.path.isdir(_NUMPY_DIR):
        site = Path(np.__file__).resolve().parent.parent
        folder = tempfile.mkdtemp(prefix="grader-numpy-")
        for entry in ("numpy", "numpy.libs"):
            if (site / entry).exists():
                os.symlink(site / entry, os.path.join(folder, entry))
        _NUMPY_DIR = folder
    return _NUMPY_DIR


_NUMPY_DIR: str | None = None


def _harness_dir() -> str:
    """A private folder with copies of the harness and the protocol only."""
    global _HARNESS_DIR
    if _HARNESS_DIR is None or not os.path.isdir(_HARNESS_DIR):
        folder = tempfile.mkdtemp(prefix="grader-harness-")
        for src in CHILD_FILES:
            shutil.copy(src, folder)
        _HARNESS_DIR = folder
    return _HARNESS_DIR


_HARNESS_DIR: str | None = None


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The small, fixed environment a child starts with."""
    env = {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
    }
    env.update(extra or {})
    return env


def set_rlimits(limits: Limits) -> None:
    """Apply ``limits`` to the calling process (used in a child before exec)."""
    import resource

    mb = 1024 * 1024
    for which, value in (
        (resource.RLIMIT_CPU, limits.cpu_seconds),
        (resource.RLIMIT_AS, limits.memory_mb * mb),
        (resource.RLIMIT_FSIZE, limits.file_size_mb * mb),
        (resource.RLIMIT_NOFILE, limits.open_files),
        (resource.RLIMIT_CORE, 0),
    ):
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            pass


@dataclass
class PopenChild:
    """A child started with :class:`subprocess.Popen` in its own session."""

    popen: subprocess.Popen[bytes]
    to_child: int
    from_child: int
    workdir: str | None = None

    def kill(self) -> None:
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.popen.kill()
        except ProcessLookupError:
            pass

    def wait(self, timeout: float) -> int | None:
        try:
            return self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def cleanup(self) -> None:
        for fd in (self.to_child, self.from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)


class LocalLauncher:
    """A plain child process: own session, rlimits, private folder, no site-packages.

    This is the isolation of ``grader check`` when no sandbox is asked for. It
    keeps the reference and the grader out of the child's import path, but
    the child can still read files the user can read: batch grading uses the
    sandboxed launchers of :mod:`grader.sandbox` instead.
    """

    name = "process"

    def start(self, submission: Path, limits: Limits) -> PopenChild:
        workdir = tempfile.mkdtemp(prefix="grader-run-")
        target = os.path.join(workdir, "submission.py")
        shutil.copyfile(submission, target)
        harness = os.path.join(_harness_dir(), "harness.py")
        return spawn_harness(
            [sys.executable, "-I", "-S", "-B", harness, "--submission", target],
            env=child_env({"GRADER_SYS_PATH": numpy_only_path(), "HOME": workdir}),
            cwd=workdir,
            preexec=lambda: set_rlimits(limits),
            workdir=workdir,
        )


def spawn_harness(
    argv: Sequence[str],
    *,
    env: dict[str, str],
    cwd: str,
    preexec: Callable[[], None] | None,
    workdir: str | None,
    stderr: Any = subprocess.DEVNULL,
) -> PopenChild:
    """Start ``argv`` (ending in the harness's arguments) with two channel pipes.

    The fd numbers are appended as ``--in-fd``/``--out-fd``; stdout and
    stderr of the child are discarded, so nothing it prints can pass for a
    result.
    """
    parent_read, child_write = os.pipe()
    child_read, parent_write = os.pipe()
    try:
        popen = subprocess.Popen(
            [*argv, "--in-fd", str(child_read), "--out-fd", str(child_write)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            pass_fds=(child_read, child_write),
            env=env,
            cwd=cwd,
            start_new_session=True,
            preexec_fn=preexec,
        )
    finally:
        os.close(child_read)
        os.close(child_write)
    return PopenChild(popen, parent_write, parent_read, workdir)
