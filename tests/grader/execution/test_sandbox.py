"""The sandboxed launchers: what a submission can see and do, and what survives it.

Each test runs under every isolation this machine offers (bubblewrap,
unshare; the plain process where it says so) and skips the others. The
scenarios of ``sandbox_scenarios.py`` run under all three, ``process`` with
a Python runtime every user can read (see ``runtimes.py``).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pytest
import sandbox_scenarios
from runtimes import grader_env, readable_python, why_not

from grader.course.locate import REPO_ROOT
from grader.execution.interface import Limits
from grader.execution.sandbox import KINDS, PROCESS_UID_BASE, available, choose_launcher, process_refusal
from grader.execution.session import ChildSession
from grader.execution.unprivileged import ALLOW_UNSAFE_ENV, UidSlot

FAST = Limits(call_seconds=3, import_seconds=5)
SANDBOXES = [pytest.param(k, id=k) for k in ("bwrap", "unshare")]
MODES = [pytest.param(k, id=k) for k in KINDS]
#: The environment of every child: these and nothing else.
CHILD_ENV = {"PATH", "LANG", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "PYTHONDONTWRITEBYTECODE",
             "PYTHONHASHSEED", "HOME", "TMPDIR"}


def scenario(kind: str, name: str, *args: str) -> dict:
    """Run a scenario of ``sandbox_scenarios`` under ``kind``: here, or with a runtime every user can read."""
    if kind != "process" or process_refusal(False) is None:
        if kind != "process" and not available(kind):
            pytest.skip(f"isolation {kind!r} is not available here")
        return sandbox_scenarios.SCENARIOS[name](kind, *args)
    if os.geteuid() != 0:
        pytest.skip("isolation 'process' refuses an unprivileged grader (test_process_refuses_where_it_is_unsafe)")
    python = readable_python()
    if python is None:
        pytest.skip(f"no Python runtime every user can read: {why_not()}")
    proc = subprocess.run([python, sandbox_scenarios.__file__, name, kind, *args], capture_output=True, text=True,
                          timeout=300, env=grader_env(NN_GRADER_MARKER=args[0] if args else ""), cwd="/")
    assert proc.returncode == 0, proc.stderr[-3000:]
    doc = json.loads(proc.stdout)
    if "unavailable" in doc:
        pytest.skip(doc["unavailable"])
    return doc


def write(tmp_path: Path, code: str, name: str = "submission.py") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(code), encoding="utf-8")
    return path


@pytest.fixture
def launcher(request, tmp_path):
    kind = request.param
    if not available(kind):
        pytest.skip(f"isolation {kind!r} is not available here")
    secret = tmp_path / "hidden"
    secret.mkdir()
    (secret / "answers.txt").write_text("42")
    chosen = choose_launcher(kind, hide=[str(secret), str(tmp_path)])
    chosen.secret = secret
    yield chosen
    chosen.close()


PROBE = """
    import os, socket, sys

    def probe():
        seen = {"uid": os.getuid(), "gid": os.getgid(), "pid": os.getpid(), "ppid": os.getppid(),
                "cwd": os.getcwd(), "tmp": sorted(os.listdir("/tmp")), "home": os.environ.get("HOME")}
        seen["repo"] = os.path.exists(%r)
        seen["secret"] = os.path.exists(%r)
        seen["env"] = sorted(os.environ)
        seen["imports"] = []
        for name in ("grader", "reference", "reference.deep_nn", "dask", "jinja2"):
            try:
                __import__(name)
                seen["imports"].append(name)
            except ImportError:
                pass
        seen["site"] = sorted(set(sum((os.listdir(p) for p in sys.path if p.endswith("-packages")
                                       and os.path.isdir(p)), [])))
        try:
            socket.create_connection(("1.1.1.1", 53), timeout=1).close()
            seen["net"] = True
        except OSError:
            seen["net"] = False
        seen["processes"] = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
        runtime = [os.path.realpath(p) for p in (sys.base_prefix, os.path.dirname(sys.executable))]
        numpy_dir = os.path.dirname(os.path.realpath(__import__("numpy").__file__))
        runtime += [numpy_dir, numpy_dir + ".libs", "/opt/grader"]
        seen["outside"] = []
        for top in sorted(os.listdir("/")):
            if top in {"usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "etc", "dev", "proc", "sys", "tmp"}:
                continue
            for dirpath, dirnames, filenames in os.walk("/" + top):
                dirnames[:] = [d for d in dirnames if os.path.join(dirpath, d) not in runtime]
                seen["outside"] += [os.path.join(dirpath, f) for f in filenames][:5]
                if len(seen["outside"]) >= 5:
                    break
        return seen
"""


@pytest.mark.parametrize("launcher", SANDBOXES, indirect=True)
def test_a_submission_sees_only_its_own_folder(launcher, tmp_path):
    path = write(tmp_path, PROBE % (str(REPO_ROOT / "reference"), str(launcher.secret / "answers.txt")))
    with ChildSession(path, launcher, FAST) as session:
        outcome = session.call("probe", [])
    assert outcome.status == "ok", outcome.error
    seen = outcome.value
    if os.geteuid() == 0:
        assert (seen["uid"], seen["gid"]) == (65534, 65534), "root drops to nobody"
    assert seen["ppid"] == 1, "the zygote is PID 1 of the sandbox's own pid namespace"
    assert seen["processes"] == [1, seen["pid"]], "no process of the host (nor of the grader) is visible"
    assert not seen["repo"] and not seen["secret"], "the grader's checkout and hidden folders are invisible"
    assert seen["outside"] == [], "outside the system folders only the runtime, numpy and the harness are visible"
    assert seen["imports"] == [], "nothing but the standard library and numpy can be imported"
    assert set(seen["site"]) <= {"numpy", "numpy.libs"}
    assert seen["net"] is False, "no network"
    assert seen["tmp"] == [os.path.basename(seen["cwd"])] and seen["cwd"].startswith("/tmp/")
    assert seen["home"] == seen["cwd"]
    assert not [k for k in seen["env"] if "TOKEN" in k or "SECRET" in k or k.startswith(("AWS", "GIT"))]


@pytest.mark.parametrize("launcher", SANDBOXES, indirect=True)
def test_limits_are_in_force_in_the_child(launcher, tmp_path):
    path = write(tmp_path, """
        import resource

        def limits():
            names = ("RLIMIT_CPU", "RLIMIT_AS", "RLIMIT_FSIZE", "RLIMIT_NOFILE", "RLIMIT_NPROC")
            return [resource.getrlimit(getattr(resource, n))[1] for n in names]
    """)
    limits = Limits(call_seconds=3, import_seconds=5, cpu_seconds=30, memory_mb=1024, file_size_mb=4,
                    open_files=32, processes=16)
    with ChildSession(path, launcher, limits) as session:
        assert session.call("limits", []).value == [30, 1024 << 20, 4 << 20, 32, 16]


@pytest.mark.parametrize("launcher", SANDBOXES, indirect=True)
def test_nothing_of_a_submission_survives_into_the_next(launcher, tmp_path):
    first = write(tmp_path, """
        import os, time

        def leave_traces():
            with open("/tmp/planted.txt", "w") as fh:
                fh.write("from the previous student")
            if os.fork() == 0:
                os.setsid()
                time.sleep(60)
                os._exit(0)
            return sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
    """, "first.py")
    second = write(tmp_path, """
        import os

        def look():
            return sorted(os.listdir("/tmp")), sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
    """, "second.py")
    with ChildSession(first, launcher, FAST) as session:
        assert len(session.call("leave_traces", []).value) == 3, "the daemon was running"
    with ChildSession(second, launcher, FAST) as session:
        tmp, processes = session.call("look", []).value
    assert len(tmp) == 1 and "planted.txt" not in tmp
    assert len(processes) == 2, "only the zygote and this child are left"


@pytest.mark.parametrize("launcher", SANDBOXES, indirect=True)
def test_a_child_cannot_kill_or_trace_the_zygote(launcher, tmp_path):
    path = write(tmp_path, """
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
    """)
    with ChildSession(path, launcher, FAST) as session:
        assert session.call("attack", []).value in ("PermissionError", "FileNotFoundError", "OSError")
    with ChildSession(path, launcher, FAST) as session:
        assert session.call("attack", []).status == "ok"
    assert launcher.server.starts == 1, "the same zygote served both"


@pytest.mark.parametrize("launcher", SANDBOXES, indirect=True)
def test_a_dead_zygote_is_started_again(launcher, tmp_path):
    path = write(tmp_path, "def f():\n    return 1\n")
    with ChildSession(path, launcher, FAST) as session:
        assert session.call("f", []).value == 1
    os.killpg(launcher.server.popen.pid, signal.SIGKILL)
    launcher.server.popen.wait()
    with ChildSession(path, launcher, FAST) as session:
        assert session.call("f", []).value == 1
    assert launcher.server.starts == 2


@pytest.mark.parametrize("launcher", SANDBOXES, indirect=True)
def test_a_hung_call_is_killed_and_the_next_one_runs(launcher, tmp_path):
    path = write(tmp_path, """
        import signal
        signal.signal(signal.SIGTERM, signal.SIG_IGN)

        def spin():
            while True:
                pass

        def ok():
            return 7
    """)
    with ChildSession(path, launcher, Limits(call_seconds=0.5, import_seconds=5)) as session:
        assert session.call("spin", []).status == "timeout"
        assert session.call("ok", []).value == 7


def test_auto_takes_the_strongest_available():
    launcher = choose_launcher("auto")
    try:
        assert launcher.name == next(k for k in KINDS if available(k, allow_unsafe=False))
    finally:
        launcher.close()


def test_an_unknown_isolation_is_refused():
    with pytest.raises(ValueError, match="unknown isolation"):
        choose_launcher("docker")


def test_process_launcher_grades_without_namespaces(tmp_path):
    """Where it is safe, as an unprivileged uid of its own; elsewhere only by explicit permission."""
    path = write(tmp_path, "import os\n\ndef who():\n    return os.getuid()\n")
    safe = process_refusal(False) is None
    launcher = choose_launcher("process", allow_unsafe=not safe)
    try:
        with ChildSession(path, launcher, FAST) as session:
            uid = session.call("who", []).value
        assert uid == (launcher.describe()["uid"] if safe else os.getuid())
        if safe:
            assert uid >= PROCESS_UID_BASE and uid != os.getuid()
        assert launcher.describe()["pid_namespace"] is False
    finally:
        launcher.close()


def test_a_path_is_open_to_others_only_if_every_folder_above_it_is():
    import shutil
    import tempfile

    from grader.execution.sandbox import _open_to_others

    top = Path(tempfile.mkdtemp(dir="/tmp"))  # / and /tmp are searchable by anyone
    try:
        inner = top / "a" / "b"
        inner.mkdir(parents=True)
        (inner / "numpy.py").write_text("")
        for folder in (top, top / "a", inner):
            folder.chmod(0o755)
        (inner / "numpy.py").chmod(0o644)
        assert _open_to_others(str(inner / "numpy.py")) is True
        (top / "a").chmod(0o700)
        assert _open_to_others(str(inner / "numpy.py")) is False
        (top / "a").chmod(0o755)
        (inner / "numpy.py").chmod(0o600)
        assert _open_to_others(str(inner / "numpy.py")) is False
    finally:
        shutil.rmtree(top, ignore_errors=True)


# ---------------------------------------------------------------- every isolation, process included

@pytest.mark.parametrize("kind", MODES)
def test_nothing_a_submission_leaves_anywhere_reaches_the_next(kind):
    doc = scenario(kind, "survivors")
    first, second = doc["first"], doc["second"]
    assert "/tmp" in first["planted"] and first["ipc"][:3] == [True, True, True], "the attack really happened"
    allowed = {"bwrap": ["/tmp", "/dev/mqueue"], "unshare": ["/tmp", "/dev/shm", "/dev/mqueue"],
               "process": doc["shared"]}[kind]
    outside = [f for f in first["planted"] if not any(f == a or f.startswith(a.rstrip("/") + "/") for a in allowed)]
    assert outside == [], "a submission can write only where the zygote empties or sweeps after it"
    assert second["found"] == [], "no file of the previous submission is visible"
    assert second["ipc"] == [False, False, False, False], "nor a System V IPC object or a POSIX message queue"
    assert second["others"] == [], "nor a process: its double-forked daemon was killed"
    assert doc["left_between"] == [] and doc["left_after"] == [] and doc["leftovers"] == []
    if kind == "process":
        assert doc["uid"] >= PROCESS_UID_BASE and second["tmp"] != [], "its own uid; the shared /tmp of the machine"


@pytest.mark.parametrize("kind", MODES)
def test_the_zygote_survives_whatever_a_submission_does_to_it(kind):
    doc = scenario(kind, "attack_zygote")
    assert all(r in ("PermissionError", "FileNotFoundError", "OSError") for r in doc["results"]), doc
    assert doc["starts"] == 1, "the same zygote served both"


@pytest.mark.parametrize("kind", MODES)
def test_no_variable_of_the_grader_environment_reaches_a_child(kind):
    marker = f"secret-{uuid.uuid4().hex}"
    doc = scenario(kind, "environment", marker)
    assert set(doc["environ"]) == CHILD_ENV, "a fixed, minimal environment"
    assert marker not in json.dumps(doc["environ"]) and doc["leaks"] == [], "not even through /proc/PID/environ"
    assert doc["environ"]["HOME"] == doc["environ"]["TMPDIR"], "its home and temporary folder are its own"


@pytest.mark.parametrize("kind", MODES)
def test_limits_are_in_force_in_every_isolation(kind):
    assert scenario(kind, "limits")["limits"] == [30, 1024 << 20, 4 << 20, 32, 16, 0]


def test_each_process_sandbox_has_a_uid_of_its_own():
    """Two launchers at once (two workers, two graders) never share a uid: one cannot signal the other's."""
    first, second = UidSlot(), UidSlot()
    try:
        a, b = first.claim(), second.claim()
        assert a != b and min(a, b) >= PROCESS_UID_BASE and first.claim() == a
        first.release()
        third = UidSlot()
        assert third.claim() == a, "a released uid is free again"
        third.release()
    finally:
        first.release()
        second.release()


@pytest.mark.parametrize("kind", MODES)
def test_a_dead_zygote_is_started_again_in_every_isolation(kind):
    doc = scenario(kind, "restart")
    assert doc["values"] == [1, 1] and doc["starts"] == 2


def test_process_refuses_where_it_is_unsafe():
    why = process_refusal(False)
    if why is None:
        pytest.skip("isolation 'process' is safe here (root, a runtime every user can read)")
    from grader.execution.forkserver import SandboxError

    with pytest.raises(SandboxError) as info:
        choose_launcher("process", allow_unsafe=False)
    assert str(info.value) == why and f"{ALLOW_UNSAFE_ENV}=1" in why
    assert ("would run submissions as your own user" in why) if os.geteuid() else ("every user can read" in why)


def test_unsafe_process_runs_as_the_grader_and_a_harmed_zygote_costs_only_that_submission(tmp_path):
    """With explicit permission: submissions run as the grader's user, who can stop or kill the zygote."""
    launcher = choose_launcher("process", allow_unsafe=True)
    fine = write(tmp_path, "import os\n\ndef f():\n    return os.getuid()\n", "fine.py")
    try:
        for sig in ("SIGSTOP", "SIGKILL"):
            harm = write(tmp_path, f"import os, signal\nos.kill(os.getppid(), signal.{sig})\n\ndef f():\n"
                                   "    return 0\n", "harm.py")
            with ChildSession(harm, launcher, FAST) as session:
                session.call("f", [])
            started = time.monotonic()
            with ChildSession(fine, launcher, FAST) as session:
                assert session.call("f", []).value == os.getuid(), "the next submission is graded normally"
            assert time.monotonic() - started < 5, "without waiting for the harmed zygote"
        assert launcher.server.starts == 3
        assert launcher.describe()["uid"] == os.getuid()
    finally:
        launcher.close()


def test_auto_never_picks_an_unsafe_process(tmp_path):
    """Without bubblewrap and unshare, auto takes process only where it is safe, even with the override set."""
    (tmp_path / "class").mkdir()
    write(tmp_path / "class", "def sigmoid(Z):\n    return Z, Z\n", "alice.py")
    env = grader_env(PATH=str(tmp_path), **{ALLOW_UNSAFE_ENV: "1"})  # no bwrap, no unshare on this PATH
    for python in {sys.executable, readable_python() or sys.executable}:
        proc = subprocess.run([python, "-m", "grader.cli", "grade", "deep_nn", str(tmp_path / "class"), "--out",
                               str(tmp_path / "out"), "--isolation", "auto"], capture_output=True, text=True,
                              timeout=300, env=env, cwd=str(REPO_ROOT))
        safe = subprocess.run([python, "-c", "from grader.execution.sandbox import process_refusal as r; print(r(False))"],
                              capture_output=True, text=True, env=env, cwd="/").stdout.strip() == "None"
        if safe:
            assert proc.returncode == 0 and "isolation: process" in proc.stdout, proc.stdout + proc.stderr
        else:
            assert proc.returncode == 2 and "no safe isolation is available" in proc.stderr, proc.stderr
            assert "process:" in proc.stderr and "bwrap is not installed" in proc.stderr


def test_working_kind_starts_a_sandbox_once_per_process(monkeypatch):
    """A course's batches name their isolation without starting a sandbox each time just to name it."""
    from grader.execution.sandbox import registry

    starts = []
    real = registry.choose_launcher
    monkeypatch.setattr(registry, "choose_launcher", lambda *a, **k: starts.append(a) or real(*a, **k))
    first = registry.working_kind("auto")
    assert first == registry.working_kind("auto") == registry.working_kind(first)
    assert len(starts) <= 1  # none when an earlier test of this process already started it
    assert first in registry.KINDS
