"""The wire format between the grader and the child that runs student code.

Messages are length-prefixed JSON (a 4-byte big-endian length, then UTF-8
JSON). Values are plain data: ``None``, ``bool``, ``int``, ``float``,
``str``, lists, tuples, dicts with string keys and numpy arrays of boolean,
integer or floating dtype. Anything else travels as an *unsupported* marker
carrying only its type name, so the grader never rebuilds an object chosen
by the student: nothing is unpickled, and a returned object that "claims to
equal anything" arrives as a label, not as an object.

This module is imported by the child harness too, so it depends on the
standard library and numpy only.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import os
import struct
from dataclasses import dataclass
from typing import Any

import numpy as np

#: Largest message either side accepts, in bytes.
MAX_MESSAGE_BYTES = 64 * 1024 * 1024
#: Largest number of array elements the grader accepts in one decoded value.
MAX_ELEMENTS = 4_000_000
#: Deepest nesting of containers accepted.
MAX_DEPTH = 24
#: Largest number of container items accepted in one value.
MAX_ITEMS = 100_000
_ALLOWED_KINDS = {"b", "i", "u", "f"}
_HEADER = struct.Struct(">I")
# Messages are trees built by encode() or literal dicts: no cycle check needed.
_ENCODER = json.JSONEncoder(separators=(",", ":"), allow_nan=False, check_circular=False)


class ProtocolError(Exception):
    """A message that is malformed, too large or of a forbidden type."""


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
    """Turn a Python/numpy value into JSON-compatible plain data."""
    if _depth > MAX_DEPTH:
        return {"__unsupported__": "nesting too deep"}
    t = type(value)
    if value is None or t is bool or t is str:
        return value
    if t is int:
        return value if abs(value) < 2**53 else float(value)
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
        if value.dtype.kind not in _ALLOWED_KINDS:
            return {"__unsupported__": "ndarray", "detail": f"dtype {value.dtype}"}
        arr = value if value.flags.c_contiguous else value.copy(order="C")
        return {
            "__ndarray__": {
                "dtype": arr.dtype.str,
                "shape": list(arr.shape),
                "data": base64.b64encode(arr.tobytes()).decode("ascii"),
            }
        }
    if isinstance(value, np.generic) and t.__module__ == "numpy":
        arr = np.asarray(value)
        if arr.dtype.kind not in _ALLOWED_KINDS:
            return {"__unsupported__": t.__name__}
        return {
            "__npscalar__": {
                "dtype": arr.dtype.str,
                "data": base64.b64encode(arr.tobytes()).decode("ascii"),
            }
        }
    module = getattr(t, "__module__", "?")
    name = f"{module}.{t.__qualname__}" if module not in ("builtins", None) else t.__qualname__
    return {"__unsupported__": str(name)[:200]}


def pack(message: dict[str, Any]) -> bytes:
    """Frame one message for the wire."""
    body = _ENCODER.encode(message).encode("utf-8")
    if len(body) > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"message of {len(body)} bytes exceeds {MAX_MESSAGE_BYTES}")
    return _HEADER.pack(len(body)) + body


def write_message(fd: int, message: dict[str, Any]) -> None:
    """Write one framed message to a file descriptor."""
    data = memoryview(pack(message))
    while data:
        n = os.write(fd, data)
        data = data[n:]


def read_exact(fd: int, n: int) -> bytes:
    """Read exactly ``n`` bytes from ``fd``; raise EOFError if it closes first."""
    chunks = []
    while n > 0:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError("the other side closed the channel")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def read_message(fd: int) -> dict[str, Any]:
    """Read one framed message (blocking) and parse its JSON."""
    (length,) = _HEADER.unpack(read_exact(fd, _HEADER.size))
    if length > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"message of {length} bytes exceeds {MAX_MESSAGE_BYTES}")
    return parse_body(read_exact(fd, length))


def parse_body(body: bytes) -> dict[str, Any]:
    """Parse a message body, rejecting non-standard JSON (NaN literals and so on)."""

    def no_constants(name: str) -> Any:
        raise ProtocolError(f"non-standard JSON constant {name}")

    try:
        doc = json.loads(body.decode("utf-8"), parse_constant=no_constants)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProtocolError(f"malformed message: {exc}") from None
    if type(doc) is not dict:
        raise ProtocolError("a message must be a JSON object")
    return doc


# ---------------------------------------------------------------- decoding


class _Budget:
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


def decode(data: Any, _budget: _Budget | None = None, _depth: int = 0) -> Any:
    """Rebuild a value from plain data, validating every array strictly."""
    budget = _budget or _Budget()
    if _depth > MAX_DEPTH:
        raise ProtocolError("value nested too deeply")
    t = type(data)
    if data is None or t in (bool, int, float, str):
        budget.spend(items=1)
        return data
    if t is list:
        budget.spend(items=len(data))
        return [decode(v, budget, _depth + 1) for v in data]
    if t is not dict or len(data) not in (1, 2):
        raise ProtocolError(f"unexpected value of type {t.__name__}")
    if "__tuple__" in data:
        items = data["__tuple__"]
        if type(items) is not list:
            raise ProtocolError("bad tuple")
        budget.spend(items=len(items))
        return tuple(decode(v, budget, _depth + 1) for v in items)
    if "__dict__" in data:
        pairs = data["__dict__"]
        if type(pairs) is not list:
            raise ProtocolError("bad dict")
        budget.spend(items=len(pairs))
        out: dict[str, Any] = {}
        for pair in pairs:
            if type(pair) is not list or len(pair) != 2 or type(pair[0]) is not str:
                raise ProtocolError("bad dict item")
            out[pair[0]] = decode(pair[1], budget, _depth + 1)
        return out
    if "__float__" in data:
        text = data["__float__"]
        if text not in ("nan", "inf", "-inf"):
            raise ProtocolError("bad float")
        return float(text)
    if "__ndarray__" in data:
        return _decode_array(data["__ndarray__"], budget)
    if "__npscalar__" in data:
        spec = data["__npscalar__"]
        if type(spec) is not dict:
            raise ProtocolError("bad numpy scalar")
        arr = _decode_array({"dtype": spec.get("dtype"), "shape": [], "data": spec.get("data")}, budget)
        return arr[()]
    if "__unsupported__" in data:
        name = data["__unsupported__"]
        detail = data.get("detail", "")
        if type(name) is not str or type(detail) is not str:
            raise ProtocolError("bad unsupported marker")
        return Unsupported(name[:200], detail[:200])
    raise ProtocolError("unknown value tag")


_DTYPES: dict[str, np.dtype[Any]] = {}


def _dtype(text: Any) -> np.dtype[Any]:
    """The allowed dtype named ``text`` (validated once per name, then cached)."""
    dtype = _DTYPES.get(text) if type(text) is str else None
    if dtype is not None:
        return dtype
    if type(text) is not str or len(text) > 16:
        raise ProtocolError("bad dtype")
    try:
        dtype = np.dtype(text)
    except Exception:  # noqa: BLE001 - any unparsable name
        raise ProtocolError(f"bad dtype {text!r}") from None
    if dtype.kind not in _ALLOWED_KINDS or dtype.hasobject or dtype.fields is not None or dtype.shape:
        raise ProtocolError(f"dtype {dtype} is not allowed")
    if len(_DTYPES) < 64:
        _DTYPES[text] = dtype
    return dtype


def _decode_array(spec: Any, budget: _Budget) -> np.ndarray:
    if type(spec) is not dict:
        raise ProtocolError("bad array")
    dtype_str, shape, payload = spec.get("dtype"), spec.get("shape"), spec.get("data")
    if type(shape) is not list or type(payload) is not str:
        raise ProtocolError("bad array fields")
    dtype = _dtype(dtype_str)
    if len(shape) > 8:
        raise ProtocolError("bad array shape")
    count = 1
    for size in shape:
        if type(size) is not int or size < 0:
            raise ProtocolError("bad array shape")
        count *= size
    budget.spend(elements=count)
    try:
        raw = binascii.a2b_base64(payload, strict_mode=True)
    except (ValueError, binascii.Error):
        raise ProtocolError("bad array data") from None
    if len(raw) != count * dtype.itemsize:
        raise ProtocolError("array data does not match its shape")
    return np.frombuffer(bytearray(raw), dtype=dtype).reshape(shape)
