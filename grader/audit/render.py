"""Render an audit report as text (a table, then every survivor with its diff) or JSON.

Renderers only format: every fate, rate and pass/fail is decided in
:mod:`grader.audit.verdicts`. A new format is one function added to
:data:`RENDERERS`.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from grader.audit.verdicts import AuditReport, FunctionTally, MutantResult

COLUMNS = ("mutants", "equiv", "killed", "survived", "wrong", "cascade", "kill rate")


def _row(name: str, t: FunctionTally, width: int) -> str:
    cells = (t.mutants, t.equivalent, t.killed, t.survived, t.wrong_blame, t.cascades)
    rate = f"{100 * t.kill_rate:.1f}%" if t.graded else "-"
    return f"{name:<{width}}" + "".join(f"{c:>9}" for c in cells) + f"{rate:>10}"


def _table(title: str, tallies: list[FunctionTally], total: FunctionTally) -> list[str]:
    width = max([len(title)] + [len(t.function) for t in tallies] + [len(total.function)]) + 2
    header = f"{title:<{width}}" + "".join(f"{c:>9}" for c in COLUMNS[:-1]) + f"{COLUMNS[-1]:>10}"
    lines = [header, "-" * len(header)]
    lines += [_row(t.function, t, width) for t in tallies]
    lines += ["-" * len(header), _row(total.function, total, width)]
    return lines


def _mutant_lines(result: MutantResult, extra: str = "") -> list[str]:
    m = result.mutant
    return [f"  #{m.index} {m.function}, line {m.line} [{m.operator}]{extra}",
            f"    - {m.original}", f"    + {m.mutated}"]


def _lost(result: MutantResult) -> str:
    return ", ".join(f"{function} -{points:g}" for function, points in result.lost)


def render_text(report: AuditReport) -> str:
    """The report as a terminal table, with the diff of every survivor and wrongly blamed mutant."""
    total = report.total
    lines = [f"Mutation audit of {report.assignment}: {total.mutants} mutants, {total.equivalent} equivalent, "
             f"{total.graded} graded ({report.isolation or 'no'} sandbox, {report.seconds:.1f} s)", ""]
    lines += _table("function", report.by_function(), total)
    lines += [""] + _table("operator", report.by_operator(), total)
    sections = (("Survivors (no check lost a point)", report.of_fate("survived"), lambda r: ""),
                ("Blamed on the wrong function", report.of_fate("wrong_blame"), lambda r: f": lost {_lost(r)}"),
                ("Cascades (killed, but other functions lost points too)",
                 [r for r in report.results if r.cascade], lambda r: f": lost {_lost(r)}"))
    for title, results, extra in sections:
        if results:
            lines += ["", f"{title}: {len(results)}"]
            for result in results:
                lines += _mutant_lines(result, extra(result))
    verdict = "PASS" if report.passed else "FAIL"
    lines += ["", f"Kill rate: {100 * report.kill_rate:.1f}% ({total.killed} / {total.graded}); threshold "
                  f"{100 * report.threshold:.1f}%: {verdict}"]
    return "\n".join(lines) + "\n"


def to_json(report: AuditReport) -> dict[str, object]:
    """The report as a JSON document (``grader audit --format json``)."""
    return {
        "assignment": report.assignment,
        "kill_rate": round(report.kill_rate, 6),
        "threshold": report.threshold,
        "passed": report.passed,
        "seconds": report.seconds,
        "isolation": report.isolation,
        "total": report.total.to_json(),
        "functions": [t.to_json() for t in report.by_function()],
        "operators": [t.to_json() for t in report.by_operator()],
        "mutants": [r.to_json() for r in report.results],
    }


def render_json(report: AuditReport) -> str:
    return json.dumps(to_json(report), indent=2) + "\n"


#: Every output format of ``grader audit --format``.
RENDERERS: dict[str, Callable[[AuditReport], str]] = {"text": render_text, "json": render_json}


__all__ = ["render_text", "render_json", "to_json", "RENDERERS"]
