"""grader/execution/forkserver.py: a child asked for before the zygote is up, taken over by the same spawn.

``grader check`` asks its sandbox for the student's child right after
starting it (:mod:`grader.cli.prestart`); the session's own spawn then takes
that child over, or has the zygote kill it when it asks for something else.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from grader.execution.interface import Limits
from grader.execution.sandbox import available, choose_launcher
from grader.execution.sandbox.process import ProcessLauncher
from grader.execution.session import ChildSession

FAST = Limits(call_seconds=5, import_seconds=10)
FIRST = "def f(x):\n    return x + 1\n"
SECOND = "def f(x):\n    return x + 100\n"


@pytest.fixture(params=["process", "bwrap"])
def launcher(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    if request.param == "process":
        chosen: Any = ProcessLauncher(allow_unsafe=True)
    elif shutil.which("bwrap") is None or not available("bwrap"):
        pytest.skip("bubblewrap is not available here")
    else:
        chosen = choose_launcher("bwrap", [str(tmp_path)])
        chosen.close()  # started to find out: start it again below, the way grader check does
        chosen = choose_launcher("bwrap", [str(tmp_path)])
        chosen.server.stop()
    yield chosen
    chosen.close()


@pytest.fixture
def spawns(launcher: Any, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ops of the requests the grader sends the zygote (a taken-over child needs none)."""
    sent: list[str] = []
    request = type(launcher.server).request

    def recording(server: Any, message: Any, fds: tuple[int, ...] = ()) -> dict[str, Any]:
        sent.append(message.get("op") if isinstance(message, dict) else "frame")
        return request(server, message, fds)

    monkeypatch.setattr(type(launcher.server), "request", recording)
    return sent


def _call(path: Path, launcher: Any) -> Any:
    with ChildSession(path, launcher, FAST) as session:
        outcome = session.call("f", [1])
    assert outcome.status == "ok", outcome.error
    return outcome.value


def test_the_child_asked_for_ahead_is_taken_over(launcher, spawns, tmp_path):
    path = tmp_path / "mine.py"
    path.write_text(FIRST)
    launcher.server.begin()
    assert launcher.server.spawn_ahead(FIRST, Limits(), ())
    assert _call(path, launcher) == 2
    assert "spawn" not in spawns  # no second fork: the session got the child asked for ahead


@pytest.mark.parametrize(("graded", "ahead", "expected"), [
    (SECOND, (FIRST, Limits(), ()), 101),  # the file changed between the early reading and the grading
    (FIRST, (FIRST, Limits(memory_mb=512), ()), 2),
    (FIRST, (FIRST, Limits(), (("helper.py", "X = 1\n"),)), 2),
], ids=["other source", "other limits", "other provided files"])
def test_a_child_asked_for_something_else_is_replaced(launcher, spawns, tmp_path, graded, ahead, expected):
    """What gets graded is what the session asks for: the early child is killed and the right one forked."""
    path = tmp_path / "mine.py"
    path.write_text(graded)
    launcher.server.begin()
    assert launcher.server.spawn_ahead(*ahead)
    assert _call(path, launcher) == expected
    assert spawns.count("spawn") == 1


def test_another_request_first_reads_the_early_reply(launcher, spawns):
    launcher.server.begin()
    assert launcher.server.spawn_ahead(FIRST, Limits(), ())
    launcher.server.start()
    assert launcher.server.request({"op": "ping"}) == {"op": "pong"}  # not the reply to the early spawn


def test_only_one_early_child_and_none_after_a_fork(launcher, tmp_path):
    launcher.server.begin()
    assert launcher.server.spawn_ahead(FIRST, Limits(), ())
    assert not launcher.server.spawn_ahead(FIRST, Limits(), ())
    launcher.server.stop()
    assert not launcher.server.spawn_ahead(FIRST, Limits(), ())  # no sandbox running


def test_stopping_with_an_early_child_pending_leaves_no_descriptor_open(launcher):
    launcher.server.begin()
    launcher.server.stop()
    before = sorted(os.listdir("/proc/self/fd"))
    launcher.server.begin()
    assert launcher.server.spawn_ahead(FIRST, Limits(), ())
    launcher.server.stop()
    assert sorted(os.listdir("/proc/self/fd")) == before


def test_a_source_bigger_than_the_socket_buffer_is_not_sent_ahead(launcher):
    """The zygote reads nothing before it is up: a request that does not fit the buffer would block the grader."""
    import time

    launcher.server.begin()
    big = FIRST + "# " + "x" * (1 << 20) + "\n"
    started = time.monotonic()
    assert not launcher.server.spawn_ahead(big, Limits(), ())
    assert time.monotonic() - started < 0.5
