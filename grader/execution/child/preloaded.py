"""Every case's arguments, decoded once in the zygote and inherited by each child it forks.

A batch grader sends its suite's case arguments to the zygote once
(:meth:`~grader.execution.forkserver.ForkServer.want_preload`); a plan then
names a case by its index, and the child takes a fresh copy of the decoded
arguments (:func:`fresh`) instead of decoding them again: the same bytes
would otherwise be decoded by every child of every submission.

The grader preloads only the cases whose arguments hold no other graded
function's expected output (:func:`grader.grading.exposure.preloadable`):
every child can read all of them, not only the function it is graded on's.
It could also change them in place for the functions graded after in the
same child; that only moves its own computation around, since expected
values never reach the child.

Standard library and numpy only: this file runs in the sandbox.
"""

from __future__ import annotations

from typing import Any

import numpy
import protocol

#: The key of the preloaded suite, and its cases' decoded arguments by index.
KEY: str | None = None
CASES: list[list[Any]] = []


def load(key: Any, calls: Any) -> int:
    """Decode ``calls`` (one list of encoded arguments per case) and keep them under ``key``; their number.

    Raises
    ------
    protocol.ProtocolError
        For anything the grader could not have sent.
    """
    global KEY, CASES
    if type(key) is not str or type(calls) is not list or not all(type(c) is list for c in calls):
        raise protocol.ProtocolError("malformed preload")
    CASES = [[protocol.decode(a) for a in call] for call in calls]
    KEY = key
    return len(CASES)


def _copy(value: Any) -> Any:
    kind = type(value)
    if kind is numpy.ndarray:
        return value.copy()
    if kind is list:
        return [_copy(v) for v in value]
    if kind is dict:
        return {k: _copy(v) for k, v in value.items()}
    if kind is tuple:
        return tuple(_copy(v) for v in value)
    return value  # a scalar, a string, None: nothing a call could change in place


def fresh(index: int) -> list[Any]:
    """A copy of case ``index``'s arguments, which the call may change at will."""
    if not 0 <= index < len(CASES):
        raise protocol.ProtocolError(f"no preloaded case {index}")
    return [_copy(a) for a in CASES[index]]
