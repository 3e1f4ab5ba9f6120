"""grader/execution/child/protocol.py cannot be crashed: fuzzed frames and values, and every limit at the edge.

Whatever bytes a child writes, the grader's decoder gives back a value or
raises :class:`ProtocolError`, never another exception. Each limit is tested
at its edge: exactly at the limit is accepted, one over is refused.
"""

from __future__ import annotations

import base64
import json
import math
import os
import struct
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grader.execution.child import protocol
from grader.execution.child.childio import Reader
from grader.execution.child.protocol import (
    ProtocolError,
    Unsupported,
    decode,
    encode,
    loads,
    pack,
    parse_body,
    scan_json,
)

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read_or_refuse(body: bytes) -> object:
    """Parse and decode ``body`` as the grader does; a ProtocolError is a (clean) refusal."""
    try:
        return decode(parse_body(body).get("value"))
    except ProtocolError as exc:
        assert str(exc)
        return exc


def header(n: int) -> bytes:
    return struct.pack(">I", n)


# ---------------------------------------------------------------- fuzzing

TOKENS = [b"[", b"]", b"{", b"}", b'"', b"\\", b",", b":", b" ", b"0", b"1", b"-", b".", b"e", b"E", b"+",
          b"9" * 40, b"7" * 5000, b"[" * 300, b"{\"a\":" * 120, b"\\ud800", b"\\udc00", b"\\u005c", b"\\\\",
          b"null", b"true", b"NaN", b"Infinity", b"1e400", b"\xff", b"\xed\xa0\x80", b'"value"',
          b'"__ndarray__"', b'"__tuple__"', b'"__dict__"', b'"__float__"', b'"__npscalar__"', b'"shape"',
          b'"dtype"', b'"data"', b'"<f8"', b'"|b1"', b"9223372036854775808", b"4000001", b'"AAAA"']


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes_are_a_value_or_a_protocol_error(body):
    read_or_refuse(body)


@FUZZ
@given(st.lists(st.sampled_from(TOKENS), max_size=60))
def test_json_shaped_garbage_is_a_value_or_a_protocol_error(tokens):
    read_or_refuse(b'{"op":"result","value":' + b"".join(tokens) + b"}")
    read_or_refuse(b"".join(tokens))


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
                    st.sampled_from(["nan", "inf", "<f8", "|b1", "<i8", ">f2", "O", "V8", "(2,)f8", "f8,f8"]))


def hostile_trees() -> st.SearchStrategy:
    """JSON-like trees that use the value tags, with anything inside them."""
    shapes = st.lists(st.one_of(st.integers(-3, 2**64), st.sampled_from([0, 2**63, 2**63 - 1, 4_000_001])),
                      max_size=10)
    arrays = st.fixed_dictionaries({"dtype": SCALARS, "shape": shapes,
                                    "data": st.one_of(st.text(max_size=24), st.sampled_from(["", "AAAA", "AQI="]))})

    def extend(children: st.SearchStrategy) -> st.SearchStrategy:
        tagged = st.sampled_from(["__tuple__", "__dict__", "__float__", "__ndarray__", "__npscalar__",
                                  "__unsupported__", "__pickle__", "detail"])
        return st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(tagged, children, max_size=2),
            st.builds(lambda v: {"__ndarray__": v}, arrays),
            st.builds(lambda v: {"__npscalar__": v}, arrays),
            st.builds(lambda pairs: {"__dict__": pairs}, st.lists(st.lists(children, max_size=3), max_size=3)),
        )

    return st.recursive(SCALARS, extend, max_leaves=30)


@FUZZ
@given(hostile_trees())
def test_hostile_values_decode_or_raise_protocol_error(tree):
    try:
        decode(tree)
    except ProtocolError:
        pass
    text = json.dumps({"value": tree}).encode()  # the same tree as a child could write it
    read_or_refuse(text)


@FUZZ
@given(st.binary(min_size=1, max_size=200), st.data())
def test_mutated_frames_are_a_value_or_a_protocol_error(noise, data):
    body = pack({"op": "result", "value": encode([np.arange(6.0).reshape(2, 3), (1, "a"), {"k": 2.5}])})[4:]
    at = data.draw(st.integers(0, len(body)))
    cut = data.draw(st.integers(at, len(body)))
    read_or_refuse(body[:at] + noise + body[cut:])


