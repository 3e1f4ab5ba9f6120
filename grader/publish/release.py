"""The release layout: what a student's copy holds beside the assignment's own files.

A released folder (``grader release``) and a course notebook's folder
(``grader notebooks``) get, besides the stub or notebook, the public checks
and the pytest file:

* ``WHEEL_GLOB``: a wheel of the grader, built from this checkout with pip,
  offline, holding the ``grader`` package only (never ``reference/`` or
  ``assignments/``, which ``pyproject.toml`` leaves out);
* ``README.md``: how to install it with one command, offline, and how to
  check one's work.

``public_checks.json`` names the assignment, so ``grader check`` run in the
folder finds it without being told (:func:`grader.course.locate.here`).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from grader.course.locate import REPO_ROOT

README = "README.md"
WHEEL_GLOB = "nn_grader-*.whl"
#: What the wheel is built from: the grader package and what its metadata reads.
_SOURCES = ("pyproject.toml", "README.md", "grader")


class WheelError(RuntimeError):
    """The grader's wheel could not be built."""


def build_wheel(out: Path, root: Path = REPO_ROOT) -> Path:
    """Build the grader's wheel from ``root`` into ``out``, offline; return its path.

    Only ``pyproject.toml``, ``README.md`` and ``grader/`` are copied to a
    temporary folder and built there, so nothing else of the checkout (the
    reference above all) can reach the wheel and the checkout gets no
    ``build/`` folder. Needs setuptools and wheel installed (no build isolation,
    so no download).
    """
    if not (root / "pyproject.toml").is_file():
        raise WheelError(f"no pyproject.toml in {root}: the wheel is built from a checkout of the grader")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="grader-wheel-") as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name in _SOURCES:
            if (root / name).is_dir():
                shutil.copytree(root / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                shutil.copyfile(root / name, src / name)
        built = Path(tmp) / "wheel"
        proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                               "-q", "-w", str(built), str(src)], capture_output=True, text=True)
        wheels = sorted(built.glob(WHEEL_GLOB))
        if proc.returncode != 0 or len(wheels) != 1:
            raise WheelError(f"pip wheel failed ({proc.returncode}): {proc.stderr.strip() or proc.stdout.strip()}")
        for old in out.glob(WHEEL_GLOB):
            old.unlink()
        target = out / wheels[0].name
        shutil.copyfile(wheels[0], target)
    return target


def student_readme(assignment: str, title: str, student_file: str, test_file: str, *, notebook: bool = False,
                   wheel: bool = True) -> str:
    """The README.md of a student's copy of ``assignment``."""
    work = f"{assignment}.ipynb" if notebook else student_file
    command = f"grader check --submission {work}" if notebook else "grader check"
    if wheel:
        install = (
            "Install the checker once, from this folder (no network needed):\n\n"
            "```bash\n"
            'python -m pip install --no-index --find-links . "nn-grader[test]"\n'
            "```\n\n"
            "It needs Python 3.11 or later with numpy, nbformat, jinja2, click, rich and pytest already\n"
            "installed (a Jupyter or Anaconda installation has them; `[test]` is what brings pytest in).\n"
            "If pip says one of them is missing, run the same command without `--no-index`: pip then\n"
            "downloads what is missing and still takes the checker from this folder.\n"
        )
    else:
        install = ("Your instructor tells you how to install the checker (`nn-grader`, with its `test`\n"
                   "extra for pytest).\n")
    return (
        f"# {title}\n\n"
        f"Your work goes in `{work}`: fill in every function where it says `YOUR CODE HERE`.\n"
        "Each function's docstring is its specification (shapes of every argument and\n"
        "return value, and the math).\n\n"
        f"## Install the checker\n\n{install}\n"
        "## Check your work\n\n"
        "From this folder:\n\n"
        "```bash\n"
        f"{command.ljust(34)}# finds {assignment} by its public_checks.json\n"
        f"{'python -m pytest'.ljust(34)}# the same public checks, one pytest test each\n"
        "```\n\n"
        + ("In the notebook, the cell under each function (`grader.check(\"name\")`) prints the\n"
           "same report for that function.\n\n" if notebook else "")
        + "Only the public checks run here; unfinished functions show `not implemented`. Your\n"
        "instructor grades with hidden checks too. The messages name the array, the index,\n"
        "your value and the expected one.\n\n"
        "## Files\n\n"
        f"* `{work}`: your work\n"
        "* `public_checks.json`: the public checks, as data\n"
        f"* `{test_file}`: the public checks as pytest tests\n"
        + ("* `nn_grader-*.whl`: the checker, installed by the command above\n" if wheel else "")
    )


def write_release_extras(out: Path, assignment: str, title: str, student_file: str, test_file: str, *,
                         notebook: bool = False, wheel: bool = True) -> list[Path]:
    """Write the README (and, with ``wheel``, the grader's wheel) into ``out``; return the paths written."""
    written = []
    if wheel:
        written.append(build_wheel(out))
    readme = out / README
    readme.write_text(student_readme(assignment, title, student_file, test_file, notebook=notebook, wheel=wheel),
                      encoding="utf-8")
    written.append(readme)
    return written


__all__ = ["README", "WHEEL_GLOB", "WheelError", "build_wheel", "student_readme", "write_release_extras"]
