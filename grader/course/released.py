"""A student's released copy as it describes itself, read without numpy.

``grader check`` starts its sandbox, and the child that imports the
student's file, before it imports numpy (:mod:`grader.cli.prestart`): what
it needs to know of the copy for that (its file, its provided modules) is
read here, by the same functions the grader uses later, so both agree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from grader.course.provided import ProvidedFiles, read_provided

#: The student's copy of the public checks (see :mod:`grader.grading.public`).
FILENAME = "public_checks.json"
#: The pytest file released beside the stub (see :mod:`grader.testing`).
TEST_FILE = "test_{assignment}.py"

_DOCS: dict[Path, tuple[tuple[int, int], dict[str, Any]]] = {}


def public_doc(path: Path) -> dict[str, Any]:
    """``public_checks.json`` parsed, once per process while the file is unchanged (it can be megabytes).

    The document is shared: read it, never change it.

    Raises
    ------
    OSError, ValueError
        If the file cannot be read or is not a JSON object.
    """
    stat = path.stat()
    key, stamp = path.resolve(), (stat.st_mtime_ns, stat.st_size)
    hit = _DOCS.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    doc = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(doc, dict):
        raise ValueError(f"{path} does not hold a JSON object")
    if len(_DOCS) >= 32:
        _DOCS.clear()
    _DOCS[key] = (stamp, doc)
    return doc


def own_files(assignment_id: str, student_file: str) -> set[str]:
    """The files of an assignment folder the grader itself writes or reads (never provided files)."""
    return {"assignment.py", student_file, FILENAME, TEST_FILE.format(assignment=assignment_id)}


def copy_provided(folder: Path) -> ProvidedFiles:
    """``(name, text)`` of the provided files a student's copy in ``folder`` lists, checked.

    Raises
    ------
    OSError, ValueError, KeyError
        If the copy's ``public_checks.json`` cannot be read, or a provided file is missing or not allowed.
    """
    doc = public_doc(folder / FILENAME)
    return read_provided(folder, doc.get("provided", ()), taken=own_files(doc["assignment"], doc["student_file"]),
                         forbidden=[])


def student_copy(folder: Path) -> tuple[Path, ProvidedFiles] | None:
    """The student's file of the released copy in ``folder`` and its provided files; None if it is not one."""
    if (folder / "assignment.py").exists() or not (folder / FILENAME).is_file():
        return None  # an instructor's folder, or no assignment at all
    try:
        student_file = public_doc(folder / FILENAME).get("student_file")
        if not isinstance(student_file, str):
            return None
        return folder / student_file, copy_provided(folder)
    except (OSError, ValueError, KeyError, TypeError):
        return None


__all__ = ["FILENAME", "TEST_FILE", "copy_provided", "own_files", "public_doc", "student_copy"]
