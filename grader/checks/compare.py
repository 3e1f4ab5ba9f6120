"""Matchers: compare what a student's function returned with what was expected.

A matcher is plain data (it round-trips through JSON, so a student's copy
of an assignment can carry public checks as data) plus one method,
:meth:`Matcher.judge`, that returns ``None`` when the output is right and a
message a student can act on when it is not. Every comparison works on
values already decoded by :mod:`grader.execution.child.protocol`, converts to float64 only
after checking type and shape, and uses a relative error per array.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from grader.execution.child import protocol
from grader.execution.child.protocol import Unsupported

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
        if cls.__dict__.get("kind"):  # only a class that names its own kind (not a subclass inheriting one)
            MATCHERS.setdefault(cls.kind, cls)

    def judge(self, value: Any, args: Sequence[Any], args_after: Sequence[Any] | None,
              replaced: Sequence[tuple[Any, ...]] = ()) -> str | None:
        """None when ``value`` is right; otherwise the message. Fails closed.

        ``replaced`` lists the argument paths whose container entry the call
        rebound (as the child reports it; it only shapes the wording of a
        message). Anything the comparison cannot interpret (an overflow, an
        exception inside numpy) is a failure with a message, never a pass.
        """
        try:
            with np.errstate(all="ignore"):
                self._check(value, args, args_after, tuple(replaced))
        except Mismatch as exc:
            return str(exc)
        except Exception as exc:  # noqa: BLE001 - fail closed on anything unexpected
            return (f"the grader could not interpret what your function returned "
                    f"({type(exc).__name__}: {str(exc)[:200]}), so this check fails.")
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

    def _check(self, value: Any, args: Sequence[Any], args_after: Sequence[Any] | None,
               replaced: tuple[tuple[Any, ...], ...]) -> None:
        def leaf(got: Any, exp: Any, path: Path, where: object) -> None:
            if not self._plain_leaf(got, exp, where):
                self._as_array(got, exp, where)

        try:
            self._walk(value, self.expected, (), True, leaf)
        except Mismatch as exc:
            raise Mismatch(_with_misplaced(str(exc), value, self.expected, self.names)) from None


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

    def _check(self, value: Any, args: Sequence[Any], args_after: Sequence[Any] | None,
               replaced: tuple[tuple[Any, ...], ...]) -> None:
        def leaf(got: Any, exp: Any, path: Path, where: object) -> None:
            if self._plain_leaf(got, exp, where):
                return
            g, e = self._as_array(got, exp, where)
            _require_finite(g, e, where)
            if g.tobytes() == e.tobytes():  # bit-identical: the common case, and cheap
                return
            # compare in units of the largest magnitude, so nothing overflows
            unit = max(float(np.max(np.abs(g), initial=0.0)), float(np.max(np.abs(e), initial=0.0)))
            if unit == 0.0:  # all zeros on both sides (-0.0 included)
                return
            gs, es = g / unit, e / unit
            scale = float(np.max(np.abs(es), initial=0.0))
            tol = self.rtol * np.maximum(np.abs(gs), np.abs(es)) + 1e-9 * max(scale, 1e-300)
            err = np.abs(gs - es)
            if np.all(err <= tol):
                return
            flat = int(np.argmax(err - tol))
            idx: tuple[int, ...] = tuple(int(i) for i in np.unravel_index(flat, e.shape)) if e.ndim else ()
            rel = float(np.max(err / np.maximum(np.abs(gs) + np.abs(es), 1e-300)))
            at = f" at index {_index(idx)}" if e.ndim else ""
            hint = _ratio_hint(g, e, self.context) if e.ndim else _ratio_hint(
                g.reshape(1), e.reshape(1), self.context)
            if e.ndim == 2 and e.shape[0] == e.shape[1] and np.allclose(g, e.T, rtol=self.rtol):
                hint = " It equals the transpose of the expected value."
            raise Mismatch(f"{where} is wrong{at}: yours {_fmt(float(g[idx]))}, expected "
                           f"{_fmt(float(e[idx]))} (relative error {rel:.1e}).{hint}")

        expected = self.expected
        if self.parts:
            if not isinstance(value, tuple | list) or len(value) != len(self.expected):
                raise Mismatch(f"the function should return {len(self.expected)} values "
                               f"({', '.join(self.names)}), but it returned {describe_type(value)}.")
            for i in self.parts:
                self._walk_explained(value[i], expected[i], (i,), leaf)
            return
        self._walk_explained(value, expected, (), leaf)

    def _walk_explained(self, got: Any, exp: Any, path: Path, leaf: Any) -> None:
        try:
            self._walk(got, exp, path, False, leaf)
        except Mismatch as exc:
            raise Mismatch(_with_misplaced(str(exc), got, exp, self.names, path, self.rtol)) from None


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

    def _check(self, value: Any, args: Sequence[Any], args_after: Sequence[Any] | None,
               replaced: tuple[tuple[Any, ...], ...]) -> None:
        try:
            self._check_blocks(value)
        except Mismatch as exc:
            raise Mismatch(_with_misplaced(str(exc), value, self.expected, self.names, (), 1e-5)) from None

    def _check_blocks(self, value: Any) -> None:
        def block(got: Any, exp: Any, path: Path) -> None:
            where = _Where(path, self.names)
            g, e = self._as_array(got, exp, where)
            _require_finite(g, e, where)
            rel = relative_error(g, e)
            if not rel <= self.threshold:  # a NaN fails too
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

    def _check(self, value: Any, args: Sequence[Any], args_after: Sequence[Any] | None,
               replaced: tuple[tuple[Any, ...], ...]) -> None:
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
                problem = _changed(before, after, name, (i,), set(replaced))
                if problem:
                    raise Mismatch(problem)


_COPY_CONTAINER = (" Your caller's {kind} now holds something else: copy the {kind} first "
                   "(for example `{name} = {name}.copy()`, or `copy.deepcopy`) or build a new one.")
_NEW_ARRAY = (" `-=`, `+=`, `x[...] = ...` and `out=` write into the caller's array: compute a new array "
              "instead (for example `{name} = {name} - ...`, or start from `{name}.copy()`).")


def _container_name(path: tuple[Any, ...], where: str) -> tuple[str, str]:
    """The student's name of the container holding ``where`` and its kind (dict, list)."""
    parent = where.rsplit("[", 1)[0]
    return parent, "dict" if isinstance(path[-1], str) else "list"


