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

The source is only tokenized, never compiled or run. A file that stops
tokenizing (a syntax error, an unclosed bracket) keeps the tokens read
before that point.

The tokens are those of :mod:`tokenize`, found several times faster: one
compiled regular expression scans the whole text with tokenize's own
patterns, never preferring another token than tokenize would. Code the
scanner is unsure of (an unterminated or backslash-continued string, a
character no token starts with, more brackets closed than opened, a dot with
no name after it on its line, a statement starting with a backslash; from
Python 3.12, where tokenize differs, an f-string, a number run into a name,
a tab or form feed in indentation) goes to :mod:`tokenize` itself.
"""

from __future__ import annotations

import builtins
import io
import keyword
import re
import sys
import token
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


def _code_tokens_tokenize(code: str, segment: int = 0) -> list[Token]:
    """:func:`code_tokens` by :mod:`tokenize`: the reference, and the way for code the scanner is unsure of."""
    out: list[Token] = []
    for line in _logical_lines(code):
        if all(tok.type in _STRINGS for tok in line):  # a docstring, or a bare string used as a comment
            continue
        previous = None
        for tok in line:
            out.append(Token(_normalize(tok, previous), segment, tok.start[0], tok.end[0]))
            previous = tok
    return out


# The scanner: tokenize's own patterns (Lib/tokenize.py) over the whole text, never two that could match at
# one place in an order other than tokenize's.
#: A string prefix: one of tokenize's 25 ("", b, r, u, f, br, rb, fr, rf, in any case).
_PREFIX = r"(?:[bB][rR]?|[rR][bBfF]?|[uU]|[fF][rR]?)?"
#: A name starting with an ASCII letter or underscore, not followed by a quote: ``rb`` of ``rb"..."`` is a
#: string's prefix, and ``ab"..."`` goes to the last group of :data:`_SCANNER`.
_NAME = r"""[A-Za-z_]\w*+(?!['"])"""
_DIGITS = r"[0-9](?:_?[0-9])*"
_EXPONENT = rf"[eE][-+]?{_DIGITS}"
_POINTFLOAT = rf"(?:{_DIGITS}\.(?:{_DIGITS})?|\.{_DIGITS})(?:{_EXPONENT})?"
_FLOAT = rf"(?:{_POINTFLOAT}|{_DIGITS}{_EXPONENT})"
_INT = r"(?:0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0(?:_?0)*|[1-9](?:_?[0-9])*)"
_NUMBER = rf"(?:{_DIGITS}[jJ]|{_FLOAT}[jJ]|{_FLOAT}|{_INT})"
#: A triple-quoted string, over as many lines as it takes (a backslash escapes a line break too).
_TRIPLE = (rf"""{_PREFIX}(?:'''[^'\\]*(?:(?:\\[\s\S]|'(?!''))[^'\\]*)*'''"""
           rf'''|"""[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*""")''')
#: A one-line string (not the start of a triple-quoted one that never ends).
_STRING = rf"""(?!{_PREFIX}(?:'''|\"\"\")){_PREFIX}(?:'[^\n'\\]*(?:\\.[^\n'\\]*)*'|"[^\n"\\]*(?:\\.[^\n"\\]*)*")"""
#: A line break, with the comment before it and any blank or comment lines after it, up to the next
#: line's indentation.
_BREAK = r"(?:#[^\r\n]*)?\r?\n(?:[ \f\t]*(?:#[^\r\n]*)?\r?\n)*[ \f\t]*"
#: From Python 3.12 tokenize is the C tokenizer: it splits an f-string into parts and its expressions into
#: tokens, stops at a number run into a name (``0x``, ``1if``) and at indentation mixing tabs and spaces. The
#: scanner leaves all three to it.
_C_TOKENIZER = sys.version_info >= (3, 12)
_NUMBER_END = r"(?!\w)" if _C_TOKENIZER else ""
#: First characters of operators, the most common in code first.
_COMMON = "(),=[]:*-+.}{"


def _operators(operators: set[str]) -> str:
    """A pattern matching the longest of ``operators`` that starts where it is tried.

    An operator that starts no other one is in a leading character set; then
    one branch per first character, the most common first, the longer
    continuations before the shorter (``\\*(?:\\*=|\\*|=)?``).
    """
    alone = {op for op in operators if len(op) == 1 and not any(o != op and o.startswith(op) for o in operators)}
    branches = ["[" + re.escape("".join(sorted(alone))) + "]"]
    for first in sorted({op[0] for op in operators - alone}, key=lambda c: (_COMMON + c).index(c)):
        rests = sorted((op[1:] for op in operators if op[0] == first and len(op) > 1), key=lambda r: (-len(r), r))
        tail = f"(?:{'|'.join(map(re.escape, rests))})" if rests else ""
        branches.append(re.escape(first) + tail + ("?" if rests and first in operators else ""))
    return "|".join(branches)


#: Whitespace, then one token, in one of five groups (the order :func:`code_tokens` unpacks them):
#:
#: - a name (ASCII first letter);
#: - an attribute: a name after a dot, which is kept as written (the dot is not in the group);
#: - an operator or bracket, the longest that matches (``**=``, never ``**`` then ``=``), but never a
#:   dot alone: a dot not followed by a name goes to the last group;
#: - a line break (see :data:`_BREAK`);
#: - a number or a string;
#: - anything else: a comment at the very end, a backslash continuation, a name before a quote or
#:   starting with a letter outside ASCII, or one character that starts no token (the code then goes
#:   to tokenize).
#:
#: Every character but a line break matches the last group, so the matches tile the text.
_SCANNER = re.compile(
    r"[ \f\t]*(?:"
    rf"({_NAME})"
    rf"|\.[ \f\t]*({_NAME})"
    rf"|({_operators(set(token.EXACT_TOKEN_TYPES) - {'.'})})"
    rf"|({_BREAK})"
    rf"|((?>{_NUMBER}){_NUMBER_END}|{_TRIPLE}|{_STRING})"
    r"|(#[^\r\n]*|\\\r?\n|[^\W\d]\w*|.))"
)
#: How much each operator changes the depth of brackets.
_DEPTH = {op: 1 if op in "([{" else -1 if op in ")]}" else 0 for op in token.EXACT_TOKEN_TYPES}
_TABSIZE = 8
#: ``Token(...)`` without the named tuple's Python-level ``__new__``: the scanner makes one per token.
_new_token = tuple.__new__


def _column(indentation: str) -> int:
    """The column of a line's indentation as tokenize counts it: a tab to the next multiple of 8, a form feed to 0."""
    column = 0
    for char in indentation:
        if char == " ":
            column += 1
        elif char == "\t":
            column = (column // _TABSIZE + 1) * _TABSIZE
        else:
            column = 0
    return column


def _indent(indents: list[int], indentation: str) -> bool:
    """Push or pop the stack of indentation columns for the first line of a statement, as tokenize does.

    ``indentation`` is the line break before the line, ending with the
    line's indentation. Returns False where tokenize stops: a dedent to a
    column that was never indented to.
    """
    indentation = indentation[indentation.rfind("\n") + 1:]
    column = len(indentation) if not indentation.strip(" ") else _column(indentation)
    if column > indents[-1]:
        indents.append(column)
    while column < indents[-1]:
        if column not in indents:
            return False
        indents.pop()
    return True


def code_tokens(code: str, segment: int = 0) -> list[Token]:
    """The normalized tokens of one piece of code (see the module's docstring).

    Parameters
    ----------
    code : str
        Python source; it is only scanned, never compiled or run, and need not be valid.
    segment : int
        The segment every token is given (its index in the document).

    Returns
    -------
    list of Token
        The tokens :mod:`tokenize` gives, normalized; those of code that
        stops tokenizing end where it stops.
    """
    out: list[Token] = []
    new, kept, steps, c_tokenizer = _new_token, KEPT_NAMES, _DEPTH, _C_TOKENIZER
    if c_tokenizer and code[:1] in ("\t", "\f"):
        return _code_tokens_tokenize(code, segment)
    start = 0  # where the current statement's tokens start in ``out``
    depth = 0
    line = 1
    indentation = "\n" + code[:len(code) - len(code.lstrip(" \f\t"))]  # before the next statement's first line
    indented = "\n"  # the last indentation checked
    indents = [0]
    variable = new(Token, ("V", segment, line, line))  # a token is a value: one ``V`` serves a whole line
    for name, attribute, operator, newline, value, other in _SCANNER.findall(code):
        if name:
            if name in kept:
                out.append(new(Token, (name, segment, line, line)))
            elif variable[2] == line:
                out.append(variable)
            else:
                variable = new(Token, ("V", segment, line, line))
                out.append(variable)
        elif operator:
            depth += steps[operator]
            if depth < 0:
                return _code_tokens_tokenize(code, segment)
            out.append(new(Token, (operator, segment, line, line)))
        elif attribute:
            out.append(new(Token, (".", segment, line, line)))
            out.append(new(Token, (attribute, segment, line, line)))
        elif newline:
            if c_tokenizer and ("\t" in newline or "\f" in newline):
                return _code_tokens_tokenize(code, segment)
            line += newline.count("\n")
            if depth == 0:  # the statement ends (or the line was blank), and the next line starts one
                if len(out) > start:
                    if indentation != indented:
                        if not _indent(indents, indentation):
                            del out[start:]
                            return out
                        indented = indentation
                    if out[start][0] == "S" and all(tok[0] == "S" for tok in out[start:]):
                        del out[start:]  # a docstring, or a string for a comment
                    start = len(out)
                indentation = newline
        elif value:
            if value[0] in "0123456789.":
                out.append(new(Token, ("N", segment, line, line)))
            elif c_tokenizer and "f" in value[:3].lower():
                return _code_tokens_tokenize(code, segment)
            else:
                last = line + value.count("\n")
                out.append(new(Token, ("S", segment, line, last)))
                line = last
        elif other[0] == "#":
            pass
        elif other[0] == "\\" and len(other) > 1 and len(out) > start:
            line += 1
        elif other[0].isidentifier():  # a name before a quote, or starting with a letter outside ASCII
            out.append(new(Token, (other if other in kept else "V", segment, line, line)))
        else:  # a dot alone, a stray character, an unterminated string, a statement starting with a backslash
            return _code_tokens_tokenize(code, segment)
    if len(out) > start and (indentation != indented and not _indent(indents, indentation)
                             or all(tok[0] == "S" for tok in out[start:])):
        del out[start:]
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
