"""The `grader` command: exit codes, exact JSON, readable text, bad input."""

from __future__ import annotations

import json
import os
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
    (("check", "deep_nn", "--submission", "/nonexistent/file.py"), "cannot grade /nonexistent/file.py: no such file"),
    (("check", "deep_nn", "--format", "yaml"), "Invalid value for '--format'"),
], ids=["unknown-assignment", "missing-file", "bad-format"])
def test_usage_errors_exit_2(args, fragment):
    proc = grader(*args)
    assert proc.returncode == 2
    assert fragment in proc.stderr


def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    pipe = tmp_path / "deep_nn.py"
    os.mkfifo(pipe)
    proc = grader("check", "deep_nn", "--submission", str(pipe))
    assert proc.returncode == 2 and "not a regular file" in proc.stderr


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
    ("deep.ipynb", b'{"cells": [], "x": ' + b"[" * 5000 + b"]" * 5000 + b"}", "nested more than 64 levels"),
    ("digits.ipynb", b'{"cells": [], "x": ' + b"7" * 5000 + b"}", "a number of more than 64 characters"),
], ids=["empty", "binary", "latin1", "bad-notebook", "huge", "deep-notebook", "digits-notebook"])
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
    assert {"deep_nn.py", "public_checks.json", "README.md"} <= {p.name for p in out.iterdir()}
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


# ---------------------------------------------------------------- a report for every submission

ADVERSARIAL = REPO / "tests" / "fixtures" / "adversarial"
#: Fixtures of tests/fixtures/adversarial that attack the grader's decoder, and the function each one breaks.
HOSTILE = {"frame_huge_int": "sigmoid", "frame_deep_nesting": "relu", "frame_huge_shape": "linear_forward",
           "frame_huge_cost": "compute_cost", "frame_bad_error_report": "update_parameters",
           "raises_lone_surrogate": "relu_backward"}
GRADED = ("sigmoid", "relu", "sigmoid_backward", "relu_backward", "initialize_parameters",
          "initialize_parameters_deep", "linear_forward", "linear_activation_forward", "L_model_forward",
          "compute_cost", "linear_backward", "linear_activation_backward", "L_model_backward", "update_parameters")


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_child_costs_only_its_own_function(name):
    """The child sends bytes no honest harness would; the grader still prints its report."""
    proc = grader("check", "deep_nn", "--submission", str(ADVERSARIAL / f"{name}.py"), "--format", "json",
                  "--timeout", "5")
    assert proc.returncode == 1, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    doc = json.loads(proc.stdout)
    hostile = [t for t in doc["tests"] if t["function"] == HOSTILE[name]]
    others = [t for t in doc["tests"] if t["function"] in GRADED and t["function"] != HOSTILE[name]]
    assert hostile and all(t["status"] == "error" and t["score"] == 0 for t in hostile), hostile
    assert others and all(t["status"] == "passed" for t in others), [t for t in others if t["status"] != "passed"]


def test_a_lone_surrogate_in_a_message_prints_in_every_format():
    sub = str(ADVERSARIAL / "raises_lone_surrogate.py")
    for fmt in ("text", "junit", "gradescope", "html"):
        proc = grader("check", "deep_nn", "-s", sub, "--format", fmt, "--timeout", "5")
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, (fmt, proc.stderr[-2000:])
        text = json.dumps(json.loads(proc.stdout), ensure_ascii=False) if fmt == "gradescope" else proc.stdout
        assert "not done yet \ufffd" in text or "not done yet &#65533;" in text, fmt


