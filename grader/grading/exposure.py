"""Exposure: graded functions whose check arguments hold another function's answers.

One child serves a submission's functions in turn, restored between them
(:mod:`grader.execution.child.snapshot`), and a restore does not see
everything (a closure cell's contents, another module's class). So a
function ``F`` may keep its arguments for a function ``G`` graded later in
the same child: harmless unless they are a *lookup table* for ``G``, the
inputs of one of ``G``'s cases and its answer (``F = linear_backward``,
whose ``cache`` is ``(A_prev, W, b, Z)``, and ``G = linear_forward``).
:func:`exposing` finds such pairs (and callers graded before their callees, whose
reference answers reach the child); the runner grades ``G`` in a fresh child.
:func:`preloadable` says which cases may be in every child from the start.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from grader.course.model import Suite

#: Leading values compared across all arrays of one shape before any whole array is.
_PROBE = 8
#: ``np.allclose``'s tolerances.
RTOL, ATOL = 1e-5, 1e-8
_MEMO: dict[int, tuple[weakref.ref[Suite], Mapping[str, frozenset[str]]]] = {}
_PRELOADABLE: dict[int, tuple[weakref.ref[Suite], frozenset[int]]] = {}


def arrays(value: Any) -> Iterator[np.ndarray]:
    """The floating arrays (of two values or more) in ``value``: tuples, lists, dicts and objects' ``vars()``."""
    stack, seen = [value], set()
    while stack:
        x = stack.pop()
        if isinstance(x, np.ndarray):
            if x.dtype.kind == "f" and x.size >= 2:
                yield x
        elif id(x) not in seen:
            seen.add(id(x))
            if isinstance(x, dict):
                stack.extend(x.values())
            elif isinstance(x, list | tuple):
                stack.extend(x)
            elif hasattr(x, "__dict__") and not isinstance(x, type):
                stack.extend(vars(x).values())


