"""A submission loaded in a child process, answering calls (the grader's side of the pipes).

:class:`ChildSession` starts the child through a launcher, sends it calls,
one at a time (:meth:`ChildSession.call`) or a whole check's cases in one
request (:meth:`ChildSession.call_many`), answers its oracle requests and
turns every reply into a :class:`~grader.execution.interface.CallOutcome`. A call
that hangs is killed with its whole process group and the child is
started again for the next call; a child that dies costs only the call it
was running. Starting, restoring and renewing the child is
:class:`~grader.execution.lifecycle.ChildLifecycle`'s.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from typing import Any

from grader.execution.budget import ORACLE_ALLOWANCE, spent_cpu, too_slow
from grader.execution.channel import (
    _ORACLE_PREFIX,
    batch_reply,
    decode_outcome,
    names,
    oracle_reply,
)
from grader.execution.child import protocol
from grader.execution.child.childio import TimedOut
from grader.execution.interface import CallOutcome, ChildProcess
from grader.execution.lifecycle import ChildLifecycle
from grader.execution.plans import PackedBatch, Planned, write_within

#: Result messages already read and checked, by digest: ``(request id, answer index, graded functions used)``.
#: A class returns the same bytes again and again (ids are the same from one submission to the next).
_SEEN: dict[bytes, tuple[int, int, tuple[str, ...]]] = {}
_MAX_SEEN = 50_000


class ChildSession(ChildLifecycle):
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

    # -- calls
    def _deadline(self, started: float, budget: float | None = None) -> float:
        deadline = started + (self.limits.call_seconds if budget is None else min(budget, self.limits.call_seconds))
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
        encoded = encoded_args if encoded_args is not None else [protocol.encode(a) for a in args]
        outcomes = self.call_many(function, [encoded], substitute=substitute, return_args=return_args)
        return outcomes[0] if outcomes else CallOutcome("protocol_error", error={"message": "no result came back"})

    def _failure(self, function: str, exc: BaseException, started: float,
                 budget: float | None = None) -> CallOutcome:
        """Kill the child after a timeout, a crash or a protocol violation; say what happened."""
        seconds = time.monotonic() - started
        code = self._kill_child()
        if code == protocol.CPU_SPENT_EXIT and isinstance(exc, EOFError):  # its CPU budget was spent
            return CallOutcome("timeout", error={"message": spent_cpu(function)}, seconds=seconds)
        if isinstance(exc, TimedOut):
            if self._ends_at is not None and time.monotonic() >= self._ends_at:
                return CallOutcome("timeout", error={"message": f"{function} was stopped: the submission "
                                   f"used up its {self.limits.submission_seconds:g} s time budget"},
                                   seconds=seconds)
            return CallOutcome("timeout", error={
                "message": too_slow(function, self.limits.call_seconds, budget)}, seconds=seconds)
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
        graded: Sequence[str] = (),
        return_args: bool = False,
        driver: dict[str, str] | None = None,
        keep_going: Callable[[int, CallOutcome], bool] | None = None,
        on_case: Callable[[int], None] | None = None,
        known: Callable[[int, bytes], bool] | None = None,
        sealed: Sequence[dict[str, str]] = (),
        drawing: Sequence[str] = (),
        budgets: Sequence[float | None] = (),
        cpu: Sequence[float] = (),
    ) -> list[CallOutcome]:
        """Call ``function`` once per (encoded) argument list, all sent in one request.

        The child answers each call as it finishes, with the request's id and
        the call's index; each call has ``call_seconds`` of its own. Every
        call gets exactly one answer, in order: a result out of order, a
        duplicate, an extra one, or a ``done`` before every call was answered
        ends the request with a ``protocol_error`` outcome (an error of the
        submission). ``substitute`` are the graded functions the oracle
        answers, ``graded`` all graded functions (the others are traced, so
        a message can name a callee of the student's that ran). ``driver``
        (source text) defines ``function`` instead of the submission (a
        whole-module check). ``keep_going(i, outcome)`` returning False stops
        the batch (the child skips the rest); ``on_case(i)`` is called before
        call ``i`` may ask the oracle. When ``known(i, digest)`` says the
        caller has already judged a result with these exact bytes, the value
        is not decoded (``outcome.value`` is None). ``sealed[i]`` holds call
        ``i``'s oracle answers sealed ahead of time (see
        :mod:`grader.execution.child.sealed`). Returns the outcomes up to
        the first that is not ``ok`` or that ``keep_going`` rejected.
        """
        child = self._ensure_child()  # a fresh child imports the submission under its own time limit
        if child is None:
            return [CallOutcome("import_failed", error=dict(self.ready or {}))]
        over = self._over_budget(function)
        if over is not None:
            return [over]
        self._next_id += 1
        request: dict[str, Any] = {"op": "batch", "id": self._next_id, "function": function, "calls": list(calls),
                                   "substitute": list(substitute), "graded": list(graded),
                                   "return_args": return_args}
        if driver is not None:
            request["driver"] = driver
        if any(sealed):
            request["sealed"] = list(sealed)
        if drawing:  # substituted callees that draw from the caller's generator state
            request["rng"] = list(drawing)
        if any(cpu):  # each call's CPU budget, counted in the child (``cpuclock.py``)
            request["cpu"] = [float(c) for c in cpu]
        self._served = True
        try:
            protocol.write_message(child.to_child, request)
        except OSError as exc:
            return [self._failure(function, exc, time.monotonic())]
        return self.collect(Planned(child, self._next_id, function, len(calls), tuple(substitute), tuple(budgets)),
                            keep_going=keep_going, on_case=on_case, known=known)

    def send_plan(self, batches: Sequence[PackedBatch], substitute: Sequence[str]) -> list[Planned] | None:
        """Send several batches in one frame; the child runs them in order, each answered as by :meth:`call_many`.

        ``batches`` are ``(JSON object of a batch request without its id, number of calls,
        function called)``,
        packed ahead (they are the same for every submission). Returns one
        handle per batch, for :meth:`collect` in the same order, or None when
        no child is running (the caller then calls :meth:`call_many`).
        """
        pending, self._reset_of = self._reset_of, None  # its answer is read once the plan is on its way
        child = self._ensure_child()
        if child is not pending:
            pending = None
        if child is None or not batches or self._over_budget(batches[0].function) is not None:
            self._reset_of = pending
            return None
        first = self._next_id + 1
        self._next_id += len(batches)
        held = getattr(child, "preloaded", None)  # the cases its zygote decoded before forking it
        body = b'{"op":"plan","first":%d,"batches":[%s]}' % (
            first, b",".join(b.refs if held is not None and b.refs and b.preload == held else b.body
                             for b in batches))
        if len(body) > protocol.MAX_MESSAGE_BYTES:
            self._reset_of = pending
            return None
        self._served = True
        try:
            write_within(child.to_child, protocol.HEADER.pack(len(body)) + body,
                          time.monotonic() + self.limits.call_seconds)
        except (OSError, TimedOut):  # a child that does not read: gone, and the caller falls back
            self._kill_child()
            return None
        if pending is not None and not self._reset_answered(child):  # it ends without running the plan
            self._renewing = True
            self._kill_child()
            return None
        return [Planned(child, first + k, b.function, b.calls, tuple(substitute), b.budgets)
                for k, b in enumerate(batches)]

    def skip(self, planned: Planned) -> None:
        """Stop a planned batch whose answers are no longer needed, and read past them."""
        if self._child is not planned.child:
            return
        try:
            protocol.write_message(planned.child.to_child, {"op": "stop", "id": planned.batch_id})
        except OSError:
            self._kill_child()
            return
        self.collect(planned, keep_going=lambda i, o: False, stopping=True)

    def collect(
        self,
        planned: Planned,
        *,
        keep_going: Callable[[int, CallOutcome], bool] | None = None,
        on_case: Callable[[int], None] | None = None,
        known: Callable[[int, bytes], bool] | None = None,
        stopping: bool = False,
    ) -> list[CallOutcome]:
        """Read one sent batch's answers (see :meth:`call_many`); None-child plans come back empty."""
        child, batch_id, function, calls = planned.child, planned.batch_id, planned.function, planned.calls
        if self._child is not child:  # the child that got the plan is gone (a timeout or crash before)
            return []
        started = time.monotonic()
        outcomes: list[CallOutcome] = []
        misses: list[str] = []
        if on_case is not None and not stopping:
            on_case(0)
        answered = 0
        budget: float | None = None
        try:
            while True:
                budget = planned.budgets[answered] if answered < len(planned.budgets) else None
                body = self._channel(child).read_body(self._deadline(started, budget))
                if body.startswith(_ORACLE_PREFIX):  # the grader's time answering is not the call's
                    asked = time.monotonic()
                    self._answer_oracle(child, body, planned.substitute, misses)
                    started += time.monotonic() - asked + ORACLE_ALLOWANCE
                    continue
                now, index = time.monotonic(), answered
                digest = hashlib.blake2b(body, digest_size=20).digest()
                seen = _SEEN.get(digest)
                if (seen is not None and seen[0] == batch_id and seen[1] == answered < calls and not stopping
                        and known is not None and known(index, digest)):
                    # these exact bytes were read, checked and judged before, as answer `answered` of a
                    # request with this id: an ok result; nothing to parse
                    answered += 1
                    outcome = CallOutcome("ok", oracle_misses=tuple(misses), seconds=now - started, digest=digest,
                                          used=seen[2])
                else:
                    msg = protocol.parse_body(body)
                    if batch_reply(msg, batch_id, answered, calls, stopping) == "done":
                        return outcomes
                    answered += 1
                    if stopping:
                        misses, started = [], now
                        continue
                    used = names(msg.get("used"))
                    if msg.get("status") == "ok" and len(_SEEN) < _MAX_SEEN:
                        _SEEN[digest] = (batch_id, index, used)
                    if known is not None and msg.get("status") == "ok" and known(index, digest):
                        outcome = CallOutcome("ok", oracle_misses=tuple(misses), seconds=now - started,
                                              digest=digest, used=used)
                    else:
                        outcome = decode_outcome(msg, misses, now - started, digest)
                outcomes.append(outcome)
                misses, started = [], now
                if outcome.status != "ok" or (keep_going and not keep_going(index, outcome)):
                    stopping = True
                    if index + 1 < calls:
                        protocol.write_message(child.to_child, {"op": "stop", "id": batch_id})
                elif on_case is not None and index + 1 < calls:
                    on_case(index + 1)
        except (TimedOut, EOFError, OSError, protocol.ProtocolError) as exc:
            failure = self._failure(function, exc, started, budget)
            return outcomes if stopping else [*outcomes, failure]

    def _answer_oracle(self, child: ChildProcess, body: bytes, substitute: Sequence[str],
                       misses: list[str]) -> None:
        protocol.write_frame(child.to_child, oracle_reply(self.oracle, self.oracle_cache, body, substitute, misses))
