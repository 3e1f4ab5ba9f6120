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

import json
import os
import signal
import socket
import struct
import subprocess
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from grader.execution.child import confine
from grader.execution.zygotechild import Command, SandboxError, ZygoteChild

if TYPE_CHECKING:
    from grader.execution.child.childio import Reader
    from grader.execution.interface import Limits, Provided

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
        #: A child asked for by :meth:`spawn_ahead` whose reply is still unread: ``(request key, our pipe ends)``.
        self.ahead: tuple[str, int, int] | None = None

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
        self.booting = False  # (a begin() after this starts it again)
        self._forget_child()
        self._drop_ahead()
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
        if self.ahead is not None:  # its reply comes first
            self._adopt_ahead("")
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
        request = _spawn_request(source, limits, provided)
        if self.ahead is not None:
            adopted = self._adopt_ahead(_request_key(request) if self.preload is None else "")
            if adopted is not None:
                return adopted
        self._ensure_preload()
        parent_read, child_write = os.pipe()
        child_read, parent_write = os.pipe()
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

    def spawn_ahead(self, source: str, limits: Limits, provided: Provided = ()) -> bool:
        """Ask now for the child :meth:`spawn` will be asked for with the same arguments; False if it cannot be.

        ``grader check`` calls this right after :meth:`begin`: the request
        waits in the socket until the zygote is up, which then forks the child
        at once, and the child imports the submission while the grader is
        still loading the suite. :meth:`spawn` with the same source, limits
        and provided files takes that child over; any other request first
        reads its reply, and a different spawn has the zygote kill it.
        Sent without importing numpy (the frame is built here).
        """
        if self.sock is None or self.ahead is not None or self.preload is not None or self.child is not None:
            return False
        request = _spawn_request(source, limits, provided)
        body = json.dumps(request, separators=(",", ":"), allow_nan=False).encode("utf-8")
        if len(body) > _AHEAD_BYTES:
            return False
        parent_read, child_write = os.pipe()
        child_read, parent_write = os.pipe()
        try:
            frame = struct.pack(">I", len(body)) + body  # the wire's framing (protocol.pack) of plain values
            sent = socket.send_fds(self.sock, [frame], [child_read, child_write])
            if sent < len(frame):
                self.sock.sendall(frame[sent:])
        except OSError:
            os.close(parent_read)
            os.close(parent_write)
            self.stop()  # half a request may be in the socket: the sandbox is started again on next use
            return False
        finally:
            os.close(child_read)
            os.close(child_write)
        self.ahead = (_request_key(request), parent_read, parent_write)
        return True

    def _adopt_ahead(self, key: str) -> ZygoteChild | None:
        """Read the reply to :meth:`spawn_ahead`; its child if it was asked for with ``key``, else None.

        A child not taken over stays the zygote's current child (our ends of
        its pipes closed): the next spawn or kill ends it, and its exit is
        noted like any other's.
        """
        if self.booting:
            self.start()  # its ready message comes first
        if self.ahead is None:  # (the zygote had died: started again, without it)
            return None
        wanted, parent_read, parent_write = self.ahead
        self.ahead = None
        try:
            deadline = time.monotonic() + REPLY_SECONDS
            reply = self._message(deadline)
            while reply.get("op") == "exited":
                reply = self._message(deadline)
        except (OSError, SandboxError) as exc:
            os.close(parent_read)
            os.close(parent_write)
            self.stop()
            raise SandboxError(str(exc)) from None
        if reply.get("op") != "spawned":
            os.close(parent_read)
            os.close(parent_write)
            return None
        self._forget_child()
        pid = int(reply.get("pid") or 0)
        if key and key == wanted:
            self.child = ZygoteChild(self, parent_write, parent_read, pid, preloaded=self.loaded)
            return self.child
        os.close(parent_read)
        os.close(parent_write)
        self.child = ZygoteChild(self, -1, -1, pid, preloaded=self.loaded)  # no pipes: only its exit is awaited
        return None

    def _drop_ahead(self) -> None:
        if self.ahead is not None:
            os.close(self.ahead[1])
            os.close(self.ahead[2])
            self.ahead = None


#: Largest request :meth:`ForkServer.spawn_ahead` sends (a bigger source waits for :meth:`ForkServer.spawn`):
#: the zygote reads nothing until it is up, so the request must fit the socket's buffer or the grader would wait.
_AHEAD_BYTES = 64 << 10


def _spawn_request(source: str, limits: Limits, provided: Provided) -> dict[str, Any]:
    request: dict[str, Any] = {"op": "spawn", "source": source,
                               "limits": {k: getattr(limits, k) for k in confine.RLIMITS}}
    if provided:  # written read-only beside the child's copy of the submission, first on its import path
        request["provided"] = [list(f) for f in provided]
    return request


def _request_key(request: dict[str, Any]) -> str:
    return json.dumps(request, sort_keys=True)


__all__ = ["Command", "ForkServer", "SandboxError", "ZygoteChild"]
