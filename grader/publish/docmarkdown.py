"""A reference function's numpydoc docstring as notebook markdown.

Sections become headings, parameters lists, RST inline markup markdown, and
math LaTeX; :func:`paragraphs` also gives a module's introduction its paragraphs.
"""

from __future__ import annotations

import re
from typing import Any

from grader.course import docstrings


def rst_inline(text: str) -> str:
    """Turn the reST inline markup of the reference's docstrings into markdown."""
    text = re.sub(r":math:`([^`]+)`", r"$\1$", text)
    text = re.sub(r":func:`~?([^`]+)`", r"`\1()`", text)
    return re.sub(r"``([^`]+)``", r"`\1`", text)


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


def _items(entries: tuple[docstrings.Entry, ...]) -> list[str]:
    """``name : type`` entries with their descriptions, as a markdown list."""
    out = []
    for entry in entries:
        kind_text = f" ({rst_inline(entry.type)})" if entry.type else ""
        out.append(f"- `{entry.name}`{kind_text}: {rst_inline(entry.description)}".rstrip())
    return out


def docstring_markdown(fn: Any) -> str:
    """The body of a function's section: summary, parameters, returns and notes."""
    doc = docstrings.of(fn)
    parts = paragraphs(list(doc.head))
    for title in ("Parameters", "Attributes", "Returns"):
        if doc.entries(title):
            parts.append(f"**{title}**\n\n" + "\n".join(_items(doc.entries(title))))
    if doc.sections.get("Notes"):
        parts.append("**Notes**")
        parts += paragraphs(list(doc.sections["Notes"]))
    return "\n\n".join(parts)


__all__ = ["docstring_markdown", "paragraphs", "rst_inline"]
