"""The `grader` command: exit codes, exact JSON, readable text, bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[2]
BUGGY = REPO / "tests" / "fixtures" / "submissions" / "buggy"


def grader(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "grader.cli", *args], capture_output=True, text=True,
                          timeout=300, cwd=cwd)


def test_json_report_has_exactly_the_documented_keys(solution_file):
    proc = grader("check", "deep_nn", "--submission", str(solution_file), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert set(doc) == {"assignment", "score", "max_score", "tests"}
    assert doc["assignment"] == "deep_nn" and doc["score"] == doc["max_score"] == 97
    for test in doc["tests"]:
        assert set(test) == {"name", "function", "kind", "status", "score", "max_score", "message"}
        assert test["status"] in {"passed", "failed", "error"}


def test_text_report_groups_by_function_with_actionable_message():
    proc = grader("check", "deep_nn", "--submission", str(BUGGY / "linear_backward_db_no_keepdims.py"))
    assert proc.returncode == 1
    out = proc.stdout
    assert "linear_backward  0/10" in out
    assert "db has shape (3,) but expected (3, 1): keep the summed axis with keepdims=True" in out
    assert out.rstrip().splitlines()[-1].startswith("Total: 87/97")
    assert out.index("sigmoid  4/4") < out.index("linear_backward  0/10")


def test_default_submission_is_the_students_file():
    proc = grader("check", "deep_nn", "--public", "--format", "json")
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert doc["score"] == 0 and all("not implemented" in t["message"] for t in doc["tests"])


@pytest.mark.parametrize("args, fragment", [
    (("check", "no_such_assignment"), "unknown assignment 'no_such_assignment'"),
    (("check", "deep_nn", "--submission", "/nonexistent/file.py"), "no such submission file"),
    (("check", "deep_nn", "--format", "yaml"), "Invalid value for '--format'"),
], ids=["unknown-assignment", "missing-file", "bad-format"])
def test_usage_errors_exit_2(args, fragment):
    proc = grader(*args)
    assert proc.returncode == 2
    assert fragment in proc.stderr


def _notebook(path: Path, cells: list[str]) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# My work")] + [nbformat.v4.new_code_cell(c) for c in cells]
    nbformat.write(nb, path)
    return path


def test_notebook_submission_is_graded_like_a_file(tmp_path, solution_file):
    source = solution_file.read_text()
    nb = _notebook(tmp_path / "work.ipynb", ["%matplotlib inline\n" + source, "print('done')"])
    proc = grader("check", "deep_nn", "--submission", str(nb), "--format", "json")
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert json.loads(proc.stdout)["score"] == 97


def test_notebook_syntax_error_names_the_cell(tmp_path):
    nb = _notebook(tmp_path / "broken.ipynb", ["import numpy as np", "x = 1\ndef relu(Z)\n    return Z"])
    proc = grader("check", "deep_nn", "--submission", str(nb), "--format", "json")
    assert proc.returncode == 1
    relu = [t for t in json.loads(proc.stdout)["tests"] if t["function"] == "relu"]
    assert "cell 3, line 2 raised SyntaxError" in relu[0]["message"]


def test_a_failing_notebook_cell_does_not_stop_the_others(tmp_path, solution_file):
    """Students import matplotlib and plot in notebooks; the grading child has numpy only."""
    source = solution_file.read_text()
    cells = ["import numpy as np\nimport matplotlib.pyplot as plt\n%matplotlib inline", source,
             "plt.plot([1, 2, 3])\nplt.show()"]
    nb = _notebook(tmp_path / "plots.ipynb", cells)
    proc = grader("check", "deep_nn", "--submission", str(nb), "--format", "json")
    assert proc.returncode == 0 and json.loads(proc.stdout)["score"] == 97


@pytest.mark.parametrize("name, content, fragment", [
    ("empty.py", b"", "is empty"),
    ("binary.py", b"\x7fELF\x00\x01\x02", "binary file"),
    ("latin1.py", "def f():\n    return 'café'\n".encode("latin-1"), "not UTF-8"),
    ("bad.ipynb", b"{not json", "not a valid notebook: invalid JSON"),
    ("huge.py", b"# " + b"x" * (3 * 1024 * 1024), "more than the"),
], ids=["empty", "binary", "latin1", "bad-notebook", "huge"])
def test_unreadable_submissions_get_a_clear_error(tmp_path, name, content, fragment):
    path = tmp_path / name
    path.write_bytes(content)
    proc = grader("check", "deep_nn", "--submission", str(path), "--format", "json")
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert doc["score"] == 0
    assert all(fragment in t["message"] for t in doc["tests"])


def test_generate_check_detects_stale_files(tmp_path):
    proc = grader("generate", "deep_nn", "--check")
    assert proc.returncode == 0, proc.stdout
    copy = tmp_path / "deep_nn"
    shutil.copytree(REPO / "assignments" / "deep_nn", copy)
    (copy / "deep_nn.py").write_text("# edited by hand\n")
    proc = subprocess.run([sys.executable, "-m", "grader.cli", "generate", "deep_nn", "--check"],
                          capture_output=True, text=True, env={**__import__("os").environ,
                                                               "GRADER_ASSIGNMENTS": str(tmp_path)})
    assert proc.returncode == 1 and "stale" in proc.stdout


def test_release_then_check_in_the_students_copy(tmp_path, solution_file):
    out = tmp_path / "release"
    assert grader("release", "deep_nn", "--out", str(out)).returncode == 0
    assert sorted(p.name for p in out.iterdir()) >= ["deep_nn.py", "public_checks.json"]
    assert not (out / "assignment.py").exists()
    shutil.copyfile(solution_file, out / "deep_nn.py")
    proc = grader("check", "deep_nn", "--format", "json", cwd=out)
    doc = json.loads(proc.stdout)
    assert proc.returncode == 0 and doc["score"] == doc["max_score"] < 97


def test_other_formats_render_end_to_end(tmp_path):
    import xml.etree.ElementTree as ET

    sub = str(BUGGY / "compute_cost_unsqueezed.py")
    gs = json.loads(grader("check", "deep_nn", "-s", sub, "--format", "gradescope").stdout)
    assert gs["score"] == sum(t["score"] for t in gs["tests"]) == 91
    assert {t["visibility"] for t in gs["tests"]} == {"visible", "after_published"}
    suite = ET.fromstring(grader("check", "deep_nn", "-s", sub, "--format", "junit").stdout).find("testsuite")
    assert int(suite.get("tests")) == 59 and int(suite.get("failures")) >= 1
    out = tmp_path / "feedback.html"
    proc = grader("check", "deep_nn", "-s", sub, "--format", "html", "--output", str(out))
    assert proc.returncode == 1 and proc.stdout == ""
    html = out.read_text()
    assert "compute_cost" in html and "np.squeeze" in html
