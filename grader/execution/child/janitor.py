"""Leave nothing of a submission behind: its processes, its files, its IPC objects.

A sibling of :mod:`zygote` (standard library only), run by the zygote after
every child and by the grader when it stops a ``process`` sandbox.

* :func:`end_processes` SIGKILLs every descendant of the calling process
  (which is a child subreaper, so a double-forked, ``setsid``'d daemon is
  still its descendant) and, given a uid reserved for submissions, every
  process of that uid, until none is left.
* :func:`sweep` removes whatever a uid left in shared writable folders
  (``/tmp``, ``/var/tmp``, ``/dev/shm``, ...), :func:`empty` empties a
  folder private to the sandbox and :func:`empty_fd` the message queues
  seen through :func:`confine.open_mqueue`.
* :func:`remove_ipc` removes System V shared memory, semaphores and message
  queues (which outlive their creator) of a uid, or all of them in a
  sandbox's own IPC namespace.
"""

from __future__ import annotations

import ctypes
import os
import signal
import stat
import time
from collections.abc import Callable, Iterable
from typing import Any

PR_SET_CHILD_SUBREAPER = 36
IPC_RMID = 0
#: How deep :func:`sweep` looks for folders a submission could write in.
SWEEP_DEPTH = 12


def become_subreaper() -> None:
    """Have orphaned descendants reparented to this process instead of PID 1."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _pids() -> list[int]:
    try:
        return [int(n) for n in os.listdir("/proc") if n.isdigit()]
    except OSError:
        return []


def descendants(root: int) -> list[int]:
    """Every live process whose chain of parents leads to ``root`` (read from ``/proc``)."""
    children: dict[int, list[int]] = {}
    for pid in _pids():
        try:
            with open(f"/proc/{pid}/stat", "rb") as fh:
                data = fh.read()
        except OSError:
            continue
        fields = data[data.rfind(b")") + 2:].split()
        if len(fields) > 1:
            children.setdefault(int(fields[1]), []).append(pid)
    found: list[int] = []
    todo = [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def processes_of(uid: int) -> list[int]:
    """Live processes (not zombies) any of whose uids (real, effective, saved, fs) is ``uid``, but this one."""
    found = []
    for pid in _pids():
        if pid == os.getpid():
            continue
        try:
            with open(f"/proc/{pid}/status", "rb") as fh:
                fields = dict(line.split(b":", 1) for line in fh.read().splitlines() if b":" in line)
        except (OSError, ValueError):
            continue
        if fields.get(b"State", b"").strip()[:1] in (b"Z", b"X"):
            continue
        if uid in (int(v) for v in fields.get(b"Uid", b"").split()):
            found.append(pid)
    return found


def kill_uid(uid: int, seconds: float = 10.0) -> bool:
    """SIGKILL every process of ``uid`` until none is left (without reaping anything); True on success."""
    deadline = time.monotonic() + seconds
    while True:
        pids = processes_of(uid)
        if not pids:
            return True
        if time.monotonic() > deadline:
            return False
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        time.sleep(0.002)


def reap(on_exit: Callable[[int, int], None] | None = None) -> bool:
    """Collect every exited child (``on_exit(pid, status)`` for each); return whether a child is left."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return False
        if pid == 0:
            return True
        if on_exit is not None:
            on_exit(pid, status)


def end_processes(*, pid1: bool, uid: int | None = None, on_exit: Callable[[int, int], None] | None = None,
                  seconds: float = 10.0) -> bool:
    """SIGKILL every descendant (and every process of ``uid``) and reap them; True once none is left.

    Parameters
    ----------
    pid1 : bool
        The caller is PID 1 of its own pid namespace: ``kill(-1)`` reaches
        every other process there.
    uid : int, optional
        A uid reserved for submissions: its processes are killed wherever
        they are (a process of that uid outside the tree can only be a
        leftover of an earlier grader that died).
    on_exit : callable, optional
        Called with ``(pid, status)`` of each child reaped.
    seconds : float
        Give up after this long (a process stuck in the kernel).

    Notes
    -----
    The caller is a child subreaper (or PID 1), so a live descendant always
    has a chain of live parents up to it: once it has no child left there
    is no descendant either, and the cheap check of :func:`reap` suffices.
    """
    deadline = time.monotonic() + seconds
    first = True
    while True:
        left = reap(on_exit)
        targets: list[int] = []
        if left:
            targets = [-1] if pid1 else descendants(os.getpid())
        if uid is not None and (left or first):
            targets += processes_of(uid)
        first = False
        if not targets and not left:
            return True
        if time.monotonic() > deadline:
            return False
        for pid in targets:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        time.sleep(0.001)


