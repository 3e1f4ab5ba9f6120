"""Reading and writing framed messages: the one reader of frames, and the child's batched writes.

A sibling of :mod:`harness`, with the same constraints (standard library,
numpy and :mod:`protocol` only). :class:`Reader` is the only code that reads
frames (:func:`protocol.pack` writes them): the child reads the grader's
requests with it, the grader reads the child's pipe with a deadline
(:mod:`grader.execution.session`), the zygote reads its control socket and
the grader the zygote's replies (:mod:`zygote`, :mod:`grader.execution.forkserver`).
"""

from __future__ import annotations

import os
import select
import signal
import threading
import time
from typing import Any

try:  # in the grader
    from grader.execution.child import protocol
except ImportError:  # in the child, where only the harness's folder holds it
    import protocol  # type: ignore[no-redef]

_HEADER = protocol.HEADER


class TimedOut(Exception):
    """No whole message arrived before the deadline."""


class Reader:
    """Buffered reading of framed messages from one file descriptor, blocking or by a deadline.

    One ``os.read`` usually brings a whole message (often several), where
    reading the header and the body separately would take two.

    Parameters
    ----------
    fd : int
        A pipe or a stream socket.
    readahead : int
        Least number of bytes asked of each ``os.read``; 0 reads no byte past
        the current message (a socket whose next message brings file
        descriptors must not be read into).
    """

    def __init__(self, fd: int, readahead: int = 1 << 16) -> None:
        self.fd = fd
        self.readahead = readahead
        self.buffer = bytearray()

    def _frame(self) -> bytes | None:
        if len(self.buffer) < _HEADER.size:
            return None
        (length,) = _HEADER.unpack_from(self.buffer)
        if length > protocol.MAX_MESSAGE_BYTES:
            raise protocol.ProtocolError(f"message of {length} bytes exceeds {protocol.MAX_MESSAGE_BYTES}")
        end = _HEADER.size + length
        if len(self.buffer) < end:
            return None
        body = bytes(self.buffer[_HEADER.size:end])
        del self.buffer[:end]
        return body

    def _want(self) -> int:
        """How much to ask ``os.read`` for: the rest of the current message, at least ``readahead``."""
        if len(self.buffer) >= _HEADER.size:
            missing = _HEADER.size + _HEADER.unpack_from(self.buffer)[0] - len(self.buffer)
            return min(max(missing, self.readahead), protocol.MAX_MESSAGE_BYTES + _HEADER.size)
        return max(_HEADER.size - len(self.buffer), self.readahead)

    def buffered(self) -> bool:
        """Whether a complete message is already waiting in the buffer."""
        size = _HEADER.size
        return len(self.buffer) >= size and len(self.buffer) >= size + _HEADER.unpack_from(self.buffer)[0]

    def read_body(self, deadline: float | None = None) -> bytes:
        """The next message's body; EOFError if the channel closes first.

        With a ``deadline`` (a :func:`time.monotonic` time), :class:`TimedOut`
        if no whole message has come by then; without, it blocks.
        """
        while True:
            body = self._frame()
            if body is not None:
                return body
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not select.select([self.fd], [], [], remaining)[0]:
                    raise TimedOut
            chunk = os.read(self.fd, self._want())
            if not chunk:
                raise EOFError  # no message: what the grader reports of a crash names none
            self.buffer += chunk

    def read_message(self, deadline: float | None = None) -> dict[str, Any]:
        """The next message, parsed (see :meth:`read_body`)."""
        return protocol.parse_body(self.read_body(deadline))


def read_message(fd: int) -> dict[str, Any]:
    """Read one framed message from ``fd`` (blocking), reading no byte past it."""
    return Reader(fd, readahead=0).read_message()


class Outbox:
    """Frames for the grader, written together: a batch's results go in few writes.

    A daemon thread flushes whatever has waited more than ``delay`` seconds,
    so that the grader sees the results before a later call that hangs. It
    is started only once a second frame is :meth:`put`: the first is written
    at once (a child that answers one call, or whose frames all go by
    :meth:`send`, starts no thread), so no frame ever waits without it.
    """

    def __init__(self, fd: int, delay: float = 0.02) -> None:
        self.fd = fd
        self.delay = delay
        self.frames: list[bytes] = []
        self.since = 0.0
        self.flushes = 0
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None
        self.direct = False  # the first frame put was written at once

    def _add(self, frame: bytes) -> None:
        with self.lock:
            if not self.frames:
                self.since = time.monotonic()
            self.frames.append(frame)

    def put(self, frame: bytes) -> None:
        """Write ``frame`` with the next ones, ``delay`` seconds later at most."""
        self._add(frame)
        if self.thread is None and self.delay > 0.0:
            if not self.direct:  # no flusher yet: this frame must not wait
                self.direct = True
                self.flush()
                return
            self.thread = threading.Thread(target=self._flusher, name="grader-outbox", daemon=True)
            try:
                self.thread.start()
            except RuntimeError:  # no thread left under the process limit: write each frame at once
                self.delay = 0.0
        if self.delay == 0.0:
            self.flush()

    def flush(self, older_than: float = 0.0) -> None:
        with self.lock:
            if not self.frames or time.monotonic() - self.since < older_than:
                return
            data = b"".join(self.frames)
            self.frames.clear()
            self.flushes += 1
            protocol.write_frame(self.fd, data)

    def send(self, frame: bytes) -> None:
        """Write ``frame`` now, after whatever waits (no flusher is needed for it)."""
        self._add(frame)
        self.flush()

    def _flusher(self) -> None:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGPROF})  # a call's CPU budget is the main thread's
        while True:
            time.sleep(self.delay)
            try:
                self.flush(self.delay)
            except OSError:
                return


__all__ = ["Outbox", "Reader", "TimedOut", "read_message"]
