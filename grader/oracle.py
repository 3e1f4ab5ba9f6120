"""Answer a substituted callee's calls from the grader's side.

While a caller is graded, every other graded function in the student's
module is replaced by a proxy that asks the grader. :class:`ReferenceOracle`
answers with the reference (instructor's checkout); :class:`RecordedOracle`
answers from the calls the reference made on the same public inputs
(student's copy) and says "miss" for anything else, so the student's own
callee runs. Either way only values cross the boundary, never code.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Sequence
from typing import Any

import numpy as np

from grader import protocol
from grader.checks.base import RecordedCall
from grader.spec import Reference


class ReferenceOracle:
    """Evaluate the reference on the arguments the student's code passed."""

    def __init__(self, reference: Reference, memo_size: int = 20_000) -> None:
        self.reference = reference
        self.memo: dict[str, tuple[str, Any]] = {}
        self.memo_size = memo_size

    def answer(self, function: str, args: list[Any], kwargs: dict[str, Any]) -> tuple[str, Any]:
        fn = self.reference.functions.get(function)
        if fn is None:
            return "miss", None
        try:
            bound = inspect.signature(fn).bind(*args, **kwargs)
        except TypeError as exc:
            return "error", f"{function}() called with the wrong arguments: {exc}"
        key = function + json.dumps([protocol.encode(a) for a in bound.args], separators=(",", ":"))
        hit = self.memo.get(key)
        if hit is not None:
            return hit
        try:
            with np.errstate(all="ignore"):
                result: tuple[str, Any] = ("ok", self.reference.call(function, bound.args))
        except Exception as exc:  # the reference on a student's odd arguments
            result = ("error", f"{function}() failed on the arguments your code passed: {exc}")
        if len(self.memo) < self.memo_size:
            self.memo[key] = result
        return result


def _same(a: Any, b: Any) -> bool:
    if isinstance(b, np.ndarray):
        return (type(a) is np.ndarray and a.shape == b.shape
                and bool(np.allclose(a, b, rtol=1e-10, atol=0.0, equal_nan=True)))
    if isinstance(b, tuple | list):
        return isinstance(a, tuple | list) and len(a) == len(b) and all(map(_same, a, b))
    if isinstance(b, dict):
        return type(a) is dict and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in b)
    return type(a) is type(b) and a == b


class RecordedOracle:
    """Answer from the reference's recorded calls for the current case.

    ``params`` maps each function to its parameter names, so a call made
    with keywords (``activation="relu"``) matches a positional recording.
    """

    def __init__(self, params: dict[str, tuple[str, ...]] | None = None) -> None:
        self.calls: Sequence[RecordedCall] = ()
        self.params = params or {}

    def answer(self, function: str, args: list[Any], kwargs: dict[str, Any]) -> tuple[str, Any]:
        if kwargs:
            names = self.params.get(function, ())
            rest = names[len(args):]
            if set(kwargs) - set(rest) or any(n not in kwargs for n in rest):
                return "miss", None
            args = [*args, *(kwargs[n] for n in rest)]
        for call in self.calls:
            if call.function == function and _same(tuple(args), call.args):
                return "ok", call.value
        return "miss", None
