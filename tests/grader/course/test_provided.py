"""Provided modules: importable by the submission under every launcher, never graded, never the reference.

The fixture assignment ``tests/fixtures/provided/tiny`` declares one graded
function and ``provided=("helpers.py",)``; its reference lives in
``tests/fixtures/provided/ref``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from grader.course.locate import load_declaration, load_suite, provided_files
from grader.course.provided import ProvidedError, check_name, read_provided, reference_files
from grader.execution.interface import Limits, provide
from grader.execution.local import LocalLauncher
from grader.execution.sandbox import available, choose_launcher
from grader.execution.session import ChildSession
from grader.grading.runner import grade_source, grade_submission
from grader.grading.submission import read_source

REPO = Path(__file__).resolve().parents[3]
FIXTURE = REPO / "tests" / "fixtures" / "provided"
TINY = FIXTURE / "tiny"
REFERENCE_FILE = FIXTURE / "ref" / "tiny_reference.py"
FAST = Limits(call_seconds=5, import_seconds=10)

USES_HELPER = """
from helpers import double

def shifted_double(x):
    return double(x) + 1.0
"""
#: ``helpers`` defines a (wrong) ``shifted_double`` too; the submission's own definition comes after it.
SAME_NAME = """
from helpers import *

def shifted_double(x):
    return double(x) + 1.0
"""
#: Only the provided module's function under the graded name: not the student's code, so not graded.
IMPORTS_ONLY = """
from helpers import shifted_double
"""

ISOLATIONS = [pytest.param(k, id=k) for k in ("local", "bwrap", "unshare", "process")]


@pytest.fixture(scope="module", params=ISOLATIONS)
def launcher(request, tmp_path_factory):
    """Every launcher this machine offers (``process`` as the grader's own user where it is not safe)."""
    kind = request.param
    if kind == "local":
        yield LocalLauncher()
        return
    if not available(kind, allow_unsafe=True):
        pytest.skip(f"isolation {kind!r} is not available here")
    chosen = choose_launcher(kind, [str(tmp_path_factory.getbasetemp()), str(FIXTURE)], allow_unsafe=True)
    yield chosen
    chosen.close()


@pytest.fixture(scope="module")
def suite():
    return load_suite(TINY)


def _grade(suite, launcher, tmp_path, code: str, name: str = "tiny.py"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(code), encoding="utf-8")
    return grade_submission(suite, path, launcher=provide(launcher, suite.provided), limits=FAST)


def test_the_suite_carries_the_provided_files(suite):
    assert [name for name, _ in suite.provided] == ["helpers.py"]
    assert "def double" in dict(suite.provided)["helpers.py"]
    public = load_suite(TINY, public_only=True)  # a student's copy reads them from its own folder
    assert public.provided == suite.provided


def test_a_submission_importing_the_provided_module_gets_full_marks(suite, launcher, tmp_path):
    report = _grade(suite, launcher, tmp_path, USES_HELPER)
    assert report.score == report.max_score == 4, [t.message for t in report.tests]


def test_a_function_named_like_one_of_the_provided_module_is_graded_on_the_students_code(suite, launcher, tmp_path):
    report = _grade(suite, launcher, tmp_path, SAME_NAME)
    assert report.score == report.max_score, [t.message for t in report.tests]


def test_the_provided_module_is_never_graded(suite, launcher, tmp_path):
    report = _grade(suite, launcher, tmp_path, IMPORTS_ONLY)
    assert report.score == 0
    assert report.meta.get("missing") == ["shifted_double"]
    assert all("not defined in your file" in t.message for t in report.tests)


def test_a_notebook_importing_the_provided_module(suite, launcher, tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("from helpers import double"),
                nbformat.v4.new_code_cell("def shifted_double(x):\n    return double(x) + 1.0")]
    path = tmp_path / "tiny.ipynb"
    nbformat.write(nb, path)
    report = grade_submission(suite, path, launcher=provide(launcher, suite.provided), limits=FAST)
    assert report.score == report.max_score, [t.message for t in report.tests]


def test_without_the_provided_files_the_import_fails(suite, launcher, tmp_path):
    path = tmp_path / "tiny.py"
    path.write_text(USES_HELPER, encoding="utf-8")
    report = grade_source(dataclasses.replace(suite, provided=()), read_source(path), launcher, FAST)
    assert report.score == 0 and "No module named 'helpers'" in report.meta["load_error"]


LEAK_PROBE = f"""
import importlib, os

MARK = "BEGIN " + "SOLUTION"  # (not spelled out: this file is read too)

def leaks():
    found = []
    try:
        with open({str(REFERENCE_FILE)!r}) as fh:
            if MARK in fh.read():
                found.append("read the reference file")
    except OSError:
        pass
    for name in ("tests.fixtures.provided.ref.tiny_reference", "reference", "grader"):
        try:
            importlib.import_module(name)
            found.append("imported " + name)
        except ImportError:
            pass
    import tiny_reference  # the provided module named like the reference: its own text, nothing more
    if MARK in open(tiny_reference.__file__).read():
        found.append("the provided tiny_reference is the reference")
    return found
"""


def test_a_provided_module_named_like_the_reference_cannot_reach_it(launcher, tmp_path):
    """A provided ``tiny_reference.py`` that tries to read and import the reference finds nothing of it."""
    folder = tmp_path / "leaky"
    folder.mkdir()
    (folder / "tiny_reference.py").write_text(LEAK_PROBE, encoding="utf-8")
    files = read_provided(folder, ["tiny_reference.py"], forbidden=reference_files(
        ["tests.fixtures.provided.ref.tiny_reference"]))
    submission = tmp_path / "submission.py"
    submission.write_text("from tiny_reference import leaks\n", encoding="utf-8")
    with ChildSession(submission, provide(launcher, files), FAST) as session:
        outcome = session.call("leaks", [])
    assert outcome.status == "ok", outcome.error
    found = list(outcome.value)
    if launcher.name in ("process",) or isinstance(launcher, LocalLauncher):
        # no namespaces: the child reads what the grader's user may read (the documented limit);
        # it still imports nothing but the standard library, numpy and the provided files
        found = [f for f in found if f != "read the reference file"]
    assert found == []


@pytest.mark.parametrize("names, fragment", [
    (["../ref/tiny_reference.py"], "no '..'"),
    (["/etc/passwd"], "inside the assignment folder"),
    (["linked.py"], "part of the reference"),
    (["tiny.py"], "the grader writes or reads itself"),
    (["public_checks.json"], "the grader writes or reads itself"),
    (["assignment.py"], "the grader writes or reads itself"),
    (["json.py"], "would shadow the module 'json'"),
    (["numpy.py"], "would shadow"),
    (["missing.py"], "missing"),
    (["helpers.py", "helpers.py"], "listed twice"),
], ids=["dotdot", "absolute", "link-to-reference", "stub", "checks", "declaration", "stdlib", "numpy", "missing",
        "twice"])
def test_bad_provided_names_are_refused(tmp_path, names, fragment):
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    (folder / "linked.py").symlink_to(REFERENCE_FILE)
    (folder / "json.py").write_text("x = 1\n")
    (folder / "numpy.py").write_text("x = 1\n")
    with pytest.raises(ProvidedError, match=fragment):
        read_provided(folder, names, taken={"tiny.py", "public_checks.json", "assignment.py", "test_tiny.py"},
                      forbidden=reference_files(load_declaration(TINY).modules))


def test_a_reference_module_in_the_assignment_folder_is_refused(tmp_path):
    forbidden = reference_files(["tests.fixtures.provided.ref.tiny_reference"])
    assert REFERENCE_FILE.resolve() in forbidden
    with pytest.raises(ProvidedError, match="part of the reference"):
        read_provided(FIXTURE / "ref", ["tiny_reference.py"], forbidden=forbidden)


def test_check_name_normalises_plain_names():
    assert check_name("data/loader.py") == "data/loader.py"
    with pytest.raises(ProvidedError):
        check_name("a\\b.py")


def _grader(*args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(REPO), **env}
    return subprocess.run([sys.executable, "-m", "grader.cli", *args], capture_output=True, text=True,
                          timeout=300, cwd=cwd, env=environment)


def test_release_includes_the_provided_files_and_grader_check_works_there(tmp_path):
    out = tmp_path / "release"
    proc = _grader("release", "tiny", "--out", str(out), GRADER_ASSIGNMENTS=str(FIXTURE))
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "helpers.py", "nn_grader-0.1.0-py3-none-any.whl",
                                                     "public_checks.json", "test_tiny.py", "tiny.py"]
    assert json.loads((out / "public_checks.json").read_text())["provided"] == ["helpers.py"]
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("from helpers import double"),
                nbformat.v4.new_code_cell("def shifted_double(x):\n    return double(x) + 1.0")]
    nbformat.write(nb, out / "work.ipynb")
    proc = _grader("check", "tiny", "--submission", "work.ipynb", "--format", "json", cwd=out,
                   GRADER_ASSIGNMENTS="")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["score"] == doc["max_score"] == 2  # the public checks of a student's copy
    stub = _grader("check", "tiny", "--format", "json", cwd=out, GRADER_ASSIGNMENTS="")
    assert all("not implemented" in t["message"] for t in json.loads(stub.stdout)["tests"])


