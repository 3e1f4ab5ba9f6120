"""Graded classes as the grader sees them: methods by ``Class.method`` name, and what a method leaves behind.

The perceptron chapter grades methods: ``Perceptron.train`` is called on an
object built from an instance spec (see
:mod:`grader.execution.child.methods`, the one implementation both the
grader and the child use) and judged on what it returns and on the
attributes it set or changed (``w_``, ``errors_``). Which attributes those
are is read from the reference: :func:`observed` runs the reference method
once and compares the object's attributes before and after, listed in the
order of the class docstring's ``Attributes`` section.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

import numpy as np

from grader.course import docstrings
from grader.execution.child import methods

#: The name of a method's returned value when it returns its own object (``train`` returns ``self``).
RETURNED = "the returned value"


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (type(a) is type(b) and a.shape == b.shape and a.dtype == b.dtype
                and bool(np.array_equal(a, b, equal_nan=True)))
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and bool(a == b)


def observed(cls: type, method: str, spec: dict[str, Any], args: Sequence[Any]) -> list[str]:
    """The public attributes the reference's ``method`` creates or changes, in the docstring's order."""
    obj = methods.build(cls, copy.deepcopy(spec))
    before = {k: copy.deepcopy(v) for k, v in vars(obj).items()}
    np.random.seed(0)
    getattr(obj, method)(*copy.deepcopy(tuple(args)))
    changed = [k for k, v in vars(obj).items()
               if not k.startswith("_") and (k not in before or not _same(v, before[k]))]
    documented = [e.name for e in docstrings.of(cls).entries("Attributes")]
    return sorted(changed, key=lambda k: (documented.index(k) if k in documented else len(documented), k))


def output_names(function: Any, attributes: Sequence[str]) -> tuple[str, ...]:
    """A method's output names: its returned value (named by its docstring), then ``self.<attribute>``."""
    returns = docstrings.return_names(function)
    if not attributes:
        return returns
    first = RETURNED if returns[0] in ("self", "value") else returns[0]
    return (first, *(f"self.{a}" for a in attributes))


def record_methods(cls: type, graded: dict[str, Any], skip: str, calls: list[Any], make_call: Any) -> list[Any]:
    """Wrap the graded methods of ``cls`` (except ``skip``) to record their calls; returns the undo steps.

    A recorded call's arguments are what the child sends for a substituted
    method: ``self``'s attributes as an instance spec, then the arguments.
    """
    undo = []
    for name in graded:
        parts = methods.split(name)
        if parts is None or name == skip or parts[0] != cls.__name__:
            continue
        original = vars(cls)[parts[1]]

        def wrapper(obj: Any, *a: Any, _name: str = name, _original: Any = original) -> Any:
            arguments = (copy.deepcopy(methods.state_of(obj)), *copy.deepcopy(a))
            result = _original(obj, *a)
            value = methods.SELF if result is obj else copy.deepcopy(result)
            calls.append(make_call(_name, arguments, value))
            return result

        setattr(cls, parts[1], wrapper)
        undo.append(lambda cls=cls, attr=parts[1], original=original: setattr(cls, attr, original))
    return undo