def _changed(before: Any, after: Any, where: str, path: tuple[Any, ...], replaced: set[tuple[Any, ...]]) -> str | None:
    """Describe how ``after`` differs from ``before`` (exact comparison), in the student's names.

    ``replaced`` holds the paths whose container entry the call rebound: a
    changed value there is a dict entry (or list item) replaced in the
    caller's container; elsewhere it is an array changed in place.
    """
    if isinstance(before, np.ndarray):
        if path in replaced and (type(after) is not np.ndarray or after.shape != before.shape
                                 or not np.array_equal(before, after, equal_nan=True)):
            parent, kind = _container_name(path, where)
            return (f"your function replaced {where} in the caller's {kind} {parent} (the entry now holds "
                    f"{describe_type(after)} your function made)." + _COPY_CONTAINER.format(kind=kind, name=parent))
        if type(after) is not np.ndarray or after.shape != before.shape:
            return f"your function replaced {where} by {describe_type(after)}."
        diff = before != after
        if before.dtype.kind == "f":
            diff &= ~(np.isnan(before) & np.isnan(after))
        if diff.any():
            idx = tuple(int(i) for i in np.argwhere(diff)[0])
            root = where.split("[", 1)[0]
            return (f"your function changed the array {where} in place (at index {idx} it was "
                    f"{_fmt(float(before[idx]))}, afterwards {_fmt(float(after[idx]))})."
                    + _NEW_ARRAY.format(name=root if root == where else where))
        return None
    if isinstance(before, dict):
        if type(after) is not dict or set(after) != set(before):
            return (f"your function changed the keys of its argument {where}."
                    + _COPY_CONTAINER.format(kind="dict", name=where))
        for k in before:
            problem = _changed(before[k], after[k], f'{where}["{k}"]', (*path, k), replaced)
            if problem:
                return problem
        return None
    if isinstance(before, tuple | list):
        if type(after) is not type(before) or len(after) != len(before):
            return f"your function changed its argument {where}."
        for i, (b, a) in enumerate(zip(before, after, strict=True)):
            problem = _changed(b, a, f"{where}[{i}]", (*path, i), replaced)
            if problem:
                return problem
        return None
    if type(after) is not type(before) or after != before:
        return f"your function changed its argument {where}."
    return None


