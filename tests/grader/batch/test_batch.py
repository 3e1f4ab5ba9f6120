"""Batch grading: discovery, one row per student whatever they handed in, atomic results, resume."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from grader.batch.discovery import discover
from grader.batch.jobs import Job, result_name
from grader.batch.recorder import load_result, write_atomic
from grader.batch.run import run_batch
from grader.execution.interface import Limits

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CORRECT = sorted((FIXTURES / "submissions" / "correct_variants").glob("*.py"))
BUGGY = sorted((FIXTURES / "submissions" / "buggy").glob("*.py"))
ADVERSARIAL = FIXTURES / "adversarial"
FAST = Limits(call_seconds=1.5, import_seconds=3)


def gradebook(out: Path) -> dict[str, dict[str, str]]:
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as fh:
        return {row["student"]: row for row in csv.DictReader(fh)}


# ------------------------------------------------------------------ discovery


def test_discovery_finds_one_job_per_student(tmp_path):
    (tmp_path / "alice.py").write_text("x = 1\n")
    (tmp_path / "bob.ipynb").write_text("{}")
    (tmp_path / "carol").mkdir()
    (tmp_path / "carol" / "deep_nn.py").write_text("x = 1\n")
    (tmp_path / "carol" / "scratch.py").write_text("x = 2\n")
    (tmp_path / "dave").mkdir()
    (tmp_path / "dave" / "a.py").write_text("")
    (tmp_path / "dave" / "b.ipynb").write_text("")
    (tmp_path / "erin").mkdir()
    (tmp_path / "frank.pdf").write_bytes(b"%PDF")
    (tmp_path / "gus.py").write_text("")
    (tmp_path / "gus.ipynb").write_text("")
    (tmp_path / "hal.py").symlink_to(CORRECT[0])
    (tmp_path / ".DS_Store").write_text("")
    (tmp_path / "__pycache__").mkdir()
    jobs = {j.student: j for j in discover(tmp_path, "deep_nn.py")}
    assert list(jobs) == sorted(jobs) == ["alice", "bob", "carol", "dave", "erin", "frank", "gus", "hal"]
    assert jobs["alice"].path.endswith("alice.py") and jobs["alice"].problem is None
    assert jobs["bob"].path.endswith("bob.ipynb")
    assert jobs["carol"].path.endswith("carol/deep_nn.py"), "the file named like the assignment's wins"
    assert "several files" in jobs["dave"].problem and "a.py, b.ipynb" in jobs["dave"].problem
    assert "no .py file" in jobs["erin"].problem
    assert "not a .py file" in jobs["frank"].problem
    assert "more than one submission" in jobs["gus"].problem
    assert "symbolic link" in jobs["hal"].problem and jobs["hal"].path is None


@pytest.mark.parametrize("student, expected", [
    ("alice", "alice.json"), ("s1234.x", "s1234.x.json"), ("a@b.edu", "a@b.edu.json"),
])
def test_safe_ids_name_their_result_file(student, expected):
    assert result_name(student) == expected


@pytest.mark.parametrize("student", ["../escape", "..", "a/b", "-rf", "émile", "x" * 300, " spaced "])
def test_unsafe_ids_get_a_slug_and_a_hash(student):
    name = result_name(student)
    assert "/" not in name and not name.startswith((".", "-")) and len(name) < 90
    assert name != result_name(student + "2")


def test_atomic_write_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "r.json"
    write_atomic(target, "one")
    write_atomic(target, "two")
    assert target.read_text() == "two" and [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_a_stored_result_counts_only_if_complete_and_current(tmp_path):
    job = Job("alice", "x.py", fingerprint="abc")
    path = tmp_path / "alice.json"
    doc = {"student": "alice", "assignment": "deep_nn", "score": 1.0, "max_score": 2.0, "tests": [],
           "fingerprint": "abc", "retry": False, "error": None, "seconds": 0.1, "has_report": True}
    path.write_text(json.dumps(doc))
    assert load_result(path, job) is not None
    path.write_text(json.dumps(doc)[:40])
    assert load_result(path, job) is None, "a torn file is graded again"
    path.write_text(json.dumps({**doc, "fingerprint": "changed"}))
    assert load_result(path, job) is None, "a changed submission is graded again"
    path.write_text(json.dumps({**doc, "retry": True}))
    assert load_result(path, job) is None, "an infrastructure failure is graded again"


# ------------------------------------------------------------------ one row per student


def _notebook(code: str) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# my work"), nbformat.v4.new_code_cell(code)]
    return nbformat.writes(nb)


@pytest.fixture(scope="module")
def odd_class(tmp_path_factory):
    """A class with every kind of submission the issue lists, graded once."""
    root = tmp_path_factory.mktemp("odd")
    subs = root / "submissions"
    subs.mkdir()
    shutil.copy(CORRECT[0], subs / "correct.py")
    (subs / "notebook.ipynb").write_text(_notebook(CORRECT[1].read_text()), encoding="utf-8")
    (subs / "in_folder").mkdir()
    shutil.copy(CORRECT[2], subs / "in_folder" / "deep_nn.py")
    shutil.copy(BUGGY[0], subs / "buggy.py")
    shutil.copy(ADVERSARIAL / "syntax_error.py", subs / "syntax.py")
    shutil.copy(ADVERSARIAL / "missing_function.py", subs / "missing.py")
    (subs / "bad_json.ipynb").write_text('{"cells": [', encoding="utf-8")
    (subs / "empty.py").write_text("")
    (subs / "binary.py").write_bytes(bytes(range(256)) * 8)
    (subs / "latin1.py").write_bytes("# résumé\nx = 1\n".encode("latin-1"))
    (subs / "huge.py").write_text("x = 1\n" * 600_000)
    (subs / "essay.docx").write_bytes(b"PK\x03\x04")
    out = root / "out"
    summary = run_batch(Path(__file__).resolve().parents[3] / "assignments" / "deep_nn", subs, out,
                        workers=2, limits=FAST)
    return summary, out


def test_every_submission_ends_with_a_row_and_a_clear_error(odd_class):
    summary, out = odd_class
    rows = gradebook(out)
    assert sorted(rows) == sorted(["correct", "notebook", "in_folder", "buggy", "syntax", "missing", "bad_json",
                                   "empty", "binary", "latin1", "huge", "essay"])
    for student in ("correct", "notebook", "in_folder"):
        assert rows[student]["total"] == "97" and rows[student]["error"] == "", student
    assert 0 < float(rows["buggy"]["total"]) < 97 and rows["buggy"]["error"] == ""
    errors = {s: rows[s]["error"] for s in rows}
    assert "syntax error at line 112" in errors["syntax"]
    assert errors["missing"] == "missing function: L_model_backward" and rows["missing"]["total"] == "85"
    assert "not a valid notebook: invalid JSON" in errors["bad_json"]
    assert "is empty" in errors["empty"]
    assert "binary file" in errors["binary"]
    assert "not UTF-8" in errors["latin1"]
    assert "more than the" in errors["huge"] and "bytes" in errors["huge"]
    assert "not a .py file" in errors["essay"]
    for student in ("syntax", "bad_json", "empty", "binary", "latin1", "huge", "essay"):
        assert rows[student]["total"] == "0" and rows[student]["max_score"] == "97", student


def test_each_result_file_is_the_check_json_plus_batch_keys(odd_class):
    summary, out = odd_class
    files = sorted(p.name for p in (out / "results").iterdir())
    assert files == sorted(f"{r.student}.json" for r in summary.results)
    doc = json.loads((out / "results" / "correct.json").read_text())
    assert {"assignment", "score", "max_score", "tests", "student", "seconds", "error", "isolation"} <= set(doc)
    assert doc["isolation"] == summary.isolation and len(doc["tests"]) == 59


def test_the_summary_has_the_distribution_and_failure_rates(odd_class):
    summary, out = odd_class
    doc = json.loads((out / "summary.json").read_text())
    assert doc["submissions"] == 12 and sum(doc["histogram"]) == 12 and doc["max_score"] == 97
    assert doc["isolation"] == summary.isolation
    rate = {(c["function"], c["name"]): c["failure_rate"] for c in doc["checks"]}
    assert rate[("L_model_backward", "randomized")] == 1 / 4, "over the 4 that defined it (1 buggy)"
    attempts = {f["function"]: f for f in doc["functions"]}
    assert attempts["L_model_backward"] == {"function": "L_model_backward", "defined": 4, "unfinished": 0,
                                            "missing": 1, "unimportable": 7}
    assert (out / "summary.html").read_text().startswith("<!DOCTYPE html>")


# ------------------------------------------------------------------ resume


def _small_class(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    sources = CORRECT + BUGGY
    for i in range(n):
        shutil.copy(sources[i % len(sources)], folder / f"s{i:03d}.py")


def test_a_second_run_grades_only_what_changed(tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "out"
    _small_class(subs, 6)
    first = run_batch(Path("assignments/deep_nn"), subs, out, limits=FAST)
    before = (out / "gradebook.csv").read_text()
    shutil.copy(ADVERSARIAL / "unfilled_stub.py", subs / "s001.py")  # changed submission
    (out / "results" / "s002.json").unlink()  # lost result
    (out / "results" / "s003.json").write_text('{"student": "s0')  # torn result
    (out / "results" / ".s004.json.abc.tmp").write_text("{")  # leftover of a killed write
    second = run_batch(Path("assignments/deep_nn"), subs, out, limits=FAST)
    assert (first.graded_now, second.graded_now, second.resumed) == (6, 3, 3)
    after = gradebook(out)
    assert after["s001"]["total"] == "0"
    lines = before.splitlines()
    assert [line for line in (out / "gradebook.csv").read_text().splitlines() if not line.startswith("s001")] \
        == [line for line in lines if not line.startswith("s001")]


@pytest.mark.slow
def test_a_batch_killed_with_sigkill_resumes_and_gives_the_same_gradebook(tmp_path):
    subs = tmp_path / "subs"
    _small_class(subs, 60)
    clean = tmp_path / "clean"
    run_batch(Path("assignments/deep_nn"), subs, clean, workers=2, limits=FAST)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "grader.cli", "grade", "deep_nn", str(subs), "--out", str(out),
           "--workers", "2", "--timeout", "1.5"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if len(list((out / "results").glob("*.json"))) >= 15:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the batch finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = len(list((out / "results").glob("*.json")))
    assert 15 <= done < 60 and not (out / "gradebook.csv").exists()
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{60 - done} graded now, {done} kept" in rerun.stdout
    assert (out / "gradebook.csv").read_bytes() == (clean / "gradebook.csv").read_bytes()
    assert not [p for p in (out / "results").iterdir() if p.suffix != ".json"], "no torn temporary files"


# ------------------------------------------------------------------ mixed batch


@pytest.mark.slow
def test_bad_submissions_do_not_disturb_the_good_ones(tmp_path):
    from grader.course.locate import load_suite
    from grader.grading.runner import grade_submission

    subs = tmp_path / "subs"
    subs.mkdir()
    good = {}
    for i, src in enumerate(CORRECT + BUGGY[:8]):
        shutil.copy(src, subs / f"good{i:02d}.py")
        good[f"good{i:02d}"] = src
    bad = ["infinite_loop", "infinite_loop_at_import", "exit_early", "floods_output", "disable_alarm",
           "patch_numpy_allclose", "equals_anything", "import_reference"]
    for i, name in enumerate(bad):
        shutil.copy(ADVERSARIAL / f"{name}.py", subs / f"bad{i:02d}.py")
    adv2 = FIXTURES / "adversarial_batch"
    for name in ("memory_hog", "fork_bomb", "kill_grader", "lingering_daemon", "fill_tmp", "write_fake_results"):
        shutil.copy(adv2 / f"{name}.py", subs / f"bad_{name}.py")
    summary = run_batch(Path("assignments/deep_nn"), subs, tmp_path / "out", workers=2,
                        limits=Limits(call_seconds=1.5, import_seconds=3, submission_seconds=8))
    scores = {r.student: r.score for r in summary.results}
    suite = load_suite(Path("assignments/deep_nn"))
    for student, src in good.items():
        alone = grade_submission(suite, src, limits=FAST).score
        assert scores[student] == alone, student
    assert len(scores) == len(good) + len(bad) + 6


# ------------------------------------------------------------------ command line


def test_grade_command_writes_the_batch_and_says_what_it_did(tmp_path):
    from click.testing import CliRunner

    from grader.cli import main

    subs = tmp_path / "subs"
    _small_class(subs, 3)
    (subs / "broken.ipynb").write_text("not json")
    result = CliRunner().invoke(main, ["grade", "deep_nn", str(subs), "--out", str(tmp_path / "o"),
                                       "--timeout", "1.5", "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert "4 submissions (4 graded now, 0 kept from an earlier run)" in result.output
    assert "isolation: " in result.output and "gradebook: " in result.output
    assert sorted(gradebook(tmp_path / "o")) == ["broken", "s000", "s001", "s002"]


def test_grade_refuses_an_output_folder_inside_the_submissions(tmp_path):
    from click.testing import CliRunner

    from grader.cli import main

    result = CliRunner().invoke(main, ["grade", "deep_nn", str(tmp_path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "must not be inside" in result.output


@pytest.mark.parametrize("isolation", ["auto", "process"])
def test_check_runs_under_the_isolation_asked_for(isolation, monkeypatch):
    from click.testing import CliRunner

    from grader.cli import main

    monkeypatch.setenv("GRADER_ALLOW_UNSAFE_PROCESS", "1")  # where 'process' is unsafe here, it runs by permission only
    result = CliRunner().invoke(main, ["check", "deep_nn", "--submission", str(CORRECT[0]), "--format", "json",
                                       "--isolation", isolation])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["score"] == 97


# ------------------------------------------------------------------ worker failures


def test_a_dead_or_stuck_worker_costs_one_row_and_is_replaced(tmp_path, monkeypatch):
    from grader.batch import executors
    from grader.batch.jobs import Worker

    real = Worker.grade

    def grade(self, job):  # runs in the forked workers
        if job.student == "s001":
            os._exit(3)
        if job.student == "s002":
            time.sleep(60)
        return real(self, job)

    monkeypatch.setattr(Worker, "grade", grade)
    monkeypatch.setattr(executors, "HARD_MARGIN", 0.5)
    subs = tmp_path / "subs"
    _small_class(subs, 5)
    limits = Limits(call_seconds=0.5, import_seconds=0.5, submission_seconds=1)
    summary = run_batch(Path("assignments/deep_nn"), subs, tmp_path / "out", workers=2, limits=limits)
    by = {r.student: r for r in summary.results}
    assert "worker died" in by["s001"].error and by["s001"].report is None
    assert "did not finish within 2 s" in by["s002"].error
    assert all(by[s].error is None and by[s].score > 0 for s in ("s000", "s003", "s004"))
    assert json.loads((tmp_path / "out" / "results" / "s001.json").read_text())["retry"] is True


TINY = FIXTURES / "provided" / "tiny"


def test_a_stored_grade_of_other_checks_is_graded_again(tmp_path):
    """The fingerprint holds a digest of the files the suite is made from: edit one, and the class is regraded."""
    folder, subs, out = tmp_path / "tiny", tmp_path / "subs", tmp_path / "out"
    shutil.copytree(TINY, folder, ignore=shutil.ignore_patterns("__pycache__"))
    subs.mkdir()
    for i, body in enumerate(("2.0 * np.asarray(x) + 1.0", "2.0 * np.asarray(x)")):
        text = (TINY / "tiny.py").read_text(encoding="utf-8").replace("raise NotImplementedError", f"return {body}")
        (subs / f"s{i}.py").write_text(text, encoding="utf-8")
    first = run_batch(folder, subs, out, limits=FAST)
    again = run_batch(folder, subs, out, limits=FAST)
    assert (first.graded_now, again.graded_now, again.resumed) == (2, 0, 2)
    declaration = folder / "assignment.py"
    declaration.write_text(declaration.read_text(encoding="utf-8") + "\n# a check fixed\n", encoding="utf-8")
    edited = run_batch(folder, subs, out, limits=FAST)
    assert (edited.graded_now, edited.resumed) == (2, 0)


def test_the_suite_digest_covers_the_reference_but_not_a_batchs_own_folders(tmp_path, monkeypatch):
    from grader.course import locate

    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder, ignore=shutil.ignore_patterns("__pycache__"))
    reference = tmp_path / "tiny_reference.py"
    reference.write_text("def shifted_double(x):\n    return 2 * x + 1\n", encoding="utf-8")
    monkeypatch.setattr(locate, "reference_files", lambda modules: [reference])
    subs, out = folder / "submissions", folder / "out"
    before = locate.suite_digest(folder, skip=(subs, out))
    for inside in (subs, out):
        inside.mkdir()
        (inside / "s0.py").write_text("anything", encoding="utf-8")
    assert locate.suite_digest(folder, skip=(subs, out)) == before, "a batch's own folders are not the suite"
    assert locate.suite_digest(folder, public_only=True, skip=(subs, out)) != before, "no reference: other files"
    reference.write_text("def shifted_double(x):\n    return 2 * x + 2\n", encoding="utf-8")
    assert locate.suite_digest(folder, skip=(subs, out)) != before, "the reference fixed"