@FUZZ
@given(st.integers(0, 400), st.booleans())
def test_truncated_frames_end_in_eof_or_protocol_error(keep, close):
    frame = pack({"op": "result", "value": encode({"W": np.ones((4, 5)), "b": [1, 2, 3]})})
    r, w = os.pipe()
    try:
        os.write(w, frame[:keep])
        os.close(w)
        reader = Reader(r)
        try:
            msg = reader.read_message()
        except (EOFError, ProtocolError):
            assert keep < len(frame)
        else:
            assert keep >= len(frame) and msg["op"] == "result"
    finally:
        os.close(r)


PLAIN = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(2**53) + 1, 2**53 - 1), st.floats(), st.text(max_size=10),
              st.builds(np.array, st.lists(st.floats(allow_nan=False), max_size=6))),
    lambda children: st.one_of(st.lists(children, max_size=4), st.tuples(children, children),
                               st.dictionaries(st.text(max_size=5), children, max_size=3)),
    max_leaves=20)


def same(a: object, b: object) -> bool:
    if isinstance(a, np.ndarray):
        return type(b) is np.ndarray and a.dtype == b.dtype and np.array_equal(a, b)
    if isinstance(a, float):
        return type(b) is float and (a == b or (math.isnan(a) and math.isnan(b)))
    if isinstance(a, list | tuple):
        return type(a) is type(b) and len(a) == len(b) and all(map(same, a, b))  # type: ignore[arg-type]
    if isinstance(a, dict):
        return type(b) is dict and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


@FUZZ
@given(PLAIN)
def test_what_encode_writes_decodes_to_the_same_value(value):
    back = decode(parse_body(pack({"op": "result", "value": encode(value)})[4:])["value"])
    assert same(value, back)


def reference_shape(text: str) -> tuple[int, int]:
    """Deepest nesting and commas outside strings, one character at a time."""
    depth = deepest = commas = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            escaped, in_string = (False, True) if escaped else (ch == "\\", ch != '"')
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
        elif ch == ",":
            commas += 1
    return deepest, commas


JSON_TREES = st.recursive(
    st.one_of(st.none(), st.integers(-protocol.MAX_INT, protocol.MAX_INT), st.text(alphabet=st.sampled_from('[]{},:"\\ab\u00e9\U0001f600\n'),
                                                 max_size=12)),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=4), children,
                                                                                max_size=3)),
    max_leaves=20)


@settings(FUZZ, max_examples=100)
@given(JSON_TREES, st.booleans())
def test_the_pre_scan_counts_exactly_what_json_nests(tree, ascii_only):
    text = json.dumps(tree, ensure_ascii=ascii_only)
    deepest, commas = reference_shape(text)
    body = text.encode()
    scan_json(body, max_depth=deepest, max_items=commas)
    if deepest:
        with pytest.raises(ProtocolError, match="nested"):
            scan_json(body, max_depth=deepest - 1, max_items=commas)
    if commas:
        with pytest.raises(ProtocolError, match="items"):
            scan_json(body, max_depth=deepest, max_items=commas - 1)
    assert loads(body) == tree


def stack_depth() -> int:
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    return depth


DEEP_TOKENS = [b"[", b"[", b"[", b"]", b"{", b'{"a":', b"}", b'"', b"\\", b'\\"', b",", b"1", b"x", b"\n"]


@settings(FUZZ, max_examples=300)
@given(st.lists(st.sampled_from(DEEP_TOKENS), max_size=300))
def test_json_never_recurses_deeper_than_the_scan_allowed(tokens):
    """Valid or not, a body that passes the scan at depth D parses within D levels of recursion."""
    body, allowed = b"".join(tokens), 30
    try:
        scan_json(body, max_depth=allowed)
    except ProtocolError:
        return
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(stack_depth() + allowed + 20)
    try:
        json.loads(body.decode("utf-8"))
    except ValueError:
        pass
    finally:
        sys.setrecursionlimit(limit)


# ---------------------------------------------------------------- every limit at its edge


def nested(depth: int) -> bytes:
    """A frame whose JSON nests exactly ``depth`` levels (the object around it is one)."""
    return b'{"value":' + b"[" * (depth - 1) + b"]" * (depth - 1) + b"}"


