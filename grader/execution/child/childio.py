"""Input and output of the child process: buffered framed reads, batched writes.

A sibling of :mod:`harness`, with the same constraints (standard library,
numpy and :mod:`protocol` only); the grader uses :class:`Reader` for its own
end of the pipes too.
"""

from __future__ import annotations

import os
import struct
import threading
import time
from typing import Any

try:  # in the grader
    from grader.execution.child import protocol
except ImportError:  # in the child, where only the harness's folder holds it
    import protocol  # type: ignore[no-redef]

_HEADER = struct.Struct(">I")


class Reader:
    """Buffered, blocking reading of framed messages from one file descriptor.

    One ``os.read`` usually brings a whole message (often several), where
    reading the header and the body separately would take two.
    """

    def __init__(self, fd: int) -> None:
        self.fd = fd
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
        """How much to ask ``os.read`` for: the rest of the current message, at least 64 KiB."""
        if len(self.buffer) >= _HEADER.size:
            missing = _HEADER.size + _HEADER.unpack_from(self.buffer)[0] - len(self.buffer)
            return min(max(missing, 1 << 16), protocol.MAX_MESSAGE_BYTES + _HEADER.size)
        return 1 << 16

    def buffered(self) -> bool:
        """Whether a complete message is already waiting in the buffer."""
        size = _HEADER.size
        return len(self.buffer) >= size and len(self.buffer) >= size + _HEADER.unpack_from(self.buffer)[0]

    def read_body(self) -> bytes:
        """The next message's body (blocking); EOFError if the channel closes first."""
        while True:
            body = self._frame()
            if body is not None:
                return body
            chunk = os.read(self.fd, self._want())
            if not chunk:
                raise EOFError("the other side closed the channel")
            self.buffer += chunk

    def read_message(self) -> dict[str, Any]:
        """The next message, parsed."""
        return protocol.parse_body(self.read_body())


class Outbox:
    """Frames for the grader, written together: a batch's results go in one write.

    A daemon thread flushes whatever has waited more than ``delay`` seconds,
    so that the grader sees the results before a later call that hangs.
    """

    def __init__(self, fd: int, delay: float = 0.02) -> None:
        self.fd = fd
        self.delay = delay
        self.frames: list[bytes] = []
        self.since = 0.0
        self.flushes = 0
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def put(self, frame: bytes) -> None:
        with self.lock:
            if not self.frames:
                self.since = time.monotonic()
            self.frames.append(frame)
        if self.thread is None:
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
            data = memoryview(b"".join(self.frames))
            self.frames.clear()
            self.flushes += 1
            while data:
                data = data[os.write(self.fd, data):]

    def send(self, frame: bytes) -> None:
        self.put(frame)
        self.flush()

    def _flusher(self) -> None:
        while True:
            time.sleep(self.delay)
            try:
                self.flush(self.delay)
            except OSError:
                return


__all__ = ["Reader", "Outbox"]
