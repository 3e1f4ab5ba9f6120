"""numpy arrays and scalars on the wire: their plain-data form, and their checked rebuilding.

A sibling of :mod:`protocol` (standard library, numpy and :mod:`wirejson`
only). An array travels as ``{"dtype", "shape", "data"}`` with its bytes in
base64; only boolean, integer and floating dtypes travel at all. Rebuilding
one checks its dtype, at most :data:`MAX_DIMENSIONS` dimensions of at most
:data:`MAX_ELEMENTS` elements each, and data exactly as long as the shape
says (before the base64 is decoded).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any

import numpy as np

try:  # in the grader
    from grader.execution.child import wirejson
except ImportError:  # in the child, where only the harness's folder holds it
    import wirejson  # type: ignore[no-redef]

ProtocolError = wirejson.ProtocolError
#: Most dimensions of a decoded array.
MAX_DIMENSIONS = 8
#: Most array elements in one decoded value; also the largest single dimension.
MAX_ELEMENTS = 4_000_000
#: The dtype kinds that travel: boolean, signed and unsigned integer, floating.
ALLOWED_KINDS = frozenset({"b", "i", "u", "f"})


def encode_array(value: np.ndarray) -> dict[str, Any]:
    """An array as plain data (an unsupported marker for a dtype that does not travel)."""
    if value.dtype.kind not in ALLOWED_KINDS:
        return {"__unsupported__": "ndarray", "detail": f"dtype {value.dtype}"}
    arr = value if value.flags.c_contiguous else value.copy(order="C")
    return {
        "__ndarray__": {
            "dtype": arr.dtype.str,
            "shape": list(arr.shape),
            "data": base64.b64encode(arr.tobytes()).decode("ascii"),
        }
    }


def encode_scalar(value: np.generic) -> dict[str, Any]:
    """A numpy scalar as plain data (an unsupported marker for a dtype that does not travel)."""
    arr = np.asarray(value)
    if arr.dtype.kind not in ALLOWED_KINDS:
        return {"__unsupported__": type(value).__name__}
    return {
        "__npscalar__": {
            "dtype": arr.dtype.str,
            "data": base64.b64encode(arr.tobytes()).decode("ascii"),
        }
    }


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
    if dtype.kind not in ALLOWED_KINDS or dtype.hasobject or dtype.fields is not None or dtype.shape:
        raise ProtocolError(f"dtype {dtype} is not allowed")
    if len(_DTYPES) < 64:
        _DTYPES[text] = dtype
    return dtype


def _shape(shape: Any) -> tuple[tuple[int, ...], int]:
    """A validated array shape and its number of elements."""
    if type(shape) is not list or len(shape) > MAX_DIMENSIONS:
        raise ProtocolError(f"bad array shape (a list of at most {MAX_DIMENSIONS} sizes expected)")
    count = 1
    for size in shape:
        if type(size) is not int or not 0 <= size <= MAX_ELEMENTS:
            raise ProtocolError(f"bad array shape: each dimension must hold from 0 to {MAX_ELEMENTS} elements")
        count *= size
    return tuple(shape), count


def decode_array(spec: Any, spend: Callable[[int], None]) -> np.ndarray:
    """Rebuild an array from ``{"dtype", "shape", "data"}``, calling ``spend(elements)`` before decoding its data.

    Raises
    ------
    ProtocolError
        For anything :func:`encode_array` could not have written, or beyond a limit.
    """
    if type(spec) is not dict:
        raise ProtocolError("bad array")
    dtype_str, payload = spec.get("dtype"), spec.get("data")
    if type(payload) is not str:
        raise ProtocolError("bad array fields")
    shape, count = _shape(spec.get("shape"))
    dtype = _dtype(dtype_str)
    spend(count)
    size = count * dtype.itemsize
    if len(payload) != 4 * ((size + 2) // 3):
        raise ProtocolError("array data does not match its shape")
    try:
        raw = binascii.a2b_base64(payload, strict_mode=True)
    except (ValueError, binascii.Error):
        raise ProtocolError("bad array data") from None
    if len(raw) != size:
        raise ProtocolError("array data does not match its shape")
    if dtype.kind == "b" and raw.translate(None, b"\x00\x01"):
        raise ProtocolError("boolean array data holds bytes other than 0 and 1")
    return np.frombuffer(bytearray(raw), dtype=dtype).reshape(shape)


__all__ = ["ALLOWED_KINDS", "MAX_DIMENSIONS", "MAX_ELEMENTS", "decode_array", "encode_array", "encode_scalar"]
