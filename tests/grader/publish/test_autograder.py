"""The Gradescope autograder: the zip, finding the upload, and the real setup.sh / run_autograder.

The end-to-end test unpacks the zip into a folder laid out like Gradescope's
``/autograder``, runs the zip's own ``setup.sh`` (with ``apt-get`` replaced by a
no-op, as the machine already has Python 3.11 and bubblewrap) with the system
Python, then runs ``run_autograder`` for several uploads, as root, under the
``process`` isolation a container without namespaces gets.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.execution.unprivileged import PROCESS_UID_BASE
from grader.publish.gradescope import build_zip, find_submission, run

REPO = Path(__file__).resolve().parents[3]
DEEP_NN = REPO / "assignments" / "deep_nn"
BUGGY = REPO / "tests" / "fixtures" / "submissions" / "buggy" / "linear_backward_db_no_keepdims.py"
SYSTEM_PYTHON = Path("/usr/bin/python3")


@pytest.fixture(scope="module")
def autograder_zip(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("zip") / "deep_nn-autograder.zip"
    result = CliRunner().invoke(main, ["gradescope", "build", "deep_nn", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_the_zip_has_gradescope_entry_points_and_the_course(autograder_zip):
    with zipfile.ZipFile(autograder_zip) as archive:
        infos = {i.filename: i for i in archive.infolist()}
    for script in ("setup.sh", "run_autograder"):
        assert stat.S_IMODE(infos[script].external_attr >> 16) == 0o755, script
    assert "course/reference/deep_nn.py" in infos and "course/assignments/deep_nn/assignment.py" in infos
    assert "grader-src/pyproject.toml" in infos and "grader-src/grader/render/templates/feedback.html.j2" in infos
    assert not [n for n in infos if "__pycache__" in n or n.endswith(".pyc")]


def test_the_zip_is_byte_for_byte_reproducible(autograder_zip, tmp_path):
    again = tmp_path / "again.zip"
    build_zip(DEEP_NN, again)
    assert again.read_bytes() == autograder_zip.read_bytes()


@pytest.mark.parametrize(("files", "want", "problem"), [
    (["deep_nn.py"], "deep_nn.py", None),
    (["notes.txt", "my_work.py"], "my_work.py", None),
    (["scratch.py", "deep_nn.ipynb", "deep_nn.py"], None, "several"),
    (["scratch.py", "deep_nn.py"], "deep_nn.py", None),
    (["hw/deep_nn.py", "hw/helpers.py"], "hw/deep_nn.py", None),
    (["readme.md"], None, "no .ipynb or .py file"),
    ([], None, "no .ipynb or .py file"),
])
def test_the_upload_is_found(tmp_path, files, want, problem):
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x = 1\n")
    path, why = find_submission(tmp_path, "deep_nn.py")
    assert (path.relative_to(tmp_path).as_posix() if path else None) == want
    assert (why is None) if problem is None else (problem in why)


def test_a_bad_upload_still_gets_a_results_file(tmp_path):
    (tmp_path / "upload").mkdir()
    results = tmp_path / "results" / "results.json"
    assert run(DEEP_NN, tmp_path / "upload", results, isolation="process") == 0
    doc = json.loads(results.read_text())
    assert doc["score"] == 0 and doc["tests"]
    assert all("no .ipynb or .py file in the upload" in t["output"] for t in doc["tests"])


def test_run_grades_the_upload_and_records_the_isolation(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADER_ALLOW_UNSAFE_PROCESS", "1")  # where 'process' is unsafe here, it runs by permission only
    upload = tmp_path / "upload"
    upload.mkdir()
    shutil.copy(BUGGY, upload / "deep_nn.py")
    results = tmp_path / "results.json"
    result = CliRunner().invoke(main, ["gradescope", "run", "deep_nn", str(upload), "--results", str(results),
                                       "--isolation", "process"])
    assert result.exit_code == 0, result.output
    doc = json.loads(results.read_text())
    assert doc["score"] == 87.0 and doc["extra_data"]["isolation"] == "process"
    failed = {t["name"] for t in doc["tests"] if t["status"] == "failed"}
    assert failed and all(name.startswith(("linear_backward:", "all functions:")) for name in failed)


def _assert_internal_error(output: str) -> None:
    assert "internal error (RuntimeError: simulated bug in the grader)" in output
    assert "not a problem with your submission" in output and "report it" in output


def test_an_internal_error_still_writes_the_results(tmp_path, monkeypatch):
    import grader.grading.runner

    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug in the grader")

    monkeypatch.setattr(grader.grading.runner, "grade_source", broken)
    monkeypatch.setenv("GRADER_ALLOW_UNSAFE_PROCESS", "1")  # process isolation as root with a runtime under /root
    upload = tmp_path / "upload"
    upload.mkdir()
    shutil.copy(BUGGY, upload / "deep_nn.py")
    results = tmp_path / "results.json"
    result = CliRunner().invoke(main, ["gradescope", "run", "deep_nn", str(upload), "--results", str(results),
                                       "--isolation", "process"])
    assert result.exit_code == 0, result.output
    doc = json.loads(results.read_text())
    assert doc["score"] == 0 and len(doc["tests"]) == 59 and {t["status"] for t in doc["tests"]} == {"failed"}
    for test in doc["tests"]:
        _assert_internal_error(test["output"])
    _assert_internal_error(doc["extra_data"]["internal_error"])
    assert "Traceback" in result.stderr, "the staff get the traceback"


def test_a_broken_assignment_still_writes_the_results(tmp_path):
    folder = tmp_path / "broken_nn"
    folder.mkdir()
    (folder / "assignment.py").write_text("raise RuntimeError('simulated bug in the grader')\n")
    (tmp_path / "upload").mkdir()
    results = tmp_path / "out" / "results.json"
    assert run(folder, tmp_path / "upload", results, isolation="process") == 0
    doc = json.loads(results.read_text())
    assert doc["score"] == 0 and doc["extra_data"]["assignment"] == "broken_nn"
    (test,) = doc["tests"]
    _assert_internal_error(test["output"])


def test_an_unknown_assignment_is_a_usage_error_that_still_writes_the_results(tmp_path):
    (tmp_path / "upload").mkdir()
    results = tmp_path / "results.json"
    result = CliRunner().invoke(main, ["gradescope", "run", "no_such_assignment", str(tmp_path / "upload"),
                                       "--results", str(results)])
    assert result.exit_code == 2 and "unknown assignment" in result.output
    doc = json.loads(results.read_text())
    assert doc["score"] == 0 and "unknown assignment 'no_such_assignment'" in doc["tests"][0]["output"]


# ------------------------------------------------------------------ end to end, as Gradescope runs it

def _steal_source(course: Path) -> str:
    """A submission that copies the reference from the autograder's course folder, if it can read it."""
    target = course / "reference"
    return (
        "import sys, types\n"
        "try:\n"
        f"    acts = open({str(target / 'activations.py')!r}).read()\n"
        f"    deep = open({str(target / 'deep_nn.py')!r}).read()\n"
        "except OSError:\n"
        "    acts = deep = None\n"
        "if acts is not None:\n"
        "    ns = {}\n"
        "    exec(acts, ns)\n"
        "    keep = [l for l in deep.splitlines() if not l.startswith(('from reference', 'import reference'))]\n"
        "    exec('\\n'.join(keep), ns)\n"
        "    globals().update({k: v for k, v in ns.items() if not k.startswith('__')})\n"
    )


