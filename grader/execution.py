"""Run student code in a child process and bring back plain values.

The grader never imports a submission. :class:`ChildSession` starts the
harness (``grader/harness.py``) in a separate process through a
:class:`Launcher`, sends it calls, answers its *oracle* requests (the
grader evaluates the reference for callees it substituted, so a bug in a
callee cannot cost the caller's points) and returns :class:`CallOutcome`
records. A call that hangs is killed with its whole process group and the
child is started again for the next call; a child that dies costs only the
call it was running.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from grader import protocol

HARNESS = Path(__file__).with_name("harness.py")
PROTOCOL = Path(__file__).with_name("protocol.py")

OutcomeStatus = Literal[
    "ok", "missing", "not_implemented", "raised", "timeout", "crashed", "protocol_error",
    "import_failed", "unencodable",
]


@dataclass(frozen=True)
class Limits:
    """Resource limits for one child process.

    ``call_seconds`` bounds one call, ``import_seconds`` the import of the
    submission; the others are passed to ``setrlimit`` where the launcher
    supports them.
    """

    call_seconds: float = 10.0
    import_seconds: float = 20.0
    cpu_seconds: int = 120
    memory_mb: int = 2048
    file_size_mb: int = 16
    open_files: int = 64
    processes: int = 64


@dataclass(frozen=True)
class CallOutcome:
    """What one call of a student function produced, as plain data."""

    status: OutcomeStatus
    value: Any = None
    args_after: list[Any] | None = None
    error: dict[str, Any] = field(default_factory=dict)
    oracle_misses: tuple[str, ...] = ()
    seconds: float = 0.0


class Oracle(Protocol):
    """Answers a substituted callee's call from the grader's side."""

    def answer(self, function: str, args: list[Any], kwargs: dict[str, Any]) -> tuple[str, Any]:
        """Return ``("ok", value)``, ``("miss", None)`` or ``("error", message)``."""
        ...


class NoOracle:
    """An oracle that never answers: the student's own callees are used."""

    def answer(self, function: str, args: list[Any], kwargs: dict[str, Any]) -> tuple[str, Any]:
        return "miss", None


class ChildProcess(Protocol):
    """A started child: its pid-group handle and its two channel ends."""

    to_child: int
    from_child: int

    def kill(self) -> None: ...

    def wait(self, timeout: float) -> int | None: ...


class Launcher(Protocol):
    """Starts the harness on a submission file under some isolation."""

    name: str

    def start(self, submission: Path, limits: Limits) -> ChildProcess: ...


# ------------------------------------------------------------- local launcher


def _numpy_only_path() -> str:
    """A folder holding links to numpy (and its bundled libraries) only.

    The child runs with ``-I -S``, so this folder, the standard library and
    the harness's own folder are all it can import from: not the grader, not
    ``reference``, not the other packages of the grader's environment.
    """
    global _NUMPY_DIR
    if _NUMPY_DIR is None or not os.path.isdir(_NUMPY_DIR):
        site = Path(np.__file__).resolve().parent.parent
        folder = tempfile.mkdtemp(prefix="grader-numpy-")
        for entry in ("numpy", "numpy.libs"):
            if (site / entry).exists():
                os.symlink(site / entry, os.path.join(folder, entry))
        _NUMPY_DIR = folder
    return _NUMPY_DIR


_NUMPY_DIR: str | None = None


def _harness_dir() -> str:
    """A private folder with copies of the harness and the protocol only."""
    global _HARNESS_DIR
    if _HARNESS_DIR is None or not os.path.isdir(_HARNESS_DIR):
        folder = tempfile.mkdtemp(prefix="grader-harness-")
        shutil.copy(HARNESS, folder)
        shutil.copy(PROTOCOL, folder)
        _HARNESS_DIR = folder
    return _HARNESS_DIR


