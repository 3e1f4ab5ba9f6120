"""A submission loaded in a child process, answering calls (the grader's side of the pipes).

:class:`ChildSession` starts the child through a launcher, sends it calls,
one at a time (:meth:`ChildSession.call`) or a whole check's cases in one
request (:meth:`ChildSession.call_many`), answers its oracle requests and
turns every reply into a :class:`~grader.execution.CallOutcome`. A call
that hangs is killed with its whole process group and the child is
started again for the next call; a child that dies costs only the call it
was running.
"""

from __future__ import annotations

import hashlib
import os
import select
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from grader import protocol
from grader.execution import CallOutcome, ChildProcess, Launcher, Limits, NoOracle, Oracle


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


class _Deadline(Exception):
    pass


class _Channel(protocol.Reader):
    """The grader's reading end of a child's pipe: buffered, with a deadline on every read."""

    def read_body_by(self, deadline: float) -> bytes:
        while True:
            body = self._frame()
            if body is not None:
                return body
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self.fd], [], [], remaining)[0]:
                raise _Deadline
            chunk = os.read(self.fd, self._want())
            if not chunk:
                raise EOFError
            self.buffer += chunk


_ORACLE_PREFIX = b'{"op":"oracle",'


class OracleCache:
    """Replies to oracle requests, keyed by the request's exact bytes, within a memory budget.

    Valid only for an oracle whose answer depends on the request alone (the
    reference), never for one that depends on the case being run. A child
    can only ever get the reply any child sending the same bytes would get.
    """

    def __init__(self, max_bytes: int = 64 << 20, max_entry: int = 256 << 10) -> None:
        self.replies: dict[bytes, tuple[str, bytes, bool]] = {}
        self.max_bytes, self.max_entry, self.size = max_bytes, max_entry, 0
        self.hits = self.misses = 0

    def get(self, body: bytes) -> tuple[str, bytes, bool] | None:
        hit = self.replies.get(body)
        if hit is None:
            self.misses += 1
        else:
            self.hits += 1
        return hit

    def put(self, body: bytes, function: str, frame: bytes, missed: bool) -> None:
        cost = len(body) + len(frame)
        if len(body) <= self.max_entry and self.size + cost <= self.max_bytes:
            self.replies[body] = (function, frame, missed)
            self.size += cost


