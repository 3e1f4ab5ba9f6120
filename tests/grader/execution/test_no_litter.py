"""The grader leaves no temporary folder behind, whatever the submission did and whatever the isolation.

``grader check`` runs in a subprocess with ``TMPDIR`` set to a fresh folder
and a marker variable in its environment, on a submission that leaves files
and a daemon behind at import, hangs in one function (a timeout) and kills
itself in another. Afterwards the folder is empty, nothing started from it
still runs, and the marker appears nowhere in the report.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import uuid
from pathlib import Path

import pytest
from runtimes import grader_env, readable_python, why_not

from grader.course.locate import REPO_ROOT
from grader.execution.sandbox import available, process_refusal

MESSY = '''
import os, signal, tempfile, time

for folder in (os.getcwd(), tempfile.gettempdir(), "/tmp"):
    try:
        with open(os.path.join(folder, "left-behind.txt"), "w") as fh:
            fh.write("x")
    except OSError:
        pass
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(60)
    os._exit(0)


def sigmoid(Z):
    while True:
        pass


def relu(Z):
    os.kill(os.getpid(), signal.SIGKILL)


def compute_cost(AL, Y):
    raise RuntimeError(repr(sorted(os.environ.items())))
'''


def _started_from(folder: str) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and folder.encode() in (entry / "cmdline").read_bytes():
                found.append(entry.name)
        except OSError:
            pass
    return found


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["auto", "bwrap", "unshare", "process"])
def test_grader_check_leaves_an_empty_tmpdir(kind, tmp_path):
    python = sys.executable
    if kind == "process" and process_refusal(False) is not None:
        python = readable_python() or pytest.skip(f"no Python runtime every user can read: {why_not()}")
    elif kind in ("bwrap", "unshare") and not available(kind):
        pytest.skip(f"isolation {kind!r} is not available here")
    submission = tmp_path / "deep_nn.py"
    submission.write_text(textwrap.dedent(MESSY), encoding="utf-8")
    fresh = tempfile.mkdtemp(prefix="tmpdir-", dir="/tmp")
    os.chmod(fresh, 0o755)  # a process sandbox's uid must reach its folder inside
    marker = f"secret-{uuid.uuid4().hex}"
    try:
        proc = subprocess.run(
            [python, "-m", "grader.cli", "check", "deep_nn", "--submission", str(submission), "--format", "json",
             "--timeout", "1", "--isolation", kind],
            capture_output=True, text=True, timeout=300, cwd=str(REPO_ROOT),
            env=grader_env(TMPDIR=fresh, NN_GRADER_MARKER=marker, HOME=fresh))
        assert proc.returncode == 1, proc.stderr[-2000:]
        # the reference's sigmoid takes microseconds and the loop spins: stopped after its CPU budget
        assert '"status": "error"' in proc.stdout and "was stopped after spending" in proc.stdout
        assert "RuntimeError" in proc.stdout, "compute_cost's message (its environment) is in the report"
        assert marker not in proc.stdout + proc.stderr and "NN_GRADER_MARKER" not in proc.stdout
        assert os.listdir(fresh) == [], "every temporary folder of the grader is gone"
        assert _started_from(fresh) == [], "nothing started from them still runs"
        assert not os.path.exists("/tmp/left-behind.txt"), "nor is the file it dropped into /tmp"
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def test_the_scratch_folder_is_removed_at_exit(tmp_path):
    """numpy's link folder, the harness copies and the per-run folders of a plain in-process run, too."""
    fresh = tmp_path / "tmp"
    fresh.mkdir()
    code = ("from pathlib import Path\n"
            "from grader.execution.local import LocalLauncher, numpy_only_path\nfrom grader.execution.scratch import scratch_root\n"
            "from grader.execution.session import ChildSession\n"
            "numpy_only_path()\n"
            f"with ChildSession(Path({str(tmp_path / 'f.py')!r}), LocalLauncher()) as s:\n"
            "    assert s.call('f', []).value == 1\n"
            "print(scratch_root())\n")
    (tmp_path / "f.py").write_text("def f():\n    return 1\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env=grader_env(TMPDIR=str(fresh)), cwd="/")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().startswith(str(fresh)) and os.listdir(fresh) == []
