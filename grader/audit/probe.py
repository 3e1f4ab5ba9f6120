"""What a size expression evaluates to when the reference runs on a check's inputs.

``hard_coded_size`` writes in the literal a student would have seen while
debugging on the first public inputs (``Y.shape[1]`` -> ``3``). The value is
read by tracing the reference's function: when the statement holding the
expression is about to run, the expression is evaluated in that frame.
"""

from __future__ import annotations

import ast
import sys
import types
from typing import Any

from grader.audit.trusted import call_seeded, load_namespace
from grader.course.model import Suite


def first_public_args(suite: Suite, function: str) -> tuple[Any, ...] | None:
    """The arguments of the first case of ``function``'s first public check (None when it has none)."""
    for check in suite.checks:
        if check.function == function and check.visibility == "public" and check.cases and not check.driver:
            return check.cases[0].args
    return None


class SizeProbe:
    """Observe size expressions of the graded functions of ``source`` on the first public inputs.

    Parameters
    ----------
    source : str
        The rendered solution.
    suite : Suite
        The compiled suite (its first public case of each function is used).
    """

    def __init__(self, source: str, suite: Suite) -> None:
        self.namespace = load_namespace(source, "audit_probe")
        self.suite = suite
        self._cache: dict[tuple[str, int, int], int | None] = {}
        self._tree = ast.parse(source)

    def _statement_line(self, function: str, node: ast.expr) -> int:
        """The first line of the innermost statement of ``function`` holding ``node``."""
        where = (node.lineno, node.col_offset)
        best = node.lineno
        for definition in self._tree.body:
            if isinstance(definition, ast.FunctionDef) and definition.name == function:
                starts = [(stmt.lineno, stmt.col_offset) for stmt in ast.walk(definition)
                          if isinstance(stmt, ast.stmt) and stmt is not definition
                          and (stmt.lineno, stmt.col_offset) <= where
                          <= (stmt.end_lineno or stmt.lineno, stmt.end_col_offset or 0)]
                best = max(starts)[0] if starts else best
        return best

    def __call__(self, function: str, node: ast.expr) -> int | None:
        key = (function, node.lineno, node.col_offset)
        if key not in self._cache:
            self._cache[key] = self._observe(function, node)
        return self._cache[key]

    def _observe(self, function: str, node: ast.expr) -> int | None:
        args = first_public_args(self.suite, function)
        target = self.namespace.get(function)
        if args is None or not isinstance(target, types.FunctionType):
            return None
        code = compile(ast.Expression(node), "<size>", "eval")
        line = self._statement_line(function, node)
        seen: list[Any] = []

        def local(frame: types.FrameType, event: str, arg: object) -> Any:
            if event == "line" and frame.f_lineno == line and not seen:
                try:
                    seen.append(eval(code, frame.f_globals, dict(frame.f_locals)))
                except Exception:  # noqa: BLE001 - a name not bound yet: unknown
                    seen.append(None)
            return local

        def calls(frame: types.FrameType, event: str, arg: object) -> Any:
            return local if frame.f_code is target.__code__ else None

        previous = sys.gettrace()
        sys.settrace(calls)
        try:
            call_seeded(target, args)
        finally:
            sys.settrace(previous)
        value = seen[0] if seen else None
        return value if type(value) is int else None


__all__ = ["SizeProbe", "first_public_args"]
