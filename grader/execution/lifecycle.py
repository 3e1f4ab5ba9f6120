"""A child process with a submission loaded in it: started, restored between functions, renewed, ended.

:class:`ChildLifecycle` is the part of :class:`~grader.execution.session.ChildSession`
that owns the child: it starts it through a launcher and reads its ``ready``
message, ends it (with everything it started) when it must be renewed, and,
between two graded functions, asks it to restore its module (see
:mod:`grader.execution.child.snapshot`), reading the answer with the next
request's so that the two cost one round trip.
"""

from __future__ import annotations

import fcntl
import time
from pathlib import Path
from typing import Any, Self

from grader.execution.channel import OracleCache, read_ready
from grader.execution.child import protocol
from grader.execution.child.childio import Reader, TimedOut
from grader.execution.interface import ChildProcess, Launcher, Limits, NoOracle, Oracle

#: Bytes each pipe to and from a child holds (Linux allows up to 1 MiB to anyone by default).
PIPE_BYTES = 1 << 20
#: Seconds a child has to restore its module between two graded functions.
RESET_SECONDS = 2.0


class ChildLifecycle:
    """The child of one submission: started on demand, restored or renewed between functions.

    Parameters: see :class:`~grader.execution.session.ChildSession`.
    """

    def __init__(
        self,
        submission: Path,
        launcher: Launcher,
        limits: Limits | None = None,
        oracle: Oracle | None = None,
        max_restarts: int = 20,
        *,
        oracle_cache: OracleCache | None = None,
    ) -> None:
        self.submission = submission
        self.launcher = launcher
        self.limits = limits or Limits()
        self.oracle = oracle or NoOracle()
        self.max_restarts = max_restarts
        self.restarts = 0
        self.started = 0
        """Children started so far that imported the submission: the number of the current (or last) one."""
        self.ready: dict[str, Any] | None = None
        self._child: ChildProcess | None = None
        self._next_id = 0
        self.oracle_cache = oracle_cache
        self._ends_at: float | None = None
        self._reader: Reader | None = None
        self._reader_of: ChildProcess | None = None
        self._served = False
        self._renewing = False
        self._reset_of: ChildProcess | None = None
        self._restored: ChildProcess | None = None

    # -- lifecycle

    def _start(self) -> dict[str, Any]:
        child = self.launcher.start(self.submission, self.limits)
        for fd in (child.to_child, child.from_child):  # a plan, or a batch's results, in one write
            try:
                fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
            except OSError:  # above the system's pipe-max-size: the pipe keeps its size
                pass
        deadline = time.monotonic() + self.limits.import_seconds
        try:
            msg = read_ready(self._channel(child).read_body(deadline))
        except TimedOut:
            self._discard(child)
            return {"status": "import_timeout",
                    "message": f"importing your file took longer than {self.limits.import_seconds:g} s "
                               "(is there an infinite loop or long training run at the top level?)"}
        except (EOFError, protocol.ProtocolError, OSError) as exc:
            code = self._discard(child)
            return {"status": "import_crash",
                    "message": f"the process exited while importing your file (exit code {code}): {exc}"}
        if msg.get("status") == "ok":
            self._child = child
            self.started += 1
        else:
            self._discard(child)
        return msg

    def _discard(self, child: ChildProcess) -> int | None:
        child.kill()
        code = child.wait(5)
        cleanup = getattr(child, "cleanup", None)
        if cleanup:
            cleanup()
        return code

    def open(self) -> dict[str, Any]:
        """Start the child; return its ready message (import status, signatures)."""
        if self.ready is None:
            if self.limits.submission_seconds is not None:
                self._ends_at = time.monotonic() + self.limits.submission_seconds
            self.ready = self._start()
        return self.ready

    def renew(self) -> None:
        """End a child that has served calls: the next call starts a fresh one (not counted as a restart).

        A child that has restored its module since (or is restoring it) has
        served calls too: a restore does not undo everything. Between graded
        functions the runner calls :meth:`next_function` instead, which
        renews only a child that cannot restore its module.
        """
        if self._child is not None and (self._served or self._restored is self._child):
            self._reset_of = None  # its answer is not read: the child ends
            self._kill_child()
            self._renewing = True
        self._served = False

    def close(self) -> None:
        if self._child is not None:
            try:
                protocol.write_message(self._child.to_child, {"op": "bye"})
            except OSError:
                pass
            self._child.wait(0.5)
            self._discard(self._child)
            self._child = None

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _ensure_child(self) -> ChildProcess | None:
        self._settle_reset()
        ready = self.open()
        if ready.get("status") != "ok":
            return None
        if self._child is None:
            if self._renewing:
                self._renewing = False
            elif self.restarts >= self.max_restarts:
                return None
            else:
                self.restarts += 1
            again = self._start()
            if again.get("status") != "ok":
                return None
        return self._child

    def _channel(self, child: ChildProcess) -> Reader:
        if self._reader is None or self._reader.fd != child.from_child or self._reader_of is not child:
            self._reader, self._reader_of = Reader(child.from_child), child
        return self._reader

    def next_function(self) -> None:
        """Before the next graded function: the child undoes what the last one changed, else a fresh child.

        See :mod:`grader.execution.child.snapshot`. The ``reset`` is sent
        now and its answer read with the next request's (a plan's frame goes
        out first, so the two cost one round trip). A child that cannot
        restore its module (or does not answer in time) is ended before that
        request is answered, so it is asked of a fresh one, as after
        :meth:`renew`.
        """
        child = self._child
        if child is None or not self._served:
            return
        try:
            protocol.write_message(child.to_child, {"op": "reset"})
        except OSError:
            self.renew()
            return
        self._served = False
        self._reset_of = self._restored = child

    def _reset_answered(self, child: ChildProcess) -> bool:
        """Read the answer to the ``reset`` sent to ``child``: whether it is clean (if not, it is ending)."""
        try:
            msg = protocol.parse_body(self._channel(child).read_body(time.monotonic() + RESET_SECONDS))
            return msg.get("op") == "reset" and msg.get("clean") is True
        except (TimedOut, EOFError, OSError, protocol.ProtocolError):
            return False

    def _settle_reset(self) -> None:
        """Before a request that needs its answer first: read the pending ``reset``'s, end a child that is not clean."""
        child, self._reset_of = self._reset_of, None
        if child is not None and child is self._child and not self._reset_answered(child):
            self._renewing = True
            self._kill_child()

    def _kill_child(self) -> int | None:
        child, self._child = self._child, None
        return self._discard(child) if child is not None else None


__all__ = ["ChildLifecycle", "PIPE_BYTES", "RESET_SECONDS"]
