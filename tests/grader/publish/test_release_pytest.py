"""A released folder's pytest file: `python -m pytest` there runs the public checks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def _release(out: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "grader.cli", "release", "deep_nn", "--out", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr


def _pytest(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rf"],
                          capture_output=True, text=True, cwd=folder, timeout=300)


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("release") / "deep_nn"
    _release(out)
    return out


def test_release_writes_the_pytest_file(released):
    assert sorted(p.name for p in released.iterdir()) == ["README.md", "deep_nn.py", "nn_grader-0.1.0-py3-none-any.whl",
                                                          "public_checks.json", "test_deep_nn.py"]
    assert (released / "test_deep_nn.py").read_text() == (REPO / "assignments" / "deep_nn" / "test_deep_nn.py").read_text()


def test_solution_passes_every_public_check(released, solution_file, tmp_path):
    folder = tmp_path / "work"
    shutil.copytree(released, folder)
    shutil.copyfile(solution_file, folder / "deep_nn.py")
    proc = _pytest(folder)
    public = len(json.loads((folder / "public_checks.json").read_text())["checks"])
    assert proc.returncode == 0, proc.stdout
    assert f"{public} passed" in proc.stdout


def test_stub_fails_every_public_check(released):
    proc = _pytest(released)
    public = len(json.loads((released / "public_checks.json").read_text())["checks"])
    assert proc.returncode == 1
    assert f"{public} failed" in proc.stdout
    assert "not implemented: replace the `raise NotImplementedError` with your code." in proc.stdout


def test_a_bug_fails_that_functions_checks_only(released, solution_file, tmp_path):
    folder = tmp_path / "work"
    shutil.copytree(released, folder)
    text = solution_file.read_text()
    line = "db = np.sum(dZ, axis=1, keepdims=True) / m"
    assert text.count(line) == 1
    (folder / "deep_nn.py").write_text(text.replace(line, "db = np.sum(dZ, axis=1) / m"))
    proc = _pytest(folder)
    assert proc.returncode == 1
    failed = sorted(line.split("[", 1)[1].split("]", 1)[0] for line in proc.stdout.splitlines()
                    if line.startswith("FAILED"))
    assert failed == ["all functions: your functions work together", "linear_backward: gradient check",
                      "linear_backward: shape"], proc.stdout
    assert "keep the summed axis with keepdims=True" in proc.stdout


def test_the_notebook_is_graded_when_there_is_no_py_file(released, tmp_path):
    from grader.course.locate import load_declaration
    from grader.publish.nbgrader import render_notebook

    folder = tmp_path / "nbgrader_release"
    folder.mkdir()
    for name in ("public_checks.json", "test_deep_nn.py"):
        shutil.copyfile(released / name, folder / name)
    # the source notebook holds the whole solution (markers are comments)
    (folder / "deep_nn.ipynb").write_text(render_notebook(load_declaration(REPO / "assignments" / "deep_nn")))
    proc = _pytest(folder)
    assert proc.returncode == 0, proc.stdout
    (folder / "deep_nn.ipynb").unlink()
    proc = _pytest(folder)
    assert proc.returncode == 1 and "deep_nn.py is missing from" in proc.stdout
