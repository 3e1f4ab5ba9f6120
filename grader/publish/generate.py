"""The generated files of an assignment: the student's stub, public checks and pytest file.

All are pure functions of the reference and the declarations, written
byte-for-byte the same on every run, so a test can tell when the committed
copies are stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from grader.course.locate import load_declaration, load_suite, provided_files
from grader.course.released import FILENAME
from grader.execution.child import protocol
from grader.grading.public import dump_public, expanded, export_public
from grader.publish.stubs import render_solution, render_stub
from grader.testing import TEST_FILE, render_test_file


def generated_files(folder: Path) -> dict[str, str]:
    """``{file name: text}`` of everything ``grader generate`` writes into ``folder``."""
    assignment = load_declaration(folder)
    stub = render_stub(assignment.id, assignment.title, assignment.modules, assignment.function_names)
    return {
        assignment.student_file: stub,
        FILENAME: dump_public(export_public(assignment)),
        TEST_FILE.format(assignment=assignment.id): render_test_file(assignment.id, assignment.student_file),
    }


#: Stored floats agree when within this relative difference. BLAS kernels differ in the last bits, and
#: central differences (expected gradients) amplify that to about 1e-9; checks compare at 1e-6.
RTOL = 1e-7
#: ... or within this fraction of the largest magnitude of their array (values that cancel to ~0).
ATOL_SCALE = 1e-9


def is_current(path: Path, text: str) -> bool:
    """True when ``path`` holds ``text``, or (JSON) the same document with floats within :data:`RTOL`.

    Structure and text must match exactly; only floating-point numbers may
    differ, in their last bits, as results of the reference do on machines
    with other CPUs and BLAS kernels. So the committed files are current on
    every machine, and ``grader generate`` does not rewrite them there.
    ``public_checks.json`` is compared with its pooled values in place
    (:func:`~grader.grading.public.expanded`): which values are equal, and so
    pooled, may depend on those last bits too.
    """
    try:
        old = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if old == text:
        return True
    if path.suffix != ".json":
        return False
    try:
        before, after = json.loads(old), json.loads(text)
        if path.name == FILENAME:  # pooled values: compared value by value, however each machine pooled them
            before, after = expanded(before), expanded(after)
        return equivalent(before, after)
    except (ValueError, KeyError, TypeError, IndexError, protocol.ProtocolError):
        return False


def equivalent(a: Any, b: Any) -> bool:
    """Two JSON documents alike but for float noise (numbers and encoded float arrays)."""
    if type(a) is not type(b):
        return type(a) in (int, float) and type(b) in (int, float) and _close(np.float64(a), np.float64(b))
    if isinstance(a, dict):
        if a.keys() != b.keys():
            return False
        if set(a) & {"__ndarray__", "__npscalar__"}:
            return _arrays_close(protocol.decode(a), protocol.decode(b))
        return all(equivalent(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(equivalent, a, b))
    if isinstance(a, float):
        return _close(np.float64(a), np.float64(b))
    return bool(a == b)


def _arrays_close(x: Any, y: Any) -> bool:
    x, y = np.asarray(x), np.asarray(y)
    if x.dtype != y.dtype or x.shape != y.shape:
        return False
    if x.dtype.kind != "f":
        return bool(np.array_equal(x, y))
    return _close(x, y)


def _close(x: Any, y: Any) -> bool:
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if not np.array_equal(np.isfinite(x), np.isfinite(y)) or not np.array_equal(x[~np.isfinite(x)],
                                                                                  y[~np.isfinite(y)]):
        return False
    fx, fy = x[np.isfinite(x)], y[np.isfinite(y)]
    scale = float(np.max(np.abs(fx), initial=0.0))
    return bool(np.all(np.abs(fx - fy) <= RTOL * np.maximum(np.abs(fx), np.abs(fy)) + ATOL_SCALE * scale))


def current_files(folder: Path) -> dict[str, str]:
    """Like :func:`generated_files`, keeping each committed file that :func:`is_current` accepts."""
    out = {}
    for name, text in generated_files(folder).items():
        path = folder / name
        out[name] = path.read_text(encoding="utf-8") if path.exists() and is_current(path, text) else text
    return out


def self_check(folder: Path, files: dict[str, str] | None = None, launcher: Any = None) -> list[str]:
    """What is wrong with the assignment in ``folder`` as ``grader generate`` would write it (empty: nothing).

    The full suite (hidden checks included) is compiled, and two files are
    graded on it: the reference solution in the student-file form (every
    check it does not pass is listed, with the grader's message) and the
    generated stub (``files``, default :func:`generated_files`; every check
    that is not "not implemented" is listed, and a stub that scores).
    ``launcher`` defaults to the own-user launcher: this is the instructor's
    own code.
    """
    try:
        load_suite(folder)
    except Exception as exc:  # noqa: BLE001 - a check that does not compile is the first problem to report
        return [f"the checks do not compile against the reference: {type(exc).__name__}: {exc}"]
    return reference_problems(folder, launcher) + stub_problems(folder, files, launcher)


def _grade(folder: Path, text: str, name: str, launcher: Any) -> Any:
    from grader.execution.sandbox import own_user_launcher
    from grader.grading.runner import grade_source
    from grader.grading.submission import Source

    suite = load_suite(folder)
    return grade_source(suite, Source(text, folder / name), launcher or own_user_launcher())


def reference_problems(folder: Path, launcher: Any = None) -> list[str]:
    """Every check (hidden included) the reference solution, in the student-file form, does not pass."""
    assignment = load_declaration(folder)
    solution = render_solution(assignment.id, assignment.title, assignment.modules, assignment.function_names)
    report = _grade(folder, solution, "reference-solution.py", launcher)
    return [f"the reference fails {test.function}: {test.name} ({test.visibility}, "
            f"{test.score:g}/{test.max_score:g}): {test.message}" for test in report.tests if test.status != "passed"]


def stub_problems(folder: Path, files: dict[str, str] | None = None, launcher: Any = None) -> list[str]:
    """Every check the generated stub is not "not implemented" on, and its score when it is not 0."""
    assignment = load_declaration(folder)
    files = files if files is not None else generated_files(folder)
    stub = _grade(folder, files[assignment.student_file], assignment.student_file, launcher)
    problems = []
    for test in stub.tests:
        if "not implemented" not in test.message:
            problems.append(f"the stub is not 'not implemented' in {test.function}: {test.name} ({test.status}, "
                            f"{test.score:g}/{test.max_score:g}): {test.message}")
    if stub.score != 0:
        problems.append(f"the stub scores {stub.score:g}/{stub.max_score:g} instead of 0")
    return problems


def release_files(folder: Path) -> list[str]:
    """The files of a student's copy (no declarations, no reference): the generated ones and the provided ones."""
    assignment = load_declaration(folder)
    provided = [name for name, _ in provided_files(folder, assignment)]  # checked: never the reference
    return [assignment.student_file, FILENAME, TEST_FILE.format(assignment=assignment.id), *provided]
