"""Generate the student's file from the reference implementation.

The reference marks each solution region with ``### BEGIN SOLUTION`` and
``### END SOLUTION`` (the nbgrader convention). The stub keeps every
signature, docstring and the code outside those regions, and replaces each
region with a "your code here" comment and ``raise NotImplementedError``.
The same source with the markers dropped is the *solution* file, which the
tests grade to full marks. Output is deterministic: same reference, same
bytes.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from grader.course.reference import DefinitionError, definitions

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
_METHOD = re.compile(r"^[ \t]+def (\w+)\(")
_MARKER = re.compile(r"^(?P<indent>[ \t]*)### (BEGIN|END) SOLUTION\s*$")


class StubError(Exception):
    """The reference source cannot be turned into a stub."""


@dataclass(frozen=True)
class SourceFunction:
    """One function of the reference, as source text."""

    name: str
    module: str
    source: str


def _module_parts(module_name: str) -> tuple[list[str], list[str], dict[str, str]]:
    """Split a reference module into imports, aliases and function sources."""
    module = importlib.import_module(module_name)
    source = inspect.getsource(module)
    tree = ast.parse(source)
    lines = source.splitlines()
    imports: list[str] = []
    aliases: list[str] = []
    functions: dict[str, str] = {}
    for node in tree.body:
        segment = "\n".join(lines[node.lineno - 1 : node.end_lineno])
        if isinstance(node, ast.ImportFrom):
            if node.module == "__future__" or (node.module or "").split(".")[0] == "reference":
                continue
            imports.append(segment)
        elif isinstance(node, ast.Import):
            imports.append(segment)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
                continue
            aliases.append(segment)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            start = min([d.lineno for d in node.decorator_list] + [node.lineno])
            functions[node.name] = "\n".join(lines[start - 1 : node.end_lineno])
    return imports, aliases, functions


def collect(modules: Sequence[str], functions: Sequence[str]) -> tuple[list[str], list[str],
                                                                      list[SourceFunction]]:
    """Gather imports, type aliases and the named functions, in the given order."""
    imports: list[str] = []
    aliases: list[str] = []
    found: dict[str, SourceFunction] = {}
    try:
        owner = {name: module for name, (_, module) in definitions(modules, functions).items()}
    except DefinitionError as exc:
        raise StubError(str(exc)) from None
    # a graded method is written as its whole class, once, where the class's first graded method is listed
    tops = list(dict.fromkeys(name.partition(".")[0] for name in functions))
    owner = {name.partition(".")[0]: module for name, module in owner.items()}
    for module_name in modules:
        mod_imports, mod_aliases, mod_functions = _module_parts(module_name)
        imports += [i for i in mod_imports if i not in imports]
        aliases += [a for a in mod_aliases if a not in aliases]
        for name, src in mod_functions.items():
            if owner.get(name) == module_name:
                found[name] = SourceFunction(name, module_name, src)
    missing = [f for f in tops if f not in found]
    if missing:
        raise StubError(f"functions not found in {list(modules)}: {missing}")
    return imports, aliases, [found[f] for f in tops]


def strip_solution(source: str, name: str) -> str:
    """Replace every solution region of one function by a stub."""
    out: list[str] = []
    inside = False
    regions = 0
    method = ""  # inside a class, the method whose regions these are (``Perceptron.train``)
    for number, line in enumerate(source.splitlines(), 1):
        match = _MARKER.match(line)
        defined = _METHOD.match(line)
        if defined and not inside and source.lstrip().startswith("class "):
            method = f"{name}.{defined.group(1)}"
        if match and "BEGIN" in line:
            if inside:
                raise StubError(f"{name}: nested {BEGIN} at line {number}")
            inside = True
            regions += 1
            indent = match.group("indent")
            out.append(f"{indent}# YOUR CODE HERE: replace the next line with your implementation.")
            out.append(f'{indent}raise NotImplementedError("{method or name} is not implemented yet")')
        elif match:
            if not inside:
                raise StubError(f"{name}: {END} without {BEGIN} at line {number}")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise StubError(f"{name}: {BEGIN} is never closed")
    if regions == 0:
        raise StubError(f"{name} has no solution region")
    return "\n".join(out)


def keep_solution(source: str) -> str:
    """Drop the markers and keep the solution code."""
    return "\n".join(line for line in source.splitlines() if not _MARKER.match(line))


def sort_imports(imports: Iterable[str]) -> str:
    """Standard library first, then the rest; ``import x`` before ``from x import y`` (isort's order)."""
    def key(line: str) -> tuple[bool, str]:
        return line.startswith("from "), line.split()[1].lower()

    groups: tuple[list[str], list[str]] = ([], [])
    for line in imports:
        groups[line.split()[1].split(".")[0] not in sys.stdlib_module_names].append(line)
    return "\n\n".join("\n".join(sorted(g, key=key)) for g in groups if g)


#: The stub's one lint directive: its imports serve the code the student writes, and the names a
#: solution defines (``return A, cache``) are undefined until the student writes it.
STUB_LINT = "# ruff: noqa: F401, F821 - imports and names for the code you write where it says YOUR CODE HERE"


def _render(title: str, header: str, imports: Iterable[str], aliases: Iterable[str],
            bodies: Iterable[str], directive: str = "") -> str:
    """The module text, laid out as isort and pycodestyle want it (two blank lines before code)."""
    parts = [f'"""{title}\n\n{header}\n"""', *([directive] if directive else []),
             "from __future__ import annotations", sort_imports(imports)]
    alias_block = "\n".join(aliases)
    if alias_block:
        parts.append(alias_block)
    text = "\n\n".join(p for p in parts if p) + "\n\n\n"
    text += "\n\n\n".join(bodies)
    return text.rstrip() + "\n"


STUB_HEADER = (
    "Fill in every function below where it says YOUR CODE HERE, then check\n"
    "your work with `grader check {assignment}`. Keep the names, the\n"
    "parameters and the return values as documented: the grader calls them.\n"
    "This file was generated from the reference by `grader generate {assignment}`."
)


def render_stub(assignment: str, title: str, modules: Sequence[str], functions: Sequence[str]) -> str:
    """The student's file: docstrings and signatures, solutions removed."""
    imports, aliases, found = collect(modules, functions)
    return _render(title, STUB_HEADER.format(assignment=assignment), imports, aliases,
                   (strip_solution(f.source, f.name) for f in found), STUB_LINT)


def render_solution(assignment: str, title: str, modules: Sequence[str], functions: Sequence[str]) -> str:
    """A complete single-file solution, shaped exactly like the student's file."""
    imports, aliases, found = collect(modules, functions)
    return _render(title, f"Reference solution of {assignment} (instructors only).", imports, aliases,
                   (keep_solution(f.source) for f in found))
