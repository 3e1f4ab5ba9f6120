"""Frozen result records and the pure function that totals them.

Scoring never prints and rendering never decides a score: checks produce
:class:`CheckResult` objects, :func:`summarize` totals them into a
:class:`Report`, and the renderers in :mod:`grader.render` only format a
report.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["passed", "failed", "error"]
Visibility = Literal["public", "hidden"]


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check on one function.

    ``status`` is ``"passed"`` (full points), ``"failed"`` (the function ran
    and gave a wrong answer) or ``"error"`` (it raised, timed out, was not
    implemented or could not be run).
    """

    name: str
    function: str
    kind: str
    status: Status
    score: float
    max_score: float
    message: str = ""
    visibility: Visibility = "public"
    diagnosis: str = ""
    """A short stable code naming the likely mistake behind a failure (``keepdims``, ``factor_m``,
    ``not_implemented``, ``raised:KeyError``; see :data:`grader.checks.match.hints.DIAGNOSES`);
    empty when the check passed. For the instructor's class summary: not in the student's JSON."""

    def to_json(self) -> dict[str, Any]:
        """The check as it appears in ``grader check --format json``."""
        return {
            "name": self.name,
            "function": self.function,
            "kind": self.kind,
            "status": self.status,
            "score": self.score,
            "max_score": self.max_score,
            "message": self.message,
        }


@dataclass(frozen=True)
class Report:
    """Every check result of one submission of one assignment."""

    assignment: str
    tests: tuple[CheckResult, ...]
    score: float = 0.0
    max_score: float = 0.0
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def passed(self) -> bool:
        return all(t.status == "passed" for t in self.tests)

    def by_function(self) -> dict[str, list[CheckResult]]:
        """Results grouped by function, in the order the functions were checked."""
        groups: dict[str, list[CheckResult]] = {}
        for t in self.tests:
            groups.setdefault(t.function, []).append(t)
        return groups

    def function_scores(self) -> dict[str, tuple[float, float]]:
        """``{function: (score, max_score)}`` in check order."""
        return {
            fn: (round(sum(t.score for t in ts), 6), round(sum(t.max_score for t in ts), 6))
            for fn, ts in self.by_function().items()
        }

    def to_json(self) -> dict[str, Any]:
        """The exact JSON document of ``grader check --format json``."""
        return {
            "assignment": self.assignment,
            "score": self.score,
            "max_score": self.max_score,
            "tests": [t.to_json() for t in self.tests],
        }


def summarize(assignment: str, results: list[CheckResult] | tuple[CheckResult, ...],
              meta: dict[str, Any] | None = None) -> Report:
    """Total a list of check results into a :class:`Report` (a pure function)."""
    score = round(sum(r.score for r in results), 6)
    max_score = round(sum(r.max_score for r in results), 6)
    return Report(assignment, tuple(results), score, max_score, dict(meta or {}))


def report_from_json(doc: dict[str, Any]) -> Report:
    """Rebuild a :class:`Report` from its JSON document (for batch results)."""
    tests = tuple(
        CheckResult(
            name=t["name"], function=t["function"], kind=t["kind"], status=t["status"],
            score=float(t["score"]), max_score=float(t["max_score"]),
            message=t.get("message", ""), visibility=t.get("visibility", "public"),
            diagnosis=str(t.get("diagnosis", "")),
        )
        for t in doc.get("tests", [])
    )
    meta = {k: v for k, v in doc.items() if k not in {"assignment", "score", "max_score", "tests"}}
    return Report(doc["assignment"], tests, float(doc["score"]), float(doc["max_score"]), meta)


__all__ = ["CheckResult", "Report", "Status", "Visibility", "summarize", "report_from_json", "asdict"]
