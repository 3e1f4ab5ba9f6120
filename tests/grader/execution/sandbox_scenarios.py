"""What submissions do to a sandbox, played out under one isolation; run by ``test_sandbox.py``.

Each scenario starts a launcher of the given isolation, grades one or more
small submissions with :class:`~grader.execution.session.ChildSession`, closes it and
returns plain data for the test to judge. The tests call them in their own
process, or, for ``process`` isolation where the test session's interpreter
is not readable by every user, run this file with one that is
(``python sandbox_scenarios.py SCENARIO ISOLATION [ARG]``, JSON on stdout).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

from grader.execution.child import janitor
from grader.execution.forkserver import SandboxError
from grader.execution.interface import Limits
from grader.execution.sandbox import SandboxLauncher, choose_launcher
from grader.execution.session import ChildSession
from grader.execution.unprivileged import shared_writable

FAST = Limits(call_seconds=5, import_seconds=10)

#: Plants a file in every folder it may write to (4 levels deep), System V IPC objects, a POSIX message
#: queue and a double-forked daemon; the second submission looks for all of it.
PLANT = """
import ctypes, os, time

KEY = 0x6E6E6773
NAME = "nn-grader-scenario"

def writable_folders():
    found = []
    for top, dirs, _ in os.walk("/"):
        dirs[:] = [d for d in dirs if top != "/" or d not in ("proc", "sys")]
        if top.count("/") >= 4:
            dirs[:] = []
        if os.access(top, os.W_OK | os.X_OK) and not top.startswith(os.getcwd()):
            found.append(top)
    return found

def plant():
    planted = []
    for folder in writable_folders():
        try:
            with open(os.path.join(folder, f"{NAME}-{os.getpid()}"), "w") as fh:
                fh.write("from the previous student")
            planted.append(folder)
        except OSError:
            pass
    libc = ctypes.CDLL(None, use_errno=True)
    ipc = [libc.shmget(KEY, 4096, 0o1666) >= 0, libc.semget(KEY, 1, 0o1666) >= 0, libc.msgget(KEY, 0o1666) >= 0,
           libc.mq_open(b"/" + NAME.encode(), os.O_CREAT | os.O_RDWR, 0o666, None) >= 0]
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            time.sleep(120)
        os._exit(0)
    time.sleep(0.2)
    return {"planted": planted, "ipc": ipc, "cwd": os.getcwd(), "uid": os.getuid()}
"""

LOOK = """
import ctypes, os

KEY = 0x6E6E6773
NAME = "nn-grader-scenario"

def look():
    found = []
    for top, dirs, files in os.walk("/"):
        dirs[:] = [d for d in dirs if top != "/" or d not in ("proc", "sys")]
        if top.count("/") >= 4:
            dirs[:] = []
        found += [os.path.join(top, f) for f in files if f.startswith(NAME)]
    libc = ctypes.CDLL(None, use_errno=True)
    ipc = [libc.shmget(KEY, 0, 0) >= 0, libc.semget(KEY, 0, 0) >= 0, libc.msgget(KEY, 0) >= 0,
           libc.mq_open(b"/" + NAME.encode(), os.O_RDONLY) >= 0]
    others = []
    for pid in (p for p in os.listdir("/proc") if p.isdigit()):
        try:
            with open(f"/proc/{pid}/status") as fh:
                status = dict(line.split(":", 1) for line in fh if ":" in line)
        except OSError:
            continue
        if int(status["Uid"].split()[0]) == os.getuid() and int(pid) not in (os.getpid(), os.getppid()):
            others.append(pid)
    return {"found": found, "ipc": ipc, "others": others, "tmp": sorted(os.listdir("/tmp"))}
"""

ATTACK = """
import os, signal

def attack():
    for pid, sig in ((os.getppid(), signal.SIGKILL), (1, signal.SIGSTOP), (-1, signal.SIGKILL)):
        try:
            os.kill(pid, sig)
        except OSError:
            pass
    try:
        with open(f"/proc/{os.getppid()}/mem", "r+b") as fh:
            fh.write(b"x")
        return "wrote the zygote's memory"
    except OSError as exc:
        return type(exc).__name__
"""

ENVIRONMENT = """
import os

