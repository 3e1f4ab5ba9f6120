"""A call's CPU budget, counted by the kernel: a call that spins past it ends the child at once.

The grader gives each call a budget of CPU time (see
:func:`grader.execution.budget.cpu_budget_of`), lower than its wall-clock
budget: an infinite loop burns CPU, so it is stopped after a few hundredths
of a second instead of the wall budget's tenth, which is what a class's
hanging submissions cost. The kernel counts the process's CPU time
(``ITIMER_PROF``) and signals it when the budget is spent; the handler ends
the child with :data:`~protocol.CPU_SPENT_EXIT`, which the grader reports
as the call's timeout. The harness's own work while a call waits for an
oracle answer is not counted (:func:`paused`).

A submission may take the signal or the timer for itself: its hanging call
is then stopped by the grader's wall-clock deadline, as without this module.

Standard library only: this file runs in the child.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator
from typing import Any

import protocol


def _spent(signum: int, frame: Any) -> None:
    os._exit(protocol.CPU_SPENT_EXIT)


def install() -> None:
    """Make the end of a call's CPU budget end the child (once, before any call)."""
    signal.signal(signal.SIGPROF, _spent)


@contextlib.contextmanager
def budget(seconds: float) -> Iterator[None]:
    """Count the CPU time of the code inside against ``seconds`` (nothing when ``seconds`` is 0)."""
    if seconds <= 0:
        yield
        return
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Stop counting while the harness works for the call (an oracle question), then go on where it was."""
    left = signal.setitimer(signal.ITIMER_PROF, 0)[0]
    try:
        yield
    finally:
        if left > 0:
            signal.setitimer(signal.ITIMER_PROF, left)
