"""What the grader holds of a zygote: the command that starts it, its errors, and each child it forks.

:class:`~grader.execution.forkserver.ForkServer` talks to the zygote; a
:class:`ZygoteChild` is one child it forked, which a
:class:`~grader.execution.session.ChildSession` uses like any other child.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from grader.execution.forkserver import ForkServer


class SandboxError(RuntimeError):
    """The sandbox could not be started or stopped answering."""


@dataclass(frozen=True)
class Command:
    """How to start a zygote: argv (with ``{fd}`` for the control fd), environment, cwd."""

    argv: tuple[str, ...]
    env: dict[str, str]
    cwd: str = "/"
    preexec: Callable[[], None] | None = field(default=None, compare=False)


@dataclass
class ZygoteChild:
    """A child forked by a zygote (the :class:`~grader.execution.interface.ChildProcess` protocol)."""

    server: ForkServer
    to_child: int
    from_child: int
    pid: int
    code: int | None = None
    done: bool = False
    #: The key of the preloaded cases the child inherited from its zygote (None: none).
    preloaded: str | None = None

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
