"""A batch finishes whatever the class folder holds (issue 8), with real files on disk.

Named pipes, sockets, devices and symbolic links get a row and are never
opened; file names that are not UTF-8 get distinct, valid ids; each
submission is read once, and the bytes graded are the bytes its result is
recorded under, even when the file changes during the run; and every
submission gets exactly one row, even when the grader itself fails on it.
"""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from grader.batch.discovery import discover, escape_name
from grader.batch.jobs import result_name, source_from_bytes
from grader.batch.run import run_batch
from grader.batch.safe_read import read_job
from grader.execution.interface import Limits
from grader.grading.submission import MAX_BYTES, SubmissionError, read_source

ROOT = Path(__file__).resolve().parents[3]
DEEP_NN = ROOT / "assignments" / "deep_nn"
FIXTURES = ROOT / "tests" / "fixtures"
CORRECT = sorted((FIXTURES / "submissions" / "correct_variants").glob("*.py"))
STUB = FIXTURES / "adversarial" / "unfilled_stub.py"
FAST = Limits(call_seconds=1.5, import_seconds=3)


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Fail (instead of blocking the test run) if the test is stuck, say in ``open`` of a named pipe."""

    def stuck(signum, frame):
        raise TimeoutError("blocked: something waited on a special file")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(20)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _socket_file(folder: Path, name: str) -> socket.socket:
    """A listening Unix socket at ``folder/name`` (bound from inside the folder: paths are short there)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        sock.bind(name)
    finally:
        os.chdir(cwd)
    return sock


