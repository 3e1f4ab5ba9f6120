"""Read a submission file (.py or .ipynb) safely into Python source.

Everything here runs in the grader's process on untrusted *bytes*, never
executing them: a file is at most :data:`MAX_BYTES`, only a regular file is
read (never blocking on it), and its text must be UTF-8; breaking a rule is
a :class:`SubmissionError` with a message the student can act on, never
another exception. A notebook's bytes become a module through
:mod:`grader.grading.ipynb`, under that module's limits.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from grader.grading.source import MAX_BYTES, Source, SubmissionError


def _decode(raw: bytes, path: Path) -> str:
    if not raw.strip():
        raise SubmissionError(f"{path.name} is empty")
    if b"\x00" in raw:
        raise SubmissionError(f"{path.name} is a binary file, not Python source or a notebook")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SubmissionError(
            f"{path.name} is not UTF-8 text (byte {exc.start}): save it with UTF-8 encoding"
        ) from None


def source_from_bytes(data: bytes, path: Path) -> Source:
    """Python source from a submission's bytes (a notebook's code cells when ``path`` ends in ``.ipynb``).

    Raises
    ------
    SubmissionError
        When the bytes are too many, empty, binary, not UTF-8, or not a notebook.
    """
    if len(data) > MAX_BYTES:
        raise SubmissionError(f"{path.name} is more than the {MAX_BYTES} bytes allowed")
    text = _decode(data, path)
    if path.suffix != ".ipynb":
        return Source(text, path)
    from grader.grading.ipynb import notebook_source  # (numpy: a .py file is read without it, see cli/prestart.py)

    return notebook_source(text, path)


def read_source(path: Path) -> Source:
    """Load ``path`` as Python source, converting a notebook's code cells.

    Only a regular file is read (a named pipe, a socket or a device is
    refused without blocking on it), and no more than :data:`MAX_BYTES` + 1
    bytes of it.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise SubmissionError(f"cannot read {path}: {exc.strerror}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise SubmissionError(f"{path.name} is not a regular file (a named pipe, socket or device?): "
                                  "it was not read")
        data = read_at_most(fd, MAX_BYTES + 1)
    except OSError as exc:
        raise SubmissionError(f"cannot read {path}: {exc.strerror}") from None
    finally:
        os.close(fd)
    return source_from_bytes(data, path)


def read_at_most(fd: int, limit: int) -> bytes:
    """Up to ``limit`` bytes from ``fd`` (fewer at the end of the file)."""
    chunks = []
    left = limit
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


__all__ = ["MAX_BYTES", "Source", "SubmissionError", "read_at_most", "read_source", "source_from_bytes"]
