"""Naming what a student returned: paths in the student's own names, types in words, numbers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from grader.execution.child.protocol import Unsupported

Path = tuple[Any, ...]


class Mismatch(Exception):
    """Raised while walking two values; carries the student-facing message and its diagnosis.

    ``diagnosis`` is a short stable code naming the likely mistake (see
    :data:`grader.checks.match.hints.DIAGNOSES`), for the class summary.
    """

    def __init__(self, message: str, diagnosis: str = "wrong_value") -> None:
        super().__init__(message)
        self.diagnosis = diagnosis


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


class Where:
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


def is_number(value: Any) -> bool:
    return (type(value) in (int, float)) or (
        isinstance(value, np.generic) and np.asarray(value).dtype.kind in "iuf"
    )


def as_float64(a: np.ndarray) -> np.ndarray:
    return a if a.dtype == np.float64 else a.astype(np.float64)


def fmt(x: float) -> str:
    return f"{x:.6g}"


def index_text(idx: tuple[int, ...]) -> str:
    return str(tuple(int(i) for i in idx)) if len(idx) != 1 else f"({int(idx[0])},)"




def as_path(part: Any) -> Path:
    """A part as a path: ``0`` and ``"dW1"`` (the old one-step form) become ``(0,)`` and ``("dW1",)``."""
    return tuple(part) if isinstance(part, tuple | list) else (part,)


def select(value: Any, path: Path, names: Sequence[str]) -> Any:
    """The student's output at ``path``, or a :class:`Mismatch` saying where the structure differs.

    With several return names the first step is the position in the
    returned tuple; after that a string step is a dict key and an int step
    an index.
    """
    got = value
    for depth, step in enumerate(path):
        if depth == 0 and len(names) > 1 and isinstance(step, int):
            if not isinstance(got, tuple | list) or len(got) != len(names):
                count = f" of {len(got)} values" if isinstance(got, tuple | list) else ""
                raise Mismatch(f"the function should return {len(names)} values ({', '.join(names)}), "
                               f"but it returned {describe_type(got)}{count}.")
            got = got[step]
            continue
        where = path_name(path[:depth], names)
        if isinstance(step, str):
            if type(got) is not dict:
                raise Mismatch(f"{where} should be a dict, but it is {describe_type(got)}.")
            if step not in got:
                raise Mismatch(f'{where} has no key "{step}".')
            got = got[step]
        else:
            if not isinstance(got, tuple | list) or not 0 <= step < len(got):
                raise Mismatch(f"{where} should be a tuple or list with an item [{step}], "
                               f"but it is {describe_type(got)}.")
            got = got[step]
    return got


def at(value: Any, path: Path) -> Any:
    """The expected value at ``path`` (plain indexing: the expectation is trusted)."""
    for step in path:
        value = value[step]
    return value


def number_paths(value: Any, path: Path = ()) -> list[Path]:
    """The path of every array and number inside ``value`` (dict keys in order)."""
    if isinstance(value, np.ndarray) or is_number(value):
        return [path]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in number_paths(v, (*path, k))]
    if isinstance(value, tuple | list):
        return [p for i, v in enumerate(value) for p in number_paths(v, (*path, i))]
    return []
