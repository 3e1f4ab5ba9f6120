"""How long one call of a student's function may take: a multiple of the reference's time.

A call that never returns (an infinite loop) is stopped after its budget,
not after the whole time limit (and one that spins, after its CPU budget,
sooner still), so a class's hanging submissions cost a
fraction of a second each. The budget is generous: numpy code written with
Python loops over these small inputs is a few times slower than the
reference, far from a hundred (``tests/grader/grading/test_plans.py``
measures it); the time the grader spends answering the call's oracle
questions is not the call's.
"""

from __future__ import annotations

#: A call may take this many times the reference's time on the same inputs ...
BUDGET_FACTOR = 100.0
#: ... and at least this many seconds (never more than ``Limits.call_seconds``).
BUDGET_FLOOR = 0.1
#: Seconds added to a call's budget for each oracle question it asks (besides the time the answer took).
ORACLE_ALLOWANCE = 0.002
#: The least CPU time a call may spend (its CPU budget is :data:`BUDGET_FACTOR` times the reference's time,
#: and at least this): an infinite loop spends CPU, so it is stopped here, before its wall-clock budget.
CPU_FLOOR = 0.03


def budget_of(reference_seconds: float | None) -> float | None:
    """Seconds one call may take when the reference takes ``reference_seconds`` on its inputs.

    None (the limit's ``call_seconds`` only) when the reference's time is not known.
    """
    if reference_seconds is None:
        return None
    return max(BUDGET_FLOOR, BUDGET_FACTOR * reference_seconds)


def cpu_budget_of(reference_seconds: float | None) -> float:
    """Seconds of CPU time one call may spend when the reference takes ``reference_seconds`` (0: not counted).

    Counted by the kernel in the child (``grader/execution/child/cpuclock.py``);
    the time a call waits (for the grader, for a sleep) is not CPU time, so
    its wall-clock budget (:func:`budget_of`) still applies.
    """
    if reference_seconds is None:
        return 0.0
    return max(CPU_FLOOR, BUDGET_FACTOR * reference_seconds)


def spent_cpu(function: str) -> str:
    """The message of a call stopped when it had spent its CPU budget."""
    return (f"{function} was stopped after spending {BUDGET_FACTOR:g} times the CPU time the reference takes "
            f"on these inputs (and at least {CPU_FLOOR:g} s): an infinite loop, or a loop that numpy could do "
            "in one operation?")


def too_slow(function: str, cap: float, budget: float | None) -> str:
    """The message of a call stopped after ``budget`` seconds (``cap``: the time limit)."""
    if budget is None or budget >= cap:
        return f"{function} did not return within {cap:g} s (an infinite loop?)"
    return (f"{function} did not return within {budget:.2g} s, {BUDGET_FACTOR:g} times what the reference takes "
            f"on these inputs (and at least {BUDGET_FLOOR:g} s): an infinite loop, or a loop that numpy "
            "could do in one operation?")


__all__ = ["BUDGET_FACTOR", "BUDGET_FLOOR", "CPU_FLOOR", "ORACLE_ALLOWANCE", "budget_of", "cpu_budget_of",
           "spent_cpu", "too_slow"]
