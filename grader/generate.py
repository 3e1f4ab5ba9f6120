"""The generated files of an assignment: the student's stub, public checks and pytest file.

All are pure functions of the reference and the declarations, written
byte-for-byte the same on every run, so a test can tell when the committed
copies are stale.
"""

from __future__ import annotations

from pathlib import Path

from grader.locate import load_declaration
from grader.public import FILENAME, dump_public, export_public
from grader.stubs import render_stub
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


def is_current(path: Path, text: str) -> bool:
    """True when ``path`` exists and holds exactly ``text``."""
    try:
        return path.read_text(encoding="utf-8") == text
    except OSError:
        return False


def release_files(folder: Path) -> list[str]:
    """The files of a student's copy (no declarations, no reference)."""
    assignment = load_declaration(folder)
    return [assignment.student_file, FILENAME, TEST_FILE.format(assignment=assignment.id)]
