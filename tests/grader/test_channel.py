"""grader/channel.py: a child's result and error reports are read strictly, never trusted."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader import protocol
from grader.channel import MAX_FRAMES, decode_outcome, oracle_reply
from grader.execution import CallOutcome, NoOracle

FRAME = {"line": 3, "function": "relu", "code": "return Z", "file": ""}


def outcome(msg: dict) -> CallOutcome:
    return decode_outcome(msg, [], 0.1)


def test_an_honest_error_report_is_kept_as_sent():
    msg = {"status": "raised", "type": "ValueError", "message": "bad", "frames": [FRAME]}
    assert outcome(msg).error == {"type": "ValueError", "message": "bad", "frames": [FRAME]}
    assert outcome({"status": "not_implemented"}).status == "not_implemented"


@pytest.mark.parametrize("fields", [
    {"frames": [1, 2]}, {"frames": [{"line": "3"}]}, {"frames": [{"line": True}]}, {"frames": "none"},
    {"frames": [dict(FRAME, file=7)]}, {"frames": [FRAME] * (MAX_FRAMES + 1)}, {"type": ["ValueError"]},
    {"message": 5}, {"message": "x" * (protocol.MAX_STRING_CHARS + 1)}, {"frames": [dict(FRAME, code=None)]},
], ids=["numbers", "line-text", "line-bool", "not-a-list", "file-int", "too-many", "type-list", "message-int",
        "message-huge", "code-none"])
def test_a_malformed_error_report_is_a_protocol_error(fields):
    result = outcome({"status": "raised", "type": "E", "message": "m", **fields})
    assert result.status == "protocol_error" and "error report" in result.error["message"]


def test_limits_of_an_error_report_are_inclusive():
    msg = {"status": "raised", "type": "E", "message": "x" * protocol.MAX_STRING_CHARS,
           "frames": [dict(FRAME, line=None)] * MAX_FRAMES}
    assert outcome(msg).status == "raised"


def test_an_unreadable_value_is_a_protocol_error():
    result = outcome({"status": "ok", "value": {"__ndarray__": {"dtype": "<f8", "shape": [0, 2**62], "data": ""}}})
    assert result.status == "protocol_error" and "returned value" in result.error["message"]
    result = outcome({"status": "ok", "value": 1, "args_after": [{"__pickle__": "x"}]})
    assert result.status == "protocol_error"


@pytest.mark.parametrize("status", [None, 5, ["ok"], {"a": 1}, "x" * 10_000])
def test_an_unknown_status_is_named_briefly(status):
    result = outcome({"status": status})
    assert result.status == "protocol_error" and len(result.error["message"]) < 80


ANY_JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(2**63), 2**63), st.floats(), st.text(max_size=8)),
    lambda c: st.one_of(st.lists(c, max_size=4), st.dictionaries(st.text(max_size=8), c, max_size=4)),
    max_leaves=20)
FIELDS = st.sampled_from(["status", "value", "args_after", "type", "message", "frames", "line", "function"])


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(FIELDS, ANY_JSON, max_size=6),
       st.sampled_from(["ok", "raised", "missing", "not_implemented", "unencodable", "bogus"]))
def test_any_result_message_becomes_an_outcome(msg, status):
    result = decode_outcome({**msg, "status": status}, [], 0.0)
    assert isinstance(result, CallOutcome)
    if result.status in ("raised", "missing", "not_implemented", "unencodable"):
        json.dumps(result.error)  # plain data of the documented form
        for frame in result.error.get("frames", []):
            assert type(frame["line"]) in (int, type(None)) and all(type(frame[k]) is str
                                                                    for k in ("function", "code", "file"))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_an_oracle_request_is_answered_or_refused_with_a_protocol_error(noise):
    for body in (noise, b'{"op":"oracle",' + noise):
        try:
            frame = oracle_reply(NoOracle(), None, body, ["relu"], [])
        except protocol.ProtocolError:
            continue
        assert protocol.parse_body(frame[4:])["status"] in ("ok", "miss", "error")


def test_an_oracle_request_with_hostile_arguments_is_a_miss():
    body = protocol.pack({"op": "oracle", "function": "relu",
                          "args": [{"__ndarray__": {"dtype": "|O", "shape": [1], "data": "AAAA"}}]})[4:]
    misses: list[str] = []
    reply = protocol.parse_body(oracle_reply(NoOracle(), None, body, ["relu"], misses)[4:])
    assert reply == {"status": "miss"} and misses == ["relu"]
    body = protocol.pack({"op": "oracle", "function": "relu", "args": [protocol.encode(np.ones(2))]})[4:]
    assert protocol.parse_body(oracle_reply(NoOracle(), None, body, ["sigmoid"], [])[4:])["status"] == "error"