def close(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``np.isclose(a, b)`` with its default tolerances, for less overhead (inside ``np.errstate(all="ignore")``)."""
    return (a == b) | (np.abs(a - b) <= ATOL + RTOL * np.abs(b))


class Index:
    """Distinct arrays by shape, each with the functions whose arguments hold it (stacked by shape)."""

    def __init__(self) -> None:
        self._rows: dict[tuple[int, ...], dict[bytes, tuple[np.ndarray, set[str]]]] = {}
        self._stacks: dict[tuple[int, ...], tuple[np.ndarray, list[set[str]]]] = {}
        self._found: dict[tuple[tuple[int, ...], bytes], frozenset[str]] = {}

    def add(self, function: str, value: Any) -> None:
        """Note that ``function``'s arguments hold the arrays of ``value``."""
        for found in arrays(value):
            a = np.asarray(found, dtype=np.float64)
            self._rows.setdefault(a.shape, {}).setdefault(a.tobytes(), (a, set()))[1].add(function)
        self._stacks.clear()
        self._found.clear()

    def holders(self, x: np.ndarray) -> frozenset[str]:
        """The functions whose arguments hold an array ``allclose`` to ``x`` (same shape): leading values first."""
        x = np.asarray(x, dtype=np.float64)
        key = (x.shape, x.tobytes())
        if key not in self._found:
            rows = self._rows.get(x.shape, {})
            if rows and x.shape not in self._stacks:
                self._stacks[x.shape] = (np.stack([a for a, _ in rows.values()]).reshape(len(rows), -1),
                                         [f for _, f in rows.values()])
            stack, owners = self._stacks.get(x.shape, (np.empty((0, x.size)), []))
            flat = x.reshape(-1)
            near = np.flatnonzero(close(stack[:, :_PROBE], flat[:_PROBE]).all(axis=1))
            near = near[close(stack[near], flat).all(axis=1)]
            self._found[key] = frozenset().union(*(owners[i] for i in near))
        return self._found[key]


def answers(inputs: list[np.ndarray], expected: Any) -> list[np.ndarray]:
    """The floating arrays of ``expected`` that are none of ``inputs`` (returning an input computes nothing)."""
    return [o for o in arrays(expected)
            if not any(x.shape == o.shape and close(x, o).all() for x in inputs)]


def exposing(suite: Suite) -> Mapping[str, frozenset[str]]:
    """For each graded function, the functions graded before it whose arguments are a lookup table for it.

    ``F`` exposes ``G`` when a check of ``F`` comes before one of ``G``'s in
    ``suite.checks`` and either ``F``'s check arguments hold, for at least
    one case of ``G``, every floating array argument of that case and one
    of its expected output arrays (equal within ``np.allclose``, same
    shape) that is not one of its inputs (for a case without array
    arguments, that output alone), or ``F`` calls ``G`` (while ``F`` is
    graded, the reference answers ``F``'s calls of ``G``, not yet graded).
    Functions exposed by nothing are absent. Computed once per suite object.

    Parameters
    ----------
    suite : Suite
        A compiled suite (hidden checks included, or a student's public ones).

    Returns
    -------
    Mapping[str, frozenset[str]]
        ``G -> {F, ...}``.
    """
    memo = _MEMO.get(id(suite))
    if memo is not None and memo[0]() is suite:
        return memo[1]
    result = _exposing(suite)
    for key in [k for k, (ref, _) in _MEMO.items() if ref() is None]:
        del _MEMO[key]
    _MEMO[id(suite)] = (weakref.ref(suite), result)
    return result


def preloadable(suite: Suite) -> frozenset[int]:
    """The cases (by ``id``) whose arguments hold no other graded function's answer, in any order.

    Preloaded cases (:mod:`grader.grading.preload`) are in every child from
    the start, whatever function it is graded on: a case whose arguments
    hold an expected output of another function's case (one that is not
    among that case's inputs: a backward function's ``cache`` holding the
    forward function's ``Z``) is sent with its own function's plan only.
    """
    memo = _PRELOADABLE.get(id(suite))
    if memo is not None and memo[0]() is suite:
        return memo[1]
    answered = Index()
    for check in suite.checks:
        for case in check.cases:
            for output in answers(list(arrays(case.args)), getattr(case.matcher, "expected", None)):
                answered.add(check.function, output)
    safe = set()
    with np.errstate(all="ignore"):
        for check in suite.checks:
            for case in check.cases:
                if not frozenset().union(*(answered.holders(x) for x in arrays(case.args))) - {check.function}:
                    safe.add(id(case))
    result = frozenset(safe)
    for key in [k for k, (ref, _) in _PRELOADABLE.items() if ref() is None]:
        del _PRELOADABLE[key]
    _PRELOADABLE[id(suite)] = (weakref.ref(suite), result)
    return result


def _exposing(suite: Suite) -> dict[str, frozenset[str]]:
    index, first, last = Index(), dict[str, int](), dict[str, int]()
    for i, check in enumerate(suite.checks):
        first.setdefault(check.function, i)
        last[check.function] = i
        for case in check.cases:
            index.add(check.function, case.args)
    exposed: dict[str, set[str]] = {}
    with np.errstate(all="ignore"):
        for check in suite.checks:
            g = check.function
            for case in check.cases:
                keys = {f for f, i in first.items() if i < last[g] and f != g} - exposed.get(g, set())
                inputs = list(arrays(case.args))
                for x in inputs:
                    keys = keys & index.holders(x) if keys else keys
                outputs = answers(inputs, getattr(case.matcher, "expected", None)) if keys else []
                found = keys & frozenset().union(*(index.holders(o) for o in outputs))
                exposed.setdefault(g, set()).update(found)
    for f in suite.functions:  # the oracle answers the calls of a callee graded later while its caller is graded
        for g in f.calls:
            if f.name in first and g in first and first[f.name] < last[g] and g != f.name:
                exposed.setdefault(g, set()).add(f.name)
    return {g: frozenset(fs) for g, fs in exposed.items() if fs}


__all__ = ["exposing", "preloadable", "arrays", "answers", "close", "Index"]
