"""A whole class of cheaters and saboteurs, graded in one sandboxed batch.

Every fixture of ``tests/fixtures/adversarial`` and
``tests/fixtures/adversarial_batch`` (see their ``manifest.json``) is
graded together with correct submissions: each gets no points for what it
faked, none disturbs another's grade, nothing is left running, and the
output folder holds exactly what the grader wrote. Runs under every sandbox
this machine offers.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
from pathlib import Path

import pytest

from grader.batch import run_batch
from grader.execution import Limits
from grader.sandbox import available

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ADVERSARIAL, BATCH = FIXTURES / "adversarial", FIXTURES / "adversarial_batch"
CORRECT = sorted((FIXTURES / "submissions" / "correct_variants").glob("*.py"))
DEEP_NN = Path(__file__).resolve().parents[2] / "assignments" / "deep_nn"
ANSWER_PORT = 47631

#: Expected scores of the single-file cheaters of tests/fixtures/adversarial (out of 97; see its manifest).
EXPECTED = {
    "patch_numpy_allclose": 0, "equals_anything": 0, "exit_early": 0, "print_fake_results": 0,
    "import_reference": 0, "unfilled_stub": 0, "syntax_error": 0, "missing_function": 85,
    "wrong_signature": 85, "infinite_loop": 93, "infinite_loop_at_import": 0, "raises_in_import": 0,
    "patch_builtins": 0, "disable_alarm": 93, "floods_output": 97, "frame_huge_int": 93, "frame_deep_nesting": 93,
    "frame_huge_shape": 91, "frame_huge_cost": 91, "frame_bad_error_report": 91, "raises_lone_surrogate": 91,
}
EXPECTED |= {name: spec["score"] for name, spec in json.loads((BATCH / "manifest.json").read_text()).items()}


class AnswerServer:
    """A local server that hands a correct solution to anyone who connects (it must see nobody)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", ANSWER_PORT))
        self.sock.listen()
        self.sock.settimeout(0.2)
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        payload = CORRECT[0].read_bytes()
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            with conn:
                conn.sendall(payload)

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.sock.close()


def _processes_of(uid: int) -> list[str]:
    """Live (not zombie) processes whose real uid is ``uid``, read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = dict(line.split(":", 1) for line in (entry / "status").read_text().splitlines() if ":" in line)
        except OSError:
            continue
        if int(status["Uid"].split()[0]) == uid and not status["State"].strip().startswith("Z"):
            found.append(f"{entry.name} {status['Name'].strip()}")
    return found


@pytest.fixture(scope="module", params=["bwrap", "unshare"])
def graded(request, tmp_path_factory):
    kind = request.param
    if not available(kind):
        pytest.skip(f"isolation {kind!r} is not available here")
    try:
        server = AnswerServer()
    except OSError:
        pytest.skip(f"port {ANSWER_PORT} is taken")
    root = tmp_path_factory.mktemp(f"adversarial-{kind}")
    subs, out = root / "submissions", root / "out"
    subs.mkdir()
    for folder in (ADVERSARIAL, BATCH):
        for path in folder.glob("*.py"):
            shutil.copy(path, subs / path.name)
    # graded right after the daemon by the same worker (sorted order, one worker)
    shutil.copy(CORRECT[0], subs / "lingering_daemon_next.py")
    for i, path in enumerate(CORRECT):
        shutil.copy(path, subs / f"z_correct_{i}.py")
    try:
        summary = run_batch(DEEP_NN, subs, out, workers=1, isolation=kind,
                            limits=Limits(call_seconds=1.5, import_seconds=3, submission_seconds=10))
    finally:
        server.close()
    return summary, out, server


@pytest.mark.slow
def test_each_cheat_scores_only_what_was_really_done(graded):
    summary, _, _ = graded
    scores = {r.student: r.score for r in summary.results}
    wrong = {name: (scores.get(name), want) for name, want in EXPECTED.items()
             if want is not None and scores.get(name) != want}
    assert not wrong, wrong
    assert scores["lingering_daemon_next"] == 97, "the daemon died with its submission"
    assert all(scores[f"z_correct_{i}"] == 97 for i in range(len(CORRECT)))


@pytest.mark.slow
def test_nothing_escaped_the_sandbox(graded):
    summary, out, server = graded
    assert server.connections == 0, "no submission reached the network"
    assert sorted(p.name for p in out.iterdir()) == ["gradebook.csv", "results", "summary.html", "summary.json"]
    names = sorted(p.name for p in (out / "results").iterdir())
    assert names == sorted(f"{r.student}.json" for r in summary.results)
    fake = json.loads((out / "results" / "write_fake_results.json").read_text())
    assert fake["score"] == 0 and fake["tests"], "its own result is the grader's, not the forged one"
    if os.geteuid() == 0:
        assert _processes_of(65534) == [], "no process of a submission is left running"
    assert not list(Path("/tmp").glob("filler-*.bin")) and not list(Path("/tmp").glob("planted-*.py"))


@pytest.mark.slow
def test_every_submission_has_a_row(graded):
    summary, out, _ = graded
    rows = (out / "gradebook.csv").read_text().splitlines()
    assert len(rows) == 1 + len(summary.results) == 1 + len(EXPECTED) + 1 + len(CORRECT)
    assert summary.isolation in ("bwrap", "unshare")