def _device(path: Path) -> bool:
    """Make a character device like /dev/null at ``path`` if this user may (root in most CI)."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except OSError:  # not allowed to (no CAP_MKNOD)
        return False
    return True


def rows(out: Path) -> dict[str, dict[str, str]]:
    raw = (out / "gradebook.csv").read_bytes()
    text = raw.decode("utf-8")  # strict: the gradebook is valid UTF-8
    return {row["student"]: row for row in csv.DictReader(text.splitlines())}


# ------------------------------------------------------------------ names


def test_escaped_names_are_visible_valid_utf8_and_stable():
    assert escape_name(b"caf\xe9") == "caf\\xe9"
    assert escape_name(os.fsdecode(b"caf\xe9")) == "caf\\xe9", "the OS's surrogateescape text gives the same id"
    assert escape_name("café") == escape_name("café".encode()) == "café"
    assert escape_name("caf\\xe9") == "caf\\\\xe9", "a real backslash is doubled, so it cannot pose as an escape"
    assert escape_name("a\nb\u202ec") == "a\\u000ab\\u202ec", "control and bidi characters are shown, not obeyed"


def test_different_raw_names_never_share_an_id_or_a_result_file():
    rng = random.Random(8)
    alphabet = [b"a", b"\\", b"x", b"e", b"9", b"\xe9", b"\xc3", b"\xa9", b"\n", b"_", b"-", b"."]
    names = {b"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))) for _ in range(5000)}
    names |= {b"caf\xe9", b"caf\\xe9", b"caf\\\\xe9", "café".encode(), b"caf\xc3"}
    ids = {escape_name(n) for n in names}
    assert len(ids) == len(names)
    for student in ids:
        student.encode("utf-8")  # always encodable
    files = {result_name(s) for s in ids}
    assert len(files) == len(ids)
    for name in files:
        assert "/" not in name and "\x00" not in name and not name.startswith((".", "-")) and len(name) < 120


def test_a_student_cannot_take_another_students_result_file_by_naming_herself_after_it():
    victim = escape_name(b"caf\xe9")
    squatter = result_name(victim)[: -len(".json")]  # a safe id, named like the victim's result file
    assert result_name(squatter) != result_name(victim)


# ------------------------------------------------------------------ discovery: look, never open


@pytest.fixture
def messy(tmp_path: Path) -> Iterator[tuple[Path, bool]]:
    """A class folder with every kind of entry that is not a plain submission, and two that are."""
    subs = tmp_path / "subs"
    subs.mkdir()
    shutil.copy(CORRECT[0], subs / "alice.py")
    os.mkfifo(subs / "mallory.py")
    sock = _socket_file(subs, "sock.py")
    (subs / "link.py").symlink_to(subs / "alice.py")
    (subs / "dangling.py").symlink_to(subs / "nowhere.py")
    (tmp_path / "elsewhere").mkdir()
    shutil.copy(CORRECT[1], tmp_path / "elsewhere" / "deep_nn.py")
    (subs / "dave").symlink_to(tmp_path / "elsewhere")
    (subs / "pipe_folder").mkdir()
    os.mkfifo(subs / "pipe_folder" / "deep_nn.py")
    (subs / "link_folder").mkdir()
    (subs / "link_folder" / "deep_nn.py").symlink_to(CORRECT[0])
    shutil.copy(CORRECT[2], subs / "link_folder" / "scratch.py")
    (subs / os.fsdecode(b"caf\xe9.py")).write_bytes(CORRECT[3].read_bytes())
    os.mkdir(os.path.join(os.fsencode(subs), b"\xff\xfe"))
    shutil.copy(CORRECT[4], os.path.join(os.fsencode(subs), b"\xff\xfe", b"deep_nn.py"))
    device = _device(subs / "tty.py")
    try:
        yield subs, device
    finally:
        sock.close()


def test_discovery_says_what_each_entry_is_and_opens_none(messy, no_hang):
    subs, device = messy
    jobs = {j.student: j for j in discover(subs, "deep_nn.py")}
    expected = {"alice", "mallory", "sock", "link", "dangling", "dave", "pipe_folder", "link_folder", "caf\\xe9",
                "\\xff\\xfe"} | ({"tty"} if device else set())
    assert set(jobs) == expected
    for student in ("alice", "caf\\xe9", "\\xff\\xfe"):
        assert jobs[student].problem is None and jobs[student].data is None, "discovery reads nothing"
    assert jobs["mallory"].problem == "mallory.py is a named pipe (FIFO), not a regular file: it was not opened"
    assert jobs["sock"].problem == "sock.py is a socket, not a regular file: it was not opened"
    for student in ("link", "dangling", "dave"):
        assert "is a symbolic link" in jobs[student].problem and "not followed or opened" in jobs[student].problem
        assert jobs[student].path is None
    assert "pipe_folder/deep_nn.py is a named pipe (FIFO)" in jobs["pipe_folder"].problem
    assert "link_folder/deep_nn.py is a symbolic link" in jobs["link_folder"].problem, \
        "the file named like the assignment's is a link: scratch.py is not graded in its place"
    assert jobs["\\xff\\xfe"].name == "\\xff\\xfe/deep_nn.py"
    if device:
        assert jobs["tty"].problem == "tty.py is a character device, not a regular file: it was not opened"


def test_reading_takes_the_bytes_of_regular_files_once(messy, no_hang):
    subs, _ = messy
    jobs = {j.student: read_job(j, subs) for j in discover(subs, "deep_nn.py")}
    assert jobs["alice"].data == CORRECT[0].read_bytes()
    assert jobs["caf\\xe9"].data == CORRECT[3].read_bytes()
    assert jobs["\\xff\\xfe"].data == CORRECT[4].read_bytes()
    assert jobs["mallory"].data is None and "named pipe" in jobs["mallory"].problem


def test_a_file_swapped_after_discovery_is_not_followed_or_waited_on(tmp_path, no_hang):
    subs = tmp_path / "subs"
    subs.mkdir()
    for name in ("pipe", "link", "gone", "huge", "moved"):
        shutil.copy(CORRECT[0], subs / f"{name}.py")
    (subs / "folder").mkdir()
    shutil.copy(CORRECT[0], subs / "folder" / "deep_nn.py")
    (tmp_path / "reference").mkdir()
    shutil.copy(CORRECT[1], tmp_path / "reference" / "deep_nn.py")
    jobs = discover(subs, "deep_nn.py")
    assert all(j.problem is None for j in jobs)
    (subs / "pipe.py").unlink()
    os.mkfifo(subs / "pipe.py")
    (subs / "link.py").unlink()
    (subs / "link.py").symlink_to(CORRECT[1])
    (subs / "gone.py").unlink()
    with open(subs / "huge.py", "ab") as fh:
        fh.write(b"#" * (MAX_BYTES + 10))
    shutil.rmtree(subs / "folder")
    (subs / "folder").symlink_to(tmp_path / "reference")  # the student folder becomes a link to elsewhere
    (subs / "moved.py").write_bytes(CORRECT[2].read_bytes())  # a plain new version: that is what is read
    read = {j.student: read_job(j, subs) for j in jobs}
    assert read["pipe"].problem == "pipe.py is a named pipe (FIFO), not a regular file: it was not read"
    assert "link.py was replaced by a symbolic link" in read["link"].problem
    assert read["gone"].problem == "gone.py disappeared before it could be read"
    assert read["huge"].problem.startswith("huge.py is ") and "more than the 2097152 allowed" in read["huge"].problem
    assert "folder/deep_nn.py was replaced by a symbolic link" in read["folder"].problem
    assert read["moved"].data == CORRECT[2].read_bytes() and read["moved"].problem is None
    assert all(j.data is None for s, j in read.items() if s != "moved")


@pytest.mark.parametrize("name, data", [
    ("a.py", b""), ("a.py", b"  \n"), ("a.py", b"x = 1\x00"), ("a.py", "# résumé\n".encode("latin-1")),
    ("a.py", b"\xef\xbb\xbfx = 1\n"), ("a.py", b"x = 1\n"), ("a.ipynb", b'{"cells": ['), ("a.ipynb", b"[]"),
    ("a.ipynb", json.dumps({"cells": [{"cell_type": "code", "source": "%matplotlib inline\nx = 1",
                                       "metadata": {}}]}).encode()),
])
def test_bytes_become_source_exactly_as_a_file_does(tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    try:
        expected: object = read_source(tmp_path / name)
    except SubmissionError as exc:
        expected = str(exc)
    try:
        got: object = source_from_bytes(data, name)
    except SubmissionError as exc:
        got = str(exc)
    if isinstance(expected, str):
        assert got == expected
    else:
        assert (got.text, got.notebook, got.cells, got.origin.name) == \
            (expected.text, expected.notebook, expected.cells, expected.origin.name)


# ------------------------------------------------------------------ a whole batch


def test_a_file_changed_during_the_batch_is_recorded_as_what_was_graded(tmp_path):
    """The bytes graded are the bytes fingerprinted; the next run grades what the file holds then."""
    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir()
    for name in ("a_first", "b_swapped", "c_grows", "d_becomes_pipe"):
        shutil.copy(CORRECT[0], subs / f"{name}.py")
    changed = []

    def change_the_others(result):  # runs in the batch process between two jobs of the one worker
        if not changed:
            changed.append(result.student)
            shutil.copy(STUB, subs / "b_swapped.py")
            with open(subs / "c_grows.py", "ab") as fh:
                fh.write(b"#" * (MAX_BYTES + 1))
            (subs / "d_becomes_pipe.py").unlink()
            os.mkfifo(subs / "d_becomes_pipe.py")

    first = run_batch(DEEP_NN, subs, out, workers=1, limits=FAST, on_result=change_the_others)
    assert changed == ["a_first"]
    assert {r.student: r.score for r in first.results} == dict.fromkeys(
        ["a_first", "b_swapped", "c_grows", "d_becomes_pipe"], 97.0), "graded as read, before the change"
    stored = {p.stem: json.loads(p.read_text()) for p in (out / "results").glob("*.json")}
    assert len({doc["fingerprint"] for doc in stored.values()}) == 1, \
        "all four were graded from the same bytes, so all four are recorded under the same fingerprint"
    second = run_batch(DEEP_NN, subs, out, workers=1, limits=FAST)
    assert (second.graded_now, second.resumed) == (3, 1)
    after = rows(out)
    assert after["a_first"]["total"] == "97" and after["b_swapped"]["total"] == "0"
    assert "more than the 2097152 allowed" in after["c_grows"]["error"]
    assert "named pipe (FIFO)" in after["d_becomes_pipe"]["error"]


def test_the_graders_own_failures_still_give_exactly_one_row_each(tmp_path, monkeypatch):
    from grader.batch.executors import LocalExecutor
    from grader.batch.jobs import Worker
    from grader.grading import runner

    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir()
    for i in range(4):
        shutil.copy(CORRECT[i], subs / f"s{i}.py")
    (subs / "s1.py").write_text(CORRECT[1].read_text() + "\n# trips the grader\n")
    real_grade_source, real_grade, real_run = runner.grade_source, Worker.grade, LocalExecutor.run

    def buggy_grade_source(suite, source, *args, **kwargs):  # a bug of the grader, on one submission
        if "trips the grader" in source.text:
            raise KeyError("a bug in the grader")
        return real_grade_source(suite, source, *args, **kwargs)

    def garbled(self, job):  # a worker that sends back something that is not a result
        return {"nonsense": True} if job.student == "s2" else real_grade(self, job)

    def breaks_after_three(self, jobs, on_result):  # the executor itself fails part way
        real_run(self, jobs[:3], on_result)
        raise RuntimeError("the executor broke")

    monkeypatch.setattr(runner, "grade_source", buggy_grade_source)
    monkeypatch.setattr(Worker, "grade", garbled)
    monkeypatch.setattr(LocalExecutor, "run", breaks_after_three)
    summary = run_batch(DEEP_NN, subs, out, workers=1, limits=FAST)
    by = {r.student: r for r in summary.results}
    assert sorted(by) == ["s0", "s1", "s2", "s3"] and sorted(rows(out)) == sorted(by)
    assert by["s0"].score == 97 and by["s0"].error is None
    assert by["s1"].error.startswith("internal error of the grader while grading this submission (KeyError")
    assert "not a fault of the submission" in by["s1"].error
    assert by["s2"].error.startswith("internal error of the grader when the result came back")
    assert by["s3"].error.startswith("internal error of the grader before this submission was graded "
                                     "(RuntimeError: the executor broke)")
    assert summary.failure == "RuntimeError: the executor broke"
    for student in ("s1", "s2", "s3"):
        assert json.loads((out / "results" / f"{student}.json").read_text())["retry"] is True
    monkeypatch.undo()
    again = run_batch(DEEP_NN, subs, out, workers=1, limits=FAST)
    assert (again.graded_now, again.resumed) == (3, 1), "the grader's failures are graded again"
    assert all(r.score == 97 and r.error is None for r in again.results)


# ------------------------------------------------------------------ the command, end to end


@pytest.mark.slow
def test_grade_finishes_a_messy_folder_with_a_row_for_every_entry(messy, tmp_path):
    """``grader grade`` with the default (strongest) isolation on pipes, sockets, links, bytes names and a swap."""
    subs, device = messy
    slow = "import time\ntime.sleep(2)\n" + CORRECT[0].read_text()
    (subs / "b_slow.py").write_text(slow)
    shutil.copy(CORRECT[0], subs / "c_swapped.py")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "grader.cli", "grade", "deep_nn", str(subs), "--out", str(out), "--timeout", "1.5"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 60
        while not (out / "results" / "alice.json").exists() and time.monotonic() < deadline \
                and proc.poll() is None:
            time.sleep(0.01)
        assert (out / "results" / "alice.json").exists(), "no result within 60 s: the batch is stuck"
        assert proc.poll() is None, "the batch ended before b_slow was graded"
        shutil.copy(STUB, subs / "c_swapped.py")  # while b_slow sleeps: c_swapped was read, not yet graded
        stdout, stderr = proc.communicate(timeout=120)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == 0, stderr
    students = {"alice", "b_slow", "c_swapped", "mallory", "sock", "link", "dangling", "dave", "pipe_folder",
                "link_folder", "caf\\xe9", "\\xff\\xfe"} | ({"tty"} if device else set())
    assert f"{len(students)} submissions ({len(students)} graded now" in stdout
    first = rows(out)
    assert set(first) == students
    for student in ("alice", "b_slow", "caf\\xe9", "\\xff\\xfe"):
        assert first[student]["total"] == "97" and first[student]["error"] == "", student
    assert first["c_swapped"]["total"] == "97", "graded as it was read, before the swap"
    assert "named pipe (FIFO)" in first["mallory"]["error"] and "socket" in first["sock"]["error"]
    for student in ("link", "dangling", "dave", "link_folder"):
        assert "symbolic link" in first[student]["error"] and first[student]["total"] == "0", student
    for path in (out / "results").iterdir():
        path.name.encode("utf-8")
        json.loads(path.read_bytes().decode("utf-8"))
    isolation = json.loads((out / "summary.json").read_text())["isolation"]
    assert f"isolation: {isolation}" in stdout and isolation in ("bwrap", "unshare", "process")
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)
    assert rerun.returncode == 0, rerun.stderr
    assert f"(1 graded now, {len(students) - 1} kept from an earlier run)" in rerun.stdout
    assert rows(out)["c_swapped"]["total"] == "0", "the changed file is graded again"


def test_distinct_ids_stay_distinct_in_the_gradebook():
    from grader.batch.result import BatchResult
    from grader.render.gradebook import gradebook_rows

    ids = ["=x", "'=x", "''=x", "x"]
    _, table = gradebook_rows([BatchResult(s, None, 0.0, None, assignment="hw") for s in ids])
    assert len({row[0] for row in table}) == len(ids)
