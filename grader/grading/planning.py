"""A graded function's checks as requests packed ahead, sent to the child as one plan.

The requests of a check (its cases' arguments, which callees the oracle
answers, the sealed answers, see :mod:`grader.grading.sealing`) are the
same for every submission, so they are packed once per process and kept;
:func:`plan` sends all of one function's in one frame, and the child
answers each as if it had been sent on its own
(:meth:`~grader.execution.session.ChildSession.send_plan`). Each call also
gets its time budget here: a multiple of what the reference takes on the
same inputs (:func:`~grader.execution.session.budget_of`), so a call that
never returns costs a fraction of a second, not the whole time limit.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from grader.checks.base import Case, CompiledCheck
from grader.course.model import Suite
from grader.execution.budget import budget_of, cpu_budget_of
from grader.execution.child import protocol
from grader.execution.plans import PackedBatch, Planned
from grader.grading.sealing import sealed_table

if TYPE_CHECKING:
    from grader.grading.judging import Grading as _Grading

_MAX_ENTRIES = 4_000
_PACKED: dict[tuple[int, frozenset[str], str], tuple[CompiledCheck, list[PackedBatch]]] = {}
_RUNS: dict[int, tuple[CompiledCheck, list[list[Case]]]] = {}
_SECONDS: dict[int, tuple[Case, float | None]] = {}


def request_parts(grading: _Grading, check: CompiledCheck, trusted: frozenset[str] = frozenset()
                  ) -> tuple[list[str], list[str], list[str], dict[str, str] | None]:
    """``(substitute, drawing, graded, driver)`` of a check's requests (``trusted`` callees not substituted)."""
    substitute = [] if check.driver else [c for c in grading.callees.get(check.function, ()) if c not in trusted]
    drawing = [s for s in substitute if s in grading.drawing]
    graded = [] if check.driver else grading.names
    driver = {"source": check.driver} if check.driver else None
    return substitute, drawing, graded, driver


def runs_of(check: CompiledCheck) -> list[list[Case]]:
    """A check's cases in runs that share ``wants_args_after`` (one request each)."""
    entry = _RUNS.get(id(check))
    if entry is None or entry[0] is not check:
        runs: list[list[Case]] = []
        for case in check.cases:
            if runs and runs[-1][0].matcher.wants_args_after == case.matcher.wants_args_after:
                runs[-1].append(case)
            else:
                runs.append([case])
        entry = _RUNS[id(check)] = (check, runs)
    return entry[1]


def reference_seconds(suite: Suite, check: CompiledCheck, case: Case) -> float | None:
    """Seconds the reference takes on ``case`` (timed once per process); None without a reference."""
    reference = suite.reference
    if reference is None:
        return None
    hit = _SECONDS.get(id(case))
    if hit is not None and hit[0] is case:
        return hit[1]
    started = time.perf_counter()
    try:
        if check.driver:
            reference.run_driver(check.driver, check.target, case.args)
        else:
            reference.call(case.function, case.args)
        seconds: float | None = time.perf_counter() - started
    except Exception:  # noqa: BLE001 - the reference refuses these inputs: the plain time limit applies
        seconds = None
    if len(_SECONDS) >= _MAX_ENTRIES * 8:
        _SECONDS.clear()
    _SECONDS[id(case)] = (case, seconds)
    return seconds


def budgets(suite: Suite, check: CompiledCheck, run: Sequence[Case]) -> tuple[float | None, ...]:
    """Each call's time budget (None: the limit's ``call_seconds``)."""
    return tuple(budget_of(reference_seconds(suite, check, c)) for c in run)


def cpu_budgets(suite: Suite, check: CompiledCheck, run: Sequence[Case]) -> list[float]:
    """Each call's CPU budget in seconds (0: not counted)."""
    return [cpu_budget_of(reference_seconds(suite, check, c)) for c in run]


def packed_runs(grading: _Grading, check: CompiledCheck, trusted: frozenset[str]) -> list[PackedBatch]:
    """A check's runs as batch requests without their ids, packed once per process (the same for everyone)."""
    trusted = trusted & frozenset(grading.callees.get(check.function, ()))
    table = grading.preload
    key = (id(check), trusted, table.key if table is not None else "")
    entry = _PACKED.get(key)
    if entry is None or entry[0] is not check:
        substitute, drawing, graded, driver = request_parts(grading, check, trusted)
        packed = []
        for run in runs_of(check):
            request: dict[str, Any] = {"op": "batch", "function": check.target,
                                       "calls": [c.encoded_args for c in run], "substitute": substitute,
                                       "graded": graded, "return_args": run[0].matcher.wants_args_after}
            if driver is not None:
                request["driver"] = driver
            tables = [sealed_table(c, [s for s in substitute if s not in drawing], grading.suite.reference)
                      for c in run]
            if any(tables):
                request["sealed"] = tables
            if drawing:
                request["rng"] = drawing
            cpu = cpu_budgets(grading.suite, check, run)
            if any(cpu):
                request["cpu"] = cpu
            refs = table.refs(run) if table is not None else None
            packed.append(PackedBatch(
                protocol.pack(request)[protocol.HEADER_SIZE:], len(run), check.target,
                budgets(grading.suite, check, run),
                protocol.pack({**request, "calls": refs})[protocol.HEADER_SIZE:] if refs is not None else b"",
                table.key if table is not None and refs is not None else ""))
        if len(_PACKED) >= _MAX_ENTRIES:
            _PACKED.clear()
        entry = _PACKED[key] = (check, packed)
    return entry[1]


def plan(grading: _Grading, checks: Sequence[CompiledCheck]) -> dict[str, list[Planned]]:
    """Send every run of ``checks`` (one graded function's) to the child in one frame.

    Returns each check's sent runs by name; empty when nothing could be
    sent (each run is then asked for on its own).
    """
    trusted = frozenset(grading.trusted())
    runs = {c.name: packed_runs(grading, c, trusted) for c in checks if c.cases}
    flat = [packed for c in checks for packed in runs.get(c.name, [])]
    substitute = request_parts(grading, checks[0], trusted)[0] if checks else []
    sent = grading.session.send_plan(flat, substitute) if flat else None
    if sent is None:
        return {}
    planned: dict[str, list[Planned]] = {}
    for c in checks:
        count = len(runs.get(c.name, []))
        planned[c.name], sent = sent[:count], sent[count:]
    return planned


__all__ = ["budgets", "cpu_budgets", "packed_runs", "plan", "reference_seconds", "request_parts", "runs_of"]
