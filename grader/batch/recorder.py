"""The batch's result files: one document per student, written atomically as it arrives, read back on resume.

A stored document is kept by a new run only if it is complete, final and
has the fingerprint of the job as it is now (:func:`load_result`); a
document a worker sends back is checked before it is written
(:class:`Recorder`), so every student ends with exactly one sound row.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from grader.batch.jobs import GradingSpec, Job, grader_error, result_name
from grader.batch.result import BatchResult

RESULTS = "results"


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new one, never a part.

    The file is always valid UTF-8: a lone surrogate (from a file name that
    is not UTF-8) is written as its ``\\udcNN`` escape, never as a raw byte.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def load_result(path: Path, job: Job) -> dict[str, Any] | None:
    """The stored result for ``job`` if it is complete, current and final (else None)."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (not isinstance(doc, dict) or doc.get("student") != job.student or doc.get("retry")
            or doc.get("fingerprint") != job.fingerprint):
        return None
    try:
        BatchResult.from_json(doc)
    except (KeyError, TypeError, ValueError):
        return None
    return doc


def _checked(job: Job, doc: Any, spec: GradingSpec) -> dict[str, Any]:
    """``doc`` if it is a sound result document of ``job``, else a row naming the grader's error."""
    try:
        if not isinstance(doc, dict):
            raise TypeError(f"the worker sent a {type(doc).__name__}, not a result document")
        if doc.get("student") != job.student:
            raise ValueError(f"the worker sent the result of {doc.get('student')!r} instead")
        if doc.get("fingerprint") != job.fingerprint:
            raise ValueError("the worker sent a result with another fingerprint")
        BatchResult.from_json(doc)
        json.dumps(doc)
    except Exception as exc:  # noqa: BLE001 - whatever is wrong with it, the student gets a row
        return grader_error(job, spec, exc, when="when the result came back")
    return doc


class Progress:
    """Receives progress: ``start(total, done)``, ``advance(result)`` per result, ``stop()``."""

    def start(self, total: int, done: int) -> None: ...

    def advance(self, result: BatchResult) -> None: ...

    def stop(self) -> None: ...


class Recorder:
    """Writes each job's result document as it arrives, keeping exactly one per student.

    Parameters
    ----------
    out : Path
        The batch's output folder (documents go to ``out/results``).
    spec : GradingSpec
        How the batch grades (for the rows of the grader's own errors).
    progress, on_result
        Told of each result, as in :func:`run_batch`.
    """

    def __init__(self, out: Path, spec: GradingSpec, progress: Progress | None = None,
                 on_result: Callable[[BatchResult], None] | None = None) -> None:
        self.folder = out / RESULTS
        self.spec = spec
        self.progress = progress
        self.on_result = on_result
        self.docs: dict[str, dict[str, Any]] = {}

    def keep(self, job: Job, doc: dict[str, Any]) -> None:
        """Take a stored result of an earlier run as it is."""
        self.docs[job.student] = doc

    def __call__(self, job: Job, doc: Any) -> None:
        """Record ``doc`` as ``job``'s result (with the file's name and the time it was graded):
        write it atomically, then report progress."""
        doc = _checked(job, doc, self.spec)
        doc.setdefault("submission", job.name)
        doc.setdefault("graded_at", datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"))
        write_atomic(self.folder / result_name(job.student), json.dumps(doc, indent=1) + "\n")
        self.docs[job.student] = doc
        if self.progress is not None or self.on_result is not None:
            result = BatchResult.from_json(doc)
            if self.progress is not None:
                self.progress.advance(result)
            if self.on_result is not None:
                self.on_result(result)


__all__ = ["RESULTS", "Progress", "Recorder", "load_result", "write_atomic"]
