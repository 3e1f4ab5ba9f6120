"""The grader's end of a child's pipes: what it reads checked field by field, and the oracle's replies (cached)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from grader.execution.child import protocol
from grader.execution.interface import CallOutcome, Oracle

_ORACLE_PREFIX = b'{"op":"oracle",'


class OracleCache:
    """Replies to oracle requests, keyed by the request's exact bytes, within a memory budget.

    Valid only for an oracle whose answer depends on the request alone (the
    reference), never for one that depends on the case being run. A child
    can only ever get the reply any child sending the same bytes would get.
    """

    def __init__(self, max_bytes: int = 32 << 20, max_entry: int = 256 << 10, per_submission: int = 4 << 20) -> None:
        self.replies: dict[bytes, tuple[str, bytes, bool]] = {}
        self.max_bytes, self.max_entry, self.size = max_bytes, max_entry, 0
        self.per_submission, self.added = per_submission, 0
        self.hits = self.misses = 0

    def begin_submission(self) -> None:
        """Start counting the bytes a new submission adds (at most ``per_submission``)."""
        self.added = 0

    def get(self, body: bytes) -> tuple[str, bytes, bool] | None:
        hit = self.replies.get(body)
        if hit is None:
            self.misses += 1
        else:
            self.hits += 1
        return hit

    def put(self, body: bytes, function: str, frame: bytes, missed: bool) -> None:
        cost = len(body) + len(frame) + 200
        if (len(body) <= self.max_entry and self.size + cost <= self.max_bytes
                and self.added + cost <= self.per_submission):
            self.replies[body] = (function, frame, missed)
            self.size += cost
            self.added += cost


def names(value: Any) -> tuple[str, ...]:
    """A child's list of function names (for messages only), validated: short strings, few of them."""
    if type(value) is not list:
        return ()
    return tuple(v for v in value[:64] if type(v) is str and len(v) <= 100)


def paths(value: Any) -> tuple[tuple[Any, ...], ...]:
    """A child's list of argument paths (``[index, key, ...]``), validated."""
    if type(value) is not list:
        return ()
    out = []
    for path in value[:50]:
        if (type(path) is list and 1 < len(path) <= 10 and type(path[0]) is int
                and all(type(p) in (int, str) and (type(p) is int or len(p) <= 100) for p in path)):
            out.append(tuple(path))
    return tuple(out)


def decode_outcome(msg: dict[str, Any], misses: list[str], seconds: float, digest: bytes = b"") -> CallOutcome:
    """Turn a child's ``result`` message into a :class:`CallOutcome`, decoding and checking every field.

    A value or error report the grader cannot read (see :mod:`grader.execution.child.protocol`
    for the limits) becomes a ``protocol_error`` outcome, never an exception.
    """
    status = msg.get("status")
    try:
        if status == "ok":
            value = protocol.decode(msg.get("value"))
            after = msg.get("args_after")
            args_after = [protocol.decode(a) for a in after] if type(after) is list else None
            return CallOutcome("ok", value, args_after, oracle_misses=tuple(misses), seconds=seconds,
                               digest=digest, used=names(msg.get("used")), replaced=paths(msg.get("replaced")))
    except protocol.ProtocolError as exc:
        return CallOutcome("protocol_error", error={"message": f"could not read the returned value: {exc}"},
                           seconds=seconds)
    if status in ("missing", "not_implemented", "raised", "unencodable"):
        try:
            error = _error_fields(msg)
        except protocol.ProtocolError as exc:
            return CallOutcome("protocol_error", error={"message": f"could not read the error report: {exc}"},
                               seconds=seconds)
        return CallOutcome(status, error=error, oracle_misses=tuple(misses), seconds=seconds,
                           used=names(msg.get("used")))
    shown = status[:40] if type(status) is str else type(status).__name__
    return CallOutcome("protocol_error", error={"message": f"unexpected status {shown!r}"}, seconds=seconds)


def batch_reply(msg: dict[str, Any], batch_id: int, answered: int, calls: int, stopping: bool) -> str:
    """What a reply to a batch request is (``"done"`` or ``"result"``), if it is the one expected now.

    ``answered`` calls of ``calls`` have had their answer; ``stopping``: the
    grader has asked the child to skip the rest.

    Raises
    ------
    ProtocolError
        For a reply to another request, a ``done`` before every call that was
        to run has its answer, or a result out of order (each a sign that the
        submission writes to the grader's channel).
    """
    if msg.get("id") != batch_id:
        raise protocol.ProtocolError("a message that belongs to no request of the grader")
    if msg.get("op") == "done":
        if msg.get("count") != answered or (answered < calls and not stopping):
            raise protocol.ProtocolError(
                f"the grader's request was ended after {answered} of its {calls} calls had "
                "an answer (by something in your code that writes to the grader's channel): "
                "every call must get its own answer")
        return "done"
    if msg.get("op") != "result" or msg.get("index") != answered or answered >= calls:
        raise protocol.ProtocolError(
            f"an answer out of order or forged (expected the answer to call {answered + 1} of "
            f"{calls}; something in your code writes to the grader's channel)")
    return "result"


#: Most traceback frames an error report may carry (the harness sends the last 6).
MAX_FRAMES = 50
_FRAME_TEXT = ("function", "code", "file")


def _text(value: Any, what: str) -> str:
    if type(value) is not str or len(value) > protocol.MAX_STRING_CHARS:
        raise protocol.ProtocolError(f"{what} is not a string of at most {protocol.MAX_STRING_CHARS} characters")
    return value


