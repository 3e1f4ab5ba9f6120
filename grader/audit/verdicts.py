"""Frozen results of an audit and the pure functions that total them.

A mutant's :class:`MutantResult` says what became of it: ``equivalent``
(discarded before grading), ``killed`` (its own function lost points),
``survived`` (no check lost a point), or ``wrong_blame`` (points were lost,
but only by other functions). A killed mutant that also cost other
functions points is a *cascade*. :func:`tally` totals results per function;
rendering never decides any of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from grader.audit.mutants import Mutant
from grader.audit.operators import OPERATORS

Fate = Literal["equivalent", "killed", "survived", "wrong_blame"]
FATES: tuple[Fate, ...] = ("equivalent", "killed", "survived", "wrong_blame")


@dataclass(frozen=True)
class MutantResult:
    """One mutant and its fate.

    ``lost`` is ``(function, points lost)`` for every function that lost
    points, in check order; ``note`` says why a mutant is equivalent.
    """

    mutant: Mutant
    fate: Fate
    lost: tuple[tuple[str, float], ...] = ()
    note: str = ""

    @property
    def cascade(self) -> tuple[str, ...]:
        """Other functions that lost points although this mutant was killed."""
        if self.fate != "killed":
            return ()
        return tuple(f for f, _ in self.lost if f != self.mutant.function)

    def to_json(self) -> dict[str, object]:
        lost = [{"function": f, "points": p} for f, p in self.lost]
        return {**self.mutant.to_json(), "fate": self.fate, "lost": lost, "cascade": list(self.cascade),
                "note": self.note}


def fate_of(function: str, lost: Sequence[tuple[str, float]]) -> Fate:
    """Killed when ``function`` lost points, wrong blame when only others did, else survived."""
    losers = {f for f, points in lost if points > 0}
    if function in losers:
        return "killed"
    return "wrong_blame" if losers else "survived"


def rate(killed: int, graded: int) -> float:
    """Killed over non-equivalent mutants (1.0 when there is none to kill)."""
    return killed / graded if graded else 1.0


@dataclass(frozen=True)
class FunctionTally:
    """The mutants of one function, by fate."""

    function: str
    mutants: int
    equivalent: int
    killed: int
    survived: int
    wrong_blame: int
    cascades: int

    @property
    def graded(self) -> int:
        return self.mutants - self.equivalent

    @property
    def kill_rate(self) -> float:
        return rate(self.killed, self.graded)

    def to_json(self) -> dict[str, object]:
        return {"function": self.function, "mutants": self.mutants, "equivalent": self.equivalent,
                "killed": self.killed, "survived": self.survived, "wrong_blame": self.wrong_blame,
                "cascades": self.cascades, "kill_rate": round(self.kill_rate, 6)}


def tally(key: str, results: Sequence[MutantResult]) -> FunctionTally:
    """Count ``results`` (those of one function, or of one operator) by fate."""
    count = {fate: sum(1 for r in results if r.fate == fate) for fate in FATES}
    return FunctionTally(key, len(results), count["equivalent"], count["killed"], count["survived"],
                         count["wrong_blame"], sum(1 for r in results if r.cascade))


@dataclass(frozen=True)
class AuditReport:
    """Every mutant's fate for one assignment, and the threshold it is held to."""

    assignment: str
    threshold: float
    results: tuple[MutantResult, ...]
    functions: tuple[str, ...]
    seconds: float = 0.0
    isolation: str = ""

    def _grouped(self, key: str) -> list[FunctionTally]:
        names = list(self.functions) if key == "function" else list(dict.fromkeys(
            name for name in OPERATORS if any(r.mutant.operator == name for r in self.results)))
        groups: dict[str, list[MutantResult]] = {name: [] for name in names}
        for result in self.results:
            groups.setdefault(getattr(result.mutant, key), []).append(result)
        return [tally(name, group) for name, group in groups.items()]

    def by_function(self) -> list[FunctionTally]:
        """One tally per graded function, in the assignment's order (functions without mutants too)."""
        return self._grouped("function")

    def by_operator(self) -> list[FunctionTally]:
        return self._grouped("operator")

    @property
    def total(self) -> FunctionTally:
        return tally("all mutants", self.results)

    @property
    def kill_rate(self) -> float:
        return self.total.kill_rate

    @property
    def passed(self) -> bool:
        return self.kill_rate >= self.threshold

    def of_fate(self, *fates: Fate) -> list[MutantResult]:
        return [r for r in self.results if r.fate in fates]


__all__ = ["MutantResult", "FunctionTally", "AuditReport", "Fate", "FATES", "fate_of", "tally", "rate"]
