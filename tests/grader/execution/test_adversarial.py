"""A whole class of cheaters and saboteurs, graded in one sandboxed batch, under every isolation.

Every fixture of ``tests/fixtures/adversarial`` and
``tests/fixtures/adversarial_batch`` (see their ``manifest.json``) is
graded together with correct submissions: each gets no points for what it
faked, none disturbs another's grade, nothing is left running or on disk,
no variable of the grader's environment reaches a submission, and the
output folder holds exactly what the grader wrote. Runs under ``bwrap``,
``unshare`` and ``process`` (with a Python runtime every user can read, see
``runtimes.py``; as root, the only place ``process`` is safe), and again as
an unprivileged user where this session is root.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import tempfile
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from runtimes import UNPRIVILEGED_UID, can_run_as_unprivileged, grader_env, readable_python, run_as, why_not

from grader.batch.run import run_batch
from grader.execution.child import janitor
from grader.execution.interface import Limits
from grader.execution.sandbox import PROCESS_UID_BASE, available
from grader.execution.scratch import scratch_root
from grader.execution.unprivileged import shared_writable

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
ADVERSARIAL, BATCH = FIXTURES / "adversarial", FIXTURES / "adversarial_batch"
CORRECT = sorted((FIXTURES / "submissions" / "correct_variants").glob("*.py"))
DEEP_NN = Path(__file__).resolve().parents[3] / "assignments" / "deep_nn"
ANSWER_PORT = 47631

#: Expected scores of the single-file cheaters of tests/fixtures/adversarial (out of 97; see its manifest).
EXPECTED = {
    "patch_numpy_allclose": 0, "equals_anything": 0, "exit_early": 0, "print_fake_results": 0,
    "import_reference": 0, "unfilled_stub": 0, "syntax_error": 0, "missing_function": 85,
    "wrong_signature": 85, "infinite_loop": 93, "infinite_loop_at_import": 0, "raises_in_import": 0,
    "patch_builtins": 0, "disable_alarm": 93, "floods_output": 97, "frame_huge_int": 93, "frame_deep_nesting": 93,
    "frame_huge_shape": 91, "frame_huge_cost": 91, "frame_bad_error_report": 91, "raises_lone_surrogate": 91,
}
MANIFEST = json.loads((BATCH / "manifest.json").read_text())
EXPECTED |= {name: spec["score"] for name, spec in MANIFEST.items()}
#: What ``process`` isolation cannot prevent (no mount or network namespace): any score.
WITHOUT_NAMESPACES = {name: spec["process"]["score"] for name, spec in MANIFEST.items() if "process" in spec}
WITHOUT_NAMESPACES["import_reference"] = None  # its last resort walks the file system for a world-readable solution
DRIVER = Path(__file__).with_name("batch_driver.py")
LIMITS = ("1.5", "3", "10")  # call, import and submission seconds
#: Names of what the saboteurs plant in shared folders.
PLANTED = ("nn-grader-planted", "planted-", "filler-")


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


def _planted() -> list[str]:
    """Files a saboteur planted in the shared writable folders of this machine."""
    return sorted(os.path.join(f, n) for f in shared_writable() for n in os.listdir(f) if n.startswith(PLANTED))


def _submissions(root: Path) -> Path:
    subs = root / "submissions"
    subs.mkdir()
    for folder in (ADVERSARIAL, BATCH):
        for path in folder.glob("*.py"):
            shutil.copy(path, subs / path.name)
    # graded right after the daemon by the same worker (sorted order, one worker)
    shutil.copy(CORRECT[0], subs / "lingering_daemon_next.py")
    for i, path in enumerate(CORRECT):
        shutil.copy(path, subs / f"z_correct_{i}.py")
    return subs


def _world_open(path: Path) -> Path:
    """Make ``path`` and the folders above it passable (and it writable) for any uid."""
    for folder in (path, *path.parents):
        if folder == Path("/tmp") or folder == Path("/"):
            break
        folder.chmod(folder.stat().st_mode | 0o711)
    path.chmod(0o777)
    return path


@dataclass
class Graded:
    """What a batch of the whole class gave under one isolation."""

    kind: str
    scores: dict[str, float]
    isolation: str
    out: Path
    server: AnswerServer
    scratch: list[str]
    grader_folder: str


def _in_process(kind: str, subs: Path, out: Path, marker: str) -> dict:
    os.environ["NN_GRADER_MARKER"] = marker  # in the grader's environment: no submission may see it
    try:
        summary = run_batch(DEEP_NN, subs, out, workers=1, isolation=kind,
                            limits=Limits(*(float(v) for v in LIMITS)))
    finally:
        del os.environ["NN_GRADER_MARKER"]
    return {"isolation": summary.isolation, "scores": {r.student: r.score for r in summary.results}}


def _in_subprocess(python: str, kind: str, subs: Path, out: Path, marker: str, uid: int | None,
                   scratch: Path, limits: tuple[str, ...] = LIMITS) -> dict:
    """Run the batch driver with ``python`` (as ``uid``), the marker in its environment, TMPDIR=``scratch``."""
    env = grader_env(TMPDIR=str(scratch), NN_GRADER_MARKER=marker, HOME=str(scratch))
    proc = run_as(uid, [python, str(DRIVER), str(subs), str(out), kind, *limits], env=env, timeout=900, cwd="/")
    assert proc.returncode in (0, 2), proc.stderr[-3000:]
    return json.loads(proc.stdout)


@pytest.fixture(scope="module", params=["bwrap", "unshare", "process"])
def graded(request, tmp_path_factory):
    kind = request.param
    python = None
    if kind == "process":
        if os.geteuid() != 0:
            pytest.skip("isolation 'process' is safe only as root (an unprivileged grader is refused: "
                        "test_an_unprivileged_grader_is_refused_process_isolation)")
        python = readable_python()
        if python is None:
            pytest.skip(f"no Python runtime every user can read: {why_not()}")
    elif not available(kind):
        pytest.skip(f"isolation {kind!r} is not available here")
    try:
        server = AnswerServer()
    except OSError:
        pytest.skip(f"port {ANSWER_PORT} is taken")
    root = Path(tempfile.mkdtemp(prefix=f"adversarial-{kind}-", dir="/tmp"))
    subs, out = _submissions(root), root / "out"
    (root / "scratch").mkdir()
    scratch = _world_open(root / "scratch")
    marker = f"secret-{uuid.uuid4().hex}"
    try:
        if python is None:
            doc = _in_process(kind, subs, out, marker)
        else:
            doc = _in_subprocess(python, kind, subs, out, marker, None, scratch)
    finally:
        server.close()
    assert "refused" not in doc, doc
    grader_folder = str(scratch) if python else scratch_root()
    yield Graded(kind, doc["scores"], doc["isolation"], out, server, sorted(os.listdir(scratch)), grader_folder)
    shutil.rmtree(root, ignore_errors=True)


def _own_user_zygotes() -> set[int]:
    """The warm zygote this test process keeps for ``grade_source``'s default launcher (and its sandbox
    wrapper): the grader's own, alive for the whole session, not a submission's."""
    from grader.execution.sandbox.process import _OWN_USER

    pids = set()
    for launcher in _OWN_USER.values():
        popen = launcher.server.popen
        if popen is not None and popen.poll() is None:
            pids.add(popen.pid)
            pids.update(janitor.descendants(popen.pid))
    return pids


def _leftover_processes(graded: Graded) -> list[str]:
    """Processes of the batch still alive.

    Of the ``process`` sandboxes' own uids; of 65534 below this test; or any
    process (a sandbox, a zygote) started from the grader's temporary folder.
    Other 65534 processes on the machine may belong to other graders.
    """
    uids = range(PROCESS_UID_BASE, PROCESS_UID_BASE + 8)
    found = [f"{pid} (uid {uid})" for uid in uids for pid in janitor.processes_of(uid)]
    if os.geteuid() == 0:
        mine = set(janitor.descendants(os.getpid()))
        found += [f"{pid} (uid 65534)" for pid in janitor.processes_of(65534) if pid in mine]
    own = _own_user_zygotes()
    for entry in Path("/proc").iterdir():
        try:
            if (entry.name.isdigit() and int(entry.name) not in own
                    and graded.grader_folder.encode() in (entry / "cmdline").read_bytes()):
                found.append(f"{entry.name} (started from {graded.grader_folder})")
        except OSError:
            pass
    return found


@pytest.mark.slow
def test_each_cheat_scores_only_what_was_really_done(graded):
    scores = graded.scores
    expected = dict(EXPECTED, **WITHOUT_NAMESPACES) if graded.kind == "process" else EXPECTED
    wrong = {name: (scores.get(name), want) for name, want in expected.items()
             if want is not None and scores.get(name) != want}
    assert not wrong, wrong
    assert scores["lingering_daemon_next"] == 97, "the daemon died with its submission"
    assert scores["leave_files_next"] == 97, "nothing planted by one student reached the next"
    assert scores["steal_env"] == 97, "no variable of the grader's environment reached a submission"
    assert all(scores[f"z_correct_{i}"] == 97 for i in range(len(CORRECT)))


@pytest.mark.slow
def test_nothing_escaped_the_sandbox(graded):
    out, server = graded.out, graded.server
    if graded.kind != "process":  # without a network namespace, open_socket reaches the answer server
        assert server.connections == 0, "no submission reached the network"
    assert sorted(p.name for p in out.iterdir()) == ["feedback", "gradebook.csv", "results", "similarity.txt",
                                                     "summary.html", "summary.json"]
    names = sorted(p.name for p in (out / "results").iterdir())
    assert names == sorted(f"{student}.json" for student in graded.scores)
    fake = json.loads((out / "results" / "write_fake_results.json").read_text())
    assert fake["score"] == 0 and fake["tests"], "its own result is the grader's, not the forged one"
    assert _leftover_processes(graded) == [], "no process of a submission is left running"
    assert _planted() == [], "no file a submission planted is left in a shared folder"
    uids = range(PROCESS_UID_BASE, PROCESS_UID_BASE + 8)
    assert [p for uid in uids for p in _owned_by(uid)] == [], "nothing of the sandbox's uid is left"
    assert graded.scratch == [], "the grader removed its temporary folders"


def _world_enterable(path: str) -> bool:
    """Whether anyone may enter the folder (False once it is gone: other programs' temporary folders come and go)."""
    try:
        return bool(os.lstat(path).st_mode & 0o001)
    except OSError:
        return False


def _owned_by(uid: int) -> list[str]:
    """Entries of ``uid`` in the shared writable folders, and in every folder below them ``uid`` could reach."""
    found = []
    for folder in shared_writable():
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = [d for d in dirnames if _world_enterable(os.path.join(dirpath, d))]
            for name in dirnames + filenames:
                try:
                    if os.lstat(os.path.join(dirpath, name)).st_uid == uid:
                        found.append(os.path.join(dirpath, name))
                except OSError:
                    pass
    return found


@pytest.mark.slow
def test_every_submission_has_a_row(graded):
    rows = (graded.out / "gradebook.csv").read_text().splitlines()
    assert len(rows) == 1 + len(graded.scores) == 1 + len(EXPECTED) + 1 + len(CORRECT)
    assert graded.isolation == graded.kind


#: The saboteurs graded again by an unprivileged grader (with a correct submission after each).
UNPRIVILEGED_CLASS = ("kill_grader", "leave_files", "leave_files_next", "lingering_daemon", "steal_env")
UNPRIVILEGED_LIMITS = ("1", "3", "4")


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["bwrap", "unshare", "process"])
def test_an_unprivileged_grader(kind):
    """The same attacks on a grader run by a uid with no account: namespaces hold, ``process`` refuses."""
    if not can_run_as_unprivileged():
        pytest.skip("needs root (and setpriv) to start a grader as an unprivileged uid")
    python = readable_python()
    if python is None:
        pytest.skip(f"no Python runtime every user can read: {why_not()}")
    root = Path(tempfile.mkdtemp(prefix=f"unprivileged-{kind}-", dir="/tmp"))
    try:
        subs = root / "submissions"
        subs.mkdir()
        for name in UNPRIVILEGED_CLASS:
            shutil.copy(BATCH / f"{name}.py", subs / f"{name}.py")
        shutil.copy(CORRECT[0], subs / "lingering_daemon_next.py")
        shutil.copy(CORRECT[0], subs / "z_correct.py")
        (root / "scratch").mkdir()
        _world_open(root / "scratch")
        for path in (root, subs, *subs.iterdir()):
            os.chown(path, UNPRIVILEGED_UID, UNPRIVILEGED_UID)
        _world_open(root)
        marker = f"secret-{uuid.uuid4().hex}"
        doc = _in_subprocess(python, kind, subs, root / "out", marker, UNPRIVILEGED_UID, root / "scratch",
                             UNPRIVILEGED_LIMITS)
        if kind == "process":
            assert doc["refused"].startswith("isolation 'process' would run submissions as your own user "
                                             f"(uid {UNPRIVILEGED_UID})"), doc
            assert "GRADER_ALLOW_UNSAFE_PROCESS=1" in doc["refused"]
            assert not (root / "out" / "results").exists() or not list((root / "out" / "results").iterdir())
        else:
            if "refused" in doc:
                pytest.skip(f"isolation {kind!r} does not work for an unprivileged user here: {doc['refused']}")
            assert doc["isolation"] == kind
            want = {name: EXPECTED[name] for name in UNPRIVILEGED_CLASS if EXPECTED[name] is not None}
            want |= {"lingering_daemon_next": 97, "z_correct": 97}
            assert {name: doc["scores"][name] for name in want} == want
        assert janitor.processes_of(UNPRIVILEGED_UID) == [], "nothing of the grader's user is left running"
        assert _planted() == []
        assert [p for p in _owned_by(UNPRIVILEGED_UID) if not p.startswith(str(root))] == []
        assert os.listdir(root / "scratch") == [], "the grader removed its temporary folders"
    finally:
        shutil.rmtree(root, ignore_errors=True)
