"""Python source as a normalized token stream, each token with the lines it came from.

The stream is what the fingerprints are taken of, so it keeps what copying
keeps and drops what copying changes easily:

- comments, docstrings (a statement that is only a string), blank lines,
  line breaks and indentation are dropped, so reformatting changes nothing;
- every identifier becomes ``V``, so renaming variables, parameters or
  functions changes nothing; keywords, builtins (``range``, ``len``) and an
  attribute after a dot (``.dot``, ``.T``, ``.shape``) are kept as written,
  since they carry what the code does;
- every number becomes ``N`` and every string ``S`` (an f-string too).

The source is only tokenized (:mod:`tokenize`), never compiled or run. A
file that stops tokenizing (a syntax error, an unclosed bracket) keeps the
tokens read before that point.
"""

from __future__ import annotations

import builtins
import io
import keyword
import tokenize
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from grader.grading.source import Source

#: Names kept as written: the language's own words and its builtins.
KEPT_NAMES = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))

_SKIPPED = {tokenize.ENCODING, tokenize.COMMENT, tokenize.NL, tokenize.INDENT, tokenize.DEDENT,
            tokenize.ENDMARKER, getattr(tokenize, "FSTRING_MIDDLE", -1), getattr(tokenize, "FSTRING_END", -1)}
_STRINGS = {tokenize.STRING, getattr(tokenize, "FSTRING_START", -1), getattr(tokenize, "FSTRING_MIDDLE", -1),
            getattr(tokenize, "FSTRING_END", -1)}


class Token(NamedTuple):
    """One normalized token and where it is: ``segment`` (index into the document's segments), first and last line.

    A named tuple rather than a frozen dataclass: a class has hundreds of
    thousands of tokens, and a tuple is several times cheaper to make.
    """

    text: str
    segment: int
    first: int
    last: int


@dataclass(frozen=True)
class Document:
    """A submission (or a piece of boilerplate) as code segments.

    ``segments`` are ``(cell, code)``: a notebook has one per code cell
    (``cell`` is its number in the notebook), a ``.py`` file a single one
    with ``cell`` None.
    """

    name: str
    segments: tuple[tuple[int | None, str], ...]

    @classmethod
    def of(cls, name: str, source: Source | str) -> Document:
        """The document of a submission's text, or of a :class:`~grader.grading.source.Source` (a notebook's cells)."""
        if isinstance(source, str):
            return cls(name, ((None, source),))
        if source.notebook:
            return cls(name, tuple((number, code) for number, code in source.cells))
        return cls(name, ((None, source.text),))

    def lines(self, segment: int, first: int, last: int) -> str:
        """Lines ``first`` to ``last`` (1-based, inclusive) of one segment."""
        return "\n".join(self.segments[segment][1].splitlines()[first - 1:last])


def _raw_tokens(code: str) -> Iterator[tokenize.TokenInfo]:
    try:
        yield from tokenize.generate_tokens(io.StringIO(code).readline)
    except (tokenize.TokenError, SyntaxError):
        return


def _logical_lines(code: str) -> Iterator[list[tokenize.TokenInfo]]:
    """The significant tokens of ``code`` grouped by logical line (statement)."""
    line: list[tokenize.TokenInfo] = []
    for tok in _raw_tokens(code):
        if tok.type == tokenize.NEWLINE:
            if line:
                yield line
            line = []
        elif tok.type not in _SKIPPED:
            line.append(tok)
    if line:
        yield line


def _normalize(tok: tokenize.TokenInfo, previous: tokenize.TokenInfo | None) -> str:
    if tok.type == tokenize.NAME:
        if tok.string in KEPT_NAMES or (previous is not None and previous.string == "."):
            return tok.string
        return "V"
    if tok.type == tokenize.NUMBER:
        return "N"
    if tok.type in _STRINGS:
        return "S"
    return tok.string


def code_tokens(code: str, segment: int = 0) -> list[Token]:
    """The normalized tokens of one piece of code (see the module's docstring)."""
    out: list[Token] = []
    for line in _logical_lines(code):
        if all(tok.type in _STRINGS for tok in line):  # a docstring, or a bare string used as a comment
            continue
        previous = None
        for tok in line:
            out.append(Token(_normalize(tok, previous), segment, tok.start[0], tok.end[0]))
            previous = tok
    return out


def document_tokens(document: Document) -> list[Token]:
    """The normalized tokens of every segment of ``document``, in order."""
    out: list[Token] = []
    for index, (_cell, code) in enumerate(document.segments):
        out.extend(code_tokens(code, index))
    return out


def texts(tokens: Sequence[Token]) -> list[str]:
    """The normalized text of each token."""
    return [tok.text for tok in tokens]


__all__ = ["KEPT_NAMES", "Document", "Token", "code_tokens", "document_tokens", "texts"]
