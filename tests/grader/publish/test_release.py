"""A student's copy installs its own checker and finds its own assignment (grader/publish/release.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.course.locate import AssignmentNotFound, assignment_folders, here, load_declaration
from grader.publish.release import student_readme
from grader.publish.stubs import render_solution

REPO = Path(__file__).resolve().parents[3]
INSTALL = 'python -m pip install --no-index --find-links . "nn-grader[test]"'


def _solution(assignment: str) -> str:
    decl = load_declaration(assignment_folders()[assignment])
    return render_solution(decl.id, decl.title, decl.modules, decl.function_names)


@pytest.mark.parametrize("notebook", [False, True], ids=["py", "notebook"])
def test_readme_says_how_to_install_and_check(notebook):
    text = student_readme("deep_nn", "Deep network", "deep_nn.py", "test_deep_nn.py", notebook=notebook)
    assert INSTALL in text
    assert "numpy, nbformat, jinja2, click, rich and pytest" in text  # the offline requirement, stated
    assert ("grader check --submission deep_nn.ipynb" if notebook else "grader check ") in text
    assert "python -m pytest" in text


def test_readme_without_a_wheel_does_not_promise_one():
    text = student_readme("deep_nn", "Deep network", "deep_nn.py", "test_deep_nn.py", wheel=False)
    assert "--find-links" not in text and ".whl" not in text


def test_here_finds_a_released_copy_and_an_instructors_folder(tmp_path):
    shutil.copy(REPO / "assignments" / "activations" / "public_checks.json", tmp_path / "public_checks.json")
    assert here(tmp_path) == ("activations", tmp_path)
    assert here(REPO / "assignments" / "deep_nn") == ("deep_nn", REPO / "assignments" / "deep_nn")
    with pytest.raises(AssignmentNotFound, match="neither public_checks.json nor assignment.py"):
        here(tmp_path / "..")


def test_release_writes_readme_and_check_needs_no_assignment_name(tmp_path, monkeypatch):
    out = tmp_path / "copy"
    result = CliRunner().invoke(main, ["release", "activations", "--out", str(out), "--no-wheel"])
    assert result.exit_code == 0, result.output
    assert "grader check" in (out / "README.md").read_text()
    assert not list(out.glob("*.whl"))
    (out / "activations.py").write_text(_solution("activations"))
    monkeypatch.chdir(out)
    monkeypatch.delenv("GRADER_ASSIGNMENTS", raising=False)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert "hidden checks worth" in result.output  # the public suite of the copy, not the instructor's


def test_check_without_a_name_outside_an_assignment_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 2
    assert "is not an assignment's folder" in result.output


@pytest.mark.slow
def test_released_copy_installs_offline_and_checks_itself(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GRADER_ASSIGNMENTS")}
    out = tmp_path / "deep_nn"
    proc = subprocess.run([sys.executable, "-m", "grader.cli", "release", "deep_nn", "--out", str(out)],
                          capture_output=True, text=True, timeout=600, cwd=REPO, env={**env, "PYTHONPATH": str(REPO)})
    assert proc.returncode == 0, proc.stderr
    (wheel,) = out.glob("nn_grader-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "grader/cli/grading.py" in names
    assert not [n for n in names if n.startswith(("reference/", "assignments/", "tests/"))]

    # numpy cannot be installed without a network: the venv sees this Python's packages, as a Jupyter
    # installation's would. This Python may hold the grader already (an editable install): force the wheel's.
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=True)
    python = env_dir / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "--no-index", "--find-links", ".", "-q"]
    for args in (["--force-reinstall", "--no-deps", "nn-grader"], ["nn-grader[test]"]):  # the second is the README's
        proc = subprocess.run(pip + args, capture_output=True, text=True, cwd=out, env=env, timeout=600)
        assert proc.returncode == 0, proc.stderr
    assert 'pip install --no-index --find-links . "nn-grader[test]"' in (out / "README.md").read_text()
    where = subprocess.run([str(python), "-c", "import grader; print(grader.__file__)"], capture_output=True,
                           text=True, cwd=tmp_path, env=env)
    assert Path(where.stdout.strip()).is_relative_to(env_dir), where.stdout

    (out / "deep_nn.py").write_text(_solution("deep_nn"))
    check = subprocess.run([str(env_dir / "bin" / "grader"), "check"], capture_output=True, text=True, cwd=out,
                           env=env, timeout=600)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "hidden checks worth" in check.stdout
    tests = subprocess.run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider"], capture_output=True,
                           text=True, cwd=out, env=env, timeout=600)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert " passed" in tests.stdout
