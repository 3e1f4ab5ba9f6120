"""The matcher base class: plain data plus ``judge``, and the walk over nested outputs.

A matcher is plain data (it round-trips through JSON, so a student's copy
of an assignment can carry public checks as data) plus one method,
:meth:`Matcher.judge`, that returns ``None`` when the output is right and a
message a student can act on when it is not. Every comparison works on
values already decoded by :mod:`grader.execution.child.protocol`, converts
to float64 only after checking type and shape, and uses a relative error
per array. ``parts`` restricts a matcher to some outputs, each a path into
the returned value (see :func:`grader.checks.outputs.resolve`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, NamedTuple

import numpy as np

from grader.checks.match.hints import shape_diagnosis
from grader.checks.match.naming import Mismatch, Path, Where, as_float64, describe_type, is_number
from grader.execution.child import protocol

MATCHERS: dict[str, type[Matcher]] = {}


class Verdict(NamedTuple):
    """A failure: the student's message and its diagnosis code (see :data:`~grader.checks.match.hints.DIAGNOSES`)."""

    message: str
    diagnosis: str


@dataclass(frozen=True)
class Matcher:
    """Base class: ``judge`` returns None for a right answer, else a message."""

    kind: ClassVar[str] = ""
    expected: Any
    names: tuple[str, ...]
    context: dict[str, Any] = field(default_factory=dict)

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        if cls.__dict__.get("kind"):  # only a class that names its own kind (not a subclass inheriting one)
            MATCHERS.setdefault(cls.kind, cls)

    def judge(self, value: Any, args: Sequence[Any], args_after: Sequence[Any] | None,
              replaced: Sequence[tuple[Any, ...]] = ()) -> str | None:
        """None when ``value`` is right; otherwise the message (see :meth:`verdict`)."""
        verdict = self.verdict(value, args, args_after, replaced)
        return None if verdict is None else verdict.message

    def verdict(self, value: Any, args: Sequence[Any], args_after: Sequence[Any] | None,
                replaced: Sequence[tuple[Any, ...]] = ()) -> Verdict | None:
        """None when ``value`` is right; otherwise the message and its diagnosis. Fails closed.

        ``replaced`` lists the argument paths whose container entry the call
        rebound (as the child reports it; it only shapes the wording of a
        message). Anything the comparison cannot interpret (an overflow, an
        exception inside numpy) is a failure with a message, never a pass.
        """
        try:
            with np.errstate(all="ignore"):
                self._check(value, args, args_after, tuple(replaced))
        except Mismatch as exc:
            return Verdict(str(exc), exc.diagnosis)
        except Exception as exc:  # noqa: BLE001 - fail closed on anything unexpected
            return Verdict(f"the grader could not interpret what your function returned "
                           f"({type(exc).__name__}: {str(exc)[:200]}), so this check fails.", "uninterpretable")
        return None

    def _check(self, value: Any, args: Sequence[Any], args_after: Sequence[Any] | None,
               replaced: tuple[tuple[Any, ...], ...]) -> None:
        raise NotImplementedError

    @property
    def wants_args_after(self) -> bool:
        return False

    def params(self) -> dict[str, Any]:
        return {}

    def to_data(self) -> dict[str, Any]:
        return {"matcher": self.kind, "expected": protocol.encode(self.expected),
                "names": list(self.names), "context": protocol.encode(self.context), **self.params()}

    @staticmethod
    def from_data(data: dict[str, Any]) -> Matcher:
        cls = MATCHERS[data["matcher"]]
        extra = {k: v for k, v in data.items() if k not in {"matcher", "expected", "names", "context"}}
        for key, val in list(extra.items()):
            if isinstance(val, list):
                extra[key] = tuple(tuple(v) if isinstance(v, list) else v for v in val)
        return cls(expected=protocol.decode(data["expected"]), names=tuple(data["names"]),
                   context=protocol.decode(data["context"]), **extra)

    # -- shared walking
    def _walk(self, got: Any, exp: Any, path: Path, strict: bool, leaf: Any) -> None:
        where = Where(path, self.names)
        if isinstance(exp, tuple | list):
            if not isinstance(got, tuple | list):
                raise Mismatch(f"{where} should be a {type(exp).__name__} of {len(exp)} items, "
                               f"but it is {describe_type(got)}.", "wrong_type")
            if strict and type(got) is not type(exp):
                raise Mismatch(f"{where} should be a {type(exp).__name__}, but it is a "
                               f"{type(got).__name__}.", "wrong_type")
            if len(got) != len(exp):
                raise Mismatch(f"{where} has {len(got)} items but should have {len(exp)}.", "wrong_length")
            for i, (g, e) in enumerate(zip(got, exp, strict=True)):
                self._walk(g, e, (*path, i), strict, leaf)
            return
        if isinstance(exp, dict):
            if type(got) is not dict:
                raise Mismatch(f"{where} should be a dict, but it is {describe_type(got)}.", "wrong_type")
            missing = [k for k in exp if k not in got]
            extra = [k for k in got if k not in exp]
            if missing or extra:
                parts = []
                if missing:
                    parts.append(f"missing {', '.join(map(repr, missing))}")
                if extra:
                    parts.append(f"unexpected {', '.join(map(repr, extra))}")
                raise Mismatch(f"{where} has the wrong keys ({'; '.join(parts)}); expected exactly "
                               f"{sorted(exp)}.", "wrong_keys")
            for k in exp:
                self._walk(got[k], exp[k], (*path, k), strict, leaf)
            return
        leaf(got, exp, path, where)

    def _as_array(self, got: Any, exp: Any, where: object) -> tuple[np.ndarray, np.ndarray]:
        """Check type and shape, then convert both to float64."""
        if isinstance(exp, np.ndarray) and exp.ndim > 0:
            if type(got) is not np.ndarray:
                raise Mismatch(f"{where} should be a numpy array of shape {exp.shape}, "
                               f"but it is {describe_type(got)}.", "wrong_type")
            if got.shape != exp.shape:
                hint, code = shape_diagnosis(got.shape, exp.shape)
                raise Mismatch(f"{where} has shape {got.shape} but expected {exp.shape}{hint}.", code)
            if got.dtype.kind not in "biuf":
                raise Mismatch(f"{where} has dtype {got.dtype}; return numbers.", "wrong_type")
            return as_float64(got), as_float64(exp)
        # a scalar is expected
        if isinstance(got, np.ndarray):
            if got.ndim > 0:
                hint, code = shape_diagnosis(got.shape, ())
                raise Mismatch(f"{where} has shape {got.shape} but should be a scalar{hint}.", code)
            if got.dtype.kind not in "iuf":
                raise Mismatch(f"{where} should be a number, but it has dtype {got.dtype}.", "wrong_type")
            return got.astype(np.float64), np.asarray(exp, dtype=np.float64)
        if not is_number(got):
            raise Mismatch(f"{where} should be a number, but it is {describe_type(got)}.", "wrong_type")
        return np.asarray(got, dtype=np.float64), np.asarray(exp, dtype=np.float64)

    def _plain_leaf(self, got: Any, exp: Any, where: object) -> bool:
        """Compare non-numeric leaves; return True when handled."""
        if exp is None or isinstance(exp, str | bool):
            if type(got) is not type(exp) or got != exp:
                raise Mismatch(f"{where} should be {exp!r}, but it is {describe_type(got)}.")
            return True
        return False