def environment(marker):
    leaks = []
    for pid in os.listdir("/proc"):
        try:
            with open(f"/proc/{pid}/environ", "rb") as fh:
                if marker.encode() in fh.read():
                    leaks.append(pid)
        except OSError:
            pass
    return {"environ": dict(os.environ), "leaks": leaks}
"""


def _write(folder: str, name: str, code: str) -> Path:
    path = Path(folder) / name
    path.write_text(textwrap.dedent(code), encoding="utf-8")
    return path


def _call(launcher: SandboxLauncher, path: Path, function: str, *args: Any) -> Any:
    with ChildSession(path, launcher, FAST) as session:
        outcome = session.call(function, list(args))
    if outcome.status != "ok":
        raise AssertionError(f"{function}: {outcome.status} {outcome.error}")
    return outcome.value


def survivors(kind: str) -> dict[str, Any]:
    """A submission plants everything it can; what does the next one find, and what is left afterwards?"""
    launcher = choose_launcher(kind)
    uid = launcher.describe()["uid"]
    with tempfile.TemporaryDirectory() as tmp:
        first = _call(launcher, _write(tmp, "first.py", PLANT), "plant")
        left = janitor.processes_of(int(uid)) if uid not in (0, None) and kind == "process" else []
        second = _call(launcher, _write(tmp, "second.py", LOOK), "look")
    launcher.close()
    after = janitor.processes_of(int(uid)) if kind == "process" else []
    leftovers = [os.path.join(f, n) for f in shared_writable() for n in os.listdir(f)
                 if n.startswith("nn-grader-scenario")]
    return {"first": first, "second": second, "left_between": left, "left_after": after, "leftovers": leftovers,
            "shared": shared_writable(), "uid": uid}


def attack_zygote(kind: str) -> dict[str, Any]:
    """A submission kills and stops what it can and writes to its parent's memory, twice."""
    launcher = choose_launcher(kind)
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(tmp, "attack.py", ATTACK)
        results = [_call(launcher, path, "attack") for _ in range(2)]
    starts = launcher.server.starts
    launcher.close()
    return {"results": results, "starts": starts}


def environment(kind: str, marker: str) -> dict[str, Any]:
    """The grader's environment holds a marker: does the child see it anywhere?"""
    os.environ["NN_GRADER_MARKER"] = marker
    launcher = choose_launcher(kind)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            return dict(_call(launcher, _write(tmp, "env.py", ENVIRONMENT), "environment", marker))
    finally:
        launcher.close()
        del os.environ["NN_GRADER_MARKER"]


LIMITS = """
import resource

def limits():
    names = ("RLIMIT_CPU", "RLIMIT_AS", "RLIMIT_FSIZE", "RLIMIT_NOFILE", "RLIMIT_NPROC", "RLIMIT_CORE")
    return [resource.getrlimit(getattr(resource, n))[1] for n in names]
"""


def limits(kind: str) -> dict[str, Any]:
    """The rlimits a child gets, as a submission sees them."""
    launcher = choose_launcher(kind)
    wanted = Limits(call_seconds=5, import_seconds=10, cpu_seconds=30, memory_mb=1024, file_size_mb=4,
                    open_files=32, processes=16)
    try:
        with tempfile.TemporaryDirectory() as tmp, ChildSession(_write(tmp, "l.py", LIMITS), launcher, wanted) as s:
            return {"limits": s.call("limits", []).value}
    finally:
        launcher.close()


def restart(kind: str) -> dict[str, Any]:
    """The zygote dies between two submissions: the second is graded normally."""
    import signal

    launcher = choose_launcher(kind)
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(tmp, "f.py", "def f():\n    return 1\n")
        values = [_call(launcher, path, "f")]
        assert launcher.server.popen is not None
        os.killpg(launcher.server.popen.pid, signal.SIGKILL)
        launcher.server.popen.wait()
        started = time.monotonic()
        values.append(_call(launcher, path, "f"))
        seconds = time.monotonic() - started
    starts = launcher.server.starts
    launcher.close()
    return {"values": values, "starts": starts, "seconds": seconds}


SCENARIOS = {"survivors": survivors, "attack_zygote": attack_zygote, "environment": environment, "restart": restart,
             "limits": limits}


def main(argv: list[str]) -> int:
    name, kind, *args = argv
    try:
        print(json.dumps(SCENARIOS[name](kind, *args)))
    except SandboxError as exc:
        print(json.dumps({"unavailable": str(exc)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
