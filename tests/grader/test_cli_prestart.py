"""grader/cli/prestart.py: ``grader check``'s sandbox started before the command line is parsed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader.cli import prestart
from grader.course.locate import REPO_ROOT

needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")


@pytest.mark.parametrize(("argv", "expected"), [
    ([], ("auto", ".", None, False)),
    (["deep_nn"], ("auto", ".", None, True)),
    (["deep_nn", "--isolation", "process"], ("process", ".", None, True)),
    (["--isolation=unshare", "deep_nn"], ("unshare", ".", None, True)),
    (["-s", "work/mine.py"], ("auto", "work", "work/mine.py", False)),
    (["--submission=work/mine.ipynb", "--format", "json"], ("auto", "work", "work/mine.ipynb", False)),
    (["--public", "-s", "/abs/x.py", "--isolation", "bwrap"], ("bwrap", "/abs", "/abs/x.py", False)),
    (["--format", "html", "--timeout", "3", "-o", "out.html"], ("auto", ".", None, False)),
])
def test_options_are_read_as_check_reads_them(argv, expected, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    options = prestart._options(argv)
    assert options is not None
    isolation, near, submission, named = expected
    assert options == (isolation, Path(near) if near != "." else Path.cwd(),
                       Path(submission) if submission else None, named)


@pytest.mark.parametrize("argv", [["--help"], ["deep_nn", "-h"], ["--isolation"], ["-s"], ["--version"]])
def test_nothing_starts_when_check_will_not_grade(argv):
    assert prestart._options(argv) is None


def test_other_commands_start_nothing(monkeypatch):
    started = []
    monkeypatch.setattr("grader.cli.sandboxes.early_sandbox", lambda *a: started.append(a))
    for argv in (["grade", "deep_nn", "subs"], ["list"], [], ["check", "--help"]):
        prestart.from_argv(argv)
    assert started == [] and prestart._STARTED is None


@needs_bwrap
def test_claim_returns_the_started_sandbox_only_for_the_same_options(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    prestart.from_argv(["check", "--isolation", "bwrap"])
    first = prestart._STARTED
    assert first is not None and first[2].server.booting
    assert prestart.claim("bwrap", Path(".")) is first[2]
    first[2].close()

    prestart.from_argv(["check", "--isolation", "bwrap"])
    second = prestart._STARTED
    assert second is not None
    assert prestart.claim("bwrap", tmp_path / "elsewhere") is None  # another folder: not this one
    assert second[2].server.popen is None  # stopped, not left running
    assert prestart.claim("bwrap", Path(".")) is None  # claimed once only


@needs_bwrap
def test_an_unclaimed_sandbox_is_closed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    prestart.from_argv(["check"])
    started = prestart._STARTED
    assert started is not None
    prestart.close_unclaimed()
    assert prestart._STARTED is None and started[2].server.popen is None


_COUNTING = """
import sys
import grader.cli.sandboxes as sandboxes
import grader.execution.forkserver as forkserver
calls, spawns = [], []
real, request = sandboxes.early_sandbox, forkserver.ForkServer.request
def counting(*args):
    calls.append(args)
    return real(*args)
def recording(server, message, fds=()):
    if isinstance(message, dict) and message.get("op") == "spawn":
        spawns.append(message)
    return request(server, message, fds)
sandboxes.early_sandbox = counting
forkserver.ForkServer.request = recording
import atexit
atexit.register(lambda: sys.stderr.write("EARLY SANDBOXES %d SPAWNS %d\\n" % (len(calls), len(spawns))))
sys.argv = ["grader", *sys.argv[1:]]
from grader.cli import run
run()
"""


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    """A released deep_nn folder holding the reference's solution."""
    from grader.course.locate import assignment_folders, load_declaration
    from grader.publish.stubs import render_solution

    out = tmp_path_factory.mktemp("copy")
    subprocess.run([sys.executable, "-m", "grader.cli", "release", "deep_nn", "--out", str(out), "--no-wheel"],
                   check=True, capture_output=True, cwd=REPO_ROOT)
    decl = load_declaration(assignment_folders()["deep_nn"])
    (out / decl.student_file).write_text(render_solution(decl.id, decl.title, decl.modules, decl.function_names))
    return out


def _check(copy: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GRADER_ASSIGNMENTS"}
    return subprocess.run([sys.executable, "-c", _COUNTING, "check", *args], cwd=copy, env=env,
                          capture_output=True, text=True, timeout=120)


@needs_bwrap
@pytest.mark.parametrize("args", [(), ("-s", "deep_nn.py", "--isolation", "bwrap"), ("--format=json",)])
def test_check_starts_one_sandbox_and_grades_in_it(copy, args):
    """Started before the command line was parsed, and used: the command starts no other.

    The child that imports the student's file was asked for then too: the
    grading takes it over, and asks the zygote for no other.
    """
    proc = _check(copy, *args)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "EARLY SANDBOXES 1 SPAWNS 0" in proc.stderr


@needs_bwrap
def test_a_named_assignment_gets_its_child_when_it_asks(copy):
    """With a name, the folder may be an instructor's (other files, a reference): no child is asked for early."""
    proc = _check(copy, "deep_nn")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "EARLY SANDBOXES 1 SPAWNS 1" in proc.stderr


@needs_bwrap
@pytest.mark.parametrize("spelling", ["apart", "bundled"])
def test_a_misread_command_line_still_grades_in_the_right_sandbox(copy, tmp_path, spelling):
    """``-sPATH`` is not read early (the current folder is taken): that sandbox is closed, the right one started."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(copy / "deep_nn.py", elsewhere / "deep_nn.py")
    path = str(elsewhere / "deep_nn.py")
    args = ("--submission", path) if spelling == "apart" else ("-s" + path,)
    proc = _check(copy, *args, "--format", "json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    assert report["score"] == report["max_score"] > 0
    assert f"EARLY SANDBOXES {1 if spelling == 'apart' else 2}" in proc.stderr


def test_grader_processes_use_one_blas_thread_unless_told_otherwise():
    code = ("import os, sys\nsys.argv = ['grader', '--version']\nfrom grader.cli import run\n"
            "import atexit\natexit.register(lambda: print(os.environ['OPENBLAS_NUM_THREADS'], "
            "os.environ['OMP_NUM_THREADS']))\nrun()\n")
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert proc.stdout.split()[-2:] == ["1", "1"], proc.stderr
    proc = subprocess.run([sys.executable, "-c", code], env={**env, "OPENBLAS_NUM_THREADS": "4"},
                          capture_output=True, text=True, timeout=60)
    assert proc.stdout.split()[-2:] == ["4", "1"], proc.stderr


def test_starting_bubblewrap_imports_only_what_it_needs():
    """The launch path stays light: no other launcher, no data classes, no ctypes, no numpy (the sandbox starts first)."""
    code = ("import sys\nimport grader.cli.sandboxes\nfrom grader.execution.sandbox.registry import LAUNCHERS\n"
            "LAUNCHERS['bwrap'].make\n"
            "print(sorted(m for m in ('dataclasses', 'ctypes', 'numpy', 'click', 'grader.execution.interface',\n"
            "      'grader.execution.local', 'grader.execution.sandbox.process', 'grader.execution.sandbox.unshare')\n"
            "      if m in sys.modules))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO_ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