def test_the_instructors_check_grades_with_the_provided_files(tmp_path):
    path = tmp_path / "mine.py"
    path.write_text(USES_HELPER, encoding="utf-8")
    proc = _grader("check", "tiny", "--submission", str(path), "--format", "json", GRADER_ASSIGNMENTS=str(FIXTURE))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert json.loads(proc.stdout)["score"] == 4


def test_provided_files_of_a_students_copy_come_from_its_public_checks(tmp_path):
    folder = tmp_path / "tiny"
    folder.mkdir()
    for name in ("public_checks.json", "helpers.py"):
        shutil.copy(TINY / name, folder / name)
    assert [n for n, _ in provided_files(folder)] == ["helpers.py"]
    (folder / "helpers.py").unlink()
    with pytest.raises(ProvidedError, match="missing"):
        provided_files(folder)


@pytest.mark.slow
def test_nbgrader_autograde_finds_the_provided_module(tmp_path):
    """The provided module is released with the notebook, and autograde runs a notebook that imports it."""
    from nbgrader_flow import course_with, solved

    def uses_helper(release, source):
        nb = solved(release, source)
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("solution"):
                cell.source = "from helpers import double\n\n\ndef shifted_double(x):\n    return double(x) + 1.0\n"
        return nb

    course = course_with(tmp_path / "course", "tiny", {"helper": uses_helper}, assignments=FIXTURE)
    assert (course / "release" / "tiny" / "helpers.py").is_file()
    with open(course / "grades.csv", newline="") as fh:
        row = next(r for r in __import__("csv").DictReader(fh) if r["student_id"] == "helper")
    assert (float(row["score"]), float(row["max_score"])) == (4.0, 4.0)