def broken_grader(*args: str, patch: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a process where ``patch`` (Python source) first breaks some part of the grader."""
    code = f"import sys\n{patch}\nfrom grader.cli import main\nsys.argv[0] = 'grader'\nmain()\n"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300,
                          cwd=cwd)


#: Makes grading itself fail, as a bug in a matcher or the runner would.
BREAK_GRADING = """
import grader.grading.runner
def _broken(*args, **kwargs):
    raise RuntimeError("simulated bug in the grader")
grader.grading.runner.grade_source = _broken
"""


def _internal_error_tests(doc_tests: list[dict]) -> None:
    assert doc_tests
    for test in doc_tests:
        message = test.get("message", test.get("output", ""))
        assert "internal error" in message and "RuntimeError: simulated bug in the grader" in message
        assert "not a problem with your submission" in message and "report it" in message


@pytest.mark.parametrize("fmt", ["json", "gradescope", "junit", "text"])
def test_an_internal_error_still_prints_a_report_and_exits_3(fmt, solution_file):
    import xml.etree.ElementTree as ET

    proc = broken_grader("check", "deep_nn", "-s", str(solution_file), "--format", fmt, patch=BREAK_GRADING)
    assert proc.returncode == 3, proc.stderr[-2000:]
    assert "simulated bug in the grader" in proc.stderr, "the traceback goes to stderr for the staff"
    if fmt == "json":
        doc = json.loads(proc.stdout)
        assert doc["score"] == 0 and doc["max_score"] == 97 and len(doc["tests"]) == 59
        assert {t["status"] for t in doc["tests"]} == {"error"}
        _internal_error_tests(doc["tests"])
    elif fmt == "gradescope":
        doc = json.loads(proc.stdout)
        assert doc["score"] == 0 and {t["status"] for t in doc["tests"]} == {"failed"}
        _internal_error_tests(doc["tests"])
    elif fmt == "junit":
        suite = ET.fromstring(proc.stdout).find("testsuite")
        assert int(suite.get("tests")) == 59 and int(suite.get("errors")) + int(suite.get("failures")) == 59
        assert "report it" in proc.stdout
    else:
        assert "internal error" in proc.stdout and proc.stdout.rstrip().splitlines()[-1].startswith("Total: 0/97")


def test_a_broken_assignment_still_prints_a_report_and_exits_3(tmp_path, solution_file):
    folder = tmp_path / "deep_nn"
    folder.mkdir()
    (folder / "assignment.py").write_text("raise RuntimeError('simulated bug in the grader')\n")
    proc = grader("check", "deep_nn", "-s", str(solution_file), "--format", "json", cwd=tmp_path)
    assert proc.returncode == 3, proc.stderr[-2000:]
    doc = json.loads(proc.stdout)
    assert doc["assignment"] == "deep_nn" and doc["score"] == 0
    assert [t["status"] for t in doc["tests"]] == ["error"]
    _internal_error_tests(doc["tests"])


def test_exit_codes_are_distinct():
    from grader.cli import ExitCode

    assert [int(c) for c in ExitCode] == [0, 1, 2, 3]
    readme = (REPO / "README.md").read_text()
    assert "3 the grader itself failed" in readme


def test_every_command_is_listed_where_the_lazy_group_finds_it():
    """``grader.cli.group.COMMANDS`` names each command's module: importing them all registers exactly those."""
    import importlib

    from grader.cli.group import COMMANDS
    from grader.cli.group import main as group

    for module in set(COMMANDS.values()):
        importlib.import_module(f"grader.cli.{module}")
    assert set(group.commands) == set(COMMANDS)
    for name, module in COMMANDS.items():
        assert group.commands[name].callback.__module__ == f"grader.cli.{module}" or name in ("course", "gradescope")



def test_importing_grader_or_its_sandbox_does_not_import_numpy():
    """The command line starts the sandbox first, while numpy is imported: neither import needs numpy."""
    code = "import sys, grader, grader.execution.sandbox.bwrap, grader.cli.group; print('numpy' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "False"


def test_an_early_sandbox_is_used_only_when_it_hides_what_grading_needs_hidden(tmp_path):
    """``grader check`` starts its sandbox before it knows the assignment; one that hides too little is replaced."""
    from grader.cli.common import sandbox_launcher
    from grader.cli.sandboxes import early_sandbox, hidden_by

    near, elsewhere = tmp_path / "copy", tmp_path / "elsewhere"
    near.mkdir()
    elsewhere.mkdir()
    early = early_sandbox("auto", near)
    assert early is not None and early.server.booting
    assert hidden_by(early, [near, near / "sub"]) and not hidden_by(early, [elsewhere])
    replaced = sandbox_launcher("auto", [elsewhere], early)
    try:
        assert replaced is not early and early.server.popen is None  # the early one was stopped
        assert hidden_by(replaced, [elsewhere])
    finally:
        replaced.close()
    early = early_sandbox("auto", near)
    assert early is not None
    kept = sandbox_launcher("auto", [near], early)
    try:
        assert kept is early and kept.server.ready.get("op") == "ready" and not kept.server.booting
    finally:
        kept.close()


_FAST_EXIT_SCRIPT = """
import atexit, sys
import grader.cli
from grader.cli import common

class Teardown:
    def __del__(self):
        sys.stdout.write("teardown\\n")

KEEP = Teardown()  # collected only when the interpreter is torn down
atexit.register(lambda: sys.stdout.write("exit handlers ran\\n"))

def command():
    sys.stdout.write("report\\n")
    if sys.argv[1] == "fast":
        common.exit_fast()
    sys.exit(1)

grader.cli.main = command
grader.cli.run()
"""


@pytest.mark.parametrize("mode", ["fast", "slow"])
def test_run_skips_the_interpreter_teardown_only_when_the_command_asks(mode):
    """``grader check`` asks: its report and the exit handlers' work are kept, its exit code too."""
    proc = subprocess.run([sys.executable, "-c", _FAST_EXIT_SCRIPT, mode], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[:2] == ["report", "exit handlers ran"]
    assert ("teardown" in lines) is (mode == "slow")
