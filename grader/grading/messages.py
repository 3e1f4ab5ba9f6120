"""What a student reads when a call did not return a value: a missing or misdeclared function, an
exception in their own lines, an import that failed, a callee not implemented yet, notebook cells that raised."""

from __future__ import annotations

from typing import Any

from grader.course.model import FunctionInfo
from grader.execution.interface import CallOutcome
from grader.execution.session import ChildSession
from grader.grading.ipynb import CELL_REPORT
from grader.grading.submission import Source


def signature_problem(info: FunctionInfo, student: list[list[Any]] | None) -> str | None:
    """Why the student's function cannot take the grader's positional arguments."""
    owner, dot, method = info.name.partition(".")
    if student is None and dot:
        return (f"{info.name} is not defined in your file: define the class {owner} with the method "
                f"{method}({', '.join(info.params)}).")
    if student is None:
        return (f"{info.name} is not defined in your file: define it with exactly this name "
                f"({info.name}({', '.join(info.params)})).")
    params = info.params[1:] if dot else info.params  # a method's self is the grader's object
    positional = [p for p in student if p[1] in ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD")]
    required = [p for p in positional if not p[2]]
    varargs = any(p[1] == "VAR_POSITIONAL" for p in student)
    required_kwonly = [p for p in student if p[1] == "KEYWORD_ONLY" and not p[2]]
    n = len(params)
    names = [p[0] for p in positional[:n]]
    reordered = sorted(names) == sorted(params) and names != list(params)  # the grader passes them by position
    if len(required) > n or (len(positional) < n and not varargs) or required_kwonly or reordered:
        yours = ", ".join(p[0] for p in student)
        return (f"{info.name}({yours}) has the wrong signature: the assignment calls "
                f"{info.name}({', '.join(params)}).")
    return None


def error_text(outcome: CallOutcome, source: Source | None) -> str:
    err = outcome.error
    if outcome.status == "not_implemented":
        return "not implemented: replace the `raise NotImplementedError` with your code."
    if outcome.status == "missing":
        return "the function is missing from your file."
    if outcome.status == "raised":
        frames = err.get("frames") or []
        where = ""
        if frames:
            last = frames[-1]
            place = source.where(last.get("line"), last.get("file")) if source else f"line {last.get('line')}"
            code = last.get("code") or ""
            where = f" ({place}, in {last.get('function')}: {code})" if code else f" ({place})"
        return f"raised {err.get('type', 'an exception')}: {err.get('message', '')}{where}"
    if outcome.status == "unencodable":
        return f"returned a value the grader cannot read: {err.get('message', '')}"
    return str(err.get("message", outcome.status))


def import_problem(ready: dict[str, Any], source: Source) -> str:
    status = ready.get("status")
    if status == "syntax_error":
        text = ready.get("text") or ""
        return (f"your file has a syntax error at {source.where(ready.get('line'))}: {ready.get('message')}"
                + (f"\n    {text}" if text else ""))
    if status == "import_error":
        frames = ready.get("frames") or []
        where = f" at {source.where(frames[-1].get('line'), frames[-1].get('file'))}" if frames else ""
        return (f"importing your file raised {ready.get('type')}{where}: {ready.get('message')} "
                "(code at the top level of the file runs when it is imported)")
    return str(ready.get("message") or f"your file could not be loaded ({status})")


def not_implemented_where(outcome: CallOutcome, function: str, graded: set[str]) -> str | None:
    """The graded callee whose ``NotImplementedError`` reached ``function``, if it is another one."""
    frames = outcome.error.get("frames") or []
    names = [f.get("function") for f in frames if type(f) is dict]
    inner = next((n for n in reversed(names) if n in graded), None)
    return inner if inner is not None and inner != function else None


def failed_cells(session: ChildSession) -> str:
    """A sentence naming the notebook cells that raised while the notebook loaded."""
    outcome = session.call(CELL_REPORT, [])
    if outcome.status != "ok" or type(outcome.value) is not list or not outcome.value:
        return ""
    parts = []
    for entry in outcome.value[:3]:
        if type(entry) is list and len(entry) == 4:
            number, kind, message, line = entry
            at = f", line {line}" if type(line) is int else ""
            parts.append(f"cell {number}{at} raised {kind}: {message}")
    more = len(outcome.value) - len(parts)
    return (" While your notebook loaded, " + "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")
            + ": code after the failing line of a cell did not run.")


