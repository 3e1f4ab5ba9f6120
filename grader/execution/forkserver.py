"""The grader's side of a warm zygote: start it once, fork a child per submission.

A :class:`ForkServer` starts ``zygote.py`` (see there) under some sandbox
command and talks to it over a UNIX socket. :meth:`ForkServer.spawn` hands
the zygote two fresh pipe ends and the submission's source and returns a
:class:`~grader.execution.zygotechild.ZygoteChild`, which :class:`~grader.execution.session.ChildSession` uses
like any other child: the same length-prefixed messages flow over the
pipes, and killing it kills everything the submission started. Waiting
for a child sends nothing: the zygote says unasked when the child has
exited (once it has cleaned up after it), and :meth:`ForkServer.await_exit`
reads that. A zygote that dies, is stopped or stops answering is killed with its whole sandbox
and started again, before the next spawn or when a spawn fails (once), so a
submission that harms it costs only its own grade, never the next one's.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from grader.execution.child import confine
from grader.execution.interface import Limits, Provided
from grader.execution.zygotechild import Command, SandboxError, ZygoteChild

if TYPE_CHECKING:
    from grader.execution.child.childio import Reader

#: Seconds the zygote may take to start (bubblewrap, Python, numpy) or to answer.
START_SECONDS = 60.0
REPLY_SECONDS = 30.0
#: Seconds a stopping zygote gets to clean up after its children.
STOP_SECONDS = 10.0


class _Silent(SandboxError):
    """No message from the zygote before the deadline."""


def _read_reply(reader: Reader, deadline: float) -> dict[str, Any]:
    # imported here: the wire format needs numpy, and starting a sandbox does not (see ForkServer.begin)
    from grader.execution.child import protocol
    from grader.execution.child.childio import TimedOut

    try:
        body = reader.read_body(deadline)
    except TimedOut:
        raise _Silent("the sandbox did not answer in time") from None
    except EOFError:
        raise SandboxError("the sandbox exited") from None
    except protocol.ProtocolError:
        raise SandboxError("oversized reply from the sandbox") from None
    try:
        return protocol.parse_body(body)
    except protocol.ProtocolError:
        raise SandboxError("malformed reply from the sandbox") from None


class ForkServer:
    """One zygote in one sandbox; one child at a time.

    Parameters
    ----------
    command : callable
        ``command(control_fd) -> Command`` builds the sandbox's command line.
    log : str, optional
        File that receives the sandbox's own stderr (its start-up errors).
    """

    def __init__(self, command: Callable[[int], Command], log: str | None = None) -> None:
        self.command = command
        self.log = log
        self.popen: subprocess.Popen[bytes] | None = None
        self.sock: socket.socket | None = None
        self.reader: Reader | None = None
        #: The child forked last, until the zygote has said it is gone.
        self.child: ZygoteChild | None = None
        self.ready: dict[str, Any] = {}
        self.starts = 0
        self.booting = False
        #: ``(key, frame)`` of the cases every child should find decoded (see :meth:`want_preload`).
        self.preload: tuple[str, bytes] | None = None
        #: The key of the cases the running zygote holds.
        self.loaded: str | None = None

    # -- lifecycle
    def healthy(self) -> bool:
        """Whether the sandbox's first process is alive and not stopped (or traced)."""
        if self.popen is None or self.sock is None or self.popen.poll() is not None:
            return False
        try:
            with open(f"/proc/{self.popen.pid}/stat", "rb") as fh:
                data = fh.read()
        except OSError:
            return False
        return data[data.rfind(b")") + 2:][:1] not in (b"T", b"t", b"Z", b"X")

    def begin(self) -> None:
        """Start the zygote's process without waiting for it (:meth:`start` waits).

        The command line starts its sandbox first, so that the zygote boots
        (Python, numpy) while the grader itself imports numpy and compiles
        the suite.
        """
        if self.booting or self.healthy():
            return
        self.stop()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        cmd = self.command(theirs.fileno())
        stderr: Any = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        try:
            self.popen = subprocess.Popen(
                [str(theirs.fileno()) if a == "{fd}" else a for a in cmd.argv], stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=stderr, pass_fds=(theirs.fileno(),), env=cmd.env,
                cwd=cmd.cwd, start_new_session=True, preexec_fn=cmd.preexec)
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
            if stderr is not subprocess.DEVNULL:
                stderr.close()
        self.sock = ours
        self.loaded = None
        self.reader = None  # made by start(): the reader's module imports numpy
        self.starts += 1
        self.booting = True

    def start(self) -> dict[str, Any]:
        """Start the zygote if needed (or finish :meth:`begin`); return its ready message (pid, uid, pid1)."""
        if not self.booting:
            if self.healthy():
                return self.ready
            self.begin()
        self.booting = False
        assert self.sock is not None
        try:
            if self.reader is None:
                from grader.execution.child.childio import Reader

                self.reader = Reader(self.sock.fileno(), readahead=0)
            ready = _read_reply(self.reader, time.monotonic() + START_SECONDS)
        except SandboxError as exc:
            self.stop()
            raise SandboxError(f"the sandbox did not start: {exc}{self._log_tail()}") from None
        if ready.get("op") != "ready":
            self.stop()
            raise SandboxError("the sandbox did not start with a ready message")
        self.ready = ready
        return ready

    def _log_tail(self) -> str:
        if not self.log or not os.path.exists(self.log):
            return ""
        with open(self.log, "rb") as fh:
            fh.seek(max(os.path.getsize(self.log) - 600, 0))
            text = fh.read().decode("utf-8", "replace").strip()
        return f" ({text})" if text else ""

    def stop(self, graceful: bool = True) -> None:
        """Kill the zygote, its sandbox and every child (nothing survives it).

        A zygote that still runs sees its control socket close and first
        kills and removes what its children left (up to
        :data:`STOP_SECONDS`); then the whole process group is killed. With
        ``graceful=False`` the group is killed at once: for a sandbox whose
        processes and files all end with its first process (see
        :attr:`~grader.execution.sandbox.base.SandboxLauncher.ends_with_its_process`).
        """
        responsive = self.healthy()
        self._forget_child()
        if self.sock is not None:
            self.sock.close()
            self.sock = None
            self.reader = None
        if self.popen is not None:
            if graceful and self.popen.poll() is None:
                try:
                    self.popen.wait(STOP_SECONDS if responsive else 0.1)
                except subprocess.TimeoutExpired:
                    pass
            for kill in (os.killpg, os.kill):
                try:
                    kill(self.popen.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
            self.popen.wait()
            self.popen = None

    # -- requests
    def _forget_child(self, code: int | None = -signal.SIGKILL) -> None:
        """The current child is gone without a word from the zygote (it was stopped, or forks another)."""
        child, self.child = self.child, None
        if child is not None and not child.done:
            child.done, child.code = True, code

    def _message(self, deadline: float) -> dict[str, Any]:
        """The zygote's next message; an ``exited`` notice of the current child is noted (and returned)."""
        assert self.reader is not None
        message = _read_reply(self.reader, deadline)
        if message.get("op") == "exited":
            child = self.child
            if child is not None and message.get("pid") == child.pid:
                code = message.get("code")
                child.done, child.code = True, code if type(code) is int else None
                self.child = None
        return message

    def request(self, message: dict[str, Any] | bytes, fds: tuple[int, ...] = ()) -> dict[str, Any]:
        """Send one control request (a message, or a frame packed ahead) and wait for its reply.

        On trouble, the sandbox is restarted on next use. An ``exited``
        notice that comes first (the child ended as the request was sent) is
        noted on the way.
        """
        sock = self.sock
        if sock is None or not self.healthy():  # dead, or stopped by a submission that could: do not wait for it
            self.stop()
            raise SandboxError("the sandbox is not running")
        from grader.execution.child import protocol

        frame = message if isinstance(message, bytes) else protocol.pack(message)
        try:
            if fds:  # one sendmsg: the descriptors come with the first bytes, the zygote reads them first
                sent = socket.send_fds(sock, [frame], list(fds))
                if sent < len(frame):
                    sock.sendall(frame[sent:])
            else:
                sock.sendall(frame)
            extra = 0.0 if isinstance(message, bytes) else float(message.get("timeout") or 0)
            deadline = time.monotonic() + REPLY_SECONDS + extra
            while True:
                reply = self._message(deadline)
                if reply.get("op") != "exited":
                    return reply
        except (OSError, SandboxError) as exc:
            self.stop()
            raise SandboxError(str(exc)) from None

    def await_exit(self, child: ZygoteChild, timeout: float) -> None:
        """Wait up to ``timeout`` seconds for the zygote to say ``child`` exited (and was cleaned up after).

        A zygote that is dead or stopped is stopped for good (and the child
        with it); one that says something else than ``exited`` too.
        """
        if child is not self.child:
            return
        if self.sock is None or not self.healthy():
            self.stop()
            return
        deadline = time.monotonic() + timeout
        try:
            while self.child is child:
                if self._message(deadline).get("op") != "exited":
                    raise SandboxError("the sandbox spoke out of turn")
        except _Silent:
            return  # still running
        except (OSError, SandboxError):
            self.stop()

    def spawn(self, source: str, limits: Limits, provided: Provided = ()) -> ZygoteChild:
        """Fork a child that loads ``source`` and serves calls on two new pipes.

        A zygote that cannot fork it (dead, stopped, stuck) is started again
        and asked once more: whatever a previous submission did to it, this
        one is graded normally.
        """
        starts = self.starts
        try:
            return self._spawn(source, limits, provided)
        except SandboxError:
            if self.starts != starts:  # a fresh zygote failed: not a previous submission's doing
                raise
            return self._spawn(source, limits, provided)

    def want_preload(self, key: str, frame: bytes) -> None:
        """Have the zygote hold the cases of ``frame`` decoded, for every child it forks from now on.

        ``frame`` is a packed ``preload`` request (see
        :mod:`grader.grading.preload`); it is sent before the next fork, and
        again after the sandbox restarts. A child then finds a case's
        arguments by their index instead of decoding them from each plan.
        """
        self.preload = (key, frame)

    def _ensure_preload(self) -> None:
        if self.preload is None or self.loaded == self.preload[0]:
            return
        key, frame = self.preload
        reply = self.request(frame)
        self.loaded = key if reply.get("op") == "preloaded" and reply.get("key") == key else None

    def _spawn(self, source: str, limits: Limits, provided: Provided = ()) -> ZygoteChild:
        self.start()
        self._ensure_preload()
        parent_read, child_write = os.pipe()
        child_read, parent_write = os.pipe()
        request: dict[str, Any] = {"op": "spawn", "source": source,
                                   "limits": {k: v for k, v in asdict(limits).items() if k in confine.RLIMITS}}
        if provided:  # written read-only beside the child's copy of the submission, first on its import path
            request["provided"] = [list(f) for f in provided]
        try:
            reply = self.request(request, (child_read, child_write))
        except SandboxError:
            os.close(parent_read)
            os.close(parent_write)
            raise
        finally:
            os.close(child_read)
            os.close(child_write)
        if reply.get("op") != "spawned":
            os.close(parent_read)
            os.close(parent_write)
            raise SandboxError(f"the sandbox refused to start a child: {reply.get('message')}")
        self._forget_child()  # the zygote killed (and cleaned up after) an earlier child it still ran
        self.child = ZygoteChild(self, parent_write, parent_read, int(reply.get("pid") or 0), preloaded=self.loaded)
        return self.child


__all__ = ["Command", "ForkServer", "SandboxError", "ZygoteChild"]
