"""The matchers: shapes, values, gradients and properties (one class each, registered by ``kind``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from grader.checks.match.base import Matcher
from grader.checks.match.hints import explain_misplaced, ratio_diagnosis, relative_error, require_finite
from grader.checks.match.mutation import changed
from grader.checks.match.naming import (
    Mismatch,
    Path,
    Where,
    as_path,
    at,
    describe_type,
    fmt,
    index_text,
    number_paths,
    select,
)


@dataclass(frozen=True)
class MatchShapes(Matcher):
    """Containers, their types, dict keys and every array's shape (of the outputs in ``parts``, if given)."""

    kind: ClassVar[str] = "shapes"
    parts: tuple[Any, ...] = ()

    def params(self) -> dict[str, Any]:
        return {"parts": [list(as_path(p)) for p in self.parts]} if self.parts else {}

    def _check(self, value: Any, args: Sequence[Any], args_after: Sequence[Any] | None,
               replaced: tuple[tuple[Any, ...], ...]) -> None:
        def leaf(got: Any, exp: Any, path: Path, where: object) -> None:
            if not self._plain_leaf(got, exp, where):
                self._as_array(got, exp, where)

        try:
            for path in [as_path(p) for p in self.parts] or [()]:
                self._walk(select(value, path, self.names), at(self.expected, path), path, True, leaf)
        except Mismatch as exc:
            raise explain_misplaced(exc, value, self.expected, self.names) from None


@dataclass(frozen=True)
class MatchValues(Matcher):
    """Every number within a relative tolerance (containers may be list or tuple).

    ``parts`` restricts the comparison to some outputs (paths into the returned value).
    """

    kind: ClassVar[str] = "values"
    rtol: float = 1e-6
    parts: tuple[Any, ...] = ()

    def params(self) -> dict[str, Any]:
        return {"rtol": self.rtol, "parts": list(self.parts)}

    def _check(self, value: Any, args: Sequence[Any], args_after: Sequence[Any] | None,
               replaced: tuple[tuple[Any, ...], ...]) -> None:
        def leaf(got: Any, exp: Any, path: Path, where: object) -> None:
            if self._plain_leaf(got, exp, where):
                return
            g, e = self._as_array(got, exp, where)
            require_finite(g, e, where)
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
            at = f" at index {index_text(idx)}" if e.ndim else ""
            hint, code = ratio_diagnosis(g, e, self.context) if e.ndim else ratio_diagnosis(
                g.reshape(1), e.reshape(1), self.context)
            if e.ndim == 2 and e.shape[0] == e.shape[1] and np.allclose(g, e.T, rtol=self.rtol):
                hint, code = " It equals the transpose of the expected value.", "transposed"
            raise Mismatch(f"{where} is wrong{at}: yours {fmt(float(g[idx]))}, expected "
                           f"{fmt(float(e[idx]))} (relative error {rel:.1e}).{hint}", code or "wrong_value")

        if self.parts:
            for part in self.parts:
                path = as_path(part)
                self._walk_explained(select(value, path, self.names), at(self.expected, path), path, leaf)
            return
        self._walk_explained(value, self.expected, (), leaf)

    def _walk_explained(self, got: Any, exp: Any, path: Path, leaf: Any) -> None:
        try:
            self._walk(got, exp, path, False, leaf)
        except Mismatch as exc:
            raise explain_misplaced(exc, got, exp, self.names, path, self.rtol) from None


@dataclass(frozen=True)
class MatchGradient(Matcher):
    """Arrays against central-difference gradients, one relative error per block.

    The error of a block is ``|g - e| / (|g| + |e|)`` in the Frobenius norm
    (the CS231n ``rel_error`` on whole arrays); ``parts`` are the paths of
    the gradient outputs (every array and number of ``expected`` by default),
    at any depth: ``grads["dw"]`` of ``(grads, cost)`` is the path ``(0, "dw")``.
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
            raise explain_misplaced(exc, value, self.expected, self.names, (), 1e-5) from None

    def _check_blocks(self, value: Any) -> None:
        def block(got: Any, exp: Any, path: Path) -> None:
            where = Where(path, self.names)
            g, e = self._as_array(got, exp, where)
            require_finite(g, e, where)
            rel = relative_error(g, e)
            if not rel <= self.threshold:  # a NaN fails too
                hint, code = ratio_diagnosis(g, e, self.context)
                raise Mismatch(f"{where} fails the numerical gradient check: relative error {rel:.1e} "
                               f"against central differences (must be below {self.threshold:.0e}).{hint}",
                               code or "wrong_value")

        for path in [as_path(p) for p in self.parts] or number_paths(self.expected):
            block(select(value, path, self.names), at(self.expected, path), path)


@dataclass(frozen=True)
class MatchProperties(Matcher):
    """Properties any right answer has: exact types and keys, finiteness, scalars,
    and arguments left unchanged."""

    kind: ClassVar[str] = "properties"
    no_mutation: bool = True
    arg_names: tuple[str, ...] = ()
    labels: tuple[Path, ...] = ()
    """Paths of outputs holding labels: bool, int or float arrays are all right there."""

    def params(self) -> dict[str, Any]:
        return {"no_mutation": self.no_mutation, "arg_names": list(self.arg_names),
                "labels": [list(as_path(p)) for p in self.labels]}

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
                if got.dtype.kind != "f" and not any(path[:len(label)] == label for label in labels):
                    raise Mismatch(f"{where} has dtype {got.dtype}; it should hold floats.", "wrong_type")
            else:
                g, _ = self._as_array(got, exp, where)
                if np.asarray(exp).dtype.kind == "f" and np.asarray(got).dtype.kind != "f":
                    raise Mismatch(f"{where} should be a float (like {float(exp)!r}), but it is "
                                   f"{describe_type(got)}.", "wrong_type")
            if not np.isfinite(g).all():
                raise Mismatch(f"{where} contains NaN or infinity.", "not_finite")

        labels = [as_path(p) for p in self.labels]
        self._walk(value, self.expected, (), True, leaf)
        if self.no_mutation:
            if args_after is None or len(args_after) != len(args):
                raise Mismatch("the grader could not read your function's arguments back.", "grader_error")
            for i, (before, after) in enumerate(zip(args, args_after, strict=True)):
                name = self.arg_names[i] if i < len(self.arg_names) else f"argument {i + 1}"
                problem = changed(before, after, name, (i,), set(replaced))
                if problem:
                    raise Mismatch(problem, "mutation")


