"""Mutation testing of an assignment's checks (``grader audit``).

The reference solution is mutated (one numpy-aware fault per mutant, see
:mod:`grader.audit.catalog`), mutants no input of the suite can tell from
the reference are set aside, and every other mutant is graded with the
full suite: a mutant of ``f`` is killed when ``f`` loses points.
"""

from __future__ import annotations

from grader.audit.catalog import describe
from grader.audit.mutants import Mutant, make_mutants
from grader.audit.render import RENDERERS
from grader.audit.run import audit, audit_folder
from grader.audit.verdicts import AuditReport, MutantResult

__all__ = ["audit", "audit_folder", "make_mutants", "Mutant", "AuditReport", "MutantResult", "RENDERERS", "describe"]
