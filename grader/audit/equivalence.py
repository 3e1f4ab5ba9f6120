"""Discard mutants that compute exactly what the reference computes on every input of the suite.

A mutant that no input can tell from the reference is not a fault the
checks missed (``dZ[Z <= 0]`` vs ``dZ[Z < 0]`` when no input is exactly
0). :class:`EquivalenceFilter` calls the mutated function and the
reference's on the arguments of every case of every check of that
function in the full suite (hidden checks and fresh twins included), in
this process (see :mod:`grader.audit.trusted`), and compares what they
return, what they raise and, unless the course lets the function update
its arguments (:func:`grader.course.model.may_update_arguments`), what they leave
in their arguments.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.audit.mutants import Mutant
from grader.audit.trusted import Outcome, call_seeded, load_namespace
from grader.course.model import Suite, may_update_arguments
from grader.execution.child import methods

#: Relative and absolute tolerance under which two floats count as the same.
RTOL = 1e-9
ATOL = 1e-12


def same(a: Any, b: Any) -> bool:
    """Whether two results are the same: types, shapes and dtypes exactly, floats within :data:`RTOL`."""
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        if a.shape != b.shape or a.dtype != b.dtype:
            return False
        if a.dtype.kind in "fc":
            return bool(np.allclose(a, b, rtol=RTOL, atol=ATOL, equal_nan=True))
        return bool(np.array_equal(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float | np.floating):
        x, y = float(a), float(b)
        return (math.isnan(x) and math.isnan(y)) or math.isclose(x, y, rel_tol=RTOL, abs_tol=ATOL)
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - values that cannot be compared are not the same
        return False


def same_outcome(expected: Outcome, got: Outcome, compare_args: bool) -> bool:
    if expected.raised or got.raised:
        return expected.raised == got.raised
    return same(expected.value, got.value) and (not compare_args or same(expected.args_after, got.args_after))


@dataclass(frozen=True)
class Equivalence:
    """Whether a mutant is equivalent, and on which inputs it differed (or how many it agreed on)."""

    equivalent: bool
    reason: str


class EquivalenceFilter:
    """Compare mutants with the reference on every input of the full suite.

    Parameters
    ----------
    reference_source : str
        The rendered solution the mutants were made from.
    suite : Suite
        The full compiled suite (hidden checks and fresh twins included).
    """

    def __init__(self, reference_source: str, suite: Suite) -> None:
        self.reference = load_namespace(reference_source, "audit_reference")
        self.inputs: dict[str, list[tuple[str, tuple[Any, ...]]]] = {}
        for check in suite.checks:
            if not check.driver:
                self.inputs.setdefault(check.function, []).extend(
                    (f"{check.name}: {case.label}", case.args) for case in check.cases)
        self._expected: dict[tuple[str, int], Outcome] = {}

    def expected(self, function: str, index: int) -> Outcome:
        key = (function, index)
        if key not in self._expected:
            self._expected[key] = call_seeded(methods.caller(self.reference, function), self.inputs[function][index][1])
        return self._expected[key]

    def judge(self, mutant: Mutant) -> Equivalence:
        """Equivalent when the mutated function agrees with the reference on every input."""
        inputs = self.inputs.get(mutant.function, [])
        if not inputs:
            return Equivalence(False, "no inputs to compare on: graded")
        try:
            function = methods.caller(load_namespace(mutant.source), mutant.function)  # Cls.method: behind its spec
            if function is None:
                raise KeyError(mutant.function)
        except Exception as exc:  # noqa: BLE001 - a mutant that does not load is graded (and killed)
            return Equivalence(False, f"does not load: {type(exc).__name__}")
        compare_args = not may_update_arguments(mutant.function)
        for index, (label, args) in enumerate(inputs):
            if not same_outcome(self.expected(mutant.function, index), call_seeded(function, args), compare_args):
                return Equivalence(False, f"differs on {label}")
        return Equivalence(True, f"the same as the reference on all {len(inputs)} inputs of the suite")


__all__ = ["EquivalenceFilter", "Equivalence", "same", "same_outcome", "RTOL", "ATOL"]