def _error_fields(msg: dict[str, Any]) -> dict[str, Any]:
    """The ``type``, ``message`` and ``frames`` of an error result, each of the documented form.

    Raises
    ------
    ProtocolError
        If a field has another type, or a string or the frame list is too long.
    """
    error: dict[str, Any] = {k: _text(msg[k], k) for k in ("type", "message") if k in msg}
    if "frames" in msg:
        frames = msg["frames"]
        if type(frames) is not list or len(frames) > MAX_FRAMES:
            raise protocol.ProtocolError(f"frames is not a list of at most {MAX_FRAMES} frames")
        error["frames"] = [_frame(f) for f in frames]
    return error


def _frame(frame: Any) -> dict[str, Any]:
    """One traceback frame: ``{"line": int | None, "function": str, "code": str, "file": str}``."""
    if type(frame) is not dict:
        raise protocol.ProtocolError("a frame is not an object")
    line = frame.get("line")
    if line is not None and type(line) is not int:
        raise protocol.ProtocolError("a frame's line is not an integer")
    out: dict[str, Any] = {"line": line}
    out.update((k, _text(frame.get(k, ""), f"a frame's {k}")) for k in _FRAME_TEXT)
    return out


#: Most functions a ready message may describe, and most parameters of one.
MAX_FUNCTIONS, MAX_PARAMS = 10_000, 1_000
_PARAM_KINDS = ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD", "VAR_POSITIONAL", "KEYWORD_ONLY", "VAR_KEYWORD")


def read_ready(body: bytes) -> dict[str, Any]:
    """The child's first message (``op: ready``), parsed, with every field the grader reads checked.

    ``status`` is a short string; with ``ok``, ``functions`` maps each name
    to its parameters, ``[name, kind, has_default]``; otherwise ``type``,
    ``message`` and ``text`` are strings, ``line`` and ``offset`` integers
    or None, and ``frames`` a traceback as in an error report. Other fields
    pass through untouched.

    Raises
    ------
    ProtocolError
        If the body is not such a message.
    """
    msg = protocol.parse_body(body)
    if msg.get("op") != "ready":
        raise protocol.ProtocolError("the child did not start with a ready message")
    status = msg.get("status")
    if type(status) is not str or len(status) > 40:
        raise protocol.ProtocolError("the ready message has no status")
    if "functions" in msg:
        msg["functions"] = _functions(msg["functions"])
    for key in ("line", "offset"):
        if msg.get(key) is not None and type(msg[key]) is not int:
            raise protocol.ProtocolError(f"the ready message's {key} is not an integer")
    if "text" in msg:
        msg["text"] = _text(msg["text"], "text")
    return {**msg, **_error_fields(msg)}


def _functions(functions: Any) -> dict[str, list[list[Any]]]:
    """The signatures of a ready message: ``{name: [[param, kind, has_default], ...]}``."""
    if type(functions) is not dict or len(functions) > MAX_FUNCTIONS:
        raise protocol.ProtocolError(f"functions is not an object of at most {MAX_FUNCTIONS} functions")
    for name, params in functions.items():
        if type(params) is not list or len(params) > MAX_PARAMS:
            raise protocol.ProtocolError(f"the parameters of {name[:40]!r} are not a list")
        for param in params:
            if (type(param) is not list or len(param) != 3 or type(param[0]) is not str
                    or param[1] not in _PARAM_KINDS or type(param[2]) is not bool):
                raise protocol.ProtocolError(f"a parameter of {name[:40]!r} is not [name, kind, has_default]")
    return functions


def oracle_reply(oracle: Oracle, cache: OracleCache | None, body: bytes, substitute: Sequence[str],
                 misses: list[str]) -> bytes:
    """The framed reply to an oracle request (from ``cache`` when it has these exact bytes)."""
    hit = cache.get(body) if cache is not None else None
    if hit is not None and hit[0] in substitute:
        if hit[2]:
            misses.append(hit[0])
        return hit[1]
    msg = protocol.parse_body(body)
    name = msg.get("function")
    reply: dict[str, Any]
    if type(name) is not str or name not in substitute:
        reply = {"status": "error", "message": "refused"}
    else:
        try:
            raw_args = msg.get("args")
            args = [protocol.decode(a) for a in raw_args] if type(raw_args) is list else []
            kwargs = protocol.decode(msg.get("kwargs") or {"__dict__": []})
            if type(kwargs) is not dict:
                kwargs = {}
            state = protocol.decode(msg["rng"]) if "rng" in msg else None
            drawing = getattr(oracle, "answer_drawing", None)
            after = None
            if state is not None and drawing is not None:  # the callee draws from the caller's generator
                status, value, after = drawing(name, args, kwargs, state)
            else:
                status, value = oracle.answer(name, args, kwargs)
        except protocol.ProtocolError:
            status, value, after = "miss", None, None
        if status == "ok":
            reply = {"status": "ok", "value": protocol.encode(value)}
            if after is not None:
                reply["rng"] = protocol.encode(after)
        elif status == "miss":
            misses.append(name)
            reply = {"status": "miss"}
        else:
            reply = {"status": "error", "message": str(value)}
    frame = protocol.pack(reply)
    if cache is not None and type(name) is str and name in substitute:
        cache.put(body, name, frame, reply["status"] == "miss")
    return frame


__all__ = ["OracleCache", "batch_reply", "decode_outcome", "names", "oracle_reply", "paths", "read_ready"]
