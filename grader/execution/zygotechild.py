"""What the grader holds of a zygote: the command that starts it, its errors, and each child it forks.

:class:`~grader.execution.forkserver.ForkServer` talks to the zygote; a
:class:`ZygoteChild` is one child it forked, which a
:class:`~grader.execution.session.ChildSession` uses like any other child.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from grader.execution.forkserver import ForkServer


class SandboxError(RuntimeError):
    """The sandbox could not be started or stopped answering."""


class Command(NamedTuple):
    """How to start a zygote: argv (with ``{fd}`` for the control fd), environment, cwd.

    (Not a data class: a sandbox is started before those are imported, see :mod:`grader.cli.prestart`.)
    """

    argv: tuple[str, ...]
    env: dict[str, str]
    cwd: str = "/"
    preexec: Callable[[], None] | None = None


class ZygoteChild:
    """A child forked by a zygote (the :class:`~grader.execution.interface.ChildProcess` protocol).

    Parameters
    ----------
    server : ForkServer
        The zygote's client that forked it.
    to_child, from_child : int
        The grader's ends of its two pipes (-1: none, for a child only waited for).
    pid : int
        Its process id (in the sandbox's pid namespace).
    preloaded : str, optional
        The key of the preloaded cases the child inherited from its zygote (None: none).
    """

    def __init__(self, server: ForkServer, to_child: int, from_child: int, pid: int,
                 preloaded: str | None = None) -> None:
        self.server = server
        self.to_child = to_child
        self.from_child = from_child
        self.pid = pid
        self.code: int | None = None
        self.done = False
        self.preloaded = preloaded

    def kill(self) -> None:
        """Kill the child and all it started, and empty its /tmp (already done once it has exited)."""
        if self.done:
            return
        try:
            reply = self.server.request({"op": "kill"})
        except SandboxError:
            self.done, self.code = True, -signal.SIGKILL
            return
        if not self.done:  # no exited notice came first: the reply has the code
            code = reply.get("code")
            self.done, self.code = True, code if type(code) is int else None
        if self.server.child is self:
            self.server.child = None

    def wait(self, timeout: float) -> int | None:
        """The exit code once the zygote says the child exited and was cleaned up after; None if still running."""
        if not self.done:
            self.server.await_exit(self, timeout)
        return self.code

    def cleanup(self) -> None:
        if not self.done:
            self.kill()
        for fd in (self.to_child, self.from_child):
            try:
                os.close(fd)
            except OSError:
                pass


__all__ = ["Command", "SandboxError", "ZygoteChild"]
