"""The reference's numpydoc docstrings, read once for everyone.

The docstrings are the students' spec: the stub keeps them, the notebook
turns them into markdown, and the grader names a function's outputs after
the entries of its ``Returns`` section. This module is the one parser of
that format: a summary, then sections whose title is underlined with
dashes, each holding ``name : type`` entries with indented descriptions
(``Parameters``, ``Returns``, ``Attributes``) or prose (``Notes``).
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from typing import Any

SECTIONS = ("Parameters", "Returns", "Yields", "Raises", "Attributes", "Methods", "Notes", "Examples",
            "See Also", "References")
_TITLE = re.compile(rf"^\s*({'|'.join(SECTIONS)})\s*$")


@dataclass(frozen=True)
class Entry:
    """One ``name : type`` entry of a section, with its description lines joined."""

    name: str
    type: str
    description: str


@dataclass(frozen=True)
class Docstring:
    """A numpydoc docstring split into its summary lines and its sections' lines."""

    head: tuple[str, ...]
    sections: dict[str, tuple[str, ...]]

    def entries(self, title: str) -> tuple[Entry, ...]:
        """The ``name : type`` entries of a section (an empty tuple when it is absent)."""
        found: list[tuple[str, str, list[str]]] = []
        for line in self.sections.get(title, ()):
            if not line.strip():
                continue
            if not line.startswith((" ", "\t")):
                name, _, kind = line.strip().partition(" : ")
                found.append((name.strip(), kind.strip(), []))
            elif found:
                found[-1][2].append(line.strip())
        return tuple(Entry(name, kind, " ".join(desc)) for name, kind, desc in found)


def parse(doc: str) -> Docstring:
    """Split ``doc`` (already dedented, as :func:`inspect.getdoc` returns it) into sections.

    A section starts at a known title followed by a line of dashes; a title
    without its underline is ordinary text.
    """
    lines = doc.splitlines()
    head: list[str] = []
    sections: dict[str, list[str]] = {}
    current = head
    i = 0
    while i < len(lines):
        line = lines[i]
        underline = lines[i + 1].strip() if i + 1 < len(lines) else ""
        title = _TITLE.match(line)
        if title and underline and set(underline) == {"-"}:
            current = sections.setdefault(title.group(1), [])
            i += 2
            continue
        current.append(line)
        i += 1
    return Docstring(tuple(head), {k: tuple(v) for k, v in sections.items()})


def of(obj: Any) -> Docstring:
    """The parsed docstring of a function, class or method (empty when it has none)."""
    return parse(inspect.getdoc(obj) or "")


def return_names(obj: Any) -> tuple[str, ...]:
    """The names of the ``Returns`` entries (``("value",)`` when the section is missing)."""
    return tuple(e.name for e in of(obj).entries("Returns")) or ("value",)


def label_outputs(obj: Any) -> tuple[str, ...]:
    """Outputs whose documented type says they hold labels (``... of 0/1 labels``).

    Labels may be returned as bool, int or float arrays (the course's dtype
    policy); every other array output must hold floats.
    """
    return tuple(e.name for e in of(obj).entries("Returns") if re.search(r"\blabels?\b", e.type))
