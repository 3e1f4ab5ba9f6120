"""A child that exits is cleaned up after at once, and the grader learns it without asking.

The zygote watches its child (a pidfd): when it exits, the zygote kills
what it left running, empties its folders, and only then tells the grader
``exited``, before it reads another request. So by the time
:meth:`ZygoteChild.wait` returns an exit code, nothing of the submission is
left, and the next submission finds nothing of it. Where the kernel has
no pidfd (before Linux 5.3), the zygote looks for the exit every few
milliseconds instead, and the same holds (the last test runs it so).
"""

from __future__ import annotations

import os
import textwrap
import time

import pytest

from grader.execution.child import janitor
from grader.execution.interface import Limits
from grader.execution.sandbox import available, choose_launcher
from grader.execution.session import ChildSession

KINDS = ["bwrap", "unshare", "process"]

LITTER = '''
import os, time

r, w = os.pipe()
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.write(w, b"x")
        time.sleep(60)
    os._exit(0)
os.read(r, 1)  # the daemon runs
for folder in (os.getcwd(), os.path.dirname(os.getcwd())):
    try:
        with open(os.path.join(folder, "left-behind.txt"), "w") as fh:
            fh.write("x")
    except OSError:
        pass


def f(x):
    return x
'''

LOOK = '''
import os


def look():
    return sorted(os.listdir(os.path.dirname(os.getcwd()))), sorted(os.listdir(os.getcwd()))
'''


@pytest.fixture
def launcher(request):
    kind = request.param
    if not available(kind, allow_unsafe=True):
        pytest.skip(f"isolation {kind!r} is not available here")
    chosen = choose_launcher(kind, allow_unsafe=True)
    try:
        yield chosen
    finally:
        chosen.close()


def _write(folder, name, code):
    path = folder / name
    path.write_text(textwrap.dedent(code), encoding="utf-8")
    return path


def _left(launcher) -> list[int]:
    """Processes of the sandbox besides the zygote (the sandbox's first process, or its child)."""
    first = launcher.server.popen.pid
    found = janitor.descendants(first)
    return found[1:] if found and launcher.name != "process" else found


@pytest.mark.parametrize("launcher", KINDS, indirect=True)
def test_when_wait_says_exited_nothing_of_the_child_is_left(launcher, tmp_path):
    session = ChildSession(_write(tmp_path, "litter.py", LITTER), launcher, Limits())
    assert session.open()["status"] == "ok"
    assert session.call("f", [1]).value == 1
    child = session._child
    assert len(_left(launcher)) >= 2, "the child and its daemon run"
    session.close()  # bye, then wait: the zygote's exited notice, no request
    assert child.done and child.code == 0, "it exited by itself, and said so"
    assert _left(launcher) == [], "its double-forked daemon was killed before the grader heard of the exit"
    looked = ChildSession(_write(tmp_path, "look.py", LOOK), launcher, Limits())
    try:
        outcome = looked.call("look", [])
        assert outcome.status == "ok", outcome
        folders, own = outcome.value
        assert len(folders) == 1 and folders[0].startswith("run-"), "only the new child's own folder"
        assert own == ["submission.py"], "a fresh folder"
    finally:
        looked.close()
    assert launcher.server.starts == 1, "one zygote served both"


@pytest.mark.parametrize("launcher", KINDS, indirect=True)
def test_a_child_that_runs_on_is_waited_for_then_killed(launcher, tmp_path):
    path = _write(tmp_path, "litter.py", LITTER)
    child = launcher.start(path, Limits())
    started = time.monotonic()
    assert child.wait(0.3) is None and not child.done, "still serving: no exit notice"
    assert time.monotonic() - started >= 0.25
    child.kill()
    assert child.done and child.code == -9
    assert _left(launcher) == []
    child.cleanup()
    again = launcher.start(path, Limits())  # the zygote still answers, on the same control channel
    os.close(again.to_child)  # the child reads EOF and exits by itself; kill races the notice
    time.sleep(0.05)
    again.kill()
    assert again.done and again.code in (0, -9)
    assert _left(launcher) == []
    again.cleanup()
    assert launcher.server.starts == 1


@pytest.mark.parametrize("launcher", KINDS, indirect=True)
def test_a_new_spawn_ends_a_child_not_waited_for(launcher, tmp_path):
    path = _write(tmp_path, "litter.py", LITTER)
    first = launcher.start(path, Limits())
    second = launcher.start(path, Limits())
    assert first.done and first.code == -9, "the zygote killed it (and cleaned up after it) to fork the next"
    assert not second.done
    second.kill()
    first.cleanup()
    second.cleanup()
    assert _left(launcher) == []


# ---------------------------------------------------------------- kernels without pidfd (before Linux 5.3)

#: Runs the zygote script named by argv[1] as ``__main__`` on a Python that has no ``os.pidfd_open``,
#: as on a kernel before 5.3: the zygote then looks for its child's exit every POLL_SECONDS.
WITHOUT_PIDFD = ("import os, runpy, sys; del os.pidfd_open; sys.argv = sys.argv[1:]; "
                 "runpy.run_path(sys.argv[0], run_name='__main__')")


def _without_pidfd(command):
    def wrapped(control_fd: int):
        cmd = command(control_fd)
        argv = list(cmd.argv)
        at = next(i for i, a in enumerate(argv) if a.endswith("zygote.py"))
        return cmd._replace(argv=[*argv[:at], "-c", WITHOUT_PIDFD, *argv[at:]])
    return wrapped


def _zygote_pid(launcher) -> int:
    first = launcher.server.popen.pid
    return first if launcher.name == "process" else janitor.descendants(first)[0]


def _pidfds(pid: int) -> int:
    """How many pidfds process ``pid`` holds open."""
    folder = f"/proc/{pid}/fd"
    return sum(os.readlink(os.path.join(folder, fd)) == "anon_inode:[pidfd]" for fd in os.listdir(folder))


@pytest.mark.parametrize("launcher", KINDS, indirect=True)
@pytest.mark.parametrize("pidfd", [True, False], ids=["pidfd", "polling"])
def test_an_exit_is_noticed_with_or_without_a_pidfd(launcher, tmp_path, pidfd):
    """The zygote says unasked that its child exited, and only once it has cleaned up after it."""
    if not pidfd:
        launcher.server.command = _without_pidfd(launcher.server.command)
    launcher.server.stop()  # (choosing the launcher may have started its zygote already)
    starts = launcher.server.starts
    path = _write(tmp_path, "litter.py", LITTER)
    child = launcher.start(path, Limits())
    assert child.wait(0.3) is None, "still serving"
    assert _pidfds(_zygote_pid(launcher)) == (1 if pidfd else 0), "the zygote watches its child as told"
    assert len(_left(launcher)) >= 2, "the child and its daemon run"
    os.close(child.to_child)  # the child reads EOF and exits by itself: nothing is asked of the zygote
    assert child.wait(2.0) == 0, "the zygote noticed the exit by itself and said so"
    assert _left(launcher) == [], "what it left running was killed before the grader heard of the exit"
    child.cleanup()
    again = ChildSession(_write(tmp_path, "look.py", LOOK), launcher, Limits())
    try:
        assert again.call("look", []).value[1] == ["submission.py"], "the zygote serves the next child"
    finally:
        again.close()
    assert launcher.server.starts == starts + 1, "one zygote served both"
