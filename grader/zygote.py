"""A warm fork server for the child side: one per sandbox, one fork per submission.

Like :mod:`harness` (its sibling), this file runs inside the sandbox and
depends on the standard library, numpy and its siblings only. It imports
numpy once, optionally hides files and drops privileges, then serves
requests on a control socket from the grader:

``spawn``
    comes with two pipe ends (SCM_RIGHTS) and the submission's source; the
    zygote forks a child that starts a new session, applies the rlimits,
    gets a fresh private folder in ``/tmp``, writes the source there and
    serves the grader exactly as ``harness.py`` does.
``wait`` / ``kill``
    wait for that child, or kill it together with everything it started,
    then empty ``/tmp`` so that the next submission finds nothing of it.

The zygote itself runs no student code. It makes itself non-dumpable (no
ptrace, no ``/proc/PID/mem`` from its children) and, in its own pid
namespace, is PID 1, which its children can neither kill nor stop; there
``kill(-1, SIGKILL)`` removes every process a submission left behind.

Run as ``python -I -S -B zygote.py --control-fd N [--drop-uid U --drop-gid G] [--hide JSON]``.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import os
import select
import shutil
import signal
import socket
import sys
import time
from typing import Any

sys.path.extend(p for p in os.environ.get("GRADER_SYS_PATH", "").split(os.pathsep) if p and p not in sys.path)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import confine  # noqa: E402
import harness  # noqa: E402
import protocol  # noqa: E402

sys.path.pop(0)
import numpy  # noqa: E402,F401  (the point of a warm zygote)
import numpy.linalg  # noqa: E402,F401
import numpy.random  # noqa: E402,F401


def set_limits(limits: dict[str, int]) -> None:
    """Apply a spawn request's rlimits to the calling (child) process."""
    import resource

    mb = 1024 * 1024
    table = {"cpu_seconds": (resource.RLIMIT_CPU, 1), "memory_mb": (resource.RLIMIT_AS, mb),
             "file_size_mb": (resource.RLIMIT_FSIZE, mb), "open_files": (resource.RLIMIT_NOFILE, 1),
             "processes": (resource.RLIMIT_NPROC, 1)}
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    for key, (which, unit) in table.items():
        value = limits.get(key)
        if type(value) is int and value > 0:
            try:
                resource.setrlimit(which, (value * unit, value * unit))
            except (ValueError, OSError):
                pass


