"""Numbers behind the class summary: score histogram, failure rate of each check, the class's common
mistakes (failures grouped by function and diagnosis) and every student's points per function.

Rates are over the submissions that defined the function: a function not implemented yet
(``unfinished``), missing from the file, or in a file that could not be loaded is counted apart
(:func:`function_attempts`), so broken and unfinished submissions do not drown the real mistakes.

Pure functions of a batch of :class:`~grader.batch.result.BatchResult`;
:func:`histogram_svg` draws the histogram as SVG markup built with
:mod:`xml.etree.ElementTree` (so nothing in it is ever unescaped text).
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from grader.batch.result import BatchResult
from grader.checks.match.hints import describe_diagnosis
from grader.grading.results import CheckResult, Report
from grader.render._format import format_percent, merge_orders

#: Number of histogram bins, each 10% of the maximum score wide.
N_BINS = 10


@dataclass(frozen=True)
class CheckFailureRate:
    """How often one check did not pass across a batch."""

    function: str
    name: str
    kind: str
    hidden: bool
    n_failed: int
    n_error: int
    n_graded: int

    @property
    def rate(self) -> float:
        """``(failed + error) / graded``; 0 when nothing was graded."""
        return (self.n_failed + self.n_error) / self.n_graded if self.n_graded else 0.0

    @property
    def percent(self) -> str:
        return format_percent(self.n_failed + self.n_error, self.n_graded)


def check_failure_rates(results: Sequence[BatchResult]) -> list[CheckFailureRate]:
    """Failure rate of every check over the submissions that defined its function.

    A check missing from a report counts as neither failed nor passed there;
    the denominator of a check is the number of submissions with a report in which its
    function is ``"defined"`` (see :func:`attempt`).

    Returns
    -------
    list of CheckFailureRate
        Sorted by failure rate, highest first; ties keep the assignment's
        check order.
    """
    reports = [r.report for r in sorted(results, key=lambda r: r.student) if r.report is not None]
    keys = merge_orders([(t.function, t.name) for t in rep.tests] for rep in reports)
    first: dict[tuple[str, str], CheckResult] = {}
    n_failed = dict.fromkeys(keys, 0)
    n_error = dict.fromkeys(keys, 0)
    n_graded = dict.fromkeys(keys, 0)
    for rep in reports:
        groups = rep.by_function()
        for t in rep.tests:
            key = (t.function, t.name)
            first.setdefault(key, t)
            if attempt(groups[t.function]) != "defined":
                continue
            n_graded[key] += 1
            n_failed[key] += t.status == "failed"
            n_error[key] += t.status == "error"
    rates = [
        CheckFailureRate(
            function=fn, name=name, kind=first[(fn, name)].kind,
            hidden=first[(fn, name)].visibility != "public",
            n_failed=n_failed[(fn, name)], n_error=n_error[(fn, name)], n_graded=n_graded[(fn, name)],
        )
        for fn, name in keys
    ]
    return sorted(rates, key=lambda r: -r.rate)  # sorted() is stable: ties keep check order


#: Diagnoses of a function that was not really attempted (see :func:`attempt`).
UNIMPORTABLE = frozenset({"import_error", "unreadable"})
#: Diagnoses that follow from another failure of the same function, never shown as a mistake of their own.
DERIVED = frozenset({"values_first"})
#: Diagnoses that say only that something is wrong: shown for a student only when nothing more specific is.
GENERIC = frozenset({"wrong_value", "scaled"})


def attempt(checks: Sequence[CheckResult]) -> str:
    """How far one submission got with one function, from its checks' diagnoses.

    ``"unimportable"`` (the file did not load or could not be read), ``"missing"`` (not
    defined), ``"unfinished"`` (still raises ``NotImplementedError``) or ``"defined"``.
    """
    codes = {c.diagnosis for c in checks if c.status != "passed"}
    if checks and len(codes) == 1 and all(c.status == "error" for c in checks):
        (code,) = codes
        if code in UNIMPORTABLE:
            return "unimportable"
        if code == "missing":
            return "missing"
    if "not_implemented" in codes:
        return "unfinished"
    return "defined"


@dataclass(frozen=True)
class FunctionAttempts:
    """How many submissions defined a function, and how many did not (counted apart)."""

    function: str
    defined: int = 0
    unfinished: int = 0
    missing: int = 0
    unimportable: int = 0


def function_attempts(results: Sequence[BatchResult]) -> list[FunctionAttempts]:
    """Per function (in check order): submissions that defined it, left it unfinished or missing,
    or could not be loaded (a submission without a report counts as not loaded)."""
    reports = [r.report for r in sorted(results, key=lambda r: r.student)]
    functions = merge_orders(list(rep.by_function()) for rep in reports if rep is not None)
    counts = {fn: dict.fromkeys(("defined", "unfinished", "missing", "unimportable"), 0) for fn in functions}
    for rep in reports:
        groups = rep.by_function() if rep is not None else {}
        for fn in functions:
            counts[fn][attempt(groups[fn]) if fn in groups else "unimportable"] += 1
    return [FunctionAttempts(fn, **counts[fn]) for fn in functions]


@dataclass(frozen=True)
class Mistake:
    """One diagnosis of one function, shared by some students."""

    function: str
    diagnosis: str
    students: tuple[str, ...]
    n_defined: int
    example: str
    """The message one of them got (the first student's, by id)."""
    example_student: str
    example_check: str

    @property
    def description(self) -> str:
        return describe_diagnosis(self.diagnosis)

    @property
    def n_students(self) -> int:
        return len(self.students)

    @property
    def share(self) -> float:
        return self.n_students / self.n_defined if self.n_defined else 0.0

    @property
    def percent(self) -> str:
        return format_percent(self.n_students, self.n_defined)


def student_diagnoses(checks: Sequence[CheckResult]) -> dict[str, CheckResult]:
    """The diagnoses of one student's function, each with the first check showing it.

    Derived diagnoses and 0-point checks (deep_nn's "work together") are left out, and generic
    diagnoses when a more specific one is there.
    """
    found: dict[str, CheckResult] = {}
    for c in checks:
        if c.status != "passed" and c.diagnosis and c.diagnosis not in DERIVED and c.max_score > 0:
            found.setdefault(c.diagnosis, c)
    if any(code not in GENERIC for code in found):
        found = {code: c for code, c in found.items() if code not in GENERIC}
    return found


def common_mistakes(results: Sequence[BatchResult]) -> list[Mistake]:
    """Failures grouped by (function, diagnosis), over the submissions that defined the function.

    Each student counts once per diagnosis of a function, whichever checks show it.

    Returns
    -------
    list of Mistake
        Most students first; ties in function order, then by diagnosis.
    """
    attempts = {a.function: a for a in function_attempts(results)}
    order = {fn: i for i, fn in enumerate(attempts)}
    found: dict[tuple[str, str], list[tuple[str, CheckResult]]] = {}
    for result in sorted(results, key=lambda r: r.student):
        if result.report is None:
            continue
        for fn, checks in result.report.by_function().items():
            if attempt(checks) != "defined":
                continue
            for code, check in student_diagnoses(checks).items():
                found.setdefault((fn, code), []).append((result.student, check))
    mistakes = [
        Mistake(fn, code, tuple(s for s, _ in hits), attempts[fn].defined, hits[0][1].message, hits[0][0],
                hits[0][1].name)
        for (fn, code), hits in found.items()
    ]
    return sorted(mistakes, key=lambda m: (-m.n_students, order.get(m.function, 0), m.diagnosis))


@dataclass(frozen=True)
class StudentRow:
    """One student's line of the score table."""

    student: str
    score: float
    max_score: float
    functions: tuple[tuple[float, float] | None, ...]
    """Points and maximum per function (in :func:`student_table`'s order), None when not graded."""
    error: str | None

    @property
    def percent(self) -> str:
        return format_percent(self.score, self.max_score)


def student_table(results: Sequence[BatchResult]) -> tuple[list[str], list[StudentRow]]:
    """The functions (check order) and one row per student (by id): score and points per function."""
    by_student = sorted(results, key=lambda r: r.student)
    reports: list[Report] = [r.report for r in by_student if r.report is not None]
    functions = merge_orders(list(rep.by_function()) for rep in reports)
    rows = []
    for r in by_student:
        scores = r.report.function_scores() if r.report is not None else {}
        rows.append(StudentRow(r.student, r.score, r.max_score,
                               tuple(scores.get(fn) for fn in functions), r.error))
    return functions, rows


def score_histogram(results: Sequence[BatchResult]) -> list[int]:
    """Counts of submissions per 10% of the maximum score.

    Bin ``i`` holds scores in ``[10 i %, 10 (i + 1) %)``; the last bin also
    holds 100%. Submissions without a report, or with a maximum of 0, are
    not counted.
    """
    counts = [0] * N_BINS
    for result in results:
        if result.report is None or result.report.max_score <= 0:
            continue
        fraction = result.report.score / result.report.max_score
        index = math.floor(round(fraction * N_BINS, 9))
        counts[min(max(index, 0), N_BINS - 1)] += 1
    return counts


def histogram_svg(counts: Sequence[int]) -> str:
    """An SVG bar chart of ``counts`` (one bar per 10% bin) with count labels.

    Built with :mod:`xml.etree.ElementTree` from numbers only. Every bar is a
    ``<rect class="bar">``, including empty bins (height 0).
    """
    width, height = 720, 260
    left, right, top, bottom = 24, 24, 28, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    slot = plot_w / len(counts)
    bar_w = slot * 0.72
    peak = max(counts, default=0) or 1
    base_y = top + plot_h

    svg = ET.Element("svg", {
        "class": "histogram", "viewBox": f"0 0 {width} {height}", "role": "img",
        "aria-label": "Histogram of scores in bins of 10% of the maximum score",
    })
    ET.SubElement(svg, "title").text = "Score distribution"
    for i in range(1, 5):  # light gridlines at quarters of the tallest bar
        y = base_y - plot_h * i / 4
        ET.SubElement(svg, "line", {
            "class": "grid", "x1": f"{left}", "x2": f"{width - right}", "y1": f"{y:.1f}", "y2": f"{y:.1f}",
        })
    for i, count in enumerate(counts):
        x = left + i * slot + (slot - bar_w) / 2
        h = plot_h * count / peak
        cx = f"{x + bar_w / 2:.1f}"
        bar = ET.SubElement(svg, "rect", {
            "class": "bar" if count else "bar empty",
            "x": f"{x:.1f}", "y": f"{base_y - h:.1f}", "width": f"{bar_w:.1f}", "height": f"{h:.1f}",
            "rx": "3",
        })
        label = f"{10 * i}–{10 * (i + 1)}%"
        ET.SubElement(bar, "title").text = f"{label}: {count} submission{'' if count == 1 else 's'}"
        ET.SubElement(svg, "text", {
            "class": "count" if count else "count zero", "x": cx, "y": f"{base_y - h - 7:.1f}",
            "text-anchor": "middle",
        }).text = str(count)
        ET.SubElement(svg, "text", {
            "class": "bin", "x": cx, "y": f"{base_y + 20:.1f}", "text-anchor": "middle",
        }).text = label
    ET.SubElement(svg, "line", {
        "class": "axis", "x1": f"{left}", "x2": f"{width - right}", "y1": f"{base_y}", "y2": f"{base_y}",
    })
    ET.SubElement(svg, "text", {
        "class": "axis-title", "x": f"{width / 2:.1f}", "y": f"{height - 8}", "text-anchor": "middle",
    }).text = "Score (% of maximum)"
    return ET.tostring(svg, encoding="unicode")


__all__ = ["N_BINS", "CheckFailureRate", "FunctionAttempts", "Mistake", "StudentRow", "attempt", "check_failure_rates",
           "common_mistakes", "function_attempts", "histogram_svg", "score_histogram", "student_diagnoses",
           "student_table"]
