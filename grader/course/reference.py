"""The reference as the grader sees it: evaluate its functions, read their names and their call graph.

The reference modules are the single source of truth: output names come
from each function's numpydoc ``Returns`` section, parameter names from its
signature, and which graded functions a function calls from its code.
"""

from __future__ import annotations
import __future__

import copy
import importlib
import inspect
import types
from collections.abc import Sequence
from typing import Any

import numpy as np

from grader.checks.base import RecordedCall
from grader.course import docstrings


class DefinitionError(LookupError):
    """The reference modules do not define the graded names exactly once."""


def definitions(modules: Sequence[str], names: Sequence[str]) -> dict[str, tuple[Any, str]]:
    """``name -> (object, module)`` for every graded name, defined by exactly one reference module.

    A name a module only imports (``from reference.activations import
    sigmoid``) is not a definition there. Two modules defining the same
    graded name is an authoring error, for the grader and the stub
    generator alike (both use this function).
    """
    found: dict[str, tuple[Any, str]] = {}
    for module_name in modules:
        module = importlib.import_module(module_name)
        for name in names:
            obj = vars(module).get(name)
            if obj is None or getattr(obj, "__module__", module_name) != module_name:
                continue
            if name in found:
                raise DefinitionError(f"{name} is defined in both {found[name][1]} and {module_name}: "
                                     "define each graded name in one reference module")
            found[name] = (obj, module_name)
    missing = [n for n in names if n not in found]
    if missing:
        raise DefinitionError(f"the reference modules {list(modules)} do not define {missing}")
    return found


class Reference:
    """Evaluate reference functions in the grader's process."""

    def __init__(self, modules: Sequence[str], functions: Sequence[str]) -> None:
        self.functions: dict[str, Any] = {name: obj for name, (obj, _) in definitions(modules, functions).items()}

    def call(self, function: str, args: Sequence[Any]) -> Any:
        """``function(*args)`` on copies of the arguments, numpy's global generator seeded with 0 first
        (the course's convention: the grader seeds before every call)."""
        arguments = copy.deepcopy(tuple(args))
        np.random.seed(0)
        return self.functions[function](*arguments)

    def run_driver(self, source: str, entry: str, args: Sequence[Any]) -> Any:
        """Run an instructor's driver (a whole-module check) on the reference's functions."""
        namespace: dict[str, Any] = dict(self.functions)
        exec(compile(source, "<whole-module check>", "exec", flags=__future__.annotations.compiler_flag,
                     dont_inherit=True), namespace)
        arguments = copy.deepcopy(tuple(args))
        np.random.seed(0)
        return namespace[entry](*arguments)

    def callees(self, function: str) -> tuple[str, ...]:
        """The graded functions the reference's ``function`` calls, directly or through other functions.

        Read from the code (the global names each function's code refers to,
        followed through every Python function of the reference modules), so
        it is never declared by hand. While ``function`` is graded, these are
        the callees the oracle answers; any other graded function the
        student's code calls runs the student's own code.
        """
        by_object = {id(fn): name for name, fn in self.functions.items()}
        found: set[str] = set()
        seen: set[int] = set()
        stack = [self.functions[function]]
        while stack:
            fn = stack.pop()
            if id(fn) in seen or not isinstance(fn, types.FunctionType):
                continue
            seen.add(id(fn))
            names = _global_names(fn.__code__)
            for name in names:
                target = fn.__globals__.get(name)
                targets = [target]
                if isinstance(target, types.ModuleType):  # module.attribute
                    targets = [vars(target).get(other) for other in names]
                for obj in targets:
                    graded = by_object.get(id(obj))
                    if graded is not None and graded != function:
                        found.add(graded)
                    if isinstance(obj, types.FunctionType):
                        stack.append(obj)
        return tuple(name for name in self.functions if name in found)

    def returns(self, function: str) -> tuple[str, ...]:
        return docstrings.return_names(self.functions[function])

    def labels(self, function: str) -> tuple[str, ...]:
        return docstrings.label_outputs(self.functions[function])

    def params(self, function: str) -> tuple[str, ...]:
        return tuple(inspect.signature(self.functions[function]).parameters)

    def record(self, function: str, args: Sequence[Any]) -> tuple[RecordedCall, ...]:
        """The calls ``function`` makes to other graded functions on ``args``, at every depth.

        A student's copy answers a substituted callee from these recordings
        (when the student's code calls it with the same arguments), so a
        caller that calls a deeper callee directly (having inlined the one in
        between) is answered too.
        """
        fn = self.functions[function]
        calls: list[RecordedCall] = []
        saved: list[tuple[dict[str, Any], str, Any]] = []

        def recorder(name: str, original: Any) -> Any:
            def wrapper(*a: Any) -> Any:
                arguments = copy.deepcopy(a)
                result = original(*a)
                calls.append(RecordedCall(name, arguments, copy.deepcopy(result)))
                return result

            return wrapper

        namespaces = {id(f.__globals__): f.__globals__ for f in self.functions.values() if hasattr(f, "__globals__")}
        for namespace in namespaces.values():
            for name, original in self.functions.items():
                if name != function and namespace.get(name) is original:
                    saved.append((namespace, name, original))
                    namespace[name] = recorder(name, original)
        try:
            fn(*copy.deepcopy(tuple(args)))
        finally:
            for namespace, name, original in saved:
                namespace[name] = original
        return tuple(calls)


def _global_names(code: types.CodeType) -> set[str]:
    """Every global or attribute name a code object (and the code nested in it) refers to."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _global_names(const)
    return names


