"""The wire format between the grader and the child that runs student code.

Messages are length-prefixed JSON (a 4-byte big-endian length, then UTF-8
JSON). Values are plain data: ``None``, ``bool``, ``int``, ``float``,
``str``, lists, tuples, dicts with string keys and numpy arrays of boolean,
integer or floating dtype. Anything else travels as an *unsupported* marker
carrying only its type name, so the grader never rebuilds an object chosen
by the student: nothing is unpickled, and a returned object that "claims to
equal anything" arrives as a label, not as an object.

Limits
------
A child may write any bytes to its pipe, so every frame is read under the
limits below, all module constants, and breaking one is a
:class:`ProtocolError` (which costs the call that was running), never an
exception of another type:

* a frame body is at most :data:`MAX_MESSAGE_BYTES`;
* its JSON nests at most :data:`MAX_JSON_DEPTH` arrays/objects deep and
  holds at most :data:`MAX_JSON_ITEMS` items; both are checked on the raw
  bytes *before* :func:`json.loads` runs (:func:`scan_json`), because the
  json module recurses once per level (this parsing is :mod:`wirejson`'s);
* a number literal is at most :data:`MAX_NUMBER_CHARS` characters, checked
  before ``int()``/``float()`` sees it; an integer is at most
  :data:`MAX_INT` in magnitude (it fits numpy's int64); a float literal that
  overflows (``1e400``) is refused rather than read as infinity: a
  non-finite float travels only as ``{"__float__": "inf"}`` (what
  :func:`encode` writes), and ``NaN``/``Infinity`` literals are refused;
* an escaped lone UTF-16 surrogate (``\\ud800``) reads as U+FFFD, so every
  decoded string can be written out as UTF-8.

:func:`decode` then rebuilds a value under its own limits: at most
:data:`MAX_DEPTH` containers deep and :data:`MAX_ITEMS` values, strings and
dict keys of at most :data:`MAX_STRING_CHARS` characters, arrays of at most
:data:`MAX_DIMENSIONS` dimensions, each dimension and the total number of
elements at most :data:`MAX_ELEMENTS` (each dimension is checked on its own,
so a zero cannot hide a ``2**63``), and array data exactly as long as the
shape says (checked before the base64 is decoded).

Everything :func:`encode` produces stays within these limits, in both
directions (the child reads the grader's messages with the same code).

This module is imported by the child harness too, so it depends on the
standard library, numpy and its siblings :mod:`wirejson` (JSON under
limits) and :mod:`wirearrays` (numpy arrays) only. Frames are read by
:class:`childio.Reader`, the one reader of both sides.
"""

from __future__ import annotations

import json
import math
import os
import struct
from dataclasses import dataclass
from typing import Any

import numpy as np

try:  # in the grader
    from grader.execution.child import wirearrays, wirejson
except ImportError:  # in the child, where only the harness's folder holds them
    import wirearrays  # type: ignore[no-redef]
    import wirejson  # type: ignore[no-redef]

ProtocolError = wirejson.ProtocolError
MAX_INT, MAX_NUMBER_CHARS = wirejson.MAX_INT, wirejson.MAX_NUMBER_CHARS
MAX_JSON_DEPTH, MAX_JSON_ITEMS = wirejson.MAX_JSON_DEPTH, wirejson.MAX_JSON_ITEMS
parse_json, scan_json = wirejson.parse_json, wirejson.scan_json
replace_lone_surrogates = wirejson.replace_lone_surrogates

#: Largest frame body either side accepts, in bytes.
MAX_MESSAGE_BYTES = 64 * 1024 * 1024
#: The exit code of a child whose call spent its CPU budget (see ``cpuclock.py``).
CPU_SPENT_EXIT = 87
#: Longest string value or dict key in a decoded value, in characters.
MAX_STRING_CHARS = 100_000
#: Deepest nesting of containers in a decoded value.
MAX_DEPTH = 24
#: Most values (scalars, containers, arrays: each counted once) in one decoded value.
MAX_ITEMS = 100_000
#: Most dimensions of a decoded array (:mod:`wirearrays`).
MAX_DIMENSIONS = wirearrays.MAX_DIMENSIONS
#: Most array elements in one decoded value; also the largest single dimension (:mod:`wirearrays`).
MAX_ELEMENTS = wirearrays.MAX_ELEMENTS
#: A frame's header: the body's length, 4 bytes big-endian (read by :class:`childio.Reader`).
HEADER = struct.Struct(">I")
#: Bytes of a frame's length header (a frame is the header, then the JSON body).
HEADER_SIZE = HEADER.size
# Messages are trees built by encode() or literal dicts: no cycle check needed.
_ENCODER = json.JSONEncoder(separators=(",", ":"), allow_nan=False, check_circular=False)