# ------------------------------------------------------------- numerics shared by matchers


def _require_finite(g: np.ndarray, e: np.ndarray, where: object) -> None:
    """Fail closed: any NaN or infinity, in the answer or (an authoring error) in the expectation."""
    bad_g = ~np.isfinite(g)
    if bad_g.any():
        bad = tuple(int(i) for i in np.argwhere(bad_g)[0]) if g.ndim else ()
        raise Mismatch(f"{where} contains {g[bad]} at index {_index(bad)} where a finite number is expected."
                       if g.ndim else f"{where} is {float(g)} where a finite number is expected.")
    if not np.isfinite(e).all():
        raise Mismatch(f"the expected value of {where} is not finite, so this check cannot pass "
                       "(an error of the assignment: tell your instructor).")


def relative_error(g: np.ndarray, e: np.ndarray) -> float:
    """``||g - e|| / (||g|| + ||e||)`` (Frobenius norms), computed without overflow; 0 when both are 0."""
    unit = max(float(np.max(np.abs(g), initial=0.0)), float(np.max(np.abs(e), initial=0.0)))
    if unit == 0.0:
        return 0.0
    gs, es = g / unit, e / unit
    return float(np.linalg.norm(gs - es)) / float(np.linalg.norm(gs) + np.linalg.norm(es))


# ------------------------------------------------------------- right values, wrong places


def _leaves(value: Any, path: Path = (), depth: int = 0) -> dict[Path, np.ndarray]:
    """Every non-scalar numeric array inside ``value``, by path."""
    out: dict[Path, np.ndarray] = {}
    if depth > 8:
        return out
    if isinstance(value, np.ndarray):
        if value.ndim > 0 and value.dtype.kind in "biuf" and value.size:
            out[path] = value
    elif isinstance(value, dict):
        for k, v in value.items():
            out.update(_leaves(v, (*path, k), depth + 1))
    elif isinstance(value, tuple | list):
        for i, v in enumerate(value):
            out.update(_leaves(v, (*path, i), depth + 1))
    return out


def _close(a: np.ndarray, b: np.ndarray, rtol: float) -> bool:
    if a.shape != b.shape:
        return False
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    if not (np.isfinite(a64).all() and np.isfinite(b64).all()):
        return False
    return relative_error(a64, b64) <= rtol


def misplaced(got: Any, expected: Any, rtol: float = 1e-6) -> list[tuple[Path, Path]] | None:
    """``[(where it is, where it belongs), ...]`` when every expected array is in ``got``, some elsewhere.

    None unless at least one array is out of place and every expected array
    that is not right where it belongs is found, right, at another path.
    """
    exp_leaves, got_leaves = _leaves(expected), _leaves(got)
    if len(exp_leaves) < 2 or not got_leaves:
        return None
    moves: list[tuple[Path, Path]] = []
    taken: set[Path] = set()
    for path, e in exp_leaves.items():
        here = got_leaves.get(path)
        if here is not None and _close(here, e, rtol):
            continue
        found = next((p for p, g in got_leaves.items() if p != path and p not in taken and _close(g, e, rtol)), None)
        if found is None:
            return None
        taken.add(found)
        moves.append((found, path))
    return moves or None


def _with_misplaced(message: str, got: Any, expected: Any, names: Sequence[str], base: Path = (),
                    rtol: float = 1e-6) -> str:
    """``message``, or a plainer one when the right arrays are only stored in the wrong places."""
    try:
        moves = misplaced(got, expected, rtol)
    except Exception:  # noqa: BLE001 - a hint is never worth a crash
        return message
    if not moves:
        return message
    pairs = "; ".join(f"{path_name((*base, *src), names)} holds what belongs in {path_name((*base, *dst), names)}"
                      for src, dst in moves[:4])
    more = f" (and {len(moves) - 4} more)" if len(moves) > 4 else ""
    return (f"every array you returned is right, but stored under other keys or in another order: {pairs}{more}. "
            "Check the keys or indices you store them under (an index one layer off?).")
