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

import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from grader.checks.base import Check, CompiledCheck
from grader.course.reference import Reference

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
    audit_threshold: float = 0.95
    """The share of non-equivalent mutants of the reference its checks must kill (``grader audit``)."""
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
    draws: bool = False
    """It draws from numpy's global generator: answered as a callee, it draws from the caller's state."""


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
    for f in assignment.functions:  # a method's outputs include the attributes it leaves behind: learn them first
        first = next((c.inputs[0] for c in f.checks if c.inputs), None)
        if first is not None:
            ref.prepare(f.name, tuple(first.build()))
    twins = "hidden" in visibility
    declared = [check for f in assignment.functions for check in f.checks] + list(assignment.together)
    checks = tuple(check.compile(ref, twins=twins) for check in declared if check.visibility in visibility)
    infos = tuple(FunctionInfo(f.name, ref.params(f.name), ref.returns(f.name), ref.callees(f.name),
                               ref.draws(f.name)) for f in assignment.functions)
    mode = "full" if twins else "public"
    return Suite(assignment.id, assignment.title, assignment.student_file, infos, checks, ref, mode)
