"""The ``process`` launcher: a zygote in a plain process, each child under a uid of its own."""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence

from grader.execution.child import janitor
from grader.execution.forkserver import Command, SandboxError
from grader.execution.local import numpy_only_path
from grader.execution.sandbox.base import SandboxLauncher, _harness_copy, _runtime, _runtime_paths
from grader.execution.scratch import scratch_root
from grader.execution.unprivileged import (
    UidSlot,
    refusal,
    shared_writable,
    unsafe_allowed,
)


def process_refusal(allow_unsafe: bool | None = None) -> str | None:
    """Why ``process`` isolation refuses to run here (None: it is safe, or the unsafe run is allowed).

    ``allow_unsafe`` defaults to the ``GRADER_ALLOW_UNSAFE_PROCESS`` environment variable.
    """
    if unsafe_allowed(allow_unsafe):
        return None
    return refusal(_runtime_paths(), scratch_root())


class ProcessLauncher(SandboxLauncher):
    """A zygote in a plain process: new sessions, rlimits, private folders and a uid of their own.

    Parameters
    ----------
    hide, tmp_mb
        As for :class:`SandboxLauncher` (nothing can be hidden without namespaces).
    allow_unsafe : bool, optional
        Run submissions as the grader's own user where no unprivileged uid
        can run them (see :func:`process_refusal`); defaults to the
        ``GRADER_ALLOW_UNSAFE_PROCESS`` environment variable. Without it,
        starting the sandbox raises :class:`SandboxError` there.

    Notes
    -----
    Safe mode (root, runtime readable by all): the zygote stays root and
    each child drops to the uid of a :class:`~grader.execution.unprivileged.UidSlot`;
    the zygote kills every process of that uid after each child and sweeps
    :func:`~grader.execution.unprivileged.shared_writable` of its files. Stopping the
    launcher does the same from the grader's side.
    """

    name = "process"

    @classmethod
    def refusal_here(cls, allow_unsafe: bool | None) -> str | None:
        return process_refusal(allow_unsafe)

    @classmethod
    def variant(cls, allow_unsafe: bool | None) -> str:
        return f"{cls.name}:{unsafe_allowed(allow_unsafe)}"

    @classmethod
    def make(cls, hide: Sequence[str | os.PathLike[str]], tmp_mb: int,
             allow_unsafe: bool | None) -> ProcessLauncher:
        return cls(hide, tmp_mb, allow_unsafe)

    def __init__(self, hide: Sequence[str | os.PathLike[str]] = (), tmp_mb: int = 256,
                 allow_unsafe: bool | None = None) -> None:
        self.allow_unsafe = allow_unsafe
        self.slot = UidSlot()
        super().__init__(hide, tmp_mb)

    def describe(self) -> dict[str, object]:
        """As for every launcher, and ``unsafe`` when submissions run as the grader's own user (by permission)."""
        described = super().describe()
        if self.slot.uid is None:
            described["unsafe"] = True
        return described

    def command(self, control_fd: int) -> Command:
        rt = _runtime()
        tmp = os.path.join(self.private, "tmp")
        os.makedirs(tmp, mode=0o711, exist_ok=True)
        os.chmod(tmp, 0o711)
        numpy_path = numpy_only_path()
        argv = [rt["python"], "-I", "-S", "-B", os.path.join(_harness_copy(), "zygote.py"),
                "--control-fd", "{fd}", "--tmp", tmp]
        why = refusal(_runtime_paths(), self.private)
        if why is None:
            try:
                uid = self.slot.claim()
            except RuntimeError as exc:
                raise SandboxError(str(exc)) from None
            argv += ["--child-uid", str(uid), "--child-gid", str(uid)]
            for folder in shared_writable():
                argv += ["--sweep", folder]
        elif not unsafe_allowed(self.allow_unsafe):
            raise SandboxError(why)
        return Command(tuple(argv), self.env(numpy_path), cwd=tmp)

    def close(self) -> None:
        """Stop the sandbox, then kill whatever of its uid is left anywhere and sweep its files (a backstop)."""
        self.server.stop()
        uid = self.slot.uid
        if uid is not None:
            janitor.kill_uid(uid)
            janitor.sweep(shared_writable(), uid)
            janitor.remove_ipc(uid)
            self.slot.release()
        shutil.rmtree(self.private, ignore_errors=True)


_OWN_USER: dict[int, ProcessLauncher] = {}


def own_user_launcher() -> ProcessLauncher:
    """The launcher of ``grade_source`` when none is given: a warm ``process`` zygote for this process.

    For a student's own code on the student's own machine (``grader.check``
    in a notebook, the released pytest file): it runs as the caller's user
    (an unprivileged uid of its own where the grader is root and may), like
    a plain child process, but each graded function's fresh child is forked
    from a zygote that imported numpy once. Closed when the process exits.
    """
    launcher = _OWN_USER.get(os.getpid())
    if launcher is None:
        launcher = _OWN_USER[os.getpid()] = ProcessLauncher(allow_unsafe=True)  # closed at exit by its base
    return launcher


__all__ = ["ProcessLauncher", "own_user_launcher", "process_refusal"]