_HARNESS_DIR: str | None = None


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The small, fixed environment a child starts with."""
    env = {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
    }
    env.update(extra or {})
    return env


def set_rlimits(limits: Limits) -> None:
    """Apply ``limits`` to the calling process (used in a child before exec)."""
    import resource

    mb = 1024 * 1024
    for which, value in (
        (resource.RLIMIT_CPU, limits.cpu_seconds),
        (resource.RLIMIT_AS, limits.memory_mb * mb),
        (resource.RLIMIT_FSIZE, limits.file_size_mb * mb),
        (resource.RLIMIT_NOFILE, limits.open_files),
        (resource.RLIMIT_CORE, 0),
    ):
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            pass


@dataclass
class PopenChild:
    """A child started with :class:`subprocess.Popen` in its own session."""

    popen: subprocess.Popen[bytes]
    to_child: int
    from_child: int
    workdir: str | None = None

    def kill(self) -> None:
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.popen.kill()
        except ProcessLookupError:
            pass

    def wait(self, timeout: float) -> int | None:
        try:
            return self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def cleanup(self) -> None:
        for fd in (self.to_child, self.from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)


class LocalLauncher:
    """A plain child process: own session, rlimits, private folder, no site-packages.

    This is the isolation of ``grader check`` when no sandbox is asked for. It
    keeps the reference and the grader out of the child's import path, but
    the child can still read files the user can read: batch grading uses the
    sandboxed launchers of :mod:`grader.sandbox` instead.
    """

    name = "process"

    def start(self, submission: Path, limits: Limits) -> PopenChild:
        workdir = tempfile.mkdtemp(prefix="grader-run-")
        target = os.path.join(workdir, "submission.py")
        shutil.copyfile(submission, target)
        harness = os.path.join(_harness_dir(), "harness.py")
        return spawn_harness(
            [sys.executable, "-I", "-S", "-B", harness, "--submission", target],
            env=child_env({"GRADER_SYS_PATH": _numpy_only_path(), "HOME": workdir}),
            cwd=workdir,
            preexec=lambda: set_rlimits(limits),
            workdir=workdir,
        )


def spawn_harness(
    argv: Sequence[str],
    *,
    env: dict[str, str],
    cwd: str,
    preexec: Callable[[], None] | None,
    workdir: str | None,
    stderr: Any = subprocess.DEVNULL,
) -> PopenChild:
    """Start ``argv`` (ending in the harness's arguments) with two channel pipes.

    The fd numbers are appended as ``--in-fd``/``--out-fd``; stdout and
    stderr of the child are discarded, so nothing it prints can pass for a
    result.
    """
    parent_read, child_write = os.pipe()
    child_read, parent_write = os.pipe()
    try:
        popen = subprocess.Popen(
            [*argv, "--in-fd", str(child_read), "--out-fd", str(child_write)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            pass_fds=(child_read, child_write),
            env=env,
            cwd=cwd,
            start_new_session=True,
            preexec_fn=preexec,
        )
    finally:
        os.close(child_read)
        os.close(child_write)
    return PopenChild(popen, parent_write, parent_read, workdir)


# ------------------------------------------------------------- the session


class _Deadline(Exception):
    pass


def _read_exact(fd: int, n: int, deadline: float) -> bytes:
    chunks = []
    while n > 0:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _Deadline
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            raise _Deadline
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _read_message(fd: int, deadline: float) -> dict[str, Any]:
    header = _read_exact(fd, 4, deadline)
    length = int.from_bytes(header, "big")
    if length > protocol.MAX_MESSAGE_BYTES:
        raise protocol.ProtocolError(f"message of {length} bytes is too large")
    return protocol.parse_body(_read_exact(fd, length, deadline))


class ChildSession:
    """One submission loaded in a child, restarted as needed, answering calls.

    Parameters
    ----------
    submission : Path
        The Python source to load (a notebook is converted before this).
    launcher : Launcher
        How to start the child (plain process, bubblewrap, ...).
    limits : Limits
        Time and resource limits.
    oracle : Oracle
        Answers calls to substituted callees.
    max_restarts : int
        How many times a crashed or hung child is started again.
    """

    def __init__(
        self,
        submission: Path,
        launcher: Launcher,
        limits: Limits | None = None,
        oracle: Oracle | None = None,
        max_restarts: int = 20,
    ) -> None:
        self.submission = submission
        self.launcher = launcher
        self.limits = limits or Limits()
        self.oracle = oracle or NoOracle()
        self.max_restarts = max_restarts
        self.restarts = 0
        self.ready: dict[str, Any] | None = None
        self._child: ChildProcess | None = None
        self._next_id = 0

    # -- lifecycle
    def _start(self) -> dict[str, Any]:
        child = self.launcher.start(self.submission, self.limits)
        deadline = time.monotonic() + self.limits.import_seconds
        try:
            msg = _read_message(child.from_child, deadline)
            if msg.get("op") != "ready":
                raise protocol.ProtocolError("the child did not start with a ready message")
        except _Deadline:
            self._discard(child)
            return {"status": "import_timeout",
                    "message": f"importing your file took longer than {self.limits.import_seconds:g} s "
                               "(is there an infinite loop or long training run at the top level?)"}
        except (EOFError, protocol.ProtocolError, OSError) as exc:
            code = self._discard(child)
            return {"status": "import_crash",
                    "message": f"the process exited while importing your file (exit code {code}): {exc}"}
        if msg.get("status") == "ok":
            self._child = child
        else:
            self._discard(child)
        return msg

    def _discard(self, child: ChildProcess) -> int | None:
        child.kill()
        code = child.wait(5)
        cleanup = getattr(child, "cleanup", None)
        if cleanup:
            cleanup()
        return code

    def open(self) -> dict[str, Any]:
        """Start the child; return its ready message (import status, signatures)."""
        if self.ready is None:
            self.ready = self._start()
        return self.ready

    def close(self) -> None:
        if self._child is not None:
            try:
                protocol.write_message(self._child.to_child, {"op": "bye"})
            except OSError:
                pass
            self._child.wait(0.5)
            self._discard(self._child)
            self._child = None

    def __enter__(self) -> ChildSession:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- calls
    def _ensure_child(self) -> ChildProcess | None:
        ready = self.open()
        if ready.get("status") != "ok":
            return None
        if self._child is None:
            if self.restarts >= self.max_restarts:
                return None
            self.restarts += 1
            again = self._start()
            if again.get("status") != "ok":
                return None
        return self._child

    def call(
        self,
        function: str,
        args: Sequence[Any],
        *,
        substitute: Sequence[str] = (),
        return_args: bool = False,
        encoded_args: list[Any] | None = None,
    ) -> CallOutcome:
        """Call ``function(*args)`` in the child and return what happened."""
        started = time.monotonic()
        child = self._ensure_child()
        if child is None:
            return CallOutcome("import_failed", error=dict(self.ready or {}))
        self._next_id += 1
        call_id = self._next_id
        request = {
            "op": "call",
            "id": call_id,
            "function": function,
            "args": encoded_args if encoded_args is not None else [protocol.encode(a) for a in args],
            "substitute": list(substitute),
            "return_args": return_args,
        }
        misses: list[str] = []
        deadline = started + self.limits.call_seconds
        try:
            protocol.write_message(child.to_child, request)
            while True:
                msg = _read_message(child.from_child, deadline)
                if msg.get("op") == "oracle":
                    self._answer_oracle(child, msg, substitute, misses)
                    continue
                if msg.get("op") != "result" or msg.get("id") != call_id:
                    raise protocol.ProtocolError("unexpected message on the grader's channel")
                break
        except _Deadline:
            self._kill_child()
            return CallOutcome("timeout", error={
                "message": f"{function} did not return within {self.limits.call_seconds:g} s "
                           "(an infinite loop?)"}, seconds=time.monotonic() - started)
        except (EOFError, BrokenPipeError, OSError) as exc:
            code = self._kill_child()
            return CallOutcome("crashed", error={
                "message": f"the process running {function} exited (exit code {code}) before returning"
                           + (f": {exc}" if str(exc) else "")}, seconds=time.monotonic() - started)
        except protocol.ProtocolError as exc:
            self._kill_child()
            return CallOutcome("protocol_error", error={"message": str(exc)},
                               seconds=time.monotonic() - started)
        return self._outcome(msg, misses, time.monotonic() - started)

    def _outcome(self, msg: dict[str, Any], misses: list[str], seconds: float) -> CallOutcome:
        status = msg.get("status")
        try:
            if status == "ok":
                value = protocol.decode(msg.get("value"))
                after = msg.get("args_after")
                args_after = [protocol.decode(a) for a in after] if type(after) is list else None
                return CallOutcome("ok", value, args_after, oracle_misses=tuple(misses), seconds=seconds)
        except protocol.ProtocolError as exc:
            return CallOutcome("protocol_error", error={"message": f"could not read the returned value: {exc}"},
                               seconds=seconds)
        if status in ("missing", "not_implemented", "raised", "unencodable"):
            error = {k: msg.get(k) for k in ("type", "message", "frames") if k in msg}
            return CallOutcome(status, error=error, oracle_misses=tuple(misses), seconds=seconds)
        return CallOutcome("protocol_error", error={"message": f"unexpected status {status!r}"},
                           seconds=seconds)

    def _answer_oracle(self, child: ChildProcess, msg: dict[str, Any], substitute: Sequence[str],
                       misses: list[str]) -> None:
        name = msg.get("function")
        reply: dict[str, Any]
        if type(name) is not str or name not in substitute:
            reply = {"status": "error", "message": "refused"}
        else:
            try:
                raw_args = msg.get("args")
                args = [protocol.decode(a) for a in raw_args] if type(raw_args) is list else []
                kwargs = protocol.decode(msg.get("kwargs") or {"__dict__": []})
                if type(kwargs) is not dict:
                    kwargs = {}
                status, value = self.oracle.answer(name, args, kwargs)
            except protocol.ProtocolError:
                status, value = "miss", None
            if status == "ok":
                reply = {"status": "ok", "value": protocol.encode(value)}
            elif status == "miss":
                misses.append(name)
                reply = {"status": "miss"}
            else:
                reply = {"status": "error", "message": str(value)}
        protocol.write_message(child.to_child, reply)

    def _kill_child(self) -> int | None:
        child, self._child = self._child, None
        return self._discard(child) if child is not None else None
