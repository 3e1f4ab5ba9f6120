"""Pure scoring rules applied to a submission's check results.

Structural checks (``shape``, ``property``) verify how an answer is
packaged: shapes, types, keys, finiteness, untouched arguments. Returning
zeros of the right shape passes them without computing anything, so their
points count only when at least one value check of the same function
(known values, gradient check, comparison with the reference) passes.
"""

from __future__ import annotations

from dataclasses import replace

from grader.checks.base import CHECK_KINDS
from grader.grading.results import CheckResult


def structural_kinds() -> frozenset[str]:
    """The kinds whose class declares them structural (:attr:`grader.checks.base.Check.structural`)."""
    return frozenset(kind for kind, cls in CHECK_KINDS.items() if cls.structural)


def gate_structural(results: list[CheckResult]) -> list[CheckResult]:
    """Zero the passed structural checks of functions with no passing value check."""
    structural = structural_kinds()
    has_value_check: dict[str, bool] = {}
    value_passed: dict[str, bool] = {}
    for r in results:
        if r.kind not in structural:
            has_value_check[r.function] = True
            value_passed[r.function] = value_passed.get(r.function, False) or r.status == "passed"
    gated = []
    for r in results:
        if (r.kind in structural and r.status == "passed" and has_value_check.get(r.function)
                and not value_passed.get(r.function)):
            r = replace(r, status="failed", score=0.0, message=(
                f"the structure is right, but none of {r.function}'s value checks pass yet: "
                "these points count once the values are right."), diagnosis="values_first")
        gated.append(r)
    return gated
