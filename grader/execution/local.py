"""Start the harness as a plain child process.

:class:`LocalLauncher` runs ``python -I -S harness.py`` in its own session
with rlimits, a private folder and a ``sys.path`` holding numpy only, as the
caller's user: it is for a student's own code (the notebook API, the pytest
plugin, :func:`grader.grading.runner.grade_submission` without a launcher), never for
grading someone else's. ``grader check``, ``grader grade`` and the Gradescope
autograder use the sandboxed, zygote-based launchers of :mod:`grader.execution.sandbox`.

Its folders, like every temporary folder of the grader, are made by
:mod:`grader.execution.scratch`.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from grader.execution.child import confine
from grader.execution.interface import CHILD_FILES, Limits, Provided
from grader.execution.scratch import child_env, numpy_dir, scratch


def numpy_only_path() -> str:
    """A folder holding links to numpy (and its bundled libraries) only.

    The child runs with ``-I -S``, so this folder, the standard library and
    the harness's own folder are all it can import from: not the grader, not
    ``reference``, not the other packages of the grader's environment.
    """
    global _NUMPY_DIR
    if _NUMPY_DIR is None or not os.path.isdir(_NUMPY_DIR):
        site = numpy_dir().parent
        folder = scratch("numpy-", 0o755)
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
        folder = scratch("harness-", 0o755)
        for src in CHILD_FILES:
            shutil.copy(src, folder)
        _HARNESS_DIR = folder
    return _HARNESS_DIR


_HARNESS_DIR: str | None = None


def set_rlimits(limits: Limits) -> None:
    """Apply ``limits`` to the calling process (used in a child before exec), all but the process count.

    The child runs as the caller's user, whose other processes would count towards ``processes``.
    """
    confine.set_limits({k: v for k, v in asdict(limits).items() if k in confine.RLIMITS and k != "processes"})


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

    For a student's own code only (see the module docstring): it keeps the
    reference and the grader out of the child's import path, but the child
    runs as the caller's user and reads what that user can read. Grading
    others' code uses the launchers of :mod:`grader.execution.sandbox`.
    """

    name = "local"

    def start(self, submission: Path, limits: Limits, provided: Provided = ()) -> PopenChild:
        """Start a child on a copy of ``submission``, with a read-only copy of the ``provided`` files."""
        workdir = scratch("run-")
        target = os.path.join(workdir, "submission.py")
        shutil.copyfile(submission, target)
        harness = os.path.join(_harness_dir(), "harness.py")
        extra: list[str] = []
        if provided:  # the harness writes them (one implementation for every launcher)
            listing = os.path.join(workdir, "provided.json")
            with open(listing, "w", encoding="utf-8") as fh:
                json.dump([list(f) for f in provided], fh)
            extra = ["--provided", listing]
        return spawn_harness(
            [sys.executable, "-I", "-S", "-B", harness, "--submission", target, *extra],
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
