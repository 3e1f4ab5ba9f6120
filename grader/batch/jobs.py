"""One submission of a batch: its job, its fingerprint, and its grading into a result document.

:func:`grader.batch.discovery.discover` finds the :class:`Job` of each student;
:func:`grader.batch.safe_read.read_job` reads its file once, and
:func:`fingerprint` hashes those very bytes: the bytes a worker grades
(:meth:`Worker.grade`) are the bytes the result is recorded under, whatever
happens to the file later. Every job gives a document, whatever the
submission holds and whatever goes wrong while grading it.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from grader.batch.result import BatchResult
from grader.execution.interface import Limits
from grader.grading import submission
from grader.grading.results import Report
from grader.grading.source import Source, SubmissionError

_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}")


@dataclass(frozen=True)
class Job:
    """One student's submission to grade.

    ``path`` is the file to grade (None when there is none); ``problem`` says
    why it cannot be graded at all; ``name`` is the file's name below the
    submissions folder, as shown in messages; ``parts`` are the operating
    system's names of the folders and the file below the submissions
    folder (what :func:`read_job` opens, following no link); ``data`` holds
    the file's bytes once :func:`read_job` has read them: those bytes are
    fingerprinted and graded, and travel with the job to a worker (local
    or Dask).
    """

    student: str
    path: str | None
    problem: str | None = None
    fingerprint: str = ""
    data: bytes | None = field(default=None, repr=False)
    name: str = ""
    parts: tuple[str, ...] = ()


#: Changed whenever a result document of the same submission would say more or else (2: the diagnosis codes
#: of failed checks), so that a batch grades again what an older grader stored.
RESULT_FORMAT = 2


@dataclass(frozen=True)
class GradingSpec:
    """Everything a worker needs to grade jobs (picklable, sent to Dask workers)."""

    assignment: str
    folder: str
    public_only: bool = False
    isolation: str = "process"
    limits: Limits = Limits()
    hide: tuple[str, ...] = ()
    tmp_mb: int = 256
    suite: str = ""
    """The digest of the files the suite is made from (:func:`grader.course.locate.suite_digest`)."""

    def key(self) -> str:
        return hashlib.blake2b(repr(asdict(self)).encode(), digest_size=12).hexdigest()


def result_name(student: str) -> str:
    """A file name for the student's result, different for every student id.

    The id itself when it is safe (starts with a letter or digit, then
    letters, digits and ``._@+-``); else ``_`` (which no safe id starts
    with), a slug of the id and a hash of it.
    """
    if _SAFE.fullmatch(student):
        return f"{student}.json"
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", student).strip("._-")[:60] or "student"
    digest = hashlib.sha256(student.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return f"_{slug}-{digest}.json"


def fingerprint(job: Job, spec: GradingSpec, max_score: float) -> str:
    """What a result depends on: the bytes read (``job.data``), the assignment and the files of its suite,
    the limits, any problem, and the result format (:data:`RESULT_FORMAT`)."""
    digest = hashlib.sha256()
    digest.update(repr((RESULT_FORMAT, spec.assignment, spec.suite, spec.public_only, max_score, spec.limits,
                        job.problem)).encode())
    if job.data is not None:
        digest.update(job.data)
    return digest.hexdigest()


def source_from_bytes(data: bytes, name: str) -> Source:
    """Python source from a submission's bytes, checked as :func:`grader.grading.submission.read_source` checks a file.

    ``name`` is the file's name as shown in messages; a name ending in
    ``.ipynb`` is a notebook. Raises ``SubmissionError`` as that does.
    """
    return submission.source_from_bytes(data, Path(name))


def summarize_error(report: Report) -> str | None:
    """The one-line error of a report whose submission could not be graded normally, if any."""
    for key in ("error", "load_error"):
        if report.meta.get(key):
            return str(report.meta[key]).splitlines()[0]
    missing = report.meta.get("missing")
    if missing:
        return f"missing function{'s' if len(missing) > 1 else ''}: {', '.join(missing)}"
    return None


def error_result(job: Job, spec: GradingSpec, message: str, *, report: Report | None = None,
                 seconds: float = 0.0, retry: bool = False) -> dict[str, Any]:
    """A result document for a job that could not be graded (``retry``: regrade on resume)."""
    doc = BatchResult(job.student, report, round(seconds, 3), message, spec.isolation,
                      assignment=spec.assignment).to_json()
    doc.update(fingerprint=job.fingerprint, retry=retry)
    return doc


def grader_error(job: Job, spec: GradingSpec, exc: BaseException, *, seconds: float = 0.0,
                 when: str = "while grading this submission") -> dict[str, Any]:
    """The result document of a job the grader itself failed on (regraded on resume)."""
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
    return error_result(job, spec, f"internal error of the grader {when} ({detail}), not a fault of the "
                        "submission; it is graded again when the batch is run again", seconds=seconds, retry=True)


class Worker:
    """A worker's suite and sandbox, made once and reused for every job it grades."""

    def __init__(self, spec: GradingSpec) -> None:
        from grader.course.locate import load_suite
        from grader.grading.preload import preload_table

        self.spec = spec
        self.suite = load_suite(Path(spec.folder), public_only=spec.public_only)
        self.preload = preload_table(self.suite)  # every child of this worker finds the cases decoded
        self.launcher: Any = None
        self._launcher()

    def _launcher(self) -> Any:
        """This worker's sandbox, started if need be."""
        from grader.execution.sandbox import LAUNCHERS

        if self.launcher is None:
            self.launcher = LAUNCHERS[self.spec.isolation](self.spec.hide, self.spec.tmp_mb)
        return self.launcher

    def grade(self, job: Job) -> dict[str, Any]:
        """Grade one job into its result document; never raises.

        Any exception while grading is the grader's (the sandbox failed, or
        a bug): the job gets a row saying so, marked to be graded again, and
        the sandbox is started afresh for the next job.
        """
        started = time.monotonic()
        try:
            return self._grade(job, started)
        except Exception as exc:  # noqa: BLE001 - the grader failed, not the submission
            self.close()
            return grader_error(job, self.spec, exc, seconds=time.monotonic() - started)

    def _grade(self, job: Job, started: float) -> dict[str, Any]:
        from grader.grading.runner import error_report, grade_source

        if job.problem:
            return error_result(job, self.spec, job.problem, report=error_report(self.suite, job.problem))
        if job.data is None:
            raise RuntimeError("the job came without the bytes of its file (read_job was not called)")
        try:
            source = source_from_bytes(job.data, job.name or f"{job.student}.py")
        except SubmissionError as exc:
            report = error_report(self.suite, str(exc))
        else:
            report = grade_source(self.suite, source, self._launcher(), self.spec.limits, preload=self.preload)
        seconds = round(time.monotonic() - started, 3)
        doc = BatchResult(job.student, report, seconds, summarize_error(report),
                          str(report.meta.get("isolation", self.spec.isolation))).to_json()
        doc.update(fingerprint=job.fingerprint, retry=False)
        return doc

    def close(self) -> None:
        """Stop this worker's sandbox (a later job starts a new one)."""
        launcher, self.launcher = self.launcher, None
        if launcher is not None:
            try:
                launcher.close()
            except Exception:  # noqa: BLE001 - a broken sandbox is dropped either way
                pass


__all__ = ["Job", "GradingSpec", "Worker", "fingerprint", "source_from_bytes", "result_name", "error_result",
           "grader_error", "summarize_error"]