def test_json_depth_limit():
    assert parse_body(nested(protocol.MAX_JSON_DEPTH))
    with pytest.raises(ProtocolError, match="nested more than"):
        parse_body(nested(protocol.MAX_JSON_DEPTH + 1))
    with pytest.raises(ProtocolError, match="nested more than"):
        parse_body(nested(5000))
    text = b'{"value":"' + b"[{" * 5000 + b'"}'  # brackets inside a string do not count
    assert parse_body(text)["value"] == "[{" * 5000


def test_json_items_limit():
    commas = protocol.MAX_JSON_ITEMS
    assert len(parse_body(b'{"value":[' + b"0," * commas + b"0]}")["value"]) == commas + 1
    with pytest.raises(ProtocolError, match="items"):
        parse_body(b'{"value":[' + b"0," * (commas + 1) + b"0]}")
    assert parse_body(b'{"value":"' + b"," * (commas + 1) + b'"}')  # commas inside a string do not count


def test_message_size_limit():
    pad = protocol.MAX_MESSAGE_BYTES - 2
    assert parse_body(b" " * pad + b"{}") == {}
    with pytest.raises(ProtocolError, match="exceeds"):
        parse_body(b" " * (pad + 1) + b"{}")
    reader = Reader(-1)
    reader.buffer += header(protocol.MAX_MESSAGE_BYTES)
    assert reader._frame() is None, "a frame exactly at the limit is waited for"
    reader.buffer[:] = header(protocol.MAX_MESSAGE_BYTES + 1)
    with pytest.raises(ProtocolError, match="exceeds"):
        reader._frame()


@pytest.mark.parametrize(("literal", "value"), [
    (str(protocol.MAX_INT), protocol.MAX_INT), (str(-protocol.MAX_INT), -protocol.MAX_INT),
    ("0." + "1" * (protocol.MAX_NUMBER_CHARS - 2), float("0." + "1" * (protocol.MAX_NUMBER_CHARS - 2))),
    ("1.7976931348623157e308", 1.7976931348623157e308), ("-1.7976931348623157e308", -1.7976931348623157e308),
    ("1e-400", 0.0),
], ids=["max-int", "min-int", "longest-float", "max-float", "min-float", "underflow"])
def test_numbers_at_the_limit_are_read(literal, value):
    assert parse_body(b'{"value":' + literal.encode() + b"}")["value"] == value


@pytest.mark.parametrize("literal", [
    str(protocol.MAX_INT + 1), str(-protocol.MAX_INT - 1), "0." + "1" * (protocol.MAX_NUMBER_CHARS - 1),
    "7" * 5000, "9" * 400, "1.8e308", "1e400", "-1e400", "1" * 400 + ".0", "NaN", "Infinity", "-Infinity",
], ids=["int-over", "int-under", "float-too-long", "5000-digits", "400-digits", "float-over", "1e400", "-1e400",
        "400-digit-float", "nan", "inf", "-inf"])
def test_numbers_over_the_limit_are_refused(literal):
    with pytest.raises(ProtocolError):
        parse_body(b'{"value":' + literal.encode() + b"}")


def test_non_finite_floats_decode_only_through_their_tag():
    assert math.isinf(decode({"__float__": "inf"})) and math.isnan(decode({"__float__": "nan"}))
    for raw in (float("inf"), float("-inf"), float("nan")):
        with pytest.raises(ProtocolError, match="__float__"):
            decode([raw])
    with pytest.raises(ProtocolError):
        decode({"__float__": "1e400"})


def test_string_limit():
    n = protocol.MAX_STRING_CHARS
    assert decode("x" * n) == "x" * n
    assert decode({"__dict__": [["k" * n, 1]]}) == {"k" * n: 1}
    with pytest.raises(ProtocolError, match="string longer"):
        decode("x" * (n + 1))
    with pytest.raises(ProtocolError, match="string longer"):
        decode({"__dict__": [["k" * (n + 1), 1]]})


def test_depth_limit():
    value: list = []
    for _ in range(protocol.MAX_DEPTH):
        value = [value]
    assert decode(value) == value
    with pytest.raises(ProtocolError, match="deep"):
        decode([value])


