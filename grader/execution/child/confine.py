"""Confine a child or the zygote: environment, rlimits, hidden files, dropped privileges.

A sibling of :mod:`zygote`, run inside the sandbox (standard library only);
the grader's plain child process (:mod:`grader.execution.local`) takes its
environment and rlimits from here too. :func:`set_limits` applies a child's
rlimits; :func:`hide_files` is the file isolation of the ``unshare`` sandbox (where
bubblewrap builds an empty root instead); :func:`drop_privileges` turns a
root zygote (or a child of a root zygote) into an unprivileged uid for good;
:func:`open_mqueue` gives the zygote a view of the POSIX message queues of
its IPC namespace that no submission sees, to remove what they leave there.
"""

from __future__ import annotations

import os
import signal
from typing import Any

try:  # imported once, in the zygote: not loaded again (a dlopen) in every child
    import resource
except ImportError:  # Windows: the grader imports this module for CHILD_ENV and RLIMITS only
    resource = None  # type: ignore[assignment]

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 32, 4096, 16384, 1 << 18
MS_NOEXEC = 8
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS = 1, 4, 38
#: fsopen, fsconfig, fsmount: the same numbers on every architecture (Linux >= 5.2).
SYS_FSOPEN, SYS_FSCONFIG, SYS_FSMOUNT = 430, 431, 432
FSCONFIG_CMD_CREATE, MOUNT_ATTR_NOSUID, MOUNT_ATTR_NODEV, MOUNT_ATTR_NOEXEC = 6, 2, 4, 8
_LIBC: Any = None


def _libc() -> Any:
    """The C library, loaded on first use (the grader imports this module for CHILD_ENV and RLIMITS only)."""
    global _LIBC
    if _LIBC is None:
        import ctypes

        _LIBC = ctypes.CDLL(None, use_errno=True)
    return _LIBC


#: The whole environment of a child, besides ``HOME`` and ``TMPDIR`` (its own folder).
CHILD_ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
             "MKL_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0"}


#: The rlimits a child can be given: a field of :class:`grader.execution.interface.Limits`, its
#: resource and the unit its value is in.
RLIMITS = {"cpu_seconds": ("RLIMIT_CPU", 1), "memory_mb": ("RLIMIT_AS", 1 << 20),
           "file_size_mb": ("RLIMIT_FSIZE", 1 << 20), "open_files": ("RLIMIT_NOFILE", 1),
           "processes": ("RLIMIT_NPROC", 1)}


def set_limits(limits: dict[str, int]) -> None:
    """Apply ``limits`` (keys of :data:`RLIMITS`) to the calling (child) process, and forbid core dumps.

    A missing or non-positive limit leaves that resource as it is.
    """
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    for key, (name, unit) in RLIMITS.items():
        which = getattr(resource, name)
        value = limits.get(key)
        if type(value) is int and value > 0:
            try:
                resource.setrlimit(which, (value * unit, value * unit))
            except (ValueError, OSError):
                pass


def _check(rc: int, what: str) -> None:
    if rc != 0:
        import ctypes

        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _enc(text: str | None) -> bytes | None:
    return text.encode() if text is not None else None


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    import ctypes

    enc = _enc
    _check(_libc().mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)), f"mount {target}")


def hide_files(plan: dict[str, Any]) -> None:
    """Cover ``plan["hide"]`` folders with empty read-only tmpfs, keeping ``plan["keep"]`` inside them.

    Used where no bubblewrap is available (the zygote is root in a fresh
    mount namespace made by ``unshare``). ``plan["tmp"]`` folders get a fresh
    writable tmpfs of ``plan["tmp_mb"]`` MiB, and ``/dev/mqueue`` (where it
    exists) this IPC namespace's own message queues instead of the host's.
    """
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    keep = [k for k in plan.get("keep", []) if os.path.isdir(k)]
    for hide in sorted(plan.get("hide", []), key=lambda p: p.count("/")):
        if not os.path.isdir(hide) or os.path.islink(hide):
            continue
        inner = [k for k in keep if k.startswith(hide.rstrip("/") + "/")]
        inner = [k for k in inner if not any(k.startswith(o + "/") for o in inner)]
        fds = {k: os.open(k, os.O_PATH | os.O_DIRECTORY) for k in inner}
        _mount("tmpfs", hide, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m")
        for path, fd in fds.items():
            os.makedirs(path, mode=0o755, exist_ok=True)
            _mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
            _mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
            os.close(fd)
        _mount(None, hide, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    for tmp in plan.get("tmp", []):
        if os.path.isdir(tmp) and not os.path.islink(tmp):
            _mount("tmpfs", tmp, "tmpfs", MS_NOSUID | MS_NODEV, f"mode=1777,size={int(plan.get('tmp_mb', 256))}m")
    if os.path.isdir("/dev/mqueue") and not os.path.islink("/dev/mqueue"):  # this namespace's queues, not the host's
        _mount("mqueue", "/dev/mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC)


def open_mqueue() -> int | None:
    """A directory fd on a private, unattached mount of this IPC namespace's message queues.

    Needs ``CAP_SYS_ADMIN`` over the IPC namespace (root, or root of a user
    namespace made with it) and Linux 5.2; returns None where that fails.
    Every queue of the namespace is a file there, whoever made it and
    whether or not ``/dev/mqueue`` exists.
    """
    import ctypes

    libc = _libc()
    libc.syscall.restype = ctypes.c_long
    fs = int(libc.syscall(SYS_FSOPEN, b"mqueue", 1))
    if fs < 0:
        return None
    try:
        if libc.syscall(SYS_FSCONFIG, fs, FSCONFIG_CMD_CREATE, None, None, 0) != 0:
            return None
        mnt = int(libc.syscall(SYS_FSMOUNT, fs, 1, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC))
        if mnt < 0:
            return None
        try:
            return os.open(".", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC, dir_fd=mnt)
        finally:
            os.close(mnt)
    finally:
        os.close(fs)


def drop_privileges(uid: int, gid: int) -> None:
    """Become ``uid``/``gid`` for good (capabilities go with uid 0) and forbid regaining anything."""
    if os.getuid() == 0:
        os.setgroups([])
        os.setresgid(gid, gid, gid)
        os.setresuid(uid, uid, uid)
    _check(_libc().prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    _libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # a change of uid cleared it


__all__ = ["hide_files", "drop_privileges", "open_mqueue", "PR_SET_DUMPABLE"]
