"""`grader generate` compiles the hidden checks too and writes nothing unless the reference gets full marks
and the stub scores 0 with every function "not implemented"."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from grader.publish.generate import self_check

REPO = Path(__file__).resolve().parents[3]

REFERENCE = '''
"""A reference for generate's self-check (tests only)."""

from __future__ import annotations

import numpy as np


def shifted_double(x):
    """Twice ``x``, plus one.

    Parameters
    ----------
    x : ndarray of shape (n, m)
        Any values.

    Returns
    -------
    y : ndarray of shape (n, m)
        ``2 x + 1``.
    """
    {body}
    return y
'''
SOLUTION = """### BEGIN SOLUTION
    y = 2.0 * np.asarray(x, dtype=np.float64) + 1.0
    ### END SOLUTION"""
#: The solution region sits in a branch the checks never take: the stub works as it is.
STUB_WORKS = """y = 2.0 * np.asarray(x, dtype=np.float64) + 1.0
    if x is None:
        ### BEGIN SOLUTION
        y = None
        ### END SOLUTION"""

DECLARATION = '''
"""A fixture assignment for generate's self-check (tests only)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from grader.checks import CompareToReference, Inputs, KnownValue  # noqa: E402
from grader.course.model import Assignment, Function  # noqa: E402


def _inputs(seed, n, m):
    return Inputs(f"seed={{seed}}", lambda: (np.random.default_rng(seed).standard_normal((n, m)),), {{"m": m}})


ASSIGNMENT = Assignment(
    id="{id}",
    title="Self-check fixture",
    student_file="{id}.py",
    modules=("{id}_reference",),
    functions=[
        Function("shifted_double", [
            KnownValue("known values", 1, (np.array([[0.0, 1.5]]),), np.array([[{expected}]])),
            CompareToReference("randomized", 2, [_inputs(1, 2, 3)]),
        ]),
    ],
)
'''


def make(root: Path, assignment_id: str, *, expected: str = "1.0, 4.0", body: str = SOLUTION) -> Path:
    folder = root / assignment_id
    folder.mkdir(parents=True)
    (folder / "assignment.py").write_text(DECLARATION.format(id=assignment_id, expected=expected))
    (folder / f"{assignment_id}_reference.py").write_text(textwrap.dedent(REFERENCE).replace("{body}", body))
    return folder


def generate(root: Path, assignment_id: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "GRADER_ASSIGNMENTS": str(root)}
    return subprocess.run([sys.executable, "-m", "grader.cli", "generate", assignment_id], capture_output=True,
                          text=True, timeout=300, env=env, cwd=root)


def written(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in ("assignment.py", f"{folder.name}_reference.py"))


def test_a_reference_that_fails_its_own_check_is_refused_and_nothing_is_written(tmp_path):
    folder = make(tmp_path, "selfcheck_wrong_known", expected="1.0, 4.5")  # 2 * 1.5 + 1 is 4, not 4.5
    proc = generate(tmp_path, "selfcheck_wrong_known")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "not written: 1 problem with selfcheck_wrong_known" in proc.stderr
    assert "the reference fails shifted_double: known values (public, 0/1)" in proc.stderr
    assert "4.5" in proc.stderr  # the grader's own message says why
    assert written(folder) == []


def test_a_stub_that_scores_is_refused(tmp_path):
    folder = make(tmp_path, "selfcheck_stub_works", body=STUB_WORKS)
    proc = generate(tmp_path, "selfcheck_stub_works")
    assert proc.returncode == 1
    assert "the stub scores 3/3 instead of 0" in proc.stderr
    assert "the stub is not 'not implemented' in shifted_double: known values (passed" in proc.stderr
    assert written(folder) == []


def test_a_sound_assignment_is_written(tmp_path):
    folder = make(tmp_path, "selfcheck_sound")
    proc = generate(tmp_path, "selfcheck_sound")
    assert proc.returncode == 0, proc.stderr
    assert written(folder) == ["public_checks.json", "selfcheck_sound.py", "test_selfcheck_sound.py"]


@pytest.mark.parametrize("folder", [REPO / "assignments" / "deep_nn", REPO / "tests" / "fixtures" / "provided" / "tiny"],
                         ids=["deep_nn", "tiny"])
def test_self_check_passes_on_the_real_assignments(folder):
    assert self_check(folder) == []
