"""Audit an assignment: make the mutants, set aside the equivalent ones, grade the rest.

:func:`audit_assignment` is the library call behind ``grader audit``. It
renders the reference as the student's file
(:func:`grader.publish.stubs.render_solution`), makes its mutants
(:mod:`grader.audit.mutants`), discards those no input of the suite tells
from the reference (:mod:`grader.audit.equivalence`), grades every other
one with the full suite in the sandbox (:mod:`grader.audit.grading`) and
returns an :class:`~grader.audit.verdicts.AuditReport` held to the
assignment's ``audit_threshold``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from grader.audit.equivalence import EquivalenceFilter
from grader.audit.grading import LauncherFactory, default_launcher, grade_mutants
from grader.audit.mutants import Mutant, make_mutants
from grader.audit.probe import SizeProbe
from grader.audit.verdicts import AuditReport, MutantResult
from grader.course.locate import load_declaration, load_suite
from grader.course.model import Assignment, Suite
from grader.publish.stubs import render_solution


class UnknownFunction(LookupError):
    """``--function`` names no graded function of the assignment."""


def solution_source(assignment: Assignment) -> str:
    """The reference, rendered exactly as a student's file."""
    return render_solution(assignment.id, assignment.title, assignment.modules, assignment.function_names)


def assignment_mutants(assignment: Assignment, suite: Suite, functions: Sequence[str] | None = None,
                       operators: Sequence[str] | None = None) -> tuple[str, list[Mutant]]:
    """The solution's source and its mutants in ``functions`` (default: every graded function)."""
    names = assignment.function_names
    unknown = [f for f in functions or () if f not in names]
    if unknown:
        raise UnknownFunction(f"{', '.join(map(repr, unknown))} is not a graded function of {assignment.id} "
                              f"(graded: {', '.join(names)})")
    chosen = [n for n in names if not functions or n in functions]
    source = solution_source(assignment)
    return source, make_mutants(source, chosen, operators, observe=SizeProbe(source, suite))


def audit(assignment: Assignment, suite: Suite, *, functions: Sequence[str] | None = None,
          operators: Sequence[str] | None = None, jobs: int = 1, launcher: LauncherFactory | None = None,
          on_result: Callable[[MutantResult], None] | None = None) -> AuditReport:
    """Measure how many of the assignment's mutants its full suite kills.

    Parameters
    ----------
    assignment : Assignment
        The declaration (its reference is mutated; its threshold applies).
    suite : Suite
        Its full compiled suite (:func:`grader.course.model.compile_suite`).
    functions, operators : sequence of str, optional
        Audit only these graded functions / mutation operators.
    jobs : int
        Mutants graded at once (each worker with its own sandbox).
    launcher : callable, optional
        Makes the launcher mutants are graded through (default: the strongest sandbox here).
    on_result : callable, optional
        Called with each graded mutant's result as soon as it is known.

    Returns
    -------
    AuditReport
        Every mutant's fate, in the mutants' order.
    """
    started = time.monotonic()
    source, mutants = assignment_mutants(assignment, suite, functions, operators)
    equivalence = EquivalenceFilter(source, suite)
    results: dict[int, MutantResult] = {}
    to_grade = []
    for mutant in mutants:
        verdict = equivalence.judge(mutant)
        if verdict.equivalent:
            results[mutant.index] = MutantResult(mutant, "equivalent", note=verdict.reason)
        else:
            to_grade.append(mutant)
    graded, isolation = grade_mutants(suite, to_grade, launcher or default_launcher(), jobs, on_result)
    results.update((r.mutant.index, r) for r in graded)
    audited = tuple(f for f in assignment.function_names if not functions or f in functions)
    return AuditReport(assignment.id, threshold_of(assignment), tuple(results[m.index] for m in mutants), audited,
                       round(time.monotonic() - started, 3), isolation)


def threshold_of(assignment: Assignment) -> float:
    """The kill rate ``assignment`` declares it must reach (``audit_threshold``)."""
    return float(assignment.audit_threshold)


def audit_folder(folder: Path, **options: object) -> AuditReport:
    """:func:`audit` of the assignment declared in ``folder`` (an instructor's folder with assignment.py)."""
    return audit(load_declaration(folder), load_suite(folder), **options)  # type: ignore[arg-type]


__all__ = ["audit", "audit_folder", "assignment_mutants", "solution_source", "UnknownFunction",
           "threshold_of"]
