"""Run the reference and its mutants in the grader's own process.

Mutants are derived from the instructor's reference (trusted code, one
edit each), so the equivalence filter and the size probe run them here,
without a sandbox: each module is executed into a fresh namespace, and
each call gets deep copies of its arguments, numpy's global generator
seeded with 0 first (the course's convention) and a time limit.
"""

from __future__ import annotations

import copy
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np

#: Seconds one in-process call of a mutant may take before it counts as not finishing.
CALL_SECONDS = 5.0


class CallTimeout(Exception):
    """A call took longer than :data:`CALL_SECONDS`."""


def load_namespace(source: str, name: str = "audit_mutant") -> dict[str, Any]:
    """Execute a module's source into a fresh namespace and return it."""
    namespace: dict[str, Any] = {"__name__": name}
    exec(compile(source, f"<{name}>", "exec", dont_inherit=True), namespace)
    return namespace


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`CallTimeout` in the body after ``seconds`` (main thread only; elsewhere no limit)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise CallTimeout(f"took more than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True)
class Outcome:
    """What one call did: its value or the type of exception it raised, and its arguments afterwards."""

    value: Any
    raised: str | None
    args_after: tuple[Any, ...]


def call_seeded(function: Callable[..., Any], args: Sequence[Any]) -> Outcome:
    """``function(*args)`` on deep copies of ``args``, seeded with 0, under :data:`CALL_SECONDS`."""
    arguments = copy.deepcopy(tuple(args))
    np.random.seed(0)
    try:
        with np.errstate(all="ignore"), time_limit(CALL_SECONDS):
            value = function(*arguments)
    except Exception as exc:  # noqa: BLE001 - any exception is an outcome to compare
        return Outcome(None, type(exc).__name__, arguments)
    return Outcome(value, None, arguments)


__all__ = ["load_namespace", "call_seeded", "Outcome", "CallTimeout", "time_limit", "CALL_SECONDS"]
