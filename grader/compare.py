"""Matchers: compare what a student's function returned with what was expected.

A matcher is plain data (it round-trips through JSON, so a student's copy
of an assignment can carry public checks as data) plus one method,
:meth:`Matcher.judge`, that returns ``None`` when the output is right and a
message a student can act on when it is not. Every comparison works on
values already decoded by :mod:`grader.protocol`, converts to float64 only
after checking type and shape, and uses a relative error per array.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from grader import protocol
from grader.protocol import Unsupported

Path = tuple[Any, ...]


class Mismatch(Exception):
    """Raised while walking two values; carries the student-facing message."""


# ------------------------------------------------------------- naming paths


def path_name(path: Path, names: Sequence[str]) -> str:
    """``("1", 0)`` -> ``cache[0]`` using the function's return names."""
    if not path:
        return names[0] if len(names) == 1 else "the returned value"
    head, rest = path[0], path[1:]
    if len(names) == 1:
        text, rest = names[0], path
    elif isinstance(head, int) and head < len(names):
        text = names[head]
    else:
        text = f"output[{head!r}]"
    for p in rest:
        text += f'["{p}"]' if isinstance(p, str) else f"[{p}]"
    return text


class _Where:
    """A path named only when a message needs it (most comparisons pass)."""

    __slots__ = ("path", "names")

    def __init__(self, path: Path, names: Sequence[str]) -> None:
        self.path = path
        self.names = names

    def __str__(self) -> str:
        return path_name(self.path, self.names)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def describe_type(value: Any) -> str:
    if isinstance(value, Unsupported):
        return f"an object of type {value.type_name}"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if isinstance(value, np.generic):
        return f"a numpy {type(value).__name__}"
    return {tuple: "a tuple", list: "a list", dict: "a dict", str: "a string", type(None): "None",
            bool: "a bool", int: "an int", float: "a float"}.get(type(value), type(value).__name__)


def _is_number(value: Any) -> bool:
    return (type(value) in (int, float)) or (
        isinstance(value, np.generic) and np.asarray(value).dtype.kind in "iuf"
    )


def _shape_hint(got: tuple[int, ...], expected: tuple[int, ...]) -> str:
    squeezed = tuple(s for s in expected if s != 1)
    if got == squeezed and got != expected:
        return (": keep the summed axis with keepdims=True (or reshape) so the result stays "
                f"{expected}")
    if got == expected[::-1]:
        return ": it looks transposed (check the order of the matrix product or a missing .T)"
    if expected == () and len(got) > 0 and int(np.prod(got)) == 1:
        return ": return a scalar, e.g. np.squeeze(cost) or float(cost)"
    if len(got) == len(expected) and got[-1:] == expected[-1:] and got[:-1] != expected[:-1]:
        return ": the number of rows is wrong (check which layer's size you used)"
    if len(got) == len(expected) and got[:1] == expected[:1]:
        return ": the number of columns is wrong (one column per example, m columns)"
    return ""


def _ratio_hint(got: np.ndarray, expected: np.ndarray, context: dict[str, Any]) -> str:
    mask = np.abs(expected) > 1e-12 * max(1.0, float(np.max(np.abs(expected), initial=0.0)))
    if not mask.any():
        return ""
    ratios = got[mask] / expected[mask]
    c = float(np.median(ratios))
    if not np.all(np.abs(ratios - c) <= 1e-6 * max(1.0, abs(c))) or abs(c - 1) < 1e-9:
        return ""
    m = context.get("m")
    if abs(c + 1) < 1e-6:
        return " Every entry has the opposite sign: check the sign (+/-) in your formula."
    if m and m > 1 and abs(c * m - 1) < 1e-6:
        return f" Every entry is 1/m times the expected value (m = {m}): did you divide by m twice?"
    if m and m > 1 and abs(c - m) < 1e-6:
        return f" Every entry is m times the expected value (m = {m}): did you forget to divide by m?"
    return f" Every entry is {c:.6g} times the expected value."


def _float64(a: np.ndarray) -> np.ndarray:
    return a if a.dtype == np.float64 else a.astype(np.float64)


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def _index(idx: tuple[int, ...]) -> str:
    return str(tuple(int(i) for i in idx)) if len(idx) != 1 else f"({int(idx[0])},)"


