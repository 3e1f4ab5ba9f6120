"""Shared pytest configuration: the ``--update-golden`` option, the ``golden`` and ``child_starts`` fixtures."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

GOLDEN_DIR = Path(__file__).parent / "golden"
#: Fixture assignments carry their generated pytest files (test_ID.py): data for the tests, not tests.
collect_ignore_glob = ["fixtures/*/*/test_*.py"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files in tests/golden/ from the current output instead of comparing",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare rendered text with ``tests/golden/<name>``.

    ``golden(name, text)`` fails with a unified diff when the text differs
    from the file. Run ``pytest --update-golden`` to (re)write the files after
    an intended change, then review the diff in git. Files are read and
    written as UTF-8 bytes, so line endings are compared exactly.
    """
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN_DIR / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
            return
        if not path.exists():
            pytest.fail(f"golden file {path} is missing; create it with: pytest --update-golden")
        expected = path.read_bytes().decode("utf-8")
        if text != expected:
            diff = difflib.unified_diff(
                expected.splitlines(keepends=True), text.splitlines(keepends=True),
                fromfile=f"golden/{name}", tofile="rendered",
            )
            shown = "".join(list(diff)[:200])
            pytest.fail(
                f"rendered output differs from golden/{name} "
                f"(if intended, rerun with --update-golden):\n{shown}",
                pytrace=False,
            )

    return check


# ---------------------------------------------------------------- grading fixtures

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
DEEP_NN = REPO / "assignments" / "deep_nn"


@pytest.fixture(scope="session")
def deep_nn_suite():
    """The full deep_nn suite (public and hidden checks), compiled once."""
    from grader.course.locate import load_suite

    return load_suite(DEEP_NN)


@pytest.fixture(scope="session")
def deep_nn_public_suite():
    """The student's view: public checks loaded from public_checks.json."""
    from grader.course.locate import load_suite

    return load_suite(DEEP_NN, public_only=True)


@pytest.fixture(scope="session")
def solution_file(tmp_path_factory) -> Path:
    """The reference rendered as one student-shaped file."""
    from grader.course.locate import load_declaration
    from grader.publish.stubs import render_solution

    a = load_declaration(DEEP_NN)
    path = tmp_path_factory.mktemp("solution") / "deep_nn.py"
    path.write_text(render_solution(a.id, a.title, a.modules, a.function_names), encoding="utf-8")
    return path


@pytest.fixture
def child_starts(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many children the grader starts (each one imports the submission): ``{"n": count}``."""
    from grader.execution.session import ChildSession

    count = {"n": 0}
    start = ChildSession._start

    def counting(self: ChildSession) -> dict[str, Any]:
        count["n"] += 1
        return start(self)

    monkeypatch.setattr(ChildSession, "_start", counting)
    return count
