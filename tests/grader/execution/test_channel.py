"""grader/execution/channel.py: a child's result and error reports are read strictly, never trusted."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.execution.channel import MAX_FRAMES, decode_outcome, oracle_reply, read_ready
from grader.execution.child import protocol
from grader.execution.interface import CallOutcome, NoOracle

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


# ---------------------------------------------------------------- the ready message


def _real_ready(tmp_path, source: str) -> bytes:
    """The bytes of the ready message a real harness sends for ``source``."""
    import time

    from grader.execution.child.childio import Reader
    from grader.execution.interface import Limits
    from grader.execution.local import LocalLauncher

    path = tmp_path / "submission.py"
    path.write_text(source)
    child = LocalLauncher().start(path, Limits())
    try:
        return Reader(child.from_child).read_body(time.monotonic() + 20)
    finally:
        child.kill()
        child.wait(5)


@pytest.mark.parametrize(("source", "status"), [
    ("def relu(Z, *args, k=1, **kw):\n    return Z\n", "ok"),
    ("def relu(Z)\n    return Z\n", "syntax_error"),
    ("def f():\n    return 1\nf()[0]\n", "import_error"),
], ids=["ok", "syntax-error", "import-error"])
def test_every_ready_message_of_the_harness_is_read(tmp_path, source, status):
    ready = read_ready(_real_ready(tmp_path, source))
    assert ready["status"] == status
    if status == "ok":
        assert ready["functions"]["relu"][0] == ["Z", "POSITIONAL_OR_KEYWORD", False]
    elif status == "import_error":
        assert ready["type"] == "TypeError" and ready["frames"][-1]["line"] == 3


@pytest.mark.parametrize("fields", [
    {"status": "ok", "functions": {"relu": 5}}, {"status": "ok", "functions": {"relu": [1]}},
    {"status": "ok", "functions": {"relu": [["Z", "SOMETIMES", False]]}}, {"status": "ok", "functions": [1]},
    {"status": "import_error", "type": "X", "message": "m", "frames": [1]}, {"status": 5},
    {"status": "syntax_error", "line": "3"}, {"status": "syntax_error", "text": ["x"]}, {"op": "result"},
], ids=["params-int", "param-int", "param-kind", "functions-list", "frames-int", "status-int", "line-text",
        "text-list", "not-ready"])
def test_a_malformed_ready_message_is_a_protocol_error(fields):
    with pytest.raises(protocol.ProtocolError):
        read_ready(protocol.pack({"op": "ready", **fields})[4:])


def test_unknown_ready_fields_pass_through():
    assert read_ready(protocol.pack({"op": "ready", "status": "ok", "functions": {}, "extra": [1]})[4:])["extra"] == [1]
