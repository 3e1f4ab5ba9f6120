"""Answer a substituted callee's calls from the grader's side.

While a caller is graded, every other graded function in the student's
module is replaced by a proxy that asks the grader. :class:`ReferenceOracle`
answers with the reference (instructor's checkout); :class:`RecordedOracle`
answers from the calls the reference made on the same public inputs
(student's copy) and says "miss" for anything else, so the student's own
callee runs. Either way only values cross the boundary, never code.
"""

from __future__ import annotations

import hashlib
import inspect
import json
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np

from grader.checks.base import RecordedCall
from grader.course.reference import Reference
from grader.execution.child import protocol


class ReferenceOracle:
    """Evaluate the reference on the arguments the student's code passed.

    Answers are memoized by a digest of the encoded arguments, within a
    memory budget: ``max_bytes`` in all (least recently used answers are
    dropped first) and ``per_submission`` bytes added by any one submission
    (:meth:`begin_submission` starts the count), so no submission can pin
    the grader's memory for the rest of a batch.
    """

    def __init__(self, reference: Reference, max_bytes: int = 32 << 20, per_submission: int = 4 << 20) -> None:
        self.reference = reference
        self.memo: OrderedDict[bytes, tuple[tuple[str, Any], int]] = OrderedDict()
        self.max_bytes = max_bytes
        self.per_submission = per_submission
        self.size = 0
        self.added = 0

    def begin_submission(self) -> None:
        """Start counting the memory a new submission adds to the memo."""
        self.added = 0

    def answer(self, function: str, args: list[Any], kwargs: dict[str, Any]) -> tuple[str, Any]:
        fn = self.reference.functions.get(function)
        if fn is None:
            return "miss", None
        try:
            bound = inspect.signature(fn).bind(*args, **kwargs)
        except TypeError as exc:
            return "error", f"{function}() called with the wrong arguments: {exc}"
        text = json.dumps([function, [protocol.encode(a) for a in bound.args]], separators=(",", ":"))
        key = hashlib.blake2b(text.encode("utf-8"), digest_size=20).digest()
        hit = self.memo.get(key)
        if hit is not None:
            self.memo.move_to_end(key)
            return hit[0]
        try:
            with np.errstate(all="ignore"):
                result: tuple[str, Any] = ("ok", self.reference.call(function, bound.args))
        except Exception as exc:  # the reference on a student's odd arguments
            result = ("error", f"{function}() failed on the arguments your code passed: {exc}")
        self._remember(key, result)
        return result

    def answer_drawing(self, function: str, args: list[Any], kwargs: dict[str, Any],
                       state: Any) -> tuple[str, Any, Any]:
        """Like :meth:`answer`, drawing from the caller's generator ``state``; also the state after.

        Not memoized: the answer depends on the state, and such callees
        (initializers) are called once or twice per case.
        """
        fn = self.reference.functions.get(function)
        if fn is None:
            return "miss", None, None
        try:
            bound = inspect.signature(fn).bind(*args, **kwargs)
            keys, pos, has_gauss, cached = state
            with np.errstate(all="ignore"):
                value, after = self.reference.call_drawing(function, bound.args, (keys, pos, has_gauss, cached))
        except Exception as exc:  # the reference on a student's odd arguments or state
            return "error", f"{function}() failed on the arguments your code passed: {exc}", None
        return "ok", value, after

    def _remember(self, key: bytes, result: tuple[str, Any]) -> None:
        cost = _nbytes(result[1]) + 200
        if cost > self.max_bytes // 8 or self.added + cost > self.per_submission:
            return
        while self.memo and self.size + cost > self.max_bytes:
            _, (_, dropped) = self.memo.popitem(last=False)
            self.size -= dropped
        self.memo[key] = (result, cost)
        self.size += cost
        self.added += cost


def _nbytes(value: Any, depth: int = 0) -> int:
    """About how many bytes ``value`` holds (arrays by their buffers, containers by their items)."""
    if isinstance(value, np.ndarray):
        return int(value.nbytes) + 112
    if depth > 30:
        return 64
    if isinstance(value, dict):
        return 64 + sum(_nbytes(k, depth + 1) + _nbytes(v, depth + 1) for k, v in value.items())
    if isinstance(value, tuple | list):
        return 56 + sum(_nbytes(v, depth + 1) for v in value)
    if isinstance(value, str):
        return 49 + len(value)
    return 32


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
