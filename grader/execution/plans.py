"""Requests sent ahead: a batch packed once for every submission, and a sent batch still to be read.

See :meth:`~grader.execution.session.ChildSession.send_plan`.
"""

from __future__ import annotations

import os
import select
import time
from dataclasses import dataclass

from grader.execution.child.childio import TimedOut
from grader.execution.interface import ChildProcess


@dataclass(frozen=True)
class PackedBatch:
    """A batch request packed ahead: its JSON without an id, its number of calls, function and budgets."""

    body: bytes
    calls: int
    function: str
    budgets: tuple[float | None, ...] = ()
    #: The same request naming each case by its index among the preloaded ones (``b""``: none).
    refs: bytes = b""
    #: The key of those preloaded cases (see :mod:`grader.grading.preload`).
    preload: str = ""


@dataclass(frozen=True)
class Planned:
    """A batch sent to a child, whose answers are still to be read (see :meth:`ChildSession.collect`)."""

    child: ChildProcess
    batch_id: int
    function: str
    calls: int
    substitute: tuple[str, ...]
    budgets: tuple[float | None, ...] = ()
    """Seconds each call may take (None: ``Limits.call_seconds``), see :func:`budget_of`."""


def write_within(fd: int, data: bytes, deadline: float) -> None:
    """Write ``data`` to a pipe as fast as the child reads it, giving up at ``deadline``.

    The pipe is non-blocking while this writes, so a child that stops
    reading costs the deadline, never a grader stuck in ``write``.
    """
    view = memoryview(data)
    was_blocking = os.get_blocking(fd)
    os.set_blocking(fd, False)
    try:
        while view:
            try:
                view = view[os.write(fd, view):]
                continue
            except BlockingIOError:
                pass
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([], [fd], [], wait)[1]:
                raise TimedOut("the child did not read its input")
    finally:
        os.set_blocking(fd, was_blocking)


__all__ = ["PackedBatch", "Planned", "write_within"]
