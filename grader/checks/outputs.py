"""Outputs and arguments named as the reference names them: ``"grads.dw"``, ``"cost"``, ``"cache.0"``.

An author selects what a check compares by the names of the reference's
numpydoc ``Returns`` section (and, inside an output, dict keys and tuple
indices joined by dots); a gradient check names the arguments it
differentiates by the reference's parameter names. This module turns those
selectors into paths (tuples of positions and keys) once, at compile time,
against a real value of the reference, so a typo is an authoring error
that says which names exist, never a check that cannot pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from grader.checks.match import Path


class SelectorError(ValueError):
    """A selector names no output or argument of the reference."""


def _steps(selector: str) -> list[str]:
    steps = selector.split(".")
    if not all(steps):
        raise SelectorError(f"{selector!r} is not a selector: use names joined by dots, like 'grads.dw'")
    return steps


def _descend(value: Any, steps: Sequence[str], path: Path, selector: str) -> Path:
    for step in steps:
        if isinstance(value, dict):
            if step not in value:
                raise SelectorError(f"{selector!r}: no key {step!r} (the keys are {sorted(map(str, value))})")
            value, path = value[step], (*path, step)
        elif isinstance(value, tuple | list) and step.lstrip("-").isdigit() and 0 <= int(step) < len(value):
            value, path = value[int(step)], (*path, int(step))
        else:
            raise SelectorError(f"{selector!r}: cannot select {step!r} inside a {type(value).__name__}")
    return path


def output_path(selector: str, names: Sequence[str], example: Any) -> Path:
    """The path of output ``selector`` in a value the function returned (``example``).

    The first name is one of the reference's return names; with several
    return values it selects the position in the returned tuple.
    """
    steps = _steps(selector)
    # the longest leading name that is an output (a method's outputs are named "self.w_")
    k = next((k for k in range(len(steps), 0, -1) if ".".join(steps[:k]) in names), 0)
    if not k:
        raise SelectorError(f"{selector!r}: the function returns {', '.join(names)} (from its docstring's "
                            f"Returns section), not {steps[0]!r}")
    first, rest = ".".join(steps[:k]), steps[k:]
    if len(names) == 1:
        return _descend(example, rest, (), selector)
    index = list(names).index(first)
    return _descend(example[index], rest, (index,), selector)


def argument_path(selector: str, params: Sequence[str], args: Sequence[Any]) -> Path:
    """The path of argument ``selector`` (a parameter name, then keys or indices) in the argument tuple."""
    first, *rest = _steps(selector)
    if first not in params:
        raise SelectorError(f"{selector!r}: the function's parameters are {', '.join(params)}, not {first!r}")
    index = list(params).index(first)
    return _descend(args[index], rest, (index,), selector)


def get(value: Any, path: Path) -> Any:
    for step in path:
        value = value[step]
    return value


def put(value: Any, path: Path, new: Any) -> Any:
    """A copy of the containers along ``path`` with ``new`` at its end (the rest shared)."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: put(value[head], rest, new)}
    items = list(value)
    items[head] = put(items[head], rest, new)
    return type(value)(items) if isinstance(value, tuple) else items


def sparse(template: Any, values: dict[Path, Any]) -> Any:
    """``template``'s containers holding only ``values`` at their paths (None elsewhere).

    The expectation of a check that compares some outputs: the matcher
    reads only the selected paths, and the student's copy never carries
    the values it does not compare.
    """
    if () in values:
        return values[()]
    if isinstance(template, dict):
        inner = {k: sparse(v, {p[1:]: x for p, x in values.items() if p[0] == k})
                 for k, v in template.items() if any(p[0] == k for p in values)}
        return inner
    if isinstance(template, tuple | list):
        items = [sparse(v, {p[1:]: x for p, x in values.items() if p[0] == i}) if any(p[0] == i for p in values)
                 else None for i, v in enumerate(template)]
        return tuple(items) if isinstance(template, tuple) else items
    return None
