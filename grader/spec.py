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

import copy
import functools
import importlib
import inspect
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.checks.base import Check, CompiledCheck, RecordedCall


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
        return self.functions[function](*copy.deepcopy(tuple(args)))

    def returns(self, function: str) -> tuple[str, ...]:
        return returns_from_docstring(self.functions[function])

    def params(self, function: str) -> tuple[str, ...]:
        return tuple(inspect.signature(self.functions[function]).parameters)

    def record(self, function: str, args: Sequence[Any]) -> tuple[RecordedCall, ...]:
        """The calls ``function`` makes to other graded functions on ``args``.

        Only direct calls are recorded (not the callees' own calls).
        """
        fn = self.functions[function]
        namespace = fn.__globals__
        calls: list[RecordedCall] = []
        depth = [0]
        saved: dict[str, Any] = {}

        def recorder(name: str, original: Any) -> Any:
            def wrapper(*a: Any) -> Any:
                depth[0] += 1
                try:
                    result = original(*a)
                finally:
                    depth[0] -= 1
                if depth[0] == 0:
                    calls.append(RecordedCall(name, copy.deepcopy(a), copy.deepcopy(result)))
                return result

            return wrapper

        for name in self.functions:
            if name != function and name in namespace:
                saved[name] = namespace[name]
                namespace[name] = recorder(name, saved[name])
        try:
            fn(*copy.deepcopy(tuple(args)))
        finally:
            namespace.update(saved)
        return tuple(calls)


@dataclass(frozen=True)
class FunctionInfo:
    """What the grader needs to know of a function without the reference."""

    name: str
    params: tuple[str, ...]
    returns: tuple[str, ...]


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

    @property
    def max_score(self) -> float:
        return sum(c.points for c in self.checks)


def compile_suite(assignment: Assignment, visibility: Sequence[str] = ("public", "hidden")) -> Suite:
    """Compile the declared checks against the reference."""
    ref = assignment.reference
    infos = tuple(FunctionInfo(f.name, ref.params(f.name), ref.returns(f.name))
                  for f in assignment.functions)
    checks = tuple(check.compile(ref) for f in assignment.functions for check in f.checks
                   if check.visibility in visibility)
    mode = "full" if "hidden" in visibility else "public"
    return Suite(assignment.id, assignment.title, assignment.student_file, infos, checks, ref, mode)