def _force_remove(func: Any, path: str, _exc: Any) -> None:
    try:
        os.chmod(os.path.dirname(path), 0o700)
        if not os.path.islink(path):
            os.chmod(path, 0o700)
        func(path)
    except OSError:
        pass


def remove(path: str) -> None:
    """Remove a file, link or whole folder (not following links), whatever its permissions."""
    try:
        is_dir = stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return
    if is_dir:
        import shutil  # (after the first child: not among what a sandbox loads before it can fork one)

        shutil.rmtree(path, onerror=_force_remove)
    else:
        try:
            os.unlink(path)
        except OSError:
            pass


def empty(folder: str) -> None:
    """Remove everything inside ``folder`` (a folder private to the sandbox)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        remove(entry.path)


def empty_fd(folder: int, uid: int | None = None) -> int:
    """Remove the files (of ``uid``, or all) directly in the folder open as ``folder``; return how many."""
    count = 0
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    for name in names:
        try:
            if uid is None or os.stat(name, dir_fd=folder, follow_symlinks=False).st_uid == uid:
                os.unlink(name, dir_fd=folder)
                count += 1
        except OSError:
            pass
    return count


def sweep(folders: Iterable[str], uid: int) -> list[str]:
    """Remove every entry owned by ``uid`` in ``folders`` and in the folders below them it could reach.

    Only folders that ``uid`` may search (execute permission for others) are
    entered: it cannot have written anywhere else. Returns what was removed.
    """
    removed: list[str] = []

    def visit(folder: str, depth: int) -> None:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for entry in entries:
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if info.st_uid == uid:
                remove(entry.path)
                removed.append(entry.path)
            elif stat.S_ISDIR(info.st_mode) and info.st_mode & stat.S_IXOTH and depth < SWEEP_DEPTH:
                visit(entry.path, depth + 1)

    for folder in folders:
        if os.path.isdir(folder) and not os.path.islink(folder):
            visit(folder, 0)
    return removed


_LIBC: Any = None


def _ipc_rmid(kind: str, ident: int) -> bool:
    global _LIBC
    if _LIBC is None:  # loaded once per process, not at every clean
        _LIBC = ctypes.CDLL(None, use_errno=True)
    if kind == "shm":
        return int(_LIBC.shmctl(ident, IPC_RMID, None)) == 0
    if kind == "sem":
        return int(_LIBC.semctl(ident, 0, IPC_RMID)) == 0
    return int(_LIBC.msgctl(ident, IPC_RMID, None)) == 0


def remove_ipc(uid: int | None) -> int:
    """Remove System V IPC objects owned or created by ``uid`` (all visible ones if None); return how many."""
    count = 0
    for kind in ("shm", "sem", "msg"):
        try:
            with open(f"/proc/sysvipc/{kind}", "rb") as fh:
                header, *rows = fh.read().decode("ascii").splitlines()
        except (OSError, ValueError):
            continue
        if not rows:  # the usual case: nothing to remove
            continue
        names = header.split()
        try:
            at = [names.index("uid"), names.index("cuid")]
        except ValueError:
            continue
        for row in rows:
            fields = row.split()
            if len(fields) < len(names):
                continue
            if uid is None or uid in (int(fields[i]) for i in at):
                count += _ipc_rmid(kind, int(fields[1]))
    return count


__all__ = ["become_subreaper", "descendants", "processes_of", "reap", "end_processes", "remove", "empty",
           "sweep", "remove_ipc", "kill_uid", "empty_fd", "PR_SET_CHILD_SUBREAPER"]
