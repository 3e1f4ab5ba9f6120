"""JSON bytes from the other side of a pipe, parsed under limits that no bytes can break.

A sibling of :mod:`protocol` (standard library and numpy only), which reads
every frame body with :func:`parse_json`. Before :func:`json.loads` runs,
:func:`scan_json` checks the nesting and the number of items on the raw bytes
(the json module recurses once per level); while it runs, a number literal
longer than :data:`MAX_NUMBER_CHARS`, an integer beyond :data:`MAX_INT`, a
float literal that overflows (``1e400``) and the ``NaN``/``Infinity``
constants are refused; an escaped lone UTF-16 surrogate (``\\ud800``) reads
as U+FFFD (:func:`replace_lone_surrogates`). Every failure is a
:class:`ProtocolError`, never an exception of another type.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import numpy as np

#: Deepest nesting of JSON arrays and objects in one frame. A value at
#: ``protocol.MAX_DEPTH`` takes up to 3 levels per container (a dict is
#: ``{"__dict__": [[key, value]]}``), plus the message around it.
MAX_JSON_DEPTH = 100
#: Most commas outside strings in one frame (about one per array element and object member).
MAX_JSON_ITEMS = 1_000_000
#: Longest number literal, in characters (``repr`` of a float is at most 24).
MAX_NUMBER_CHARS = 32
#: Largest magnitude of an integer: the int64 range, so numpy can hold it.
MAX_INT = 2**63 - 1


class ProtocolError(Exception):
    """A message that is malformed, too large or of a forbidden type."""


# Every byte but the six that shape JSON outside its strings.
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'[]{}",')
_HIGH, _LOW = rb"\\u[dD][89abAB][0-9a-fA-F]{2}", rb"\\u[dD][c-fC-F][0-9a-fA-F]{2}"
# Scanned left to right, an escaped backslash is consumed whole: the "\\ud800" after one is plain text.
_SURROGATE_ESCAPES = re.compile(rb"(\\\\|" + _HIGH + _LOW + rb")|" + _HIGH + rb"|" + _LOW)
_CHUNK = 1 << 20


def scan_json(body: bytes, max_depth: int = MAX_JSON_DEPTH, max_items: int = MAX_JSON_ITEMS) -> None:
    """Check the nesting and the number of items of JSON bytes, without parsing them.

    Brackets and commas inside strings do not count. The scan is exact for
    valid JSON; for invalid JSON it never under-counts what :func:`json.loads`
    would reach before it fails, so a body that passes can be parsed without
    deep recursion.

    Parameters
    ----------
    body : bytes
        The UTF-8 JSON text.
    max_depth : int
        Deepest nesting of arrays and objects allowed.
    max_items : int
        Most commas allowed outside strings.

    Raises
    ------
    ProtocolError
        If a limit is exceeded.
    """
    if b"\\" in body:
        # escaped backslashes first, then escaped quotes: what is left of "..." has no quote inside
        body = body.replace(b"\\\\", b"__").replace(b'\\"', b"__")
    # with no escaped quote left, quotes alternate: every other piece lies outside the strings (a tail
    # after an unterminated quote counts as inside, as json.loads fails on that string before reaching it)
    outside = b"".join(body.translate(None, _NOT_STRUCTURE).split(b'"')[::2])
    if outside.count(b",") > max_items:
        raise ProtocolError(f"message holds more than {max_items} items")
    brackets = outside.translate(None, b",")
    if brackets.count(b"[") + brackets.count(b"{") > max_depth and _depth(brackets) > max_depth:
        raise ProtocolError(f"message nested more than {max_depth} levels deep")


def _depth(brackets: bytes) -> int:
    """The deepest nesting reached by a string of ``[]{}`` (chunked, to bound memory)."""
    codes = np.frombuffer(brackets, dtype=np.uint8)
    level = deepest = 0
    for start in range(0, len(codes), _CHUNK):
        chunk = codes[start:start + _CHUNK]
        steps = np.where((chunk == ord("[")) | (chunk == ord("{")), 1, -1).astype(np.int64)
        running = np.cumsum(steps) + level
        deepest, level = max(deepest, int(running.max())), int(running[-1])
    return deepest


def replace_lone_surrogates(body: bytes) -> bytes:
    """JSON bytes in which each escaped lone UTF-16 surrogate (``\\ud800``) is ``\\ufffd`` instead.

    Python reads such an escape as a character no UTF-8 text can hold, which
    would break whatever writes a report holding it.
    """
    if b"\\u" not in body:
        return body
    return _SURROGATE_ESCAPES.sub(lambda m: m[1] if m[1] is not None else b"\\ufffd", body)


def _no_constant(name: str) -> Any:
    raise ProtocolError(f"non-standard JSON constant {name}")


def _parse_int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise ProtocolError(f"number literal longer than {MAX_NUMBER_CHARS} characters")
    value = int(text)
    if abs(value) > MAX_INT:
        raise ProtocolError(f"integer {text} is outside the int64 range")
    return value


def _parse_float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise ProtocolError(f"number literal longer than {MAX_NUMBER_CHARS} characters")
    value = float(text)
    if not math.isfinite(value):
        raise ProtocolError(f"number {text} overflows a float (infinity travels as {{\"__float__\": \"inf\"}})")
    return value


def parse_json(body: bytes) -> Any:
    """Parse JSON bytes under this module's limits.

    Raises
    ------
    ProtocolError
        For anything but standard, UTF-8 JSON within the limits; never
        another exception (``RecursionError``, ``ValueError``...).
    """
    try:
        scan_json(body)
        text = replace_lone_surrogates(body).decode("utf-8")
        return json.loads(text, parse_constant=_no_constant, parse_int=_parse_int, parse_float=_parse_float)
    except ProtocolError as exc:
        raise ProtocolError(f"unreadable message: {exc}") from None
    except (ValueError, RecursionError, MemoryError) as exc:  # JSONDecodeError, UnicodeDecodeError included
        raise ProtocolError(f"unreadable message: malformed JSON ({str(exc)[:200]})") from None


__all__ = ["MAX_INT", "MAX_JSON_DEPTH", "MAX_JSON_ITEMS", "MAX_NUMBER_CHARS", "ProtocolError", "parse_json",
           "replace_lone_surrogates", "scan_json"]
