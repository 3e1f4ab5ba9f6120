"""grader/execution/child/protocol.py: plain data only, strict decoding, size limits."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from grader.execution.child import protocol
from grader.execution.child.childio import read_message
from grader.execution.child.protocol import ProtocolError, Unsupported, decode, encode


def roundtrip(value):
    return decode(json.loads(json.dumps(encode(value))))


@pytest.mark.parametrize(
    "value",
    [None, True, 3, 2.5, "relu", [1, 2], (1.0, "a"), {"W1": 1.0}, np.arange(6.0).reshape(2, 3),
     np.zeros((0, 3)), np.array([True, False]), np.arange(4, dtype=np.int32)],
    ids=["none", "bool", "int", "float", "str", "list", "tuple", "dict", "2d", "empty", "boolarr", "int32"],
)
def test_plain_values_round_trip(value):
    back = roundtrip(value)
    if isinstance(value, np.ndarray):
        assert type(back) is np.ndarray and back.dtype == value.dtype and np.array_equal(back, value)
    else:
        assert back == value and type(back) is type(value)


def test_nested_cache_layout_keeps_tuples_and_dicts():
    cache = ((np.ones((2, 1)), np.ones((3, 2)), np.zeros((3, 1))), np.ones((3, 1)))
    back = roundtrip([cache, {"dW1": np.ones(2)}])
    assert type(back[0]) is tuple and type(back[0][0]) is tuple and type(back[1]) is dict


def test_non_finite_floats_and_numpy_scalars():
    assert np.isnan(roundtrip(float("nan")))
    assert roundtrip(float("-inf")) == float("-inf")
    scalar = roundtrip(np.float64(0.25))
    assert type(scalar) is np.float64 and scalar == 0.25


class ClaimsEverything:
    def __eq__(self, other):
        return True

    shape = (3, 1)


class SneakyArray(np.ndarray):
    def __eq__(self, other):  # type: ignore[override]
        return True


@pytest.mark.parametrize("value", [ClaimsEverything(), np.zeros(3).view(SneakyArray), np.array([object()]),
                                   {1: 2}, np.matrix([[1.0]])],
                         ids=["eq-anything", "ndarray-subclass", "object-dtype", "int-key", "matrix"])
def test_foreign_objects_travel_only_as_labels(value):
    back = roundtrip(value)
    assert isinstance(back, Unsupported)
    assert back != 0 and back != np.zeros(3).tolist()


@pytest.mark.parametrize(
    "data",
    [
        {"__ndarray__": {"dtype": "|O", "shape": [1], "data": "AAAAAAAAAAA="}},
        {"__ndarray__": {"dtype": "<f8", "shape": [2], "data": "AAAAAAAAAAA="}},
        {"__ndarray__": {"dtype": "<f8", "shape": [-1], "data": ""}},
        {"__pickle__": "gASVAAAAAAAAAAA="},
        {"__float__": "1e308"},
        {"__tuple__": "no"},
    ],
    ids=["object-dtype", "length-mismatch", "negative-shape", "unknown-tag", "bad-float", "bad-tuple"],
)
def test_decode_rejects_malformed_values(data):
    with pytest.raises(ProtocolError):
        decode(data)


def test_decode_enforces_element_budget(monkeypatch):
    monkeypatch.setattr(protocol, "MAX_ELEMENTS", 10)
    with pytest.raises(ProtocolError, match="elements"):
        decode(encode(np.zeros(11)))


def test_decode_enforces_depth():
    value: list = []
    for _ in range(protocol.MAX_DEPTH + 3):
        value = [value]
    with pytest.raises(ProtocolError, match="deep"):
        decode(value)


def test_messages_frame_and_reject_nan_literals():
    r, w = os.pipe()
    try:
        protocol.write_message(w, {"op": "call", "args": [encode(np.ones(2))]})
        assert read_message(r)["op"] == "call"
        body = b'{"x": NaN}'
        os.write(w, len(body).to_bytes(4, "big") + body)
        with pytest.raises(ProtocolError):
            read_message(r)
    finally:
        os.close(r)
        os.close(w)


def test_oversized_message_is_refused(monkeypatch):
    monkeypatch.setattr(protocol, "MAX_MESSAGE_BYTES", 100)
    with pytest.raises(ProtocolError):
        protocol.pack({"blob": "x" * 200})


def test_outbox_writes_at_once_until_a_frame_would_wait_then_a_flusher_delivers_it():
    """No thread for a child that answers one call; past that, a waiting frame still arrives by itself."""
    import select
    import time

    from grader.execution.child.childio import Outbox, Reader

    r, w = os.pipe()
    try:
        box, reader = Outbox(w, delay=0.02), Reader(r)
        box.send(protocol.pack({"op": "oracle"}))
        box.put(protocol.pack({"op": "result", "index": 0}))
        assert box.thread is None, "send and the first put start no thread"
        assert reader.read_message(time.monotonic() + 1) == {"op": "oracle"}
        assert reader.read_message(time.monotonic() + 1) == {"op": "result", "index": 0}, "written at once"
        box.put(protocol.pack({"op": "result", "index": 1}))
        assert box.thread is not None and box.thread.is_alive()
        assert not select.select([r], [], [], 0)[0], "a second frame waits for the next ones"
        # nothing more is put (the next call hangs): the flusher writes it within its delay
        assert reader.read_message(time.monotonic() + 2) == {"op": "result", "index": 1}
        box.put(protocol.pack({"op": "result", "index": 2}))
        box.send(protocol.pack({"op": "done"}))
        assert reader.read_message(time.monotonic() + 1)["index"] == 2
        assert reader.read_message(time.monotonic() + 1) == {"op": "done"}
    finally:
        os.close(r)
        os.close(w)