@dataclass(frozen=True)
class Unsupported:
    """Stands for a value the child could not express as plain data.

    Only the type name (and a short, already-truncated description) crosses
    the process boundary.
    """

    type_name: str
    detail: str = ""

    def __repr__(self) -> str:
        return f"<{self.type_name}>"


# ---------------------------------------------------------------- encoding


def encode(value: Any, _depth: int = 0) -> Any:
    """Turn a Python/numpy value into JSON-compatible plain data.

    What it returns always decodes: a container nested deeper than
    :data:`MAX_DEPTH` allows becomes an unsupported marker.
    """
    if _depth >= MAX_DEPTH:
        return {"__unsupported__": "nesting too deep"}
    t = type(value)
    if value is None or t is bool or t is str:
        return value
    if t is int:
        if abs(value) < 2**53:
            return value
        try:
            return float(value)
        except OverflowError:
            return {"__unsupported__": "int", "detail": "too large for a float"}
    if t is float:
        return value if math.isfinite(value) else {"__float__": repr(value)}
    if t is tuple:
        return {"__tuple__": [encode(v, _depth + 1) for v in value]}
    if t is list:
        return [encode(v, _depth + 1) for v in value]
    if t is dict:
        items = []
        for k, v in value.items():
            if type(k) is not str:
                return {"__unsupported__": "dict with non-string key", "detail": type(k).__name__}
            items.append([k, encode(v, _depth + 1)])
        return {"__dict__": items}
    if t is np.ndarray:
        return wirearrays.encode_array(value)
    if isinstance(value, np.generic) and t.__module__ == "numpy":
        return wirearrays.encode_scalar(value)
    module = getattr(t, "__module__", "?")
    name = f"{module}.{t.__qualname__}" if module not in ("builtins", None) else t.__qualname__
    return {"__unsupported__": str(name)[:200]}


def pack(message: dict[str, Any]) -> bytes:
    """Frame one message for the wire."""
    body = _ENCODER.encode(message).encode("utf-8")
    if len(body) > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"message of {len(body)} bytes exceeds {MAX_MESSAGE_BYTES}")
    return HEADER.pack(len(body)) + body


def write_frame(fd: int, frame: bytes) -> None:
    """Write whole frames (from :func:`pack`) to a file descriptor."""
    data = memoryview(frame)
    while data:
        data = data[os.write(fd, data):]


def write_message(fd: int, message: dict[str, Any]) -> None:
    """Write one framed message to a file descriptor."""
    write_frame(fd, pack(message))


# ---------------------------------------------------------------- parsing


def loads(body: bytes) -> Any:
    """Parse JSON bytes from the other side under the limits (see :func:`wirejson.parse_json`).

    Raises
    ------
    ProtocolError
        For a body over :data:`MAX_MESSAGE_BYTES`, or anything but standard,
        UTF-8 JSON within the limits; never another exception.
    """
    if len(body) > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"message of {len(body)} bytes exceeds {MAX_MESSAGE_BYTES}")
    return parse_json(body)


def parse_body(body: bytes) -> dict[str, Any]:
    """Parse a message body: a JSON object, within the limits (see :func:`loads`)."""
    doc = loads(body)
    if type(doc) is not dict:
        raise ProtocolError("a message must be a JSON object")
    return doc


# ---------------------------------------------------------------- decoding


class _Budget:
    """What one decoded value has used so far: values (each counted once) and array elements."""

    def __init__(self) -> None:
        self.elements = 0
        self.items = 0

    def spend(self, elements: int = 0, items: int = 0) -> None:
        self.elements += elements
        self.items += items
        if self.elements > MAX_ELEMENTS:
            raise ProtocolError(f"value holds more than {MAX_ELEMENTS} array elements")
        if self.items > MAX_ITEMS:
            raise ProtocolError(f"value holds more than {MAX_ITEMS} items")

    def spend_elements(self, elements: int) -> None:
        self.spend(elements=elements)

    def expect(self, items: int) -> None:
        """Refuse at once a container whose ``items`` values cannot all fit."""
        if self.items + items > MAX_ITEMS:
            raise ProtocolError(f"value holds more than {MAX_ITEMS} items")


