"""Find every student's submission in a folder, looking with ``lstat`` only.

:func:`discover` turns a folder of submissions into :class:`~grader.batch.jobs.Job`
objects, one per student, in student order: nothing is opened, no link is
followed. File names are bytes to the operating system and need not be
UTF-8; each is shown through :func:`escape_name`, which gives valid, visible
text and never gives two names the same text.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from grader.batch.jobs import Job

SUFFIXES = (".py", ".ipynb")
SKIPPED = {"__pycache__", "__MACOSX", ".ipynb_checkpoints"}

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


__all__ = ["Entry", "KINDS", "SKIPPED", "SUFFIXES", "candidate_files", "discover", "escape_name", "not_regular",
           "pick_submission", "preferred", "scan"]
