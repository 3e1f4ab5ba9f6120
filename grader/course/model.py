"""Assignment declarations and the reference as the grader sees it.

An assignment folder holds ``assignment.py`` (instructors only: it imports
the reference and declares every check) and the generated files the
student gets: the stub and ``public_checks.json``. This module defines the
declaration objects and :class:`Reference`, which evaluates reference
functions in the grader's process and reads output names and parameter
names from the reference itself (its signatures and numpydoc ``Returns``
sections), so they are never written twice.
"""

from __future__ import annotations
import __future__

import copy
import functools
import importlib
import inspect
import os
import re
import types
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from grader.checks.base import Check, CompiledCheck, RecordedCall

#: The name under which whole-module checks (see :class:`~grader.checks.Together`) are reported.
TOGETHER = "all functions"


def may_update_arguments(function: str) -> bool:
    """The course's mutation rule (``COURSE_API.md``): may ``function`` change what it is given?

    Functions named ``update_*``, ``optimize`` and a class's ``train`` may
    update the parameters and state they are given in place (or work on
    copies); every other function must leave its arguments unchanged.
    """
    short = function.rsplit(".", 1)[-1]
    return short.startswith("update_") or short in ("optimize", "train")


@dataclass
class Function:
    """A graded function and its checks, in the order they run."""

    name: str
    checks: list[Check] = field(default_factory=list)

    def __post_init__(self) -> None:
        seen = set()
        for check in self.checks:
            if check.name in seen:
                raise ValueError(f"{self.name}: two checks are named {check.name!r}")
            seen.add(check.name)
            check.function = self.name

    @property
    def points(self) -> float:
        return sum(c.points for c in self.checks)


@dataclass(frozen=True)
class Exercise:
    """An ungraded notebook exercise placed after the graded functions.

    It uses the student's own functions (a training loop, a plot) and is
    skipped when a notebook is graded. ``markdown`` introduces it; ``code``
    is the cell's source. Keep both as files in the assignment folder (see
    :meth:`from_files`) so they can be read, linted and run on their own.
    """

    id: str
    markdown: str
    code: str

    @classmethod
    def from_files(cls, folder: str | os.PathLike[str], exercise_id: str) -> Exercise:
        """Read ``folder/exercise_id.md`` and ``folder/exercise_id.py``."""
        base = Path(folder)
        return cls(exercise_id, (base / f"{exercise_id}.md").read_text(encoding="utf-8"),
                   (base / f"{exercise_id}.py").read_text(encoding="utf-8"))


@dataclass
class Assignment:
    """A whole assignment: its id, the reference modules and the graded functions.

    ``functions`` are listed callees first, so that a function's own checks
    run before those of its callers.
    """

    id: str
    title: str
    student_file: str
    modules: Sequence[str]
    functions: list[Function]
    exercises: Sequence[Exercise] = ()
    together: Sequence[Check] = ()
    """Whole-module checks: the student's functions run together, nothing substituted."""
    provided: Sequence[str] = ()
    """Helper files the student's code may import (data set loaders, plotting helpers, a chapter's given
    building blocks), named relative to the assignment folder (``"lr_utils.py"``). They are released with
    the stub and put on the import path of every child, read-only; they are never graded and never the
    reference (see :mod:`grader.course.provided`)."""

    def __post_init__(self) -> None:
        Function(TOGETHER, list(self.together))  # names the checks' function, refuses duplicates

    @property
    def function_names(self) -> list[str]:
        return [f.name for f in self.functions]

    @functools.cached_property
    def reference(self) -> Reference:
        return Reference(self.modules, self.function_names)


_SECTION = re.compile(r"^\s*(Parameters|Returns|Yields|Raises|Notes|Examples|See Also)\s*$")


def returns_from_docstring(fn: Any) -> tuple[str, ...]:
    """Names listed in the numpydoc ``Returns`` section of ``fn``'s docstring."""
    doc = inspect.getdoc(fn) or ""
    names: list[str] = []
    inside = False
    for line in doc.splitlines():
        header = _SECTION.match(line)
        if header:
            inside = header.group(1) == "Returns"
            continue
        if inside and not line.startswith(" "):
            match = re.match(r"^(\w+)\s*:", line)
            if match:
                names.append(match.group(1))
    return tuple(names) or ("value",)


class Reference:
    """Evaluate reference functions in the grader's process."""

    def __init__(self, modules: Sequence[str], functions: Sequence[str]) -> None:
        self.functions: dict[str, Any] = {}
        for module_name in modules:
            module = importlib.import_module(module_name)
            for name in functions:
                if hasattr(module, name) and name not in self.functions:
                    self.functions[name] = getattr(module, name)
        missing = [f for f in functions if f not in self.functions]
        if missing:
            raise LookupError(f"the reference does not define {missing}")

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
        return returns_from_docstring(self.functions[function])

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


@dataclass(frozen=True)
class FunctionInfo:
    """What the grader needs to know of a function without the reference.

    ``calls`` are the graded functions the reference's version calls
    (directly or not): the only ones substituted while it is graded.
    """

    name: str
    params: tuple[str, ...]
    returns: tuple[str, ...]
    calls: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suite:
    """Everything needed to grade a submission, with or without the reference.

    ``reference`` is None in a student's copy (public checks only).
    """

    assignment: str
    title: str
    student_file: str
    functions: tuple[FunctionInfo, ...]
    checks: tuple[CompiledCheck, ...]
    reference: Reference | None = None
    mode: str = "full"
    hidden_points: float = 0.0
    """Points of the hidden checks not in this suite (a student's copy: run by the instructor)."""
    provided: tuple[tuple[str, str], ...] = ()
    """``(name, text)`` of the assignment's provided files, importable by the submission in every child."""

    @property
    def max_score(self) -> float:
        return sum(c.points for c in self.checks)


def compile_suite(assignment: Assignment, visibility: Sequence[str] = ("public", "hidden")) -> Suite:
    """Compile the declared checks against the reference."""
    ref = assignment.reference
    infos = tuple(FunctionInfo(f.name, ref.params(f.name), ref.returns(f.name), ref.callees(f.name))
                  for f in assignment.functions)
    twins = "hidden" in visibility
    declared = [check for f in assignment.functions for check in f.checks] + list(assignment.together)
    checks = tuple(check.compile(ref, twins=twins) for check in declared if check.visibility in visibility)
    mode = "full" if twins else "public"
    return Suite(assignment.id, assignment.title, assignment.student_file, infos, checks, ref, mode)
