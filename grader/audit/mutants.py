"""Make the mutants of a solution: one edit, in one graded function, per mutant.

:func:`make_mutants` asks every selected operator (in registry order) for
its edits at every node of every graded function's body (in source order),
applies each edit on its own to the text and keeps a mutant when the result
parses, differs from the original program (not a mere change of spacing
or parentheses) and differs from every mutant kept before it. The same
source and operators always give the same mutants in the same order.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass, field

from grader.audit import catalog
from grader.audit.operators import Observe, Operator, body_nodes, make_site
from grader.audit.source import Edit, SourceText


@dataclass(frozen=True)
class Mutant:
    """One planted fault and the whole module it lives in.

    ``line`` is the 1-based line of the edit in the module; ``original``
    and ``mutated`` are that line before and after, stripped (the one-line
    diff shown for a survivor).
    """

    index: int
    operator: str
    function: str
    line: int
    original: str
    mutated: str
    source: str = field(repr=False, compare=False)

    @property
    def diff(self) -> str:
        return f"- {self.original}\n+ {self.mutated}"

    def to_json(self) -> dict[str, object]:
        return {"index": self.index, "operator": self.operator, "function": self.function, "line": self.line,
                "original": self.original, "mutated": self.mutated}


def graded_functions(tree: ast.Module, names: Sequence[str]) -> list[ast.FunctionDef]:
    """The module-level definitions of ``names``, in the order of ``names``."""
    found = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    return [found[name] for name in names if name in found]


def graded_definitions(tree: ast.Module, names: Sequence[str]) -> list[tuple[str, ast.FunctionDef]]:
    """``(graded name, definition)`` of ``names``, in their order: functions, and methods (``Cls.method``)
    defined in a module-level class's body."""
    found: dict[str, ast.FunctionDef] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            found[node.name] = node
        elif isinstance(node, ast.ClassDef):
            found.update({f"{node.name}.{m.name}": m for m in node.body if isinstance(m, ast.FunctionDef)})
    return [(name, found[name]) for name in names if name in found]


def _changed_line(src: SourceText, edit: Edit, mutated: str) -> tuple[int, str, str]:
    """The line of an edit, before and after (the first line of a multi-line edit)."""
    line = src.line_of(edit.start)
    before = src.lines[line - 1].strip()
    after_lines = mutated.splitlines()
    after = after_lines[line - 1].strip() if line - 1 < len(after_lines) else ""
    return line, before, after


def make_mutants(source: str, functions: Sequence[str], operators: Sequence[str] | None = None,
                 observe: Observe | None = None) -> list[Mutant]:
    """Every mutant of ``source``'s graded ``functions`` by the named operators (default: all).

    Parameters
    ----------
    source : str
        A module holding the graded functions (the rendered solution).
    functions : sequence of str
        Graded function names; mutants are made in this order of functions.
    operators : sequence of str, optional
        Operator names (see :data:`grader.audit.operators.OPERATORS`).
    observe : callable, optional
        The value of a size expression on the function's first public inputs
        (for ``hard_coded_size``).

    Returns
    -------
    list of Mutant
        Numbered from 0, by function, then position, then operator.
    """
    chosen: list[Operator] = [cls() for cls in catalog.selected(operators)]
    src = SourceText(source)
    tree = ast.parse(source)
    baseline = ast.dump(tree)
    seen = {source}
    mutants: list[Mutant] = []
    for name, function in graded_definitions(tree, functions):
        site = make_site(function, observe) if observe is not None else make_site(function)
        for node in body_nodes(function):
            for operator in chosen:
                for edit in operator.edits(node, site, src):
                    mutated = src.apply(edit)
                    if mutated in seen:
                        continue
                    seen.add(mutated)
                    try:
                        if ast.dump(ast.parse(mutated)) == baseline:
                            continue
                    except SyntaxError as exc:  # an operator's bug, never a mutant: say which
                        raise ValueError(f"{operator.name} made invalid code in {function.name}: {exc}") from None
                    line, before, after = _changed_line(src, edit, mutated)
                    mutants.append(Mutant(len(mutants), operator.name, name, line, before, after, mutated))
    return mutants


__all__ = ["Mutant", "make_mutants", "graded_definitions", "graded_functions"]
