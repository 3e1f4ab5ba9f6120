"""Source text seen through the ``ast``: node spans, operator tokens and text edits.

Mutants are made by editing the text of the student-shaped solution at a
node's offsets, never by unparsing the tree, so the rest of the line stays
exactly as the instructor wrote it and the one-line diff of a mutant reads
like a line of a student's file. ``ast`` columns count UTF-8 bytes; every
offset here is a character index into the text.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

#: Operator tokens of the binary and comparison operators the mutation operators rewrite.
SYMBOLS: dict[type, str] = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.MatMult: "@", ast.FloorDiv: "//",
    ast.Gt: ">", ast.GtE: ">=", ast.Lt: "<", ast.LtE: "<=",
}

#: Expressions that never need parentheses around them when an operand is appended or inserted.
ATOMS = (ast.Name, ast.Attribute, ast.Subscript, ast.Call, ast.Constant)


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement`` (character offsets)."""

    start: int
    end: int
    replacement: str


class SourceText:
    """A module's text with the offsets of its lines, for spans and edits.

    Parameters
    ----------
    text : str
        The module's source.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.splitlines(keepends=True)
        self._starts = [0]
        for line in self.lines:
            self._starts.append(self._starts[-1] + len(line))

    def offset(self, lineno: int, col: int) -> int:
        """The character offset of ``ast`` position (``lineno``, byte column ``col``)."""
        line = self.lines[lineno - 1]
        return self._starts[lineno - 1] + len(line.encode("utf-8")[:col].decode("utf-8", "replace"))

    def span(self, node: ast.AST) -> tuple[int, int]:
        """Start and end offsets of a node (a parenthesized node's span excludes its parentheses)."""
        start = self.offset(node.lineno, node.col_offset)  # type: ignore[attr-defined]
        end = self.offset(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]
        return start, end

    def segment(self, node: ast.AST) -> str:
        start, end = self.span(node)
        return self.text[start:end]

    def token_between(self, before: ast.AST, after: ast.AST, symbol: str) -> tuple[int, int] | None:
        """The span of ``symbol`` between the end of ``before`` and the start of ``after``."""
        gap_start = self.span(before)[1]
        gap_end = self.span(after)[0]
        found = self.text.find(symbol, gap_start, gap_end)
        return None if found < 0 else (found, found + len(symbol))

    def after_token(self, position: int) -> int:
        """The first offset at or after ``position`` that is not a space."""
        while position < len(self.text) and self.text[position] == " ":
            position += 1
        return position

    def before_token(self, position: int) -> int:
        """The first offset at or before ``position`` preceded by something other than a space."""
        while position > 0 and self.text[position - 1] == " ":
            position -= 1
        return position

    def line_of(self, offset: int) -> int:
        """The 1-based line number holding ``offset``."""
        low, high = 0, len(self._starts) - 1
        while low < high - 1:
            middle = (low + high) // 2
            if self._starts[middle] <= offset:
                low = middle
            else:
                high = middle
        return low + 1

    def apply(self, edit: Edit) -> str:
        return self.text[: edit.start] + edit.replacement + self.text[edit.end :]


def wrap(text: str, node: ast.AST) -> str:
    """``text`` (the source of ``node``), parenthesized unless ``node`` is an atom."""
    return text if isinstance(node, ATOMS) else f"({text})"


def binop_token(src: SourceText, node: ast.BinOp) -> tuple[int, int] | None:
    """The span of a binary operation's operator token."""
    symbol = SYMBOLS.get(type(node.op))
    return None if symbol is None else src.token_between(node.left, node.right, symbol)


def replace_node(src: SourceText, node: ast.AST, replacement: str) -> Edit:
    start, end = src.span(node)
    return Edit(start, end, replacement)


def drop_right(src: SourceText, node: ast.BinOp) -> Edit | None:
    """Delete `` op right`` from ``left op right`` (the left operand stays)."""
    token = binop_token(src, node)
    if token is None:
        return None
    return Edit(src.before_token(token[0]), src.span(node)[1], "")


def drop_left(src: SourceText, node: ast.BinOp) -> Edit | None:
    """Delete ``left op `` from ``left op right`` (the right operand stays)."""
    token = binop_token(src, node)
    if token is None:
        return None
    return Edit(src.span(node)[0], src.after_token(token[1]), "")


__all__ = ["Edit", "SourceText", "SYMBOLS", "wrap", "binop_token", "replace_node", "drop_left", "drop_right"]
