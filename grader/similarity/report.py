"""The similar pairs of a class as text and as plain data, for the class summary.

Rendering never decides anything: it shows what :func:`grader.similarity.compare.compare`
found, worded as a lead for the instructor to read, never as a finding.
Output is deterministic (pairs and regions come sorted).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from grader.similarity.compare import Comparison, Lines, Pair, Region, Threshold

#: What the report says first, wherever it is shown.
CAVEAT = ("Similar code: leads for the instructor to read, not findings of copying "
          "(two students may share a legitimate source).")


def _lines_json(lines: Lines) -> dict[str, Any]:
    return {"cell": lines.cell, "first": lines.first, "last": lines.last, "where": lines.describe(),
            "text": lines.text}


def _region_json(region: Region) -> dict[str, Any]:
    return {"a": _lines_json(region.a), "b": _lines_json(region.b), "fingerprints": region.fingerprints}


def _pair_json(pair: Pair) -> dict[str, Any]:
    return {"student_a": pair.student_a, "student_b": pair.student_b, "score": pair.score, "shared": pair.shared,
            "fingerprints_a": pair.fingerprints_a, "fingerprints_b": pair.fingerprints_b, "longest": pair.longest,
            "regions": [_region_json(r) for r in pair.regions]}


def _threshold_json(threshold: Threshold) -> dict[str, float]:
    return {"median": threshold.median, "mad": threshold.mad, "cutoff": threshold.cutoff}


def to_json(result: Comparison | Sequence[Pair]) -> dict[str, Any]:
    """Plain data (str, int, float, None, lists, dicts) of the pairs, and of the thresholds when given a comparison."""
    pairs = result.pairs if isinstance(result, Comparison) else tuple(result)
    doc: dict[str, Any] = {"note": CAVEAT, "pairs": [_pair_json(p) for p in pairs]}
    if isinstance(result, Comparison):
        doc["method"] = {"name": "winnowing (Schleimer, Wilkerson, Aiken, SIGMOD 2003) over normalized Python tokens",
                         "k": result.k, "w": result.w, "min_shared": result.min_shared,
                         "max_holders": result.max_holders, "submissions": result.submissions,
                         "score": _threshold_json(result.score), "longest": _threshold_json(result.region)}
    return doc


def _snippet(lines: Lines, max_lines: int) -> list[str]:
    rows = lines.text.splitlines() or [""]
    shown = [f"      | {row}" for row in rows[:max_lines]]
    if len(rows) > max_lines:
        shown.append(f"      | ... ({len(rows) - max_lines} more lines)")
    return shown


def render_text(result: Comparison | Sequence[Pair], *, max_regions: int = 3, max_lines: int = 8) -> str:
    """The pairs as text: each pair's score and its largest shared regions, with the code of both sides."""
    pairs = result.pairs if isinstance(result, Comparison) else tuple(result)
    out = [CAVEAT]
    if isinstance(result, Comparison):
        out.append(f"{result.submissions} submissions compared; winnowing with k={result.k} tokens, window "
                   f"{result.w}; the given code excluded, code shared by more than {result.max_holders} "
                   "submissions ignored.")
        out.append(f"Listed: score at least {result.score.cutoff:g} (median {result.score.median:g}, "
                   f"MAD {result.score.mad:g}) or a shared region of at least {result.region.cutoff:g} "
                   f"fingerprints (median {result.region.median:g}, MAD {result.region.mad:g}).")
    if not pairs:
        out.append("No pair of submissions is unusually similar.")
        return "\n".join(out) + "\n"
    for pair in pairs:
        out.append("")
        out.append(f"{pair.student_a} and {pair.student_b}: {pair.score:.0%} of the smaller submission's "
                   f"fingerprints in common ({pair.shared}; {pair.fingerprints_a} and {pair.fingerprints_b}), "
                   f"longest shared region {pair.longest}")
        for region in pair.regions[:max_regions]:
            out.append(f"  {pair.student_a} {region.a.describe()}  ~  {pair.student_b} {region.b.describe()} "
                       f"({region.fingerprints} fingerprints)")
            out.append(f"    {pair.student_a}:")
            out.extend(_snippet(region.a, max_lines))
            out.append(f"    {pair.student_b}:")
            out.extend(_snippet(region.b, max_lines))
        if len(pair.regions) > max_regions:
            out.append(f"  ... and {len(pair.regions) - max_regions} smaller regions")
    return "\n".join(out) + "\n"


__all__ = ["CAVEAT", "render_text", "to_json"]
