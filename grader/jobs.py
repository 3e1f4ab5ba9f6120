"""One submission of a batch: find it, fingerprint it, grade it into a result document.

:func:`discover` turns a folder of submissions into :class:`Job` objects,
one per student, in student order; :func:`grade_job` grades one job in a
worker (with that worker's suite and sandbox, see :class:`GradingSpec`) and
returns the plain JSON document that :mod:`grader.batch` writes to disk.
Every job gives a document, whatever the submission holds.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from grader.batch_result import BatchResult
from grader.execution import Limits
from grader.results import Report
from grader.submission import MAX_BYTES

SUFFIXES = (".py", ".ipynb")
SKIPPED = {"__pycache__", "__MACOSX", ".ipynb_checkpoints"}
_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}")


@dataclass(frozen=True)
class Job:
    """One student's submission to grade.

    ``path`` is the file to grade (None when there is none); ``problem`` says
    why it cannot be graded at all; ``data`` carries the file's bytes when
    the job travels to another machine (Dask).
    """

    student: str
    path: str | None
    problem: str | None = None
    fingerprint: str = ""
    data: bytes | None = field(default=None, repr=False)


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

    def key(self) -> str:
        return hashlib.blake2b(repr(asdict(self)).encode(), digest_size=12).hexdigest()


def result_name(student: str) -> str:
    """A file name for the student's result: the id itself when it is safe, else a slug and a hash."""
    if _SAFE.fullmatch(student) and student not in (".", ".."):
        return f"{student}.json"
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", student).strip("._-")[:60] or "student"
    return f"{slug}-{hashlib.sha1(student.encode('utf-8', 'surrogateescape')).hexdigest()[:10]}.json"


def candidate_files(folder: Path) -> list[Path]:
    """The ``.py`` files and notebooks directly in ``folder`` (no hidden files, no links), sorted."""
    return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and not p.name.startswith(".")
                  and not p.is_symlink() and p.is_file())


def preferred(files: list[Path], student_file: str) -> list[Path]:
    """Those of ``files`` named like the student file (``deep_nn.py`` or ``deep_nn.ipynb``), else all."""
    stem = Path(student_file).stem
    return [p for p in files if p.stem == stem] or files


def pick_submission(folder: Path, student_file: str) -> tuple[Path | None, str | None]:
    """The submission file in a student's folder (the one named like ``student_file`` first), or why none."""
    files = preferred(candidate_files(folder), student_file)
    if len(files) == 1:
        return files[0], None
    if not files:
        return None, f"no .py file or .ipynb notebook in the folder {folder.name}/"
    names = ", ".join(p.name for p in files)
    return None, f"several files could be the submission in {folder.name}/ ({names}): keep one"


def discover(folder: Path, student_file: str = "") -> list[Job]:
    """One job per student in ``folder``, sorted by student id.

    A student is a ``.py`` file, an ``.ipynb`` notebook or a folder named by
    the student's id holding one (the one named like the assignment's
    student file when there are several). Any other entry still gives its
    student a job, with a ``problem``: an unexpected kind of file, a folder
    with no or several candidate files, a symbolic link, or the same id
    twice. Hidden entries and ``__pycache__``-like folders are skipped.
    """
    found: dict[str, list[tuple[Path | None, str | None, str]]] = {}
    path: Path | None
    problem: str | None
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or entry.name in SKIPPED:
            continue
        if entry.is_symlink():
            student, path, problem = entry.stem if entry.suffix in SUFFIXES else entry.name, None, \
                f"{entry.name} is a symbolic link, not a submission"
        elif entry.is_dir():
            student = entry.name
            path, problem = pick_submission(entry, student_file)
        elif entry.suffix in SUFFIXES:
            student, path, problem = entry.stem, entry, None
        else:
            student, path, problem = entry.stem or entry.name, None, \
                f"{entry.name} is not a .py file or an .ipynb notebook"
        found.setdefault(student, []).append((path, problem, entry.name))
    jobs = []
    for student in sorted(found):
        entries = found[student]
        if len(entries) > 1:
            names = ", ".join(sorted(name for _, _, name in entries))
            jobs.append(Job(student, None, f"more than one submission for {student}: {names}"))
            continue
        path, problem, _ = entries[0]
        jobs.append(Job(student, str(path) if path else None, problem))
    return jobs


def fingerprint(job: Job, spec: GradingSpec, max_score: float) -> str:
    """What a result depends on: the submission's bytes, the assignment and the limits."""
    digest = hashlib.sha256()
    digest.update(repr((spec.assignment, spec.public_only, max_score, spec.limits, job.problem)).encode())
    if job.path:
        try:
            info = os.stat(job.path)
            if info.st_size > MAX_BYTES:
                digest.update(repr((info.st_size, info.st_mtime_ns)).encode())
            else:
                digest.update(Path(job.path).read_bytes())
        except OSError as exc:
            digest.update(str(exc).encode())
    return digest.hexdigest()


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


class Worker:
    """A worker's suite and sandbox, made once and reused for every job it grades."""

    def __init__(self, spec: GradingSpec) -> None:
        from grader.locate import load_suite
        from grader.sandbox import LAUNCHERS

        self.spec = spec
        self.suite = load_suite(Path(spec.folder), public_only=spec.public_only)
        self.launcher = LAUNCHERS[spec.isolation](spec.hide, spec.tmp_mb)

    def grade(self, job: Job) -> dict[str, Any]:
        """Grade one job into its result document; never raises for a submission's sake."""
        from grader.runner import error_report, grade_submission

        started = time.monotonic()
        if job.problem or not job.path:
            message = job.problem or "nothing to grade"
            return error_result(job, self.spec, message, report=error_report(self.suite, message))
        try:
            if job.data is None:
                report = grade_submission(self.suite, Path(job.path), self.launcher, self.spec.limits)
            else:
                with tempfile.TemporaryDirectory(prefix="grader-job-") as tmp:
                    local = Path(tmp) / Path(job.path).name
                    local.write_bytes(job.data)
                    report = grade_submission(self.suite, local, self.launcher, self.spec.limits)
        except Exception as exc:  # noqa: BLE001 - the sandbox failed, not the submission
            self.launcher.close()
            from grader.sandbox import LAUNCHERS

            self.launcher = LAUNCHERS[self.spec.isolation](self.spec.hide, self.spec.tmp_mb)
            return error_result(job, self.spec, f"grading failed ({type(exc).__name__}: {exc}); "
                                "it is retried when the batch is run again",
                                seconds=time.monotonic() - started, retry=True)
        seconds = round(time.monotonic() - started, 3)
        doc = BatchResult(job.student, report, seconds, summarize_error(report),
                          str(report.meta.get("isolation", self.spec.isolation))).to_json()
        doc.update(fingerprint=job.fingerprint, retry=False)
        return doc

    def close(self) -> None:
        self.launcher.close()


__all__ = ["Job", "GradingSpec", "Worker", "discover", "candidate_files", "preferred", "pick_submission",
           "fingerprint", "result_name", "error_result"]
