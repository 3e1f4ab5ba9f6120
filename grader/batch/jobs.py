"""One submission of a batch: find it, read it once, fingerprint it, grade it into a result document.

:func:`discover` turns a folder of submissions into :class:`Job` objects,
one per student, in student order, looking at each entry with ``lstat``
only (nothing is opened, no link is followed). :func:`read_job` then reads
a job's file once, safely (no link followed, nothing that is not a regular
file read, never more than the size limit), and :func:`fingerprint` hashes
those very bytes: the bytes a worker grades (:meth:`Worker.grade`) are the
bytes the result is recorded under, whatever happens to the file later.
Every job gives a document, whatever the submission holds and whatever
goes wrong while grading it.

File names are bytes to the operating system and need not be UTF-8; each
is shown through :func:`escape_name`, which gives valid, visible text and
never gives two names the same text.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from grader.batch.result import BatchResult
from grader.execution.interface import Limits
from grader.grading import submission
from grader.grading.results import Report
from grader.grading.submission import MAX_BYTES, Source, SubmissionError

SUFFIXES = (".py", ".ipynb")
SKIPPED = {"__pycache__", "__MACOSX", ".ipynb_checkpoints"}
_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}")

#: How an entry that is not a regular file is named in messages, by file type.
KINDS = {
    stat.S_IFLNK: "a symbolic link",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFDIR: "a folder",
    stat.S_IFREG: "a regular file",
}

_READ = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
_DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def escape_name(name: str | bytes) -> str:
    """Visible, valid text for a file name, different for every different name.

    Parameters
    ----------
    name : str or bytes
        A name as the operating system gives it (bytes, or text decoded with
        ``surrogateescape`` as :func:`os.listdir` does).

    Returns
    -------
    str
        The name read as UTF-8, with each byte that is not valid UTF-8 shown
        as ``\\xNN``, each character that is not printable as ``\\uNNNN``
        (or ``\\UNNNNNNNN``) and a backslash doubled, so ``b"caf\\xe9"``
        gives ``caf\\xe9`` and a name that really holds those characters
        gives ``caf\\\\xe9``. The result is always encodable as UTF-8.
    """
    raw = name if isinstance(name, bytes) else os.fsencode(name)
    out = []
    for char in raw.decode("utf-8", "surrogateescape"):
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that is not part of valid UTF-8
            out.append(f"\\x{code - 0xDC00:02x}")
        elif char == "\\":
            out.append("\\\\")
        elif not char.isprintable():
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(char)
    return "".join(out)


@dataclass(frozen=True)
class Entry:
    """A folder entry as ``lstat`` sees it.

    ``name`` is the operating system's name (to open it), ``shown`` its
    :func:`escape_name` (for ids and messages) and ``mode`` its
    ``st_mode`` (0 when it disappeared before it could be looked at).
    """

    name: str
    shown: str
    mode: int

    @property
    def is_file(self) -> bool:
        return stat.S_ISREG(self.mode)

    @property
    def is_folder(self) -> bool:
        return stat.S_ISDIR(self.mode)

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix


def scan(folder: Path) -> list[Entry]:
    """The entries of ``folder`` (without hidden and cache entries), sorted; nothing is opened.

    Raises
    ------
    OSError
        If ``folder`` cannot be listed.
    """
    entries = []
    with os.scandir(folder) as listing:
        for item in listing:
            if item.name.startswith(".") or item.name in SKIPPED:
                continue
            try:
                mode = item.stat(follow_symlinks=False).st_mode
            except OSError:
                mode = 0
            entries.append(Entry(item.name, escape_name(item.name), mode))
    return sorted(entries, key=lambda e: os.fsencode(e.name))


def not_regular(shown: str, mode: int) -> str:
    """Why the entry ``shown`` (of file type ``mode``) is not graded, in one line."""
    if stat.S_ISLNK(mode):
        return f"{shown} is a symbolic link, not a regular file or folder: it was not followed or opened"
    if mode == 0:
        return f"{shown} disappeared while the folder was read"
    kind = KINDS.get(stat.S_IFMT(mode), "not a regular file")
    return f"{shown} is {kind}, not a regular file: it was not opened"


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


def candidate_files(folder: Path) -> list[Path]:
    """The ``.py`` files and notebooks directly in ``folder`` (no hidden files, no links), sorted."""
    return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and not p.name.startswith(".")
                  and not p.is_symlink() and p.is_file())


def preferred(files: list[Path], student_file: str) -> list[Path]:
    """Those of ``files`` named like the student file (``deep_nn.py`` or ``deep_nn.ipynb``), else all."""
    stem = Path(student_file).stem
    return [p for p in files if p.stem == stem] or files


def _pick(folder: Path, shown: str, student_file: str) -> tuple[Entry | None, str | None]:
    """The submission in a student's folder (the one named like ``student_file`` first), or why none."""
    try:
        inside = scan(folder)
    except OSError as exc:
        return None, f"the folder {shown}/ cannot be read: {exc.strerror}"
    candidates = [e for e in inside if e.suffix in SUFFIXES and not e.is_folder]
    stem = Path(student_file).stem
    chosen = [e for e in candidates if Path(e.name).stem == stem] or candidates
    regular = [e for e in chosen if e.is_file]
    if len(regular) == 1:
        return regular[0], None
    if regular:
        names = ", ".join(e.shown for e in regular)
        return None, f"several files could be the submission in {shown}/ ({names}): keep one"
    if not chosen:
        return None, f"no .py file or .ipynb notebook in the folder {shown}/"
    return None, "; ".join(not_regular(f"{shown}/{e.shown}", e.mode) for e in chosen)


