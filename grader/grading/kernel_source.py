"""The source of a notebook kernel's functions, rebuilt as a module to grade in a child process.

IPython keeps every cell's source in ``linecache``: :func:`namespace_source`
reads the graded functions back from there, with the imports, constants
and helper functions they use; each line of the result is named by the cell
it came from (:class:`KernelSource`).
"""

from __future__ import annotations

import ast
import inspect
import linecache
import sys
import textwrap
import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from grader.grading.source import Source

_LITERALS = (int, float, complex, bool, str, bytes, type(None))


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


__all__ = ["KernelSource", "namespace_source"]
