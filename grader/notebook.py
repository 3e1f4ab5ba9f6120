"""Check a notebook's functions from inside its kernel.

``grader.check("linear_forward")`` prints the feedback ``grader check``
gives for one function (or for all of them). :func:`run_check` is what the
autograder cells of a generated notebook call: it raises
``AssertionError`` with the check's message when the check fails, so
nbgrader gives that cell 0 points.

The student's code still runs in a child process only. The source of the
graded functions is read back from the kernel (IPython keeps every cell's
source in ``linecache``), together with the imports, constants and helper
functions they use, written to a temporary module and graded with
:func:`grader.grading.runner.grade_source`. A function's checks are graded
together (structural points depend on its value checks) and cached per
source, so the cells of one function's checks grade it once.

The checks come from the instructor's declarations when they can be found
(``assignment.py``, with the hidden checks; ``GRADER_ASSIGNMENTS`` points
to them), else from ``public_checks.json`` in the notebook's folder.
Warnings and anything written to stderr while grading are swallowed:
nbgrader scores a test cell that writes to stderr as 0.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import inspect
import io
import json
import linecache
import sys
import textwrap
import types
import warnings
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from grader.course.locate import find_assignment, has_declaration, load_suite, search_roots
from grader.course.model import TOGETHER, Suite
from grader.grading.public import FILENAME
from grader.grading.results import CheckResult, Report, summarize
from grader.grading.runner import grade_source
from grader.grading.submission import Source

CACHE_SIZE = 128
_CACHE: OrderedDict[tuple[str, str, str, str], tuple[CheckResult, ...]] = OrderedDict()
_LITERALS = (int, float, complex, bool, str, bytes, type(None))


class ChecksUnavailable(LookupError):
    """The checks asked for cannot be found on this machine."""


# ------------------------------------------------------------- the source of a namespace


@dataclass(frozen=True)
class KernelSource(Source):
    """Source rebuilt from a kernel's functions; lines are named by the function they belong to."""

    places: tuple[str, ...] = ()

    def where(self, line: int | None, file: str | None = None) -> str:
        if line is not None and 1 <= line <= len(self.places) and self.places[line - 1]:
            return self.places[line - 1]
        return super().where(line, file)


def _free_names(source: str) -> list[str]:
    """Names a piece of source reads, in first-use order."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    names = [n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)]
    return list(dict.fromkeys(names))


def _is_literal(value: Any, depth: int = 0) -> bool:
    if depth > 4:
        return False
    if isinstance(value, _LITERALS):
        return type(value) in _LITERALS
    if type(value) in (tuple, list, set, frozenset):
        return all(_is_literal(v, depth + 1) for v in value)
    if type(value) is dict:
        return all(_is_literal(k, depth + 1) and _is_literal(v, depth + 1) for k, v in value.items())
    return False


def _literal_line(name: str, value: Any) -> str | None:
    if not _is_literal(value):
        return None
    text = repr(value)
    try:
        if len(text) > 10_000 or ast.literal_eval(text) != value:
            return None
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    return f"{name} = {text}"


def _import_line(name: str, value: Any) -> str | None:
    """An import statement that binds ``name`` to ``value`` again, if there is one."""
    if isinstance(value, types.ModuleType):
        return f"import {value.__name__}" if value.__name__ == name else f"import {value.__name__} as {name}"
    module: Any = getattr(value, "__module__", None)
    qualname: Any = getattr(value, "__qualname__", None)
    if isinstance(value, np.ufunc):
        module, qualname = "numpy", value.__name__
    if not isinstance(module, str) or not isinstance(qualname, str) or module in ("__main__", "builtins"):
        return None
    if not qualname.isidentifier() or getattr(sys.modules.get(module), qualname, None) is not value:
        return None
    return f"from {module} import {qualname}" + (f" as {name}" if name != qualname else "")


def _class_lines(cls: type) -> tuple[list[str], int] | None:
    """The source lines and first line of a class defined in a notebook cell (``inspect`` cannot find
    them on Python < 3.13: the kernel's ``__main__`` has no file). Found through a method's cell."""
    for attr in vars(cls).values():
        code = getattr(attr, "__code__", None)
        if code is None:
            continue
        lines = linecache.getlines(code.co_filename)
        try:
            tree = ast.parse("".join(lines))
        except SyntaxError:
            return None
        for node in ast.walk(tree):
            if (isinstance(node, ast.ClassDef) and node.name == cls.__name__
                    and node.lineno <= code.co_firstlineno <= (node.end_lineno or node.lineno)):
                start = min([d.lineno for d in node.decorator_list] + [node.lineno])
                return lines[start - 1: node.end_lineno], start
        return None
    return None


def namespace_source(namespace: Mapping[str, Any], functions: Sequence[str]) -> KernelSource:
    """A module holding ``functions`` as defined in ``namespace``, and what they need.

    Functions defined in the namespace (cells of the notebook) are copied
    from their source; modules and imported objects they use become
    imports, plain constants become assignments. Names that cannot be
    rebuilt (arrays, objects) are left out: code reading them fails in the
    child, as it would in a file that forgot them.
    """
    imports: dict[str, str] = {}
    constants: dict[str, str] = {}
    bodies: dict[str, tuple[str, int]] = {}
    pending = [f.partition(".")[0] for f in functions if f.partition(".")[0] in namespace]  # Cls.method: Cls
    seen: set[str] = set()
    while pending:
        name = pending.pop(0)
        if name in seen:
            continue
        seen.add(name)
        value = namespace[name]
        in_notebook = isinstance(value, type) and value.__module__ == namespace.get("__name__", "__main__")
        if (isinstance(value, types.FunctionType) and value.__globals__ is namespace) or in_notebook:
            try:
                found = _class_lines(value) if in_notebook else inspect.getsourcelines(value)
            except (OSError, TypeError):
                continue
            if found is None:
                continue
            lines, start = found
            body = textwrap.dedent("".join(lines)).rstrip()
            bodies[name] = (body, start)
            pending += [n for n in _free_names(body) if n in namespace and n not in seen]
        elif (line := _import_line(name, value)) is not None:
            imports[name] = line
        elif (line := _literal_line(name, value)) is not None:
            constants[name] = line
    text_lines = ["from __future__ import annotations", *sorted(imports.values()), *sorted(constants.values())]
    places = [""] * len(text_lines)
    for name, (body, start) in bodies.items():
        text_lines += ["", ""]
        places += ["", ""]
        for k, line in enumerate(body.splitlines()):
            text_lines.append(line)
            places.append(f"line {start + k} of the cell defining {name}")
    return KernelSource("\n".join(text_lines) + "\n", Path("notebook"), places=tuple(places))


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
