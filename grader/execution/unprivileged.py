"""Whom a ``process`` sandbox runs submissions as, and when it refuses to run them at all.

Without namespaces, the only wall between a submission and the grader is a
uid: the submission must run as a uid the grader is not, and that no other
process on the machine uses, so that it can neither read the course nor
signal the grader, its zygote, another worker's submission or a system
daemon. :func:`refusal` says why that is impossible here (not root, or a
Python runtime other users cannot read); :class:`UidSlot` reserves a uid
for one launcher.
"""

from __future__ import annotations

import os
import pwd
import socket
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

#: Set to 1 to let ``process`` isolation run submissions as the grader's own user (root included).
ALLOW_UNSAFE_ENV = "GRADER_ALLOW_UNSAFE_PROCESS"
#: Submissions of the n-th concurrent ``process`` launcher on a machine run as uid/gid ``PROCESS_UID_BASE + n``
#: (a range no distribution, systemd or container runtime allocates).
PROCESS_UID_BASE = 2_000_000_000
PROCESS_SLOTS = 1024
#: Folders every user may write in, cleared of a submission's files after it.
SHARED_WRITABLE = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock", "/dev/mqueue")


def unsafe_allowed(flag: bool | None = None) -> bool:
    """``flag`` if given, else whether :data:`ALLOW_UNSAFE_ENV` is set to 1 (or yes/true)."""
    if flag is not None:
        return flag
    return os.environ.get(ALLOW_UNSAFE_ENV, "").strip().lower() in ("1", "yes", "true")


def open_to_others(path: str) -> bool:
    """Whether any user may read ``path``: every folder above it searchable by others, itself readable."""
    real = Path(os.path.realpath(path))
    try:
        if any(not parent.stat().st_mode & stat.S_IXOTH for parent in real.parents):
            return False
        return bool(real.stat().st_mode & stat.S_IROTH)
    except OSError:
        return False


def searchable_by_others(folder: str) -> bool:
    """Whether any user may pass through ``folder`` and every folder above it."""
    real = Path(os.path.realpath(folder))
    try:
        return all(p.stat().st_mode & stat.S_IXOTH for p in (real, *real.parents))
    except OSError:
        return False


def refusal(runtime: Sequence[str], scratch: str) -> str | None:
    """Why a ``process`` sandbox cannot keep submissions away from the grader here, or None.

    Parameters
    ----------
    runtime : sequence of str
        The interpreter, its standard library and numpy's folder.
    scratch : str
        The folder that will hold each submission's own folder.
    """
    how = (f"install bubblewrap (isolation 'bwrap'), or allow user namespaces (isolation 'unshare'), or set "
           f"{ALLOW_UNSAFE_ENV}=1 to accept running submissions as")
    if os.geteuid() != 0:
        return (f"isolation 'process' would run submissions as your own user (uid {os.geteuid()}), who can read "
                f"the course and stop the grader; {how} uid {os.geteuid()}")
    closed = [p for p in runtime if not open_to_others(p)]
    if closed:
        return ("isolation 'process' runs submissions as an unprivileged uid, which needs a Python runtime and "
                f"numpy every user can read, and {closed[0]} is not (a runtime under /root?): run the grader "
                "from a system Python or a venv outside /root (python3 -m venv /opt/grader), or "
                f"{how} root")
    if not searchable_by_others(scratch):
        return (f"isolation 'process' runs submissions as an unprivileged uid, which cannot reach its folder in "
                f"{scratch}: set TMPDIR to a folder every user can search (/tmp)")
    return None


def shared_writable() -> list[str]:
    """The folders of :data:`SHARED_WRITABLE` that exist here, and the temporary folder if another."""
    folders = [*SHARED_WRITABLE, os.path.realpath(tempfile.gettempdir())]
    return sorted({f for f in folders if os.path.isdir(f) and not os.path.islink(f)})


class UidSlot:
    """A uid reserved for one launcher's submissions while this object holds it.

    The reservation is an abstract UNIX socket named after the uid, bound by
    the grader: it disappears with the process, so a grader that dies frees
    its uid (and the next zygote of that uid kills whatever it left). Uids
    that name an account are skipped.
    """

    def __init__(self) -> None:
        self.uid: int | None = None
        self._lock: socket.socket | None = None

    def claim(self) -> int:
        """Reserve the first free uid from :data:`PROCESS_UID_BASE` on; return it (the same one if held)."""
        if self.uid is not None:
            return self.uid
        for n in range(PROCESS_SLOTS):
            uid = PROCESS_UID_BASE + n
            try:
                pwd.getpwuid(uid)
                continue
            except KeyError:
                pass
            lock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                lock.bind(f"\0nn-grader-uid-{uid}")
            except OSError:
                lock.close()
                continue
            self.uid, self._lock = uid, lock
            return uid
        raise RuntimeError(f"all {PROCESS_SLOTS} uids from {PROCESS_UID_BASE} are taken")

    def release(self) -> None:
        """Give the uid back."""
        if self._lock is not None:
            self._lock.close()
        self.uid, self._lock = None, None


__all__ = ["ALLOW_UNSAFE_ENV", "PROCESS_UID_BASE", "SHARED_WRITABLE", "UidSlot", "open_to_others", "refusal",
           "searchable_by_others", "shared_writable", "unsafe_allowed"]