def pick_submission(folder: Path, student_file: str) -> tuple[Path | None, str | None]:
    """The submission file in a student's folder (the one named like ``student_file`` first), or why none."""
    entry, problem = _pick(folder, escape_name(folder.name), student_file)
    return (folder / entry.name if entry else None), problem


def _entry_job(folder: Path, entry: Entry, student_file: str) -> Job:
    """The job of one entry of the submissions folder (before duplicates are looked for)."""
    if entry.is_folder:
        picked, problem = _pick(folder / entry.name, entry.shown, student_file)
        if picked is None:
            return Job(entry.shown, None, problem, name=f"{entry.shown}/")
        return Job(entry.shown, str(folder / entry.name / picked.name), name=f"{entry.shown}/{picked.shown}",
                   parts=(entry.name, picked.name))
    stem = Path(entry.name).stem
    if stat.S_ISLNK(entry.mode):
        student = escape_name(stem if entry.suffix in SUFFIXES else entry.name)
        return Job(student, None, not_regular(entry.shown, entry.mode), name=entry.shown)
    student = escape_name(stem or entry.name)
    if not entry.is_file:
        return Job(student, None, not_regular(entry.shown, entry.mode), name=entry.shown)
    if entry.suffix not in SUFFIXES:
        return Job(student, None, f"{entry.shown} is not a .py file or an .ipynb notebook", name=entry.shown)
    return Job(student, str(folder / entry.name), name=entry.shown, parts=(entry.name,))


def discover(folder: Path, student_file: str = "") -> list[Job]:
    """One job per student in ``folder``, sorted by student id; nothing is opened.

    A student is a ``.py`` file, an ``.ipynb`` notebook or a folder named by
    the student's id holding one (the one named like the assignment's
    student file when there are several). Any other entry still gives its
    student a job, with a ``problem``: an unexpected kind of file, anything
    that is not a regular file (a symbolic link, which is never followed, a
    named pipe, a socket, a device), a folder with no or several candidate
    files, or the same id twice. Hidden entries and ``__pycache__``-like
    folders are skipped. Ids are :func:`escape_name` of the names, so two
    different names never share an id.

    Raises
    ------
    ValueError
        If ``folder`` itself cannot be listed.
    """
    try:
        entries = scan(folder)
    except OSError as exc:
        raise ValueError(f"cannot list the submissions folder {folder}: {exc.strerror}") from None
    found: dict[str, list[tuple[Job, str]]] = {}
    for entry in entries:
        job = _entry_job(folder, entry, student_file)
        found.setdefault(job.student, []).append((job, entry.shown))
    jobs = []
    for student in sorted(found):
        same = found[student]
        if len(same) > 1:
            names = ", ".join(sorted(shown for _, shown in same))
            jobs.append(Job(student, None, f"more than one submission for {student}: {names}"))
        else:
            jobs.append(same[0][0])
    return jobs


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


def fingerprint(job: Job, spec: GradingSpec, max_score: float) -> str:
    """What a result depends on: the bytes read (``job.data``), the assignment, the limits, any problem."""
    digest = hashlib.sha256()
    digest.update(repr((spec.assignment, spec.public_only, max_score, spec.limits, job.problem)).encode())
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

        self.spec = spec
        self.suite = load_suite(Path(spec.folder), public_only=spec.public_only)
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
        from grader.execution.interface import provide
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
            report = grade_source(self.suite, source, provide(self._launcher(), self.suite.provided), self.spec.limits)
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


__all__ = ["Job", "GradingSpec", "Worker", "Entry", "discover", "scan", "escape_name", "not_regular",
           "candidate_files", "preferred", "pick_submission", "read_submission", "read_job", "fingerprint",
           "source_from_bytes", "result_name", "error_result", "grader_error", "KINDS"]
