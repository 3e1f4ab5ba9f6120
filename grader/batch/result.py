"""The outcome of grading one student's submission in a batch run.

A :class:`BatchResult` wraps the student's :class:`~grader.grading.results.Report`
(or ``None`` when grading could not produce one: the sandbox crashed, the
submission timed out as a whole, ...) together with how long it took and
which isolation backend ran it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from grader.grading.results import Report, report_from_json

#: Keys that :meth:`BatchResult.to_json` adds to the report's own JSON document.
BATCH_KEYS = ("student", "seconds", "error", "isolation", "has_report", "submission", "graded_at")


@dataclass(frozen=True)
class BatchResult:
    """One submission's result in a batch.

    Parameters
    ----------
    student : str
        The student's id.
    report : Report or None
        The graded report, or ``None`` when no report could be produced.
    seconds : float
        Wall-clock time spent grading the submission.
    error : str or None
        What went wrong outside the checks themselves (for example a timeout
        of the whole submission), or ``None``.
    isolation : str, optional
        Name of the isolation backend that ran the submission.
    assignment : str, optional
        The assignment's name. Taken from ``report`` when one is given; needed
        when ``report`` is ``None``.
    submission : str, optional
        The submitted file's name below the submissions folder.
    graded_at : str, optional
        When it was graded (UTC, ISO 8601), set when the result is recorded.

    Raises
    ------
    ValueError
        If ``assignment`` is given and differs from ``report.assignment``.
    """

    student: str
    report: Report | None
    seconds: float
    error: str | None
    isolation: str = ""
    assignment: str = ""
    submission: str = ""
    graded_at: str = ""

    def __post_init__(self) -> None:
        if self.report is not None:
            if not self.assignment:
                object.__setattr__(self, "assignment", self.report.assignment)
            elif self.assignment != self.report.assignment:
                raise ValueError(
                    f"assignment {self.assignment!r} does not match the report's "
                    f"{self.report.assignment!r}"
                )

    @property
    def score(self) -> float:
        """Points earned (0 when there is no report)."""
        return self.report.score if self.report is not None else 0.0

    @property
    def max_score(self) -> float:
        """Points available according to the report (0 when there is no report)."""
        return self.report.max_score if self.report is not None else 0.0

    def to_json(self) -> dict[str, Any]:
        """The report's JSON document plus the batch keys.

        The document is :meth:`Report.to_json` (or an empty report when there
        is none) with ``"student"``, ``"seconds"``, ``"error"``,
        ``"isolation"`` and ``"has_report"`` added, and each test entry given
        its ``"visibility"`` so that hidden checks stay hidden after a round
        trip through :meth:`from_json`, and its ``"diagnosis"`` when it has one
        (for the class summary).
        """
        if self.report is None:
            doc: dict[str, Any] = {"assignment": self.assignment, "score": 0.0, "max_score": 0.0, "tests": []}
        else:
            doc = self.report.to_json()
            for entry, check in zip(doc["tests"], self.report.tests, strict=True):
                entry.setdefault("visibility", check.visibility)
                if check.diagnosis:
                    entry["diagnosis"] = check.diagnosis
        doc.update(
            student=self.student,
            seconds=self.seconds,
            error=self.error,
            isolation=self.isolation,
            has_report=self.report is not None,
        )
        if self.submission:
            doc["submission"] = self.submission
        if self.graded_at:
            doc["graded_at"] = self.graded_at
        return doc

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> BatchResult:
        """Rebuild a batch result from :meth:`to_json`'s document.

        A document without ``"has_report"`` is taken to have a report unless it
        has an error and no tests.
        """
        report_doc = {k: v for k, v in doc.items() if k not in BATCH_KEYS}
        error = doc.get("error")
        has_report = doc.get("has_report", not (error and not doc.get("tests")))
        return cls(
            student=str(doc["student"]),
            report=report_from_json(report_doc) if has_report else None,
            seconds=float(doc.get("seconds", 0.0)),
            error=error,
            isolation=str(doc.get("isolation", "")),
            assignment=str(doc["assignment"]),
            submission=str(doc.get("submission") or ""),
            graded_at=str(doc.get("graded_at") or ""),
        )


__all__ = ["BatchResult", "BATCH_KEYS"]