class Zygote:
    """Serve spawn/wait/kill requests on ``control`` until it closes."""

    def __init__(self, control: socket.socket, tmp: str) -> None:
        self.control = control
        self.tmp = tmp
        self.child: int | None = None
        self.status: int | None = None
        self.count = 0
        self.pid1 = os.getpid() == 1

    def reply(self, message: dict[str, Any]) -> None:
        self.control.sendall(protocol.pack(message))

    def receive(self) -> tuple[dict[str, Any], list[int]]:
        head, fds, _, _ = socket.recv_fds(self.control, 4, 2)
        if not head:
            raise EOFError
        head += protocol.read_exact(self.control.fileno(), 4 - len(head))
        length = int.from_bytes(head, "big")
        if length > protocol.MAX_MESSAGE_BYTES:
            raise protocol.ProtocolError("control message too large")
        return protocol.parse_body(protocol.read_exact(self.control.fileno(), length)), fds

    def spawn(self, request: dict[str, Any], fds: list[int]) -> None:
        self.count += 1
        workdir = os.path.join(self.tmp, f"run-{self.count}")
        pid = os.fork()
        if pid == 0:  # the child: never returns
            code = 70
            try:
                self.control.close()
                os.setsid()
                quiet = os.open(os.devnull, os.O_RDWR)
                for std in (0, 1, 2):  # nothing a submission prints reaches a file or the grader
                    os.dup2(quiet, std)
                os.close(quiet)
                os.makedirs(workdir, mode=0o700)
                os.chdir(workdir)
                os.environ["HOME"] = workdir
                path = os.path.join(workdir, "submission.py")
                with open(path, "w", encoding="utf-8") as fh:
                    fh.write(str(request.get("source", "")))
                set_limits(dict(request.get("limits") or {}))
                os.closerange(3, min(fds))
                os.closerange(max(fds) + 1, 1 << 16)
                harness.serve_file(path, fds[0], fds[1])
                code = 0
            finally:
                os._exit(code)
        for fd in fds:
            os.close(fd)
        self.child, self.status = pid, None
        self.reply({"op": "spawned", "pid": pid})

    def reap(self, block_until: float) -> None:
        """Collect exited children (orphans too, as PID 1) until ours is gone or time is up."""
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == self.child:
                self.status = os.waitstatus_to_exitcode(status)
                self.child = None
            elif pid == 0:
                remaining = block_until - time.monotonic()
                if self.child is None or remaining <= 0:
                    return
                self._sleep_on_child(remaining)

    def _sleep_on_child(self, seconds: float) -> None:
        """Sleep until our child exits or ``seconds`` pass (a pidfd where the kernel has them)."""
        assert self.child is not None
        try:
            fd = os.pidfd_open(self.child)
        except (AttributeError, OSError):
            time.sleep(min(seconds, 0.002))
            return
        try:
            select.select([fd], [], [], seconds)
        finally:
            os.close(fd)

    def kill(self) -> None:
        if self.pid1:
            try:
                os.kill(-1, signal.SIGKILL)  # every process in this pid namespace but us
            except ProcessLookupError:  # there is none left
                pass
        elif self.child is not None:
            for kill in (os.killpg, os.kill):
                try:
                    kill(self.child, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
        self.reap(time.monotonic() + 5)
        if self.pid1:
            while True:  # grandchildren reparented to us
                try:
                    if os.waitpid(-1, 0)[0] <= 0:
                        break
                except ChildProcessError:
                    break
        self.wipe()

    def wipe(self) -> None:
        """Empty the private /tmp, so a submission finds nothing of the previous one."""
        def writable(func: Any, path: str, _exc: Any) -> None:
            try:
                os.chmod(os.path.dirname(path), 0o700)
                os.chmod(path, 0o700)
                func(path)
            except OSError:
                pass

        for entry in os.scandir(self.tmp):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, onerror=writable)
            else:
                try:
                    os.unlink(entry.path)
                except OSError:
                    pass

    def serve(self) -> None:
        while True:
            try:
                request, fds = self.receive()
            except (EOFError, ConnectionError):
                return
            op = request.get("op")
            if op == "spawn" and len(fds) == 2:
                if self.child is not None:
                    self.kill()
                self.spawn(request, fds)
                continue
            for fd in fds:
                os.close(fd)
            if op == "wait":
                self.reap(time.monotonic() + min(float(request.get("timeout") or 0), 30.0))
                if self.child is None:
                    self.kill()  # the child is gone: clear what it left behind now
                self.reply({"op": "status", "running": self.child is not None, "code": self.status})
            elif op == "kill":
                self.kill()
                self.reply({"op": "status", "running": False, "code": self.status})
            else:
                self.reply({"op": "error", "message": "unknown request"})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--control-fd", type=int, required=True)
    parser.add_argument("--drop-uid", type=int)
    parser.add_argument("--drop-gid", type=int)
    parser.add_argument("--hide", help="JSON plan for hide_files (unshare sandbox)")
    parser.add_argument("--tmp", required=True, help="a folder private to this zygote, emptied after each child")
    ns = parser.parse_args(argv)
    control = socket.socket(fileno=ns.control_fd)
    if ns.hide:
        confine.hide_files(json.loads(ns.hide))
    if ns.drop_uid is not None:
        confine.drop_privileges(ns.drop_uid, ns.drop_gid if ns.drop_gid is not None else ns.drop_uid)
    ctypes.CDLL(None).prctl(confine.PR_SET_DUMPABLE, 0, 0, 0, 0)
    gc.collect()
    gc.freeze()  # forked children then leave the zygote's objects alone: fewer copied pages
    zygote = Zygote(control, ns.tmp)
    zygote.reply({"op": "ready", "pid": os.getpid(), "uid": os.getuid(), "gid": os.getgid(),
                  "pid1": zygote.pid1})
    zygote.serve()
    if zygote.child is not None:
        zygote.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