# ------------------------------------------------------------- base


MATCHERS: dict[str, type[Matcher]] = {}


@dataclass(frozen=True)
class Matcher:
    """Base class: ``judge`` returns None for a right answer, else a message."""

    kind: ClassVar[str] = ""
    expected: Any
    names: tuple[str, ...]
    context: dict[str, Any] = field(default_factory=dict)

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        if cls.kind:
            MATCHERS[cls.kind] = cls

    def judge(self, value: Any, args: Sequence[Any], args_after: Sequence[Any] | None) -> str | None:
        try:
            self._check(value, args, args_after)
        except Mismatch as exc:
            return str(exc)
        return None

    def _check(self, value: Any, args: Sequence[Any], args_after: Sequence[Any] | None) -> None:
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
        where = _Where(path, self.names)
        if isinstance(exp, tuple | list):
            if not isinstance(got, tuple | list):
                raise Mismatch(f"{where} should be a {type(exp).__name__} of {len(exp)} items, "
                               f"but it is {describe_type(got)}.")
            if strict and type(got) is not type(exp):
                raise Mismatch(f"{where} should be a {type(exp).__name__}, but it is a "
                               f"{type(got).__name__}.")
            if len(got) != len(exp):
                raise Mismatch(f"{where} has {len(got)} items but should have {len(exp)}.")
            for i, (g, e) in enumerate(zip(got, exp, strict=True)):
                self._walk(g, e, (*path, i), strict, leaf)
            return
        if isinstance(exp, dict):
            if type(got) is not dict:
                raise Mismatch(f"{where} should be a dict, but it is {describe_type(got)}.")
            missing = [k for k in exp if k not in got]
            extra = [k for k in got if k not in exp]
            if missing or extra:
                parts = []
                if missing:
                    parts.append(f"missing {', '.join(map(repr, missing))}")
                if extra:
                    parts.append(f"unexpected {', '.join(map(repr, extra))}")
                raise Mismatch(f"{where} has the wrong keys ({'; '.join(parts)}); expected exactly "
                               f"{sorted(exp)}.")
            for k in exp:
                self._walk(got[k], exp[k], (*path, k), strict, leaf)
            return
        leaf(got, exp, path, where)

    def _as_array(self, got: Any, exp: Any, where: object) -> tuple[np.ndarray, np.ndarray]:
        """Check type and shape, then convert both to float64."""
        if isinstance(exp, np.ndarray) and exp.ndim > 0:
            if type(got) is not np.ndarray:
                raise Mismatch(f"{where} should be a numpy array of shape {exp.shape}, "
                               f"but it is {describe_type(got)}.")
            if got.shape != exp.shape:
                raise Mismatch(f"{where} has shape {got.shape} but expected {exp.shape}"
                               f"{_shape_hint(got.shape, exp.shape)}.")
            if got.dtype.kind not in "biuf":
                raise Mismatch(f"{where} has dtype {got.dtype}; return numbers.")
            return _float64(got), _float64(exp)
        # a scalar is expected
        if isinstance(got, np.ndarray):
            if got.ndim > 0:
                raise Mismatch(f"{where} has shape {got.shape} but should be a scalar"
                               f"{_shape_hint(got.shape, ())}.")
            if got.dtype.kind not in "iuf":
                raise Mismatch(f"{where} should be a number, but it has dtype {got.dtype}.")
            return got.astype(np.float64), np.asarray(exp, dtype=np.float64)
        if not _is_number(got):
            raise Mismatch(f"{where} should be a number, but it is {describe_type(got)}.")
        return np.asarray(got, dtype=np.float64), np.asarray(exp, dtype=np.float64)

    def _plain_leaf(self, got: Any, exp: Any, where: object) -> bool:
        """Compare non-numeric leaves; return True when handled."""
        if exp is None or isinstance(exp, str | bool):
            if type(got) is not type(exp) or got != exp:
                raise Mismatch(f"{where} should be {exp!r}, but it is {describe_type(got)}.")
            return True
        return False


# ------------------------------------------------------------- matchers


