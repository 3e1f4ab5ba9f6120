"""Graded methods: ``Perceptron.train`` called on an object a case describes, and what it left behind.

A graded name with a dot is a method of a class. Its first argument on the
wire is an *instance spec*, a dict::

    {"init": [0.1, 10],          # the constructor's arguments (absent: the object is made without __init__)
     "state": {"w_": array},     # attributes set before the call (a trained perceptron's weights)
     "observe": ["w_", "errors_"]}  # attributes reported after the call

The call builds the object from the student's class (or the reference's,
in the grader), calls the method with the remaining arguments, and returns
what it returned (``SELF`` when that is the object itself, as ``train``
does), followed by the observed attributes when there are any. The same
code runs on both sides, so the reference and a submission are called
alike. Standard library only: this file runs in the child.
"""

from __future__ import annotations

import copy
import inspect
import types
from typing import Any

#: What a method that returns its own object (``return self``) returns on the wire.
SELF = "self"


def split(name: str) -> tuple[str, str] | None:
    """``("Perceptron", "train")`` for a method's graded name, None for a plain function's."""
    owner, dot, method = name.partition(".")
    return (owner, method) if dot and owner and method and "." not in method else None


def build(cls: type, spec: Any) -> Any:
    """The object an instance spec describes (see the module docstring)."""
    spec = spec if type(spec) is dict else {}
    init = spec.get("init")
    obj = cls(*init) if type(init) is list else object.__new__(cls)
    state = spec.get("state")
    for key, value in (state.items() if type(state) is dict else ()):
        setattr(obj, str(key), copy.deepcopy(value))
    return obj


def invoke(cls: type, method: str, spec: Any, args: Any) -> Any:
    """Build the object, call ``method`` with ``args``; the returned value and the observed attributes."""
    obj = build(cls, spec)
    result = getattr(obj, method)(*args)
    returned = SELF if result is obj else result
    observe = spec.get("observe") if type(spec) is dict else None
    if type(observe) is not list or not observe:
        return returned
    return (returned, *(getattr(obj, str(a), None) for a in observe))


def state_of(obj: Any) -> dict[str, Any]:
    """The spec a substituted method's call sends for ``self``: its attributes, no constructor call."""
    return {"state": dict(vars(obj))}


def find(namespace: dict[str, Any], name: str) -> tuple[type, str] | None:
    """The class and method name of a graded method defined in ``namespace`` (None when either is missing)."""
    parts = split(name)
    if parts is None:
        return None
    cls = namespace.get(parts[0])
    if not isinstance(cls, type) or not callable(getattr(cls, parts[1], None)):
        return None
    return cls, parts[1]


def caller(namespace: dict[str, Any], name: str) -> Any:
    """The callable the grader's calls of ``name`` go to: a function, or a method behind its instance spec."""
    found = find(namespace, name)
    if found is None:
        return None if split(name) else namespace.get(name)
    cls, method = found

    def call_method(spec: Any, *args: Any) -> Any:
        return invoke(cls, method, spec, args)

    call_method.__name__ = name
    return call_method


def signatures(cls: type, prefix: str) -> dict[str, list[list[Any]]]:
    """``{"Cls.method": [[name, kind, has_default], ...]}`` for the methods a class defines (``self`` left out)."""
    out: dict[str, list[list[Any]]] = {}
    for attr, fn in vars(cls).items():
        if not isinstance(fn, types.FunctionType) or (attr.startswith("__") and attr != "__init__"):
            continue
        try:
            params = list(inspect.signature(fn).parameters.values())[1:]
        except (TypeError, ValueError):
            continue
        out[f"{prefix}.{attr}"] = [[p.name, p.kind.name, p.default is not inspect.Parameter.empty] for p in params]
    return out


def patch(namespace: dict[str, Any], name: str, make: Any) -> Any:
    """Replace a graded method on its class by ``make(original)``; returns a function that undoes it."""
    found = find(namespace, name)
    if found is None:
        return lambda: None
    cls, method = found
    had = method in vars(cls)
    original = vars(cls).get(method)
    setattr(cls, method, make(getattr(cls, method)))

    def undo() -> None:
        if had:
            setattr(cls, method, original)
        else:
            delattr(cls, method)

    return undo


__all__ = ["SELF", "build", "caller", "find", "invoke", "patch", "signatures", "split", "state_of"]
