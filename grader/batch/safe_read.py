"""Read a job's file once, safely: no link followed, nothing but a regular file, never more than the size limit.

The bytes :func:`read_job` reads are the bytes fingerprinted and graded
(:mod:`grader.batch.jobs`), whatever happens to the file later.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import replace
from pathlib import Path

from grader.batch.discovery import KINDS
from grader.batch.jobs import Job
from grader.grading import submission
from grader.grading.source import MAX_BYTES, SubmissionError

_READ = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC

_DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def _open_below(root: Path, parts: tuple[str, ...]) -> int:
    """A descriptor of ``root/parts...`` opened without following any link below ``root``, without blocking."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for part in parts[:-1]:
            inner = os.open(part, _DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = inner
        return os.open(parts[-1], _READ, dir_fd=fd)
    finally:
        os.close(fd)


def _open_problem(shown: str, exc: OSError) -> str:
    """Why ``shown`` could not be opened, in one line."""
    if exc.errno in (errno.ELOOP, errno.EMLINK, errno.ENOTDIR):
        return f"{shown} was replaced by a symbolic link: it was not followed or opened"
    if exc.errno == errno.ENOENT:
        return f"{shown} disappeared before it could be read"
    if exc.errno == errno.ENXIO:
        return f"{shown} is not a regular file (a socket or a device): it was not opened"
    return f"{shown} cannot be read: {exc.strerror}"


def read_submission(root: Path, parts: tuple[str, ...], shown: str) -> bytes:
    """Read the regular file ``root/parts...`` once, safely.

    No symbolic link below ``root`` is followed (``O_NOFOLLOW`` at every
    step), opening never blocks (``O_NONBLOCK``), and the opened file is
    checked with ``fstat``, so a file swapped for a link, a named pipe or
    a device after :func:`discover` looked at it is not read either. At
    most ``MAX_BYTES + 1`` bytes are read.

    Raises
    ------
    SubmissionError
        With the reason, when the file cannot be opened, is not a regular
        file, or holds more than ``MAX_BYTES`` bytes.
    """
    try:
        fd = _open_below(root, parts)
    except OSError as exc:
        raise SubmissionError(_open_problem(shown, exc)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
            raise SubmissionError(f"{shown} is {kind}, not a regular file: it was not read")
        data = b"" if info.st_size > MAX_BYTES else submission.read_at_most(fd, MAX_BYTES + 1)
        size = max(info.st_size, len(data))
        if size > MAX_BYTES:
            raise SubmissionError(f"{shown} is {size} bytes, more than the {MAX_BYTES} allowed")
        return data
    except OSError as exc:
        raise SubmissionError(f"{shown} cannot be read: {exc.strerror}") from None
    finally:
        os.close(fd)


def read_job(job: Job, root: Path) -> Job:
    """``job`` with its file's bytes in ``data``, or with a ``problem`` saying why they cannot be had."""
    if job.problem or not job.parts:
        return job
    try:
        return replace(job, data=read_submission(root, job.parts, job.name))
    except SubmissionError as exc:
        return replace(job, problem=str(exc))


__all__ = ["read_job", "read_submission"]