@dataclass(frozen=True)
class MatchShapes(Matcher):
    """Containers, their types, dict keys and every array's shape."""

    kind: ClassVar[str] = "shapes"

    def _check(self, value: Any, args: Sequence[Any], args_after: Sequence[Any] | None) -> None:
        def leaf(got: Any, exp: Any, path: Path, where: object) -> None:
            if not self._plain_leaf(got, exp, where):
                self._as_array(got, exp, where)

        self._walk(value, self.expected, (), True, leaf)


@dataclass(frozen=True)
class MatchValues(Matcher):
    """Every number within a relative tolerance (containers may be list or tuple).

    ``parts`` restricts the comparison to some top-level outputs (indices).
    """

    kind: ClassVar[str] = "values"
    rtol: float = 1e-6
    parts: tuple[int, ...] = ()

    def params(self) -> dict[str, Any]:
        return {"rtol": self.rtol, "parts": list(self.parts)}

    def _check(self, value: Any, args: Sequence[Any], args_after: Sequence[Any] | None) -> None:
        def leaf(got: Any, exp: Any, path: Path, where: object) -> None:
            if self._plain_leaf(got, exp, where):
                return
            g, e = self._as_array(got, exp, where)
            if g.tobytes() == e.tobytes():  # bit-identical: the common case, and cheap
                return
            bad_g = ~np.isfinite(g)
            if bad_g.any() and np.isfinite(e).all():
                bad = tuple(int(i) for i in np.argwhere(bad_g)[0]) if g.ndim else ()
                raise Mismatch(f"{where} contains {g[bad]} at index {_index(bad)} "
                               "where a finite number is expected.")
            scale = float(np.max(np.abs(e), initial=0.0))
            tol = self.rtol * np.maximum(np.abs(g), np.abs(e)) + 1e-9 * max(scale, 1e-300)
            err = np.abs(g - e)
            if np.all(err <= tol):
                return
            flat = int(np.argmax(err - tol))
            idx: tuple[int, ...] = tuple(int(i) for i in np.unravel_index(flat, e.shape)) if e.ndim else ()
            rel = float(np.max(err / np.maximum(np.abs(g) + np.abs(e), 1e-300)))
            at = f" at index {_index(idx)}" if e.ndim else ""
            hint = _ratio_hint(g, e, self.context) if e.ndim else _ratio_hint(
                g.reshape(1), e.reshape(1), self.context)
            if e.ndim == 2 and e.shape[0] == e.shape[1] and np.allclose(g, e.T, rtol=self.rtol):
                hint = " It equals the transpose of the expected value."
            raise Mismatch(f"{where} is wrong{at}: yours {_fmt(float(g[idx]))}, expected "
                           f"{_fmt(float(e[idx]))} (relative error {rel:.1e}).{hint}")

        expected, value_sel = self.expected, value
        if self.parts:
            if not isinstance(value, tuple | list) or len(value) != len(self.expected):
                raise Mismatch(f"the function should return {len(self.expected)} values "
                               f"({', '.join(self.names)}), but it returned {describe_type(value)}.")
            for i in self.parts:
                self._walk(value_sel[i], expected[i], (i,), False, leaf)
            return
        self._walk(value_sel, expected, (), False, leaf)


