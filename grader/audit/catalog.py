"""Every built-in mutation operator, registered in one place, in the order mutants are made.

Importing the modules below defines (and so registers) their operators;
adding an operator is adding one class to one of them (or to a module
imported here).
"""

from __future__ import annotations

from collections.abc import Sequence

from grader.audit import ops_numeric, ops_structure  # noqa: F401  (registers the built-in operators)
from grader.audit.operators import OPERATORS, Operator


class UnknownOperator(LookupError):
    """An operator name that no operator has."""


def selected(names: Sequence[str] | None = None) -> list[type[Operator]]:
    """The operators named (all of them by default), in registry order."""
    if not names:
        return list(OPERATORS.values())
    unknown = [n for n in names if n not in OPERATORS]
    if unknown:
        raise UnknownOperator(f"unknown mutation operator {', '.join(map(repr, unknown))}: "
                              f"choose from {', '.join(OPERATORS)}")
    return [cls for name, cls in OPERATORS.items() if name in names]


def describe() -> list[tuple[str, str]]:
    """``(name, description)`` of every operator, in registry order."""
    return [(name, cls.description) for name, cls in OPERATORS.items()]


__all__ = ["selected", "describe", "UnknownOperator", "OPERATORS"]
