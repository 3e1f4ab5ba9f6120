"""Gradescope: build an assignment's autograder zip, and grade one submission inside it.

Gradescope grades each submission in a fresh container built from the
instructor's *autograder zip*: at the zip's root, ``setup.sh`` (run once, as
root, when the image is built) and ``run_autograder`` (run per submission,
with the student's upload in ``/autograder/submission/``; it must write
``/autograder/results/results.json``). :func:`build_zip` writes that zip for
an assignment of this checkout:

``setup.sh``
    installs Python 3.11+ and bubblewrap with apt, makes a virtual
    environment at ``/autograder/venv``, installs the grader from
    ``grader-src/``, and makes ``course/`` (the reference and the check
    declarations) readable by root only.
``run_autograder``
    ``grader gradescope run ASSIGNMENT /autograder/submission --results
    /autograder/results/results.json`` in ``course/`` (see :func:`run`);
    ``GRADER_ISOLATION`` pins the isolation (default ``auto``).
``grader-src/``
    the ``grader`` package as it is in this checkout (no reference).
``course/``
    ``reference/`` and ``assignments/ASSIGNMENT/``, as in this checkout.

Inside the container the grader runs as root and student code runs in the
strongest sandbox the container allows (:func:`grader.execution.sandbox.choose_launcher`);
where namespaces are forbidden, as in most containers, that is a plain
process running as an unprivileged uid of its own (2000000000 + n), which cannot read the root-only ``course/``
nor write the results.
"""

from __future__ import annotations

import importlib
import json
import os
import stat
import zipfile
from pathlib import Path

from grader.batch.discovery import SKIPPED, SUFFIXES, candidate_files, preferred
from grader.batch.recorder import write_atomic
from grader.course.locate import REPO_ROOT, load_declaration, load_suite
from grader.course.model import Suite
from grader.execution.interface import Limits
from grader.execution.sandbox import SandboxError, choose_launcher
from grader.grading.internal import internal_error_report, log_internal_error
from grader.grading.results import Report
from grader.grading.runner import error_report, grade_submission
from grader.render.gradescope import to_gradescope

SETUP_SH = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image (written by `grader gradescope build`).
set -euo pipefail
cd "$(dirname "$0")"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends python3 python3-venv bubblewrap >/dev/null
PY=python3
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    apt-get install -y -qq --no-install-recommends python3.11 python3.11-venv >/dev/null
    PY=python3.11
fi
ROOT="${AUTOGRADER_ROOT:-/autograder}"
"$PY" -m venv "$ROOT/venv"
"$ROOT/venv/bin/python" -m pip install -q ./grader-src
# The reference and the hidden checks: root only (student code runs as an unprivileged uid of its own).
chmod -R go-rwx course
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this for every submission, as root (written by `grader gradescope build`).
set -uo pipefail
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
mkdir -p "$ROOT/results" && chmod 700 "$ROOT/results"
cd "$ROOT/source/course"
exec "$ROOT/venv/bin/grader" gradescope run {assignment} "$ROOT/submission" --results "$ROOT/results/results.json" \
    --isolation "${{GRADER_ISOLATION:-auto}}"