@dataclass(frozen=True)
class MatchGradient(Matcher):
    """Arrays against central-difference gradients, one relative error per block.

    The error of a block is ``|g - e| / (|g| + |e|)`` in the Frobenius norm
    (the CS231n ``rel_error`` on whole arrays); ``parts`` selects the
    gradient outputs (indices, or dict keys inside output 0 when the
    function returns a dict).
    """

    kind: ClassVar[str] = "gradient"
    threshold: float = 1e-6
    parts: tuple[Any, ...] = ()

    def params(self) -> dict[str, Any]:
        return {"threshold": self.threshold, "parts": list(self.parts)}

    def _check(self, value: Any, args: Sequence[Any], args_after: Sequence[Any] | None) -> None:
        def block(got: Any, exp: Any, path: Path) -> None:
            where = _Where(path, self.names)
            g, e = self._as_array(got, exp, where)
            if not np.isfinite(g).all():
                raise Mismatch(f"{where} contains NaN or infinity.")
            denom = float(np.linalg.norm(g) + np.linalg.norm(e))
            rel = float(np.linalg.norm(g - e)) / denom if denom > 0 else 0.0
            if rel > self.threshold:
                raise Mismatch(f"{where} fails the numerical gradient check: relative error {rel:.1e} "
                               f"against central differences (must be below {self.threshold:.0e})."
                               f"{_ratio_hint(g, e, self.context)}")

        if isinstance(self.expected, np.ndarray):
            block(value, self.expected, ())
            return
        if isinstance(self.expected, dict):
            if type(value) is not dict:
                raise Mismatch(f"{path_name((), self.names)} should be a dict, but it is "
                               f"{describe_type(value)}.")
            for key in self.parts or tuple(self.expected):
                if key not in value:
                    raise Mismatch(f'{path_name((), self.names)} has no key "{key}".')
                block(value[key], self.expected[key], (key,))
            return
        if not isinstance(value, tuple | list) or len(value) != len(self.expected):
            raise Mismatch(f"the function should return {len(self.expected)} values "
                           f"({', '.join(self.names)}), but it returned {describe_type(value)}.")
        for i in self.parts or range(len(self.expected)):
            block(value[i], self.expected[i], (i,))


@dataclass(frozen=True)
class MatchProperties(Matcher):
    """Properties any right answer has: exact types and keys, finiteness, scalars,
    and arguments left unchanged."""

    kind: ClassVar[str] = "properties"
    no_mutation: bool = True
    arg_names: tuple[str, ...] = ()

    def params(self) -> dict[str, Any]:
        return {"no_mutation": self.no_mutation, "arg_names": list(self.arg_names)}

    @property
    def wants_args_after(self) -> bool:
        return self.no_mutation

    def _check(self, value: Any, args: Sequence[Any], args_after: Sequence[Any] | None) -> None:
        def leaf(got: Any, exp: Any, path: Path, where: object) -> None:
            if self._plain_leaf(got, exp, where):
                return
            if isinstance(exp, np.ndarray) and exp.ndim > 0:
                g, _ = self._as_array(got, exp, where)
                if got.dtype.kind != "f":
                    raise Mismatch(f"{where} has dtype {got.dtype}; it should hold floats.")
            else:
                g, _ = self._as_array(got, exp, where)
            if not np.isfinite(g).all():
                raise Mismatch(f"{where} contains NaN or infinity.")

        self._walk(value, self.expected, (), True, leaf)
        if self.no_mutation:
            if args_after is None or len(args_after) != len(args):
                raise Mismatch("the grader could not read your function's arguments back.")
            for i, (before, after) in enumerate(zip(args, args_after, strict=True)):
                name = self.arg_names[i] if i < len(self.arg_names) else f"argument {i + 1}"
                problem = _changed(before, after, name)
                if problem:
                    raise Mismatch(problem + " Work on a copy (or build a new array/dict) instead of "
                                   "changing the caller's data in place.")


def _changed(before: Any, after: Any, where: str) -> str | None:
    """Describe how ``after`` differs from ``before`` (exact comparison)."""
    if isinstance(before, np.ndarray):
        if type(after) is not np.ndarray or after.shape != before.shape:
            return f"your function replaced {where} by {describe_type(after)}."
        diff = before != after
        if before.dtype.kind == "f":
            diff &= ~(np.isnan(before) & np.isnan(after))
        if diff.any():
            idx = tuple(int(i) for i in np.argwhere(diff)[0])
            return (f"your function changed its argument {where} in place (at index {idx} it was "
                    f"{_fmt(float(before[idx]))}, afterwards {_fmt(float(after[idx]))}).")
        return None
    if isinstance(before, dict):
        if type(after) is not dict or set(after) != set(before):
            return f"your function changed the keys of its argument {where}."
        for k in before:
            problem = _changed(before[k], after[k], f'{where}["{k}"]')
            if problem:
                return problem
        return None
    if isinstance(before, tuple | list):
        if type(after) is not type(before) or len(after) != len(before):
            return f"your function changed its argument {where}."
        for i, (b, a) in enumerate(zip(before, after, strict=True)):
            problem = _changed(b, a, f"{where}[{i}]")
            if problem:
                return problem
        return None
    if type(after) is not type(before) or after != before:
        return f"your function changed its argument {where}."
    return None
