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
from grader.course import classes, docstrings
from grader.execution.child import methods


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
            owner, _, method = name.partition(".")
            obj = vars(module).get(owner)
            if obj is None or getattr(obj, "__module__", module_name) != module_name:
                continue
            if method:  # a graded method: the function the class itself defines
                obj = vars(obj).get(method) if isinstance(obj, type) else None
                if obj is None:
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
        found = definitions(modules, functions)
        self.functions: dict[str, Any] = {name: obj for name, (obj, _) in found.items()}
        self.classes: dict[str, type] = {}
        for name, (_, module) in found.items():
            parts = methods.split(name)
            if parts is not None:
                self.classes[parts[0]] = vars(importlib.import_module(module))[parts[0]]
        self.attributes: dict[str, list[str]] = {}
        """What each graded method leaves behind (see :meth:`prepare`)."""

    def call(self, function: str, args: Sequence[Any]) -> Any:
        """``function(*args)`` on copies of the arguments, numpy's global generator seeded with 0 first
        (the course's convention: the grader seeds before every call). A method's first argument is
        its instance spec (:mod:`grader.execution.child.methods`)."""
        arguments = copy.deepcopy(tuple(args))
        np.random.seed(0)
        parts = methods.split(function)
        if parts is not None:
            return methods.invoke(self.classes[parts[0]], parts[1], arguments[0], arguments[1:])
        return self.functions[function](*arguments)

    def prepare(self, function: str, args: tuple[Any, ...]) -> tuple[Any, ...]:
        """A case's arguments as sent: a method's instance spec names the attributes to report after the call."""
        parts = methods.split(function)
        if parts is None or not args or type(args[0]) is not dict or "observe" in args[0]:
            return args
        attributes = classes.observed(self.classes[parts[0]], parts[1], args[0], args[1:])
        known = self.attributes.setdefault(function, attributes)
        if attributes != known:
            raise ValueError(f"{function} changes {attributes} on some inputs and {known} on others: "
                             "declare inputs on which it leaves the same attributes behind")
        return ({**args[0], "observe": attributes}, *args[1:])

    def call_drawing(self, function: str, args: Sequence[Any], state: Any) -> tuple[Any, list[Any]]:
        """``function(*args)`` drawing from the generator state ``state`` (:func:`rng_state` of a caller's);
        the value and the state after the call."""
        arguments = copy.deepcopy(tuple(args))
        np.random.set_state(("MT19937", *state))
        value = self.functions[function](*arguments)
        return value, rng_state()

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
        return self._reach(function)[0]

    def draws(self, function: str) -> bool:
        """Whether ``function`` (or anything it calls) draws from numpy's global generator.

        Such a callee, answered for a caller that seeded first (``nn_model``
        seeds 3, then calls ``initialize_parameters``), must draw from the
        caller's generator state: the child sends it with the question.
        """
        return "random" in self._reach(function)[1]

    def _reach(self, function: str) -> tuple[tuple[str, ...], set[str]]:
        """The graded functions ``function`` reaches, and every name the code it reaches refers to."""
        by_object = {id(fn): name for name, fn in self.functions.items()}
        found: set[str] = set()
        every: set[str] = set()
        seen: set[int] = set()
        stack = [self.functions[function]]
        while stack:
            fn = stack.pop()
            if id(fn) in seen or not isinstance(fn, types.FunctionType):
                continue
            seen.add(id(fn))
            names = _global_names(fn.__code__)
            every |= names
            owner = self.classes.get(fn.__qualname__.partition(".")[0])
            for name in names if owner is not None else ():  # self.method(...) inside a graded class
                method = vars(owner).get(name)
                graded = by_object.get(id(method))
                if graded is not None and graded != function:
                    found.add(graded)
                stack.append(method)
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
        return tuple(name for name in self.functions if name in found), every

    def returns(self, function: str) -> tuple[str, ...]:
        if methods.split(function) is not None:
            return classes.output_names(self.functions[function], self.attributes.get(function, ()))
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

        undo = [step for cls in self.classes.values()
                for step in classes.record_methods(cls, self.functions, function, calls, RecordedCall)]
        namespaces = {id(f.__globals__): f.__globals__ for f in self.functions.values() if hasattr(f, "__globals__")}
        for namespace in namespaces.values():
            for name, original in self.functions.items():
                if name != function and namespace.get(name) is original:
                    saved.append((namespace, name, original))
                    namespace[name] = recorder(name, original)
        try:
            parts = methods.split(function)
            if parts is not None:
                methods.invoke(self.classes[parts[0]], parts[1], copy.deepcopy(args[0]), copy.deepcopy(tuple(args[1:])))
            else:
                fn(*copy.deepcopy(tuple(args)))
        finally:
            for namespace, name, original in saved:
                namespace[name] = original
            for step in undo:
                step()
        return tuple(calls)


def rng_state() -> list[Any]:
    """numpy's global generator state as plain data: ``[keys, pos, has_gauss, cached_gaussian]``."""
    _, keys, pos, has_gauss, cached = np.random.get_state()
    return [keys, int(pos), int(has_gauss), float(cached)]


def _global_names(code: types.CodeType) -> set[str]:
    """Every global or attribute name a code object (and the code nested in it) refers to."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _global_names(const)
    return names


