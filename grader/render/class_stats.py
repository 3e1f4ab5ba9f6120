"""Numbers behind the class summary: score histogram and failure rate of each check.

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
from grader.grading.results import CheckResult
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
    """Failure rate of every check over the submissions that have a report.

    A check missing from a report counts as neither failed nor passed there;
    the denominator is always the number of submissions with a report.

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
    for rep in reports:
        for t in rep.tests:
            key = (t.function, t.name)
            first.setdefault(key, t)
            n_failed[key] += t.status == "failed"
            n_error[key] += t.status == "error"
    rates = [
        CheckFailureRate(
            function=fn, name=name, kind=first[(fn, name)].kind,
            hidden=first[(fn, name)].visibility != "public",
            n_failed=n_failed[(fn, name)], n_error=n_error[(fn, name)], n_graded=len(reports),
        )
        for fn, name in keys
    ]
    return sorted(rates, key=lambda r: -r.rate)  # sorted() is stable: ties keep check order


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


__all__ = ["N_BINS", "CheckFailureRate", "check_failure_rates", "score_histogram", "histogram_svg"]
