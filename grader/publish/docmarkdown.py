"""A reference function's numpydoc docstring as notebook markdown.

Sections become headings, parameters lists, RST inline markup markdown, and
math LaTeX; :func:`paragraphs` also gives a module's introduction its paragraphs.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

_SECTION = re.compile(r"^(Parameters|Returns|Yields|Raises|Notes|Examples|See Also)$")


def rst_inline(text: str) -> str:
    """Turn the reST inline markup of the reference's docstrings into markdown."""
    text = re.sub(r":math:`([^`]+)`", r"$\1$", text)
    text = re.sub(r":func:`~?([^`]+)`", r"`\1()`", text)
    return re.sub(r"``([^`]+)``", r"`\1`", text)


def _split_sections(doc: str) -> tuple[list[str], dict[str, list[str]]]:
    lines = doc.splitlines()
    head: list[str] = []
    sections: dict[str, list[str]] = {}
    current = head
    i = 0
    while i < len(lines):
        line = lines[i]
        underline = lines[i + 1] if i + 1 < len(lines) else ""
        if _SECTION.match(line.strip()) and underline.strip() and set(underline.strip()) == {"-"}:
            current = sections.setdefault(line.strip(), [])
            i += 2
            continue
        current.append(line)
        i += 1
    return head, sections


def paragraphs(lines: list[str]) -> list[str]:
    """Markdown paragraphs of prose; ``.. math::`` directives become ``$$`` blocks."""
    out: list[str] = []
    para: list[str] = []
    i = 0

    def flush() -> None:
        if para:
            out.append(rst_inline(" ".join(p.strip() for p in para)))
            para.clear()

    while i < len(lines):
        line = lines[i]
        if line.strip().startswith(".. math::"):
            flush()
            math = [line.strip()[len(".. math::"):].strip()]
            i += 1
            while i < len(lines) and lines[i].startswith((" ", "\t")) and lines[i].strip():
                math.append(lines[i].strip())
                i += 1
            out.append("$$\n" + "\n".join(m for m in math if m) + "\n$$")
            continue
        if line.strip():
            para.append(line)
        else:
            flush()
        i += 1
    flush()
    return out


def _items(lines: list[str]) -> list[str]:
    """``name : type`` entries with indented descriptions, as a markdown list."""
    items: list[tuple[str, list[str]]] = []
    for line in lines:
        if not line.strip():
            continue
        if not line.startswith((" ", "\t")):
            items.append((line.strip(), []))
        elif items:
            items[-1][1].append(line.strip())
    out = []
    for head, desc in items:
        name, _, kind = head.partition(" : ")
        text = rst_inline(" ".join(desc))
        kind_text = f" ({rst_inline(kind.strip())})" if kind.strip() else ""
        out.append(f"- `{name.strip()}`{kind_text}: {text}".rstrip())
    return out


def docstring_markdown(fn: Any) -> str:
    """The body of a function's section: summary, parameters, returns and notes."""
    head, sections = _split_sections(inspect.getdoc(fn) or "")
    parts = paragraphs(head)
    for title, label in (("Parameters", "Parameters"), ("Returns", "Returns")):
        if sections.get(title):
            parts.append(f"**{label}**\n\n" + "\n".join(_items(sections[title])))
    if sections.get("Notes"):
        parts.append("**Notes**")
        parts += paragraphs(sections["Notes"])
    return "\n\n".join(parts)


__all__ = ["docstring_markdown", "paragraphs", "rst_inline"]
