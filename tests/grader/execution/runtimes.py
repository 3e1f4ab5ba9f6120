"""Python runtimes for the tests of ``process`` isolation and of an unprivileged grader.

``process`` isolation runs submissions as an unprivileged uid, so it needs a
Python runtime and numpy every user can read. Where the test session's own
interpreter is not (a pyenv under ``/root``), :func:`readable_python` finds
or builds one: ``$GRADER_TEST_READABLE_PYTHON`` (``.ci/run`` builds it once),
else a venv of the system Python in a temporary folder, with the grader's
dependencies from the package index (removed when the session ends).
:func:`run_as` runs a command as a uid that has no account and no privilege.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
SYSTEM_PYTHON = Path("/usr/bin/python3")
#: A uid with no account, for running the grader unprivileged (below the ``process`` sandbox's range).
UNPRIVILEGED_UID = 1_999_999_999
_WHY: list[str] = []


def _readable(python: str) -> bool:
    probe = ("import sys, os, numpy, jinja2, click, rich, nbformat; from grader.execution.sandbox import runtime_open_to_others; "
             "sys.exit(0 if runtime_open_to_others() else 3)")
    proc = subprocess.run([python, "-c", probe], env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=120, cwd="/")
    if proc.returncode != 0:
        _WHY.append(f"{python}: {proc.stderr.strip()[-300:] or 'not readable by every user'}")
    return proc.returncode == 0


def _build_venv() -> str | None:
    if not SYSTEM_PYTHON.exists():
        _WHY.append("no /usr/bin/python3 to build a venv from")
        return None
    root = tempfile.mkdtemp(prefix="nn-grader-venv-", dir="/tmp")
    atexit.register(shutil.rmtree, root, True)
    os.chmod(root, 0o755)
    deps = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    venv = Path(root) / "venv"
    steps = [[str(SYSTEM_PYTHON), "-m", "venv", str(venv)],
             [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", *deps]]
    for step in steps:
        proc = subprocess.run(step, capture_output=True, text=True, timeout=600, cwd=root)
        if proc.returncode != 0:
            _WHY.append(f"{' '.join(step[:4])}: {proc.stderr.strip()[-300:]}")
            return None
    return str(venv / "bin" / "python")


@functools.cache
def readable_python() -> str | None:
    """An interpreter with numpy and the grader's dependencies that every user can run, or None."""
    for candidate in (os.environ.get("GRADER_TEST_READABLE_PYTHON"), sys.executable):
        if candidate and _readable(candidate):
            return candidate
    built = _build_venv()
    return built if built and _readable(built) else None


def why_not() -> str:
    """Why :func:`readable_python` found nothing."""
    return "; ".join(_WHY) or "no reason recorded"


def grader_env(**extra: str) -> dict[str, str]:
    """A small environment for a grader subprocess that imports this checkout."""
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
           "PYTHONDONTWRITEBYTECODE": "1"}
    env.update(extra)
    return env


def can_run_as_unprivileged() -> bool:
    """Whether this session may start processes as :data:`UNPRIVILEGED_UID` (root with setpriv)."""
    return os.geteuid() == 0 and shutil.which("setpriv") is not None


def run_as(uid: int | None, argv: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run ``argv`` as ``uid`` (no groups, no capabilities), or as ourselves when ``uid`` is None."""
    if uid is not None:
        argv = ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--inh-caps=-all", *argv]
    return subprocess.run(argv, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]


__all__ = ["readable_python", "why_not", "grader_env", "run_as", "can_run_as_unprivileged", "UNPRIVILEGED_UID"]
