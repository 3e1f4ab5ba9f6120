"""A warm fork server for the child side: one per sandbox, one fork per submission.

Like :mod:`harness` (its sibling), this file runs inside the sandbox and
depends on the standard library, numpy and its siblings only. It imports
numpy once, optionally hides files and drops privileges, becomes a child
subreaper, then serves requests on a control socket from the grader:

``spawn``
    comes with two pipe ends (SCM_RIGHTS) and the submission's source; the
    zygote forks a child that starts a new session, gets a fresh private
    folder, a fixed environment and the rlimits, drops to the submission's
    uid (``--child-uid``, where the zygote itself stays root), writes the
    source there and serves the grader exactly as ``harness.py`` does.
``kill``
    kills that child. Either way, once it is gone (killed, or exited by
    itself, which the zygote sees at once through a pidfd), every process
    it started is killed (:func:`janitor.end_processes`), the private
    folders (``--tmp``) are emptied, the shared ones (``--sweep``) are
    cleared of the submission uid's files and its System V IPC objects are
    removed, so that the next submission finds nothing of it; only then
    does the zygote answer ``kill``, or tell the grader unasked that the
    child ``exited`` (with its exit code), and only then does it read the
    next request. The grader waits for a child by reading that message: no
    request, no round trip.

The zygote itself runs no student code. It makes itself non-dumpable (no
ptrace, no ``/proc/PID/mem`` from its children) and is out of their reach:
in its own pid namespace it is PID 1, which they can neither kill nor stop;
in a plain process (``--child-uid``) it keeps a uid they do not have. As a
subreaper it inherits every orphan of its children, so a double-forked,
``setsid``'d daemon stays its descendant and is killed with the submission.

Run as ``python -I -S -B zygote.py --control-fd N --tmp DIR [--tmp DIR ...]
[--drop-uid U --drop-gid G | --child-uid U --child-gid G --sweep DIR ...] [--hide JSON]``.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import os
import select
import signal
import socket
import sys
from typing import Any

sys.path.extend(p for p in os.environ.get("GRADER_SYS_PATH", "").split(os.pathsep) if p and p not in sys.path)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import childio  # noqa: E402
import confine  # noqa: E402
import harness  # noqa: E402
import janitor  # noqa: E402
import loading  # noqa: E402
import preloaded  # noqa: E402
import protocol  # noqa: E402
import snapshot  # noqa: E402

sys.path.pop(0)
import numpy  # noqa: E402,F401  (the point of a warm zygote)
import numpy.linalg  # noqa: E402,F401
import numpy.random  # noqa: E402,F401
import numpy.typing  # noqa: E402,F401  (every student file's header imports it: a millisecond per child)

# The modules the snapshot compares (numpy.fft among them), imported once here rather than in every child,
# and before main() covers folders: a runtime kept under /tmp is hidden by the sandbox's own /tmp by then.
snapshot.import_watched()

#: Seconds between checks for the child's exit where the kernel has no pidfd (before Linux 5.3).
POLL_SECONDS = 0.005

class Zygote:
    """Serve spawn and kill requests on ``control`` until it closes; say when a child exits.

    Parameters
    ----------
    control : socket.socket
        The grader's end of the control channel.
    tmp : list of str
        Folders private to this sandbox: the first holds each child's
        folder; all are emptied after each child.
    child_uid : int, optional
        The uid (and gid) children drop to when the zygote keeps its own
        (a plain process as root); reserved for this zygote's submissions.
    sweep : list of str
        Shared folders cleared of ``child_uid``'s files after each child.
    """

    def __init__(self, control: socket.socket, tmp: list[str], child_uid: int | None = None,
                 child_gid: int | None = None, sweep: list[str] | None = None) -> None:
        self.control = control
        self.reader = childio.Reader(control.fileno(), readahead=0)
        self.tmp = tmp
        self.child_uid = child_uid
        self.child_gid = child_gid if child_gid is not None else child_uid
        self.shared = list(sweep or [])
        self.mqueue: int | None = None
        self.child: int | None = None
        self.pidfd: int | None = None
        self.status: int | None = None
        self.count = 0
        self.frozen = False  # gc.freeze() done (after the first fork)
        self.pid1 = os.getpid() == 1
        #: ``/dev/null``, opened once: each child's standard streams.
        self.quiet = os.open(os.devnull, os.O_RDWR | os.O_CLOEXEC)

    def reply(self, message: dict[str, Any]) -> None:
        self.control.sendall(protocol.pack(message))

    def receive(self) -> tuple[dict[str, Any], list[int]]:
        head, fds, _, _ = socket.recv_fds(self.control, 4, 2)
        if not head:
            raise EOFError
        self.reader.buffer += head  # the file descriptors come with the first bytes: read no further
        return self.reader.read_message(), fds

    def _become_child(self, workdir: str, limits: dict[str, int]) -> None:
        """In the forked child: own session, no output, own folder, fixed environment, limits, uid.

        The zygote's own environment is already :data:`confine.CHILD_ENV`
        (see :func:`main`): only ``HOME`` and ``TMPDIR`` are the child's own.
        """
        self.control.close()
        if self.mqueue is not None:
            os.close(self.mqueue)
        os.setsid()
        for std in (0, 1, 2):  # nothing a submission prints reaches a file or the grader
            os.dup2(self.quiet, std)
        os.close(self.quiet)
        os.mkdir(workdir, 0o700)  # fails if it exists: each child's folder is new
        if self.child_uid is not None:
            os.chown(workdir, self.child_uid, self.child_gid if self.child_gid is not None else self.child_uid)
        confine.set_limits(limits)
        if self.child_uid is not None:
            confine.drop_privileges(self.child_uid, self.child_gid if self.child_gid is not None else self.child_uid)
        os.chdir(workdir)
        os.environ["HOME"] = os.environ["TMPDIR"] = workdir
        os.umask(0o077)

    def spawn(self, request: dict[str, Any], fds: list[int]) -> None:
        self.count += 1
        workdir = os.path.join(self.tmp[0], f"run-{self.count}")
        pid = os.fork()
        if pid == 0:  # the child: never returns
            code = 70
            try:
                self._become_child(workdir, dict(request.get("limits") or {}))
                path = os.path.join(workdir, "submission.py")
                data = str(request.get("source", "")).encode("utf-8")
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
                while data:  # a plain write: no text file object to set up in each child
                    data = data[os.write(fd, data):]
                os.close(fd)
                provided = request.get("provided")
                if type(provided) is list and provided:
                    folder = os.path.join(workdir, loading.PROVIDED_FOLDER)
                    loading.write_provided(folder, provided)
                    loading.use_provided(folder)
                os.closerange(3, min(fds))
                os.closerange(max(fds) + 1, 1 << 16)
                harness.serve_file(path, fds[0], fds[1])
                code = 0
            finally:
                os._exit(code)
        for fd in fds:
            os.close(fd)
        self.child, self.status = pid, None
        self._watch(pid)
        self.reply({"op": "spawned", "pid": pid})
        if not self.frozen:  # while the first child runs, not before it (``grader check`` has only that one)
            gc.collect()
            gc.freeze()  # the children forked from now on leave the zygote's objects alone: fewer copied pages
            self.frozen = True

    def _exited(self, pid: int, status: int) -> None:
        if pid == self.child:
            self.status = os.waitstatus_to_exitcode(status)
            self.child = None

    def _watch(self, pid: int) -> None:
        """Have the serving loop wake when ``pid`` exits (a pidfd; polling where the kernel has none)."""
        try:
            self.pidfd = os.pidfd_open(pid)
        except (AttributeError, OSError):
            self.pidfd = None

    def _unwatch(self) -> None:
        if self.pidfd is not None:
            os.close(self.pidfd)
            self.pidfd = None

    def kill(self) -> None:
        """End the child and everything it started, then remove what it left (see :meth:`clean`)."""
        if self.child is not None:
            for kill in (os.killpg, os.kill):
                try:
                    kill(self.child, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
        self.clean()

    def clean(self) -> None:
        """Kill every process left, empty the private folders, sweep the shared ones, remove IPC objects."""
        janitor.end_processes(pid1=self.pid1, uid=self.child_uid, on_exit=self._exited)
        self.child = None
        self._unwatch()
        for folder in self.tmp:
            janitor.empty(folder)
        if self.child_uid is not None:
            janitor.sweep(self.shared, self.child_uid)
        if self.child_uid is not None or self.pid1:  # a uid of our own, or an IPC namespace of our own
            janitor.remove_ipc(self.child_uid)
            if self.mqueue is not None:
                janitor.empty_fd(self.mqueue, self.child_uid)

    def _child_gone(self) -> None:
        """If the child has exited: clean up after it at once, then tell the grader (``exited``)."""
        pid = self.child
        janitor.reap(self._exited)
        if pid is not None and self.child is None:
            self.clean()
            self.reply({"op": "exited", "pid": pid, "code": self.status})

    def _next_request(self) -> tuple[dict[str, Any], list[int]]:
        """The next request; meanwhile, the running child's exit is handled as soon as it happens."""
        control = self.control.fileno()
        while self.child is not None:
            watched = [control] if self.pidfd is None else [control, self.pidfd]
            ready = select.select(watched, [], [], None if self.pidfd is not None else POLL_SECONDS)[0]
            if control not in ready or self.pidfd in ready:  # (the pidfd, or the poll's timeout)
                self._child_gone()
            if control in ready:
                break
        return self.receive()

    def serve(self) -> None:
        while True:
            try:
                request, fds = self._next_request()
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
            if op == "preload":  # decoded once here, inherited by every child forked from now on
                try:
                    count = preloaded.load(request.get("key"), request.get("calls"))
                except protocol.ProtocolError as exc:
                    self.reply({"op": "error", "message": str(exc)[:200]})
                    continue
                gc.freeze()  # the children leave these objects' pages alone too
                self.reply({"op": "preloaded", "key": preloaded.KEY, "count": count})
            elif op == "kill":
                self.kill()
                self.reply({"op": "status", "running": False, "code": self.status})
            elif op == "ping":
                self.reply({"op": "pong"})
            else:
                self.reply({"op": "error", "message": "unknown request"})


