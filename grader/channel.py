"""The grader's end of a child's pipes: reads with deadlines, and the oracle's reply cache."""

from __future__ import annotations

import os
import select
import time
from collections.abc import Sequence
from typing import Any

from grader import protocol
from grader.childio import Reader
from grader.execution import CallOutcome, Oracle


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


class _Deadline(Exception):
    pass


class _Channel(Reader):
    """The grader's reading end of a child's pipe: buffered, with a deadline on every read."""

    def read_body_by(self, deadline: float) -> bytes:
        while True:
            body = self._frame()
            if body is not None:
                return body
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self.fd], [], [], remaining)[0]:
                raise _Deadline
            chunk = os.read(self.fd, self._want())
            if not chunk:
                raise EOFError
            self.buffer += chunk


_ORACLE_PREFIX = b'{"op":"oracle",'


class OracleCache:
    """Replies to oracle requests, keyed by the request's exact bytes, within a memory budget.

    Valid only for an oracle whose answer depends on the request alone (the
    reference), never for one that depends on the case being run. A child
    can only ever get the reply any child sending the same bytes would get.
    """

    def __init__(self, max_bytes: int = 64 << 20, max_entry: int = 256 << 10) -> None:
        self.replies: dict[bytes, tuple[str, bytes, bool]] = {}
        self.max_bytes, self.max_entry, self.size = max_bytes, max_entry, 0
        self.hits = self.misses = 0

    def get(self, body: bytes) -> tuple[str, bytes, bool] | None:
        hit = self.replies.get(body)
        if hit is None:
            self.misses += 1
        else:
            self.hits += 1
        return hit

    def put(self, body: bytes, function: str, frame: bytes, missed: bool) -> None:
        cost = len(body) + len(frame)
        if len(body) <= self.max_entry and self.size + cost <= self.max_bytes:
            self.replies[body] = (function, frame, missed)
            self.size += cost


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
    """Turn a child's ``result`` message into a :class:`CallOutcome` (decoding the value strictly)."""
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
        error: dict[str, Any] = {k: msg.get(k) for k in ("type", "message", "frames") if k in msg}
        return CallOutcome(status, error=error, oracle_misses=tuple(misses), seconds=seconds,
                           used=names(msg.get("used")))
    return CallOutcome("protocol_error", error={"message": f"unexpected status {status!r}"},
                       seconds=seconds)


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
            status, value = oracle.answer(name, args, kwargs)
        except protocol.ProtocolError:
            status, value = "miss", None
        if status == "ok":
            reply = {"status": "ok", "value": protocol.encode(value)}
        elif status == "miss":
            misses.append(name)
            reply = {"status": "miss"}
        else:
            reply = {"status": "error", "message": str(value)}
    frame = protocol.pack(reply)
    if cache is not None and type(name) is str and name in substitute:
        cache.put(body, name, frame, reply["status"] == "miss")
    return frame


__all__ = ["OracleCache", "decode_outcome", "names", "oracle_reply", "paths"]
