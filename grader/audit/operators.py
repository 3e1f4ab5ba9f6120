"""The mutation operator registry and what an operator sees of a graded function.

An operator is one subclass of :class:`Operator` naming itself (``name``)
and saying in one line what fault it plants (``description``); defining
the class registers it in :data:`OPERATORS`, in definition order (the
built-in operators are in :mod:`grader.audit.catalog`). For each node of a
graded function's body the engine asks every operator for its edits; an
operator yields one :class:`~grader.audit.source.Edit` per mutant, and
nothing for code it does not apply to.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from grader.audit.source import Edit, SourceText

#: Every operator by name, in the order they were defined (the order mutants are made in).
OPERATORS: dict[str, type[Operator]] = {}

#: The value an expression had when the reference ran on a check's inputs (None when unknown).
Observe = Callable[[str, ast.expr], "int | None"]


def _unknown(function: str, node: ast.expr) -> int | None:
    return None


@dataclass(frozen=True)
class Site:
    """A graded function as the operators see it.

    ``params`` are its parameter names, ``loop_vars`` the targets of its
    ``for`` loops, ``sizes`` the names assigned from a size (``len(...)`` or
    ``X.shape[i]``) and ``parents`` each node's parent. ``observe`` gives the
    value an expression had when the reference ran on the first public
    inputs of the function (see :mod:`grader.audit.probe`).
    """

    name: str
    node: ast.FunctionDef
    params: frozenset[str]
    loop_vars: frozenset[str]
    sizes: frozenset[str]
    parents: dict[ast.AST, ast.AST] = field(compare=False)
    observe: Observe = field(default=_unknown, compare=False)

    @property
    def index_names(self) -> frozenset[str]:
        """Names used as layer or example indices: loop variables and sizes."""
        return self.loop_vars | self.sizes

    def statement(self, node: ast.AST) -> ast.stmt | None:
        """The statement holding ``node``."""
        current: ast.AST | None = node
        while current is not None and not isinstance(current, ast.stmt):
            current = self.parents.get(current)
        return current


def is_size(node: ast.AST) -> bool:
    """``X.shape[i]`` or ``len(X)``."""
    if isinstance(node, ast.Subscript):
        return isinstance(node.value, ast.Attribute) and node.value.attr == "shape"
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "len"


def body_nodes(function: ast.FunctionDef) -> list[ast.AST]:
    """Every node of a function's body (not its signature or docstring), in source order."""
    body = list(function.body)
    first = body[0] if body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        body = body[1:]
    nodes = [node for stmt in body for node in ast.walk(stmt) if hasattr(node, "lineno")]
    return sorted(nodes, key=lambda n: (n.lineno, n.col_offset, -n.end_lineno, -n.end_col_offset))  # type: ignore[attr-defined]


def make_site(function: ast.FunctionDef, observe: Observe = _unknown) -> Site:
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(function):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    args = function.args
    params = frozenset(a.arg for a in args.posonlyargs + args.args + args.kwonlyargs)
    loop_vars: set[str] = set()
    sizes: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.For) and isinstance(node.target, ast.Name):
            loop_vars.add(node.target.id)
        elif isinstance(node, ast.Assign) and any(is_size(n) for n in ast.walk(node.value)):
            sizes.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return Site(function.name, function, params, frozenset(loop_vars), frozenset(sizes), parents, observe)


class Operator:
    """Base class of every mutation operator (subclass it to add one)."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        if not cls.name or not cls.description:
            raise TypeError(f"{cls.__name__} must set name and description")
        if cls.name in OPERATORS:
            raise TypeError(f"two mutation operators are named {cls.name!r}")
        OPERATORS[cls.name] = cls

    def edits(self, node: ast.AST, site: Site, src: SourceText) -> Iterator[Edit]:
        """The edits of this operator at ``node`` (one per mutant; none when it does not apply)."""
        raise NotImplementedError


def np_attr(node: ast.AST, *names: str) -> bool:
    """``np.<name>`` (or ``numpy.<name>``) for one of ``names``."""
    return (isinstance(node, ast.Attribute) and node.attr in names and isinstance(node.value, ast.Name)
            and node.value.id in ("np", "numpy"))


def calls(node: ast.AST, *names: str) -> bool:
    """A call of ``np.<name>`` or of the bare name ``<name>``."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return np_attr(func, *names) or (isinstance(func, ast.Name) and func.id in names)


def is_str(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def is_int(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is int


__all__ = ["OPERATORS", "Operator", "Site", "Observe", "make_site", "body_nodes", "is_size", "np_attr", "calls",
           "is_str", "is_int"]