def decode(data: Any, _budget: _Budget | None = None, _depth: int = 0) -> Any:
    """Rebuild a value from plain data, validating every part strictly (see the module's limits).

    Every value (scalar, container, array, marker) counts once towards
    :data:`MAX_ITEMS`; dict keys do not.

    Raises
    ------
    ProtocolError
        For anything :func:`encode` could not have written, or beyond a limit.
    """
    budget = _budget or _Budget()
    if _depth > MAX_DEPTH:
        raise ProtocolError("value nested too deeply")
    budget.spend(items=1)
    t = type(data)
    if data is None or t is bool or t is int or t is float or t is str:
        return _scalar(data)
    if t is list:
        budget.expect(len(data))
        return [decode(v, budget, _depth + 1) for v in data]
    if t is not dict or len(data) not in (1, 2):
        raise ProtocolError(f"unexpected value of type {t.__name__}")
    if "__tuple__" in data:
        items = data["__tuple__"]
        if type(items) is not list:
            raise ProtocolError("bad tuple")
        budget.expect(len(items))
        return tuple(decode(v, budget, _depth + 1) for v in items)
    if "__dict__" in data:
        return _decode_dict(data["__dict__"], budget, _depth)
    return _decode_tagged(data, budget)


def _decode_tagged(data: dict[str, Any], budget: _Budget) -> Any:
    """A float, array, numpy scalar or unsupported marker."""
    if "__float__" in data:
        text = data["__float__"]
        if type(text) is not str or text not in ("nan", "inf", "-inf"):
            raise ProtocolError("bad float")
        return float(text)
    if "__ndarray__" in data:
        return wirearrays.decode_array(data["__ndarray__"], budget.spend_elements)
    if "__npscalar__" in data:
        spec = data["__npscalar__"]
        if type(spec) is not dict:
            raise ProtocolError("bad numpy scalar")
        arr = wirearrays.decode_array({"dtype": spec.get("dtype"), "shape": [], "data": spec.get("data")},
                                      budget.spend_elements)
        return arr[()]
    if "__unsupported__" in data:
        name = data["__unsupported__"]
        detail = data.get("detail", "")
        if type(name) is not str or type(detail) is not str:
            raise ProtocolError("bad unsupported marker")
        return Unsupported(name[:200], detail[:200])
    raise ProtocolError("unknown value tag")


def _scalar(value: Any) -> Any:
    """``value`` (None, bool, int, float or str) if it is within the limits."""
    t = type(value)
    if t is str and len(value) > MAX_STRING_CHARS:
        raise ProtocolError(f"string longer than {MAX_STRING_CHARS} characters")
    if t is int and abs(value) > MAX_INT:
        raise ProtocolError("integer outside the int64 range")
    if t is float and not math.isfinite(value):
        raise ProtocolError("a non-finite float must travel as {\"__float__\": ...}")
    return value


def _decode_dict(pairs: Any, budget: _Budget, depth: int) -> dict[str, Any]:
    if type(pairs) is not list:
        raise ProtocolError("bad dict")
    budget.expect(len(pairs))
    out: dict[str, Any] = {}
    for pair in pairs:
        if type(pair) is not list or len(pair) != 2 or type(pair[0]) is not str:
            raise ProtocolError("bad dict item")
        out[_scalar(pair[0])] = decode(pair[1], budget, depth + 1)
    return out


__all__ = ["HEADER", "MAX_DEPTH", "MAX_DIMENSIONS", "MAX_ELEMENTS", "MAX_INT", "MAX_ITEMS", "MAX_JSON_DEPTH",
           "MAX_JSON_ITEMS", "MAX_MESSAGE_BYTES", "MAX_NUMBER_CHARS", "MAX_STRING_CHARS", "ProtocolError",
           "Unsupported", "decode", "encode", "loads", "pack", "parse_body", "replace_lone_surrogates", "scan_json",
           "write_frame", "write_message"]
