"""Check a notebook's functions from inside its kernel.

``grader.check("linear_forward")`` prints the feedback ``grader check``
gives for one function (or for all of them). :func:`run_check` is what the
autograder cells of a generated notebook call: it raises
``AssertionError`` with the check's message when the check fails, so
nbgrader gives that cell 0 points.

The student's code still runs in a child process only. The source of the
graded functions is read back from the kernel (IPython keeps every cell's
source in ``linecache``), together with the imports, constants and helper
functions they use (:mod:`grader.grading.kernel_source`), written to a
temporary module and graded with :func:`grader.grading.runner.grade_source`. A function's checks are graded
together (structural points depend on its value checks) and cached per
source, so the cells of one function's checks grade it once.

The checks come from the instructor's declarations when they can be found
(``assignment.py``, with the hidden checks; ``GRADER_ASSIGNMENTS`` points
to them), else from ``public_checks.json`` in the notebook's folder.
Warnings and anything written to stderr while grading are swallowed:
nbgrader scores a test cell that writes to stderr as 0.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import sys
import warnings
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from grader.course.locate import find_assignment, has_declaration, load_suite, search_roots
from grader.course.model import TOGETHER, Suite
from grader.course.released import FILENAME
from grader.grading.kernel_source import namespace_source
from grader.grading.results import CheckResult, Report, summarize
from grader.grading.runner import grade_source
from grader.grading.source import Source

CACHE_SIZE = 128
_CACHE: OrderedDict[tuple[str, str, str, str], tuple[CheckResult, ...]] = OrderedDict()


class ChecksUnavailable(LookupError):
    """The checks asked for cannot be found on this machine."""


# ------------------------------------------------------------- finding the checks


def _declaration_folder(assignment: str) -> Path | None:
    for root in search_roots():
        for folder in (root / assignment, root):
            if folder.name == assignment and has_declaration(folder):
                return folder
    return None


def suite_for(assignment: str, *, hidden: bool = False) -> Suite:
    """The instructor's full suite when its declarations are here, else the public checks.

    ``hidden=True`` demands the full suite.
    """
    folder = _declaration_folder(assignment)
    if folder is not None:
        return load_suite(folder)
    if hidden:
        raise ChecksUnavailable(
            f"the hidden checks of {assignment} need the instructor's declarations "
            f"({assignment}/assignment.py): run this where they are, or set GRADER_ASSIGNMENTS "
            "to the folder that holds them")
    try:
        return load_suite(find_assignment(assignment), public_only=True)
    except LookupError as exc:
        raise ChecksUnavailable(f"cannot find the checks of {assignment}: keep {FILENAME} next to "
                                f"the notebook ({exc})") from None


@functools.cache
def _public_functions(path: Path, mtime: float) -> tuple[str, tuple[str, ...]]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return doc["assignment"], tuple(f["name"] for f in doc["functions"])


def infer_assignment(function: str | None = None) -> str:
    """The assignment whose checks are next to the notebook (or the only one holding ``function``)."""
    candidates: dict[str, None] = {}
    here = Path.cwd() / FILENAME
    paths = [here] if here.is_file() else []
    for root in search_roots():
        paths += sorted(root.glob(f"*/{FILENAME}")) + [root / FILENAME]
    for path in paths:
        try:
            assignment, names = _public_functions(path, path.stat().st_mtime)
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if function is None or function in names:
            if path == here:
                return assignment
            candidates[assignment] = None
    if len(candidates) == 1:
        return next(iter(candidates))
    found = ", ".join(candidates) or "none"
    raise ChecksUnavailable(f"cannot tell which assignment to check (found: {found}): "
                            "pass assignment=..., or run from the assignment's folder")


# ------------------------------------------------------------- grading


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """No warnings and nothing on stderr: nbgrader would score the cell 0."""
    with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        yield


def grade_functions(suite: Suite, source: Source, functions: Sequence[str]) -> dict[str, tuple[CheckResult, ...]]:
    """The results of every check of ``functions`` on ``source``, graded once per source."""
    def key(function: str) -> tuple[str, str, str, str]:
        return (suite.assignment, suite.mode, source.text, function)

    missing = [f for f in dict.fromkeys(functions) if key(f) not in _CACHE]
    if missing:
        checks = [c for c in suite.checks if c.function in missing]
        report = grade_source(suite, source, checks=checks)
        for function in missing:
            _CACHE[key(function)] = tuple(t for t in report.tests if t.function == function)
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    for function in functions:
        _CACHE.move_to_end(key(function))
    return {f: _CACHE[key(f)] for f in functions}


def _caller_namespace(namespace: Mapping[str, Any] | None, depth: int = 2) -> Mapping[str, Any]:
    return namespace if namespace is not None else sys._getframe(depth).f_globals


def _points(x: float) -> str:
    return f"{x:g}"


def report_for(function: str | None = None, *, assignment: str | None = None,
               namespace: Mapping[str, Any] | None = None) -> tuple[Suite, Report]:
    """Grade the functions of ``namespace`` (the caller's globals by default)."""
    namespace = _caller_namespace(namespace)
    assignment = assignment or infer_assignment(function)
    with _quiet():
        suite = suite_for(assignment)
        names = [f.name for f in suite.functions]
        together = [TOGETHER] if any(c.function == TOGETHER for c in suite.checks) else []
        if function is not None and function not in names + together:
            raise ValueError(f"{assignment} has no graded function {function!r} (it has {', '.join(names)})")
        wanted = [function] if function is not None else names + together
        source = namespace_source(namespace, names)
        results = grade_functions(suite, source, wanted)
    tests = [t for f in wanted for t in results[f]]
    return suite, summarize(suite.assignment, tests, {"mode": suite.mode})


def check(function: str | None = None, *, assignment: str | None = None,
          namespace: Mapping[str, Any] | None = None) -> None:
    """Print the feedback of ``grader check`` for ``function`` (or every function) of this notebook.

    The public checks run (public and hidden on the instructor's machine);
    your functions run in a separate process, never in this kernel.
    """
    from grader.render.text import render_text

    suite, report = report_for(function, assignment=assignment, namespace=_caller_namespace(namespace))
    print(render_text(report, title=suite.title, submission="this notebook"), end="")


def run_check(assignment: str, function: str, check_name: str,
              namespace: Mapping[str, Any] | None = None) -> None:
    """One autograder cell: raise ``AssertionError`` (the check's message) unless the check passes."""
    namespace = _caller_namespace(namespace)
    with _quiet():
        suite = suite_for(assignment, hidden=False)
        matching = [c for c in suite.checks if c.function == function and c.name == check_name]
        if not matching:
            suite = suite_for(assignment, hidden=True)
            matching = [c for c in suite.checks if c.function == function and c.name == check_name]
        if not matching:
            raise ChecksUnavailable(f"{assignment} has no check {check_name!r} of {function}")
        source = namespace_source(namespace, [f.name for f in suite.functions])
        results = grade_functions(suite, source, [function])[function]
    result = next(r for r in results if r.name == check_name)
    summary = f"{function}: {check_name} {_points(result.score)}/{_points(result.max_score)}"
    if result.status != "passed":
        raise AssertionError(f"{summary}: {result.message}")
    print(f"{summary}: passed")


__all__ = ["check", "grade_functions", "namespace_source", "report_for", "run_check", "suite_for"]