@pytest.fixture(scope="module")
def gradescope_root(autograder_zip):
    """/autograder as Gradescope lays it out, after the zip's setup.sh ran (apt-get stubbed)."""
    if os.geteuid() != 0:
        pytest.skip("Gradescope runs the autograder as root; this test needs root")
    if not SYSTEM_PYTHON.exists():
        pytest.skip("no system Python at /usr/bin/python3")
    root = Path(tempfile.mkdtemp(prefix="autograder-", dir="/tmp"))
    os.chmod(root, 0o755)
    try:
        with zipfile.ZipFile(autograder_zip) as archive:
            archive.extractall(root / "source")
        for script in ("setup.sh", "run_autograder"):
            os.chmod(root / "source" / script, 0o755)
        shims = root / "shims"
        shims.mkdir()
        (shims / "apt-get").write_text("#!/bin/sh\nexit 0\n")
        (shims / "apt-get").chmod(0o755)
        (shims / "python3").symlink_to(SYSTEM_PYTHON)
        env = {"PATH": f"{shims}:/usr/bin:/bin", "AUTOGRADER_ROOT": str(root), "HOME": str(root),
               "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_CACHE_DIR": os.path.expanduser("~/.cache/pip")}
        setup = subprocess.run(["bash", str(root / "source" / "setup.sh")], env=env, capture_output=True,
                               text=True, timeout=600)
        assert setup.returncode == 0, setup.stdout + setup.stderr
        shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _autograde(root: Path, files: dict[str, str], isolation: str = "process") -> dict:
    upload = root / "submission"
    shutil.rmtree(upload, ignore_errors=True)
    shutil.rmtree(root / "results", ignore_errors=True)
    upload.mkdir()
    for name, text in files.items():
        (upload / name).write_text(text, encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "AUTOGRADER_ROOT": str(root), "GRADER_ISOLATION": isolation}
    proc = subprocess.run([str(root / "run_autograder")], env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads((root / "results" / "results.json").read_text())


@pytest.mark.slow
def test_setup_sh_installs_the_grader_and_locks_the_course(gradescope_root):
    course = gradescope_root / "source" / "course"
    assert stat.S_IMODE(course.stat().st_mode) & 0o077 == 0, "the reference is root-only"
    venv_python = gradescope_root / "venv" / "bin" / "python"
    probe = subprocess.run([str(venv_python), "-c", "import grader, sys; print(sys.version_info[:2] >= (3, 11))"],
                           capture_output=True, text=True, cwd="/")
    assert probe.stdout.strip() == "True", probe.stderr


@pytest.mark.slow
def test_run_autograder_grades_a_correct_and_a_buggy_upload(gradescope_root, solution_file):
    good = _autograde(gradescope_root, {"deep_nn.py": solution_file.read_text()})
    assert good["score"] == good["extra_data"]["max_score"] == 97.0
    assert good["extra_data"]["isolation"] == "process" and good["extra_data"]["uid"] >= PROCESS_UID_BASE
    buggy = _autograde(gradescope_root, {"my_homework.py": BUGGY.read_text()})
    assert buggy["score"] == 87.0
    hidden = [t for t in buggy["tests"] if t["visibility"] == "after_published"]
    assert hidden and all(t["visibility"] in {"visible", "after_published"} for t in buggy["tests"])


@pytest.mark.slow
def test_run_autograder_reports_an_empty_upload(gradescope_root):
    doc = _autograde(gradescope_root, {"notes.txt": "I forgot the file"})
    assert doc["score"] == 0 and "no .ipynb or .py file" in doc["tests"][0]["output"]


@pytest.mark.slow
def test_without_namespaces_the_submission_cannot_read_the_course(gradescope_root, solution_file):
    course = gradescope_root / "source" / "course"
    # the stealing code works where the course is readable: as root, in this process
    namespace: dict = {}
    exec(_steal_source(course), namespace)
    assert callable(namespace.get("L_model_backward"))
    doc = _autograde(gradescope_root, {"deep_nn.py": _steal_source(course)})
    assert doc["extra_data"]["uid"] >= PROCESS_UID_BASE
    assert doc["score"] == 0, "the sandbox's unprivileged uid cannot read the root-only course folder"
    assert stat.S_IMODE((gradescope_root / "results").stat().st_mode) == 0o700
    # the control: with the course left readable, the same upload steals full marks
    subprocess.run(["chmod", "-R", "go+rX", str(course)], check=True)
    try:
        assert _autograde(gradescope_root, {"deep_nn.py": _steal_source(course)})["score"] == 97.0
    finally:
        subprocess.run(["chmod", "-R", "go-rwx", str(course)], check=True)