"""



def _tree(root: Path) -> list[Path]:
    """Files below ``root`` worth shipping: no caches, no hidden files, sorted."""
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED and not d.startswith("."))
        files += [Path(dirpath, f) for f in sorted(filenames) if not f.startswith(".") and not f.endswith(".pyc")]
    return files


def _add(archive: zipfile.ZipFile, name: str, data: bytes, *, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))  # same inputs, same bytes
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (0o755 if executable else 0o644) << 16 | stat.S_IFREG << 16
    archive.writestr(info, data)


def build_zip(folder: Path, out: Path) -> list[str]:
    """Write the Gradescope autograder zip of the assignment in ``folder`` to ``out``.

    Parameters
    ----------
    folder : Path
        An instructor's assignment folder (with ``assignment.py``).
    out : Path
        The zip to write (replaced if it exists).

    Returns
    -------
    list of str
        The names stored in the zip, in order.

    Raises
    ------
    FileNotFoundError
        If the grader is not run from a checkout (the zip ships its source).
    """
    if not (REPO_ROOT / "pyproject.toml").is_file():
        raise FileNotFoundError(f"{REPO_ROOT} is not a checkout of the grader: build the autograder from one")
    assignment = load_declaration(folder)
    # ship the very package the declaration imports (the reference beside the assignment, else this checkout's)
    reference = Path(importlib.import_module(assignment.modules[0].partition(".")[0]).__file__ or "").parent
    entries: list[tuple[str, bytes, bool]] = [
        ("setup.sh", SETUP_SH.encode(), True),
        ("run_autograder", RUN_AUTOGRADER.format(assignment=assignment.id).encode(), True),
    ]
    for name in ("pyproject.toml", "README.md"):
        entries.append((f"grader-src/{name}", (REPO_ROOT / name).read_bytes(), False))
    package = REPO_ROOT / "grader"
    entries += [(f"grader-src/grader/{p.relative_to(package).as_posix()}", p.read_bytes(), False)
                for p in _tree(package)]
    entries += [(f"course/{reference.name}/{p.relative_to(reference).as_posix()}", p.read_bytes(), False)
                for p in _tree(reference)]
    entries += [(f"course/assignments/{assignment.id}/{p.relative_to(folder).as_posix()}", p.read_bytes(), False)
                for p in _tree(folder)]
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with zipfile.ZipFile(partial, "w") as archive:
        for name, data, executable in entries:
            _add(archive, name, data, executable=executable)
    partial.replace(out)
    return [name for name, _, _ in entries]


def find_submission(folder: Path, student_file: str) -> tuple[Path | None, str | None]:
    """The student's file in a Gradescope upload folder, or why there is none.

    The file named like the assignment's student file (``.py`` or ``.ipynb``)
    wins; otherwise the only candidate. Files at the top count; only when
    there are none, those one sub-folder down (an uploaded folder or zip).
    """
    if not folder.is_dir():
        return None, f"no submission folder {folder}"
    files = candidate_files(folder)
    if not files:
        inner = [d for d in sorted(folder.iterdir())
                 if d.is_dir() and not d.is_symlink() and d.name not in SKIPPED and not d.name.startswith(".")]
        files = [p for d in inner for p in candidate_files(d)]
    files = preferred(files, student_file)
    if len(files) == 1:
        return files[0], None
    if files:
        names = ", ".join(p.relative_to(folder).as_posix() for p in files)
        return None, f"several files could be the submission ({names}): upload one"
    kinds = " or ".join(sorted(SUFFIXES))
    return None, f"no {kinds} file in the upload: submit {student_file} (or the notebook)"


def run(folder: Path, submissions: Path, results: Path, *, isolation: str = "auto",
        limits: Limits | None = None) -> float:
    """Grade the upload in ``submissions`` and write Gradescope's ``results.json`` to ``results``.

    Whatever is wrong with the upload (no file, several, unreadable) becomes
    a results file with score 0 and a message the student can act on, never
    a failed autograder run; so does a failure of the grader itself (every
    check an error saying so, the traceback on standard error). Returns the
    score.

    Raises
    ------
    SandboxError
        If ``isolation`` cannot be had here, after writing a results file that says so.
    """
    suite: Suite | None = None
    in_force: dict[str, object] = {}
    failure: Exception | None = None
    try:
        suite = load_suite(folder)
        report, in_force = _grade_upload(suite, folder, submissions, results, isolation, limits)
    except Exception as exc:  # noqa: BLE001 - Gradescope must get a results file whatever happened
        log_internal_error(exc)
        report = internal_error_report(suite.assignment if suite else folder.name,
                                       suite.checks if suite else (), exc)
        failure = exc
    _write_results(results, report, in_force)
    if isinstance(failure, SandboxError):
        raise failure
    return report.score


def write_internal_error(results: Path, assignment: str, exc: BaseException) -> None:
    """Write a results file saying that the autograder itself failed with ``exc`` (score 0)."""
    _write_results(results, internal_error_report(assignment, (), exc), {})


def _write_results(results: Path, report: Report, in_force: dict[str, object]) -> None:
    doc = to_gradescope(report)
    doc["extra_data"].update(in_force)
    if "internal_error" in report.meta:
        doc["extra_data"]["internal_error"] = report.meta["internal_error"]
    results.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(results, json.dumps(doc, indent=2) + "\n")


def _grade_upload(suite: Suite, folder: Path, submissions: Path, results: Path, isolation: str,
                  limits: Limits | None) -> tuple[Report, dict[str, object]]:
    """The report of the upload, and the isolation in force while it was graded."""
    path, problem = find_submission(submissions, suite.student_file)
    if path is None:
        return error_report(suite, problem or "no submission"), {}
    launcher = choose_launcher(isolation, [str(folder.resolve()), str(results.resolve().parent)])
    try:
        report = grade_submission(suite, path, launcher=launcher, limits=limits)
        return report, dict(launcher.describe())
    finally:
        launcher.close()


__all__ = ["build_zip", "find_submission", "run", "write_internal_error", "SETUP_SH", "RUN_AUTOGRADER"]