def test_items_limit():
    n = protocol.MAX_ITEMS
    assert len(decode([0] * (n - 1))) == n - 1  # n values: the list and its n - 1 elements
    with pytest.raises(ProtocolError, match="items"):
        decode([0] * n)
    with pytest.raises(ProtocolError, match="items"):
        decode({"__tuple__": [0] * n})
    with pytest.raises(ProtocolError, match="items"):
        decode({"__dict__": [[str(i), 0] for i in range(n)]})


def array(shape: list, dtype: str = "|b1") -> dict:
    size = int(np.prod(shape)) * np.dtype(dtype).itemsize
    return {"__ndarray__": {"dtype": dtype, "shape": shape, "data": base64.b64encode(bytes(size)).decode()}}


def test_element_limit():
    n = protocol.MAX_ELEMENTS
    assert decode(array([n])).shape == (n,)
    with pytest.raises(ProtocolError, match="elements"):
        decode(array([n + 1]))
    with pytest.raises(ProtocolError, match="elements"):
        decode([array([n // 2]), array([n // 2 + 1])])


@pytest.mark.parametrize("shape", [[0, protocol.MAX_ELEMENTS], [protocol.MAX_ELEMENTS, 0], [0] * protocol.MAX_DIMENSIONS,
                                   [1] * protocol.MAX_DIMENSIONS])
def test_array_shapes_at_the_limit(shape):
    assert decode(array(shape)).shape == tuple(shape)


@pytest.mark.parametrize("shape", [[0, protocol.MAX_ELEMENTS + 1], [0, 2**63 - 1], [0, 2**63], [0, 2**64 + 5],
                                   [protocol.MAX_ELEMENTS + 1, 0], [0] * (protocol.MAX_DIMENSIONS + 1), [-1],
                                   [True, 1], [1.0], "3"])
def test_array_shapes_over_the_limit(shape):
    """Each dimension is checked on its own: a zero cannot hide a 2**63."""
    spec = {"__ndarray__": {"dtype": "<f8", "shape": shape, "data": ""}}
    with pytest.raises(ProtocolError):
        decode(spec)


def test_the_shape_0_by_2_63_frame_is_refused():
    body = b'{"value":{"__ndarray__":{"dtype":"<f8","shape":[0,9223372036854775808],"data":""}}}'
    with pytest.raises(ProtocolError, match="int64"):
        parse_body(body)
    body = body.replace(b"9223372036854775808", b"9223372036854775807")
    with pytest.raises(ProtocolError, match="dimension"):
        decode(parse_body(body)["value"])


@pytest.mark.parametrize(("dtype", "data"), [
    ("<f8", "AAAAAAAAAAA"), ("<f8", "AAAAAAAAAAAA="), ("<f8", "A" * 10_000_000), ("<f8", "AAAA AAAAAA="),
    ("|b1", "Ag=="), ("|b1", "/w=="),
], ids=["short", "long", "huge-before-decoding", "not-base64", "bool-2", "bool-255"])
def test_array_data_must_match_the_shape_and_dtype(dtype, data):
    with pytest.raises(ProtocolError):
        decode({"__ndarray__": {"dtype": dtype, "shape": [1], "data": data}})


def test_lone_surrogates_read_as_the_replacement_character():
    body = rb'{"a":"x\ud800y","b":"\udfff","c":"\ud83d\ude00","d":"\\ud800","e":"\\\ud800","f":"\\ud83d\ude00"}'
    doc = parse_body(body)
    assert doc == {"a": "x\ufffdy", "b": "\ufffd", "c": "\U0001f600", "d": "\\ud800", "e": "\\\ufffd",
                   "f": "\\ud83d\ufffd"}
    json.dumps(doc, ensure_ascii=False).encode("utf-8")  # every string can be written as UTF-8


def test_limits_leave_room_for_everything_encode_writes():
    """The deepest value encode writes (dicts all the way down) fits a frame, in both directions."""
    value: object = np.zeros((2, 2))
    for _ in range(protocol.MAX_DEPTH + 5):
        value = {"k": value}
    encoded = encode(value)
    for message in ({"op": "result", "value": encoded, "args_after": [encoded]},
                    {"op": "batch", "calls": [[encoded, encoded]]}):
        back = parse_body(pack(message)[4:])
        assert isinstance(decode(encoded), dict) and back == json.loads(json.dumps(message))
    assert isinstance(decode(encode(10**400)), Unsupported) and encode(2**60) == float(2**60)
