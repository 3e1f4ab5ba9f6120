"""Confine the zygote before it serves anything: hide files, drop privileges.

A sibling of :mod:`zygote`, run inside the sandbox (standard library only).
:func:`hide_files` is the file isolation of the ``unshare`` sandbox (where
bubblewrap builds an empty root instead); :func:`drop_privileges` turns a
root zygote into uid/gid 65534 for good.
"""

from __future__ import annotations

import ctypes
import os
import signal
from typing import Any

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 32, 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS = 1, 4, 38
_LIBC = ctypes.CDLL(None, use_errno=True)


def _check(rc: int, what: str) -> None:
    if rc != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _enc(text: str | None) -> bytes | None:
    return text.encode() if text is not None else None


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    enc = _enc
    _check(_LIBC.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)), f"mount {target}")


def hide_files(plan: dict[str, Any]) -> None:
    """Cover ``plan["hide"]`` folders with empty read-only tmpfs, keeping ``plan["keep"]`` inside them.

    Used where no bubblewrap is available (the zygote is root in a fresh
    mount namespace made by ``unshare``). ``plan["tmp"]`` folders get a fresh
    writable tmpfs of ``plan["tmp_mb"]`` MiB.
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


def drop_privileges(uid: int, gid: int) -> None:
    """Become ``uid``/``gid`` for good (capabilities go with uid 0) and forbid regaining anything."""
    if os.getuid() == 0:
        os.setgroups([])
        os.setresgid(gid, gid, gid)
        os.setresuid(uid, uid, uid)
    _check(_LIBC.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # a change of uid cleared it


__all__ = ["hide_files", "drop_privileges", "PR_SET_DUMPABLE"]