class ChildSession:
    """One submission loaded in a child, restarted as needed, answering calls.

    Parameters
    ----------
    submission : Path
        The Python source to load (a notebook is converted before this).
    launcher : Launcher
        How to start the child (plain process, bubblewrap, ...).
    limits : Limits
        Time and resource limits.
    oracle : Oracle
        Answers calls to substituted callees.
    max_restarts : int
        How many times a crashed or hung child is started again.
    oracle_cache : OracleCache, optional
        Reuse oracle replies across calls (and sessions) by request bytes;
        only for an oracle whose answers depend on the request alone.
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
        self.ready: dict[str, Any] | None = None
        self._child: ChildProcess | None = None
        self._next_id = 0
        self.oracle_cache = oracle_cache
        self._ends_at: float | None = None
        self._reader: _Channel | None = None
        self._reader_of: ChildProcess | None = None

    # -- lifecycle
    def _start(self) -> dict[str, Any]:
        child = self.launcher.start(self.submission, self.limits)
        deadline = time.monotonic() + self.limits.import_seconds
        try:
            msg = protocol.parse_body(self._channel(child).read_body_by(deadline))
            if msg.get("op") != "ready":
                raise protocol.ProtocolError("the child did not start with a ready message")
        except _Deadline:
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

    def close(self) -> None:
        if self._child is not None:
            try:
                protocol.write_message(self._child.to_child, {"op": "bye"})
            except OSError:
                pass
            self._child.wait(0.5)
            self._discard(self._child)
            self._child = None

    def __enter__(self) -> ChildSession:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- calls
    def _ensure_child(self) -> ChildProcess | None:
        ready = self.open()
        if ready.get("status") != "ok":
            return None
        if self._child is None:
            if self.restarts >= self.max_restarts:
                return None
            self.restarts += 1
            again = self._start()
            if again.get("status") != "ok":
                return None
        return self._child

    def _channel(self, child: ChildProcess) -> _Channel:
        if self._reader is None or self._reader.fd != child.from_child or self._reader_of is not child:
            self._reader, self._reader_of = _Channel(child.from_child), child
        return self._reader

    def _deadline(self, started: float) -> float:
        deadline = started + self.limits.call_seconds
        return deadline if self._ends_at is None else min(deadline, self._ends_at)

    def _over_budget(self, function: str) -> CallOutcome | None:
        if self._ends_at is None or time.monotonic() < self._ends_at:
            return None
        return CallOutcome("timeout", error={
            "message": f"not run: the submission used up its {self.limits.submission_seconds:g} s "
                       f"time budget before {function} was called"})

    def call(
        self,
        function: str,
        args: Sequence[Any],
        *,
        substitute: Sequence[str] = (),
        return_args: bool = False,
        encoded_args: list[Any] | None = None,
    ) -> CallOutcome:
        """Call ``function(*args)`` in the child and return what happened."""
        started = time.monotonic()
        child = self._ensure_child()
        if child is None:
            return CallOutcome("import_failed", error=dict(self.ready or {}))
        over = self._over_budget(function)
        if over is not None:
            return over
        self._next_id += 1
        call_id = self._next_id
        request = {
            "op": "call",
            "id": call_id,
            "function": function,
            "args": encoded_args if encoded_args is not None else [protocol.encode(a) for a in args],
            "substitute": list(substitute),
            "return_args": return_args,
        }
        misses: list[str] = []
        deadline = self._deadline(started)
        try:
            protocol.write_message(child.to_child, request)
            while True:
                body = self._channel(child).read_body_by(deadline)
                if body.startswith(_ORACLE_PREFIX):
                    self._answer_oracle(child, body, substitute, misses)
                    continue
                msg = protocol.parse_body(body)
                if msg.get("op") != "result" or msg.get("id") != call_id:
                    raise protocol.ProtocolError("unexpected message on the grader's channel")
                break
        except (_Deadline, EOFError, OSError, protocol.ProtocolError) as exc:
            return self._failure(function, exc, started)
        return self._outcome(msg, misses, time.monotonic() - started)

    def _failure(self, function: str, exc: BaseException, started: float) -> CallOutcome:
        """Kill the child after a timeout, a crash or a protocol violation; say what happened."""
        seconds = time.monotonic() - started
        code = self._kill_child()
        if isinstance(exc, _Deadline):
            if self._ends_at is not None and time.monotonic() >= self._ends_at:
                return CallOutcome("timeout", error={"message": f"{function} was stopped: the submission "
                                   f"used up its {self.limits.submission_seconds:g} s time budget"},
                                   seconds=seconds)
            return CallOutcome("timeout", error={
                "message": f"{function} did not return within {self.limits.call_seconds:g} s "
                           "(an infinite loop?)"}, seconds=seconds)
        if isinstance(exc, protocol.ProtocolError):
            return CallOutcome("protocol_error", error={"message": str(exc)}, seconds=seconds)
        return CallOutcome("crashed", error={
            "message": f"the process running {function} exited (exit code {code}) before returning"
                       + (f": {exc}" if str(exc) else "")}, seconds=seconds)

    def call_many(
        self,
        function: str,
        calls: Sequence[list[Any]],
        *,
        substitute: Sequence[str] = (),
        return_args: bool = False,
        keep_going: Callable[[int, CallOutcome], bool] | None = None,
        on_case: Callable[[int], None] | None = None,
        known: Callable[[int, bytes], bool] | None = None,
        preloaded: str | None = None,
    ) -> list[CallOutcome]:
        """Call ``function`` once per (encoded) argument list, all sent in one request.

        The child answers each call as it finishes; each call has
        ``call_seconds`` of its own. ``keep_going(i, outcome)`` returning
        False stops the batch (the child skips the rest); ``on_case(i)`` is
        called before call ``i`` may ask the oracle. When ``known(i, digest)``
        says the caller has already judged a result with these exact bytes,
        the value is not decoded (``outcome.value`` is None). ``preloaded``
        names the same argument lists already loaded into the child (see
        :meth:`grader.forkserver.ForkServer.preload`). Returns the outcomes
        up to the first that is not ``ok`` or that ``keep_going`` rejected.
        """
        started = time.monotonic()
        child = self._ensure_child()
        if child is None:
            return [CallOutcome("import_failed", error=dict(self.ready or {}))]
        over = self._over_budget(function)
        if over is not None:
            return [over]
        self._next_id += 1
        batch_id = self._next_id
        outcomes: list[CallOutcome] = []
        misses: list[str] = []
        stopping = False
        if on_case is not None:
            on_case(0)
        request: dict[str, Any] = {"op": "batch", "id": batch_id, "function": function,
                                   "substitute": list(substitute), "return_args": return_args}
        if preloaded is not None:
            request["preloaded"] = preloaded
        else:
            request["calls"] = list(calls)
        try:
            protocol.write_message(child.to_child, request)
            while True:
                body = self._channel(child).read_body_by(self._deadline(started))
                if body.startswith(_ORACLE_PREFIX):
                    self._answer_oracle(child, body, substitute, misses)
                    continue
                now, index = time.monotonic(), len(outcomes)
                digest = hashlib.blake2b(body, digest_size=20).digest()
                if not stopping and index < len(calls) and known is not None and known(index, digest):
                    outcome = CallOutcome("ok", oracle_misses=tuple(misses), seconds=now - started, digest=digest)
                else:
                    msg = protocol.parse_body(body)
                    if msg.get("op") == "done" and msg.get("id") == batch_id:
                        if msg.get("unknown_preload") and preloaded is not None:
                            return self.call_many(function, calls, substitute=substitute, return_args=return_args,
                                                  keep_going=keep_going, on_case=on_case, known=known)
                        return outcomes
                    if msg.get("op") != "result" or index >= len(calls):
                        raise protocol.ProtocolError("unexpected message on the grader's channel")
                    if stopping:
                        misses, started = [], now
                        continue
                    outcome = self._outcome(msg, misses, now - started, digest)
                outcomes.append(outcome)
                misses, started = [], now
                if outcome.status != "ok" or (keep_going and not keep_going(index, outcome)):
                    stopping = True
                    protocol.write_message(child.to_child, {"op": "stop", "id": batch_id})
                elif on_case is not None and index + 1 < len(calls):
                    on_case(index + 1)
        except (_Deadline, EOFError, OSError, protocol.ProtocolError) as exc:
            failure = self._failure(function, exc, started)
            return outcomes if stopping else [*outcomes, failure]

    def _outcome(self, msg: dict[str, Any], misses: list[str], seconds: float,
                 digest: bytes = b"") -> CallOutcome:
        status = msg.get("status")
        try:
            if status == "ok":
                value = protocol.decode(msg.get("value"))
                after = msg.get("args_after")
                args_after = [protocol.decode(a) for a in after] if type(after) is list else None
                return CallOutcome("ok", value, args_after, oracle_misses=tuple(misses), seconds=seconds,
                                   digest=digest)
        except protocol.ProtocolError as exc:
            return CallOutcome("protocol_error", error={"message": f"could not read the returned value: {exc}"},
                               seconds=seconds)
        if status in ("missing", "not_implemented", "raised", "unencodable"):
            error: dict[str, Any] = {k: msg.get(k) for k in ("type", "message", "frames") if k in msg}
            return CallOutcome(status, error=error, oracle_misses=tuple(misses), seconds=seconds)
        return CallOutcome("protocol_error", error={"message": f"unexpected status {status!r}"},
                           seconds=seconds)

    def _answer_oracle(self, child: ChildProcess, body: bytes, substitute: Sequence[str],
                       misses: list[str]) -> None:
        cache = self.oracle_cache
        hit = cache.get(body) if cache is not None else None
        if hit is not None and hit[0] in substitute:
            if hit[2]:
                misses.append(hit[0])
            _write_all(child.to_child, hit[1])
            return
        msg = protocol.parse_body(body)
        name = msg.get("function")
        reply: dict[str, Any]
        if type(name) is not str or name not in substitute:
            reply = {"status": "error", "message": "refused"}
        else:
            try:
                raw_args = msg.get("args")
                args = [protocol.decode(a) for a in raw_args] if type(raw_args) is list else []
                kwargs = protocol.decode(msg.get("kwargs") or {"__dict__": []})
                if type(kwargs) is not dict:
                    kwargs = {}
                status, value = self.oracle.answer(name, args, kwargs)
            except protocol.ProtocolError:
                status, value = "miss", None
            if status == "ok":
                reply = {"status": "ok", "value": protocol.encode(value)}
            elif status == "miss":
                misses.append(name)
                reply = {"status": "miss"}
            else:
                reply = {"status": "error", "message": str(value)}
        frame = protocol.pack(reply)
        if cache is not None and type(name) is str and name in substitute:
            cache.put(body, name, frame, reply["status"] == "miss")
        _write_all(child.to_child, frame)

    def _kill_child(self) -> int | None:
        child, self._child = self._child, None
        return self._discard(child) if child is not None else None