def warm_up() -> None:
    """Run what every child would otherwise initialize on first use (BLAS kernels, the global
    generator, ufunc loops, the harness's encoder), once, before the first fork."""
    a = numpy.ones((8, 8))
    numpy.dot(a, a) @ a
    numpy.einsum("ij,jk->ik", a, a)
    numpy.random.seed(0)
    numpy.random.randn(4, 4)
    numpy.random.rand(4)
    numpy.random.permutation(4)
    for f in (numpy.exp, numpy.log, numpy.tanh, numpy.sqrt, numpy.abs, numpy.sign):
        f(a)
    numpy.maximum(a, 0)
    numpy.where(a > 0, a, 0)
    numpy.sum(a, axis=1, keepdims=True)
    numpy.mean(a)
    numpy.linalg.norm(a)
    numpy.allclose(a, a)
    protocol.decode(protocol.encode((a, {"k": a.astype(numpy.int64)}, [1.5, "x"])))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--control-fd", type=int, required=True)
    parser.add_argument("--drop-uid", type=int, help="the zygote itself becomes this uid (in a namespace)")
    parser.add_argument("--drop-gid", type=int)
    parser.add_argument("--child-uid", type=int, help="each child becomes this uid; the zygote keeps its own")
    parser.add_argument("--child-gid", type=int)
    parser.add_argument("--hide", help="JSON plan for hide_files (unshare sandbox)")
    parser.add_argument("--tmp", action="append", required=True,
                        help="a folder private to this zygote, emptied after each child (the first holds them)")
    parser.add_argument("--sweep", action="append", default=[],
                        help="a shared folder cleared of --child-uid's files after each child")
    ns = parser.parse_args(argv)
    control = socket.socket(fileno=ns.control_fd)
    os.environ.clear()  # the launcher's variables have served (GRADER_SYS_PATH): children see CHILD_ENV only
    os.environ.update(confine.CHILD_ENV)
    janitor.become_subreaper()
    if ns.hide:
        confine.hide_files(json.loads(ns.hide))
    mqueue = confine.open_mqueue()  # while we may still mount
    if ns.drop_uid is not None:
        confine.drop_privileges(ns.drop_uid, ns.drop_gid if ns.drop_gid is not None else ns.drop_uid)
    ctypes.CDLL(None).prctl(confine.PR_SET_DUMPABLE, 0, 0, 0, 0)
    zygote = Zygote(control, ns.tmp, ns.child_uid, ns.child_gid, ns.sweep)
    zygote.mqueue = mqueue
    zygote.clean()  # whatever an earlier grader that died left of this uid
    warm_up()
    zygote.reply({"op": "ready", "pid": os.getpid(), "pid1": zygote.pid1,
                  "uid": ns.child_uid if ns.child_uid is not None else os.getuid(),
                  "gid": zygote.child_gid if ns.child_uid is not None else os.getgid()})
    try:
        zygote.serve()
    finally:
        zygote.kill()  # the grader is gone or asked us to stop: nothing of a submission outlives us
    return 0


if __name__ == "__main__":
    sys.exit(main())
