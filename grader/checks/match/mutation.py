"""What a call did to its arguments, in the student's names (the no-mutation property)."""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.checks.match.naming import describe_type, fmt

_COPY_CONTAINER = (" Your caller's {kind} now holds something else: copy the {kind} first "
                   "(for example `{name} = {name}.copy()`, or `copy.deepcopy`) or build a new one.")
_NEW_ARRAY = (" `-=`, `+=`, `x[...] = ...` and `out=` write into the caller's array: compute a new array "
              "instead (for example `{name} = {name} - ...`, or start from `{name}.copy()`).")


def _container_name(path: tuple[Any, ...], where: str) -> tuple[str, str]:
    """The student's name of the container holding ``where`` and its kind (dict, list)."""
    parent = where.rsplit("[", 1)[0]
    return parent, "dict" if isinstance(path[-1], str) else "list"


def changed(before: Any, after: Any, where: str, path: tuple[Any, ...], replaced: set[tuple[Any, ...]]) -> str | None:
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
                    f"{fmt(float(before[idx]))}, afterwards {fmt(float(after[idx]))})."
                    + _NEW_ARRAY.format(name=root if root == where else where))
        return None
    if isinstance(before, dict):
        if type(after) is not dict or set(after) != set(before):
            return (f"your function changed the keys of its argument {where}."
                    + _COPY_CONTAINER.format(kind="dict", name=where))
        for k in before:
            problem = changed(before[k], after[k], f'{where}["{k}"]', (*path, k), replaced)
            if problem:
                return problem
        return None
    if isinstance(before, tuple | list):
        if type(after) is not type(before) or len(after) != len(before):
            return f"your function changed its argument {where}."
        for i, (b, a) in enumerate(zip(before, after, strict=True)):
            problem = changed(b, a, f"{where}[{i}]", (*path, i), replaced)
            if problem:
                return problem
        return None
    if type(after) is not type(before) or after != before:
        return f"your function changed its argument {where}."
    return None


