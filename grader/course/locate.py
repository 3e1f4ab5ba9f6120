"""Find an assignment folder and load what it offers.

An instructor's folder has ``assignment.py`` (declarations, importing the
reference); a student's copy has only the stub and ``public_checks.json``.
:func:`load_suite` returns a full suite (public and hidden checks) when the
declarations and the reference can be loaded and ``public_only`` is not
set, else the public suite from the JSON file.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.util
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from grader.course.model import Assignment, Suite, compile_suite
from grader.course.provided import ProvidedFiles, read_provided, reference_files
from grader.course.released import FILENAME, copy_provided, own_files, public_doc
from grader.grading.public import load_public

REPO_ROOT = Path(__file__).resolve().parents[2]


class AssignmentNotFound(LookupError):
    """No folder holds the requested assignment."""


def load_sibling(anchor: str, name: str) -> ModuleType:
    """Import ``name.py`` from the folder of ``anchor`` under a private module name."""
    path = Path(anchor).resolve().with_name(f"{name}.py")
    folder_key = hashlib.blake2b(str(path.parent).encode(), digest_size=6).hexdigest()  # two folders named alike
    module_name = f"_grader_{path.parent.name}_{folder_key}_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[module_name]
        raise
    return module


def search_roots() -> list[Path]:
    """Folders that may contain assignment folders, most specific first."""
    roots = []
    env = os.environ.get("GRADER_ASSIGNMENTS")
    if env:
        roots += [Path(p) for p in env.split(os.pathsep) if p]
    cwd = Path.cwd()
    roots += [cwd, cwd / "assignments", REPO_ROOT / "assignments"]
    return roots


def _folder_id(folder: Path) -> str | None:
    """The id of the assignment in ``folder`` (its name beside assignment.py, else its public checks'), or None."""
    if (folder / "assignment.py").is_file():
        return folder.name
    public = folder / FILENAME
    if public.is_file():
        try:
            found = public_doc(public).get("assignment")
        except (OSError, ValueError, AttributeError):
            return None
        return found if isinstance(found, str) else None
    return None


def here(folder: Path | None = None) -> tuple[str, Path]:
    """The id and folder of the assignment in ``folder`` (default: the current folder).

    A released student's copy is found by its ``public_checks.json`` (which
    names the assignment), an instructor's folder by its ``assignment.py``.
    """
    folder = folder or Path.cwd()
    name = _folder_id(folder)
    if name is None:
        raise AssignmentNotFound(f"{folder} is not an assignment's folder (it has neither {FILENAME} nor "
                                 "assignment.py): run this in your copy of the assignment, or name the assignment")
    return name, folder


def assignment_folders(roots: list[Path] | None = None) -> dict[str, Path]:
    """``{id: folder}`` of every assignment found in the search roots, sorted by id (the first folder of an id wins)."""
    found: dict[str, Path] = {}
    for root in roots or search_roots():
        try:
            children = sorted(p for p in root.iterdir() if p.is_dir())
        except OSError:
            continue
        for folder in (root, *children):
            name = _folder_id(folder)
            if name is not None and name not in found:
                found[name] = folder
    return dict(sorted(found.items()))


@dataclasses.dataclass(frozen=True)
class AssignmentInfo:
    """What ``grader list`` says of an assignment: its points include the hidden checks'."""

    id: str
    title: str
    points: float
    functions: tuple[str, ...]
    folder: Path

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "title": self.title, "points": self.points, "functions": list(self.functions),
                "folder": str(self.folder)}


def describe(folder: Path) -> AssignmentInfo:
    """The id, title, points (hidden included) and graded functions of the assignment in ``folder``."""
    if has_declaration(folder):
        a = load_declaration(folder)
        points = sum(f.points for f in a.functions) + sum(c.points for c in a.together)
        return AssignmentInfo(a.id, a.title, points, tuple(a.function_names), folder)
    suite = load_public(folder / FILENAME)
    return AssignmentInfo(suite.assignment, suite.title, suite.max_score + suite.hidden_points,
                          tuple(f.name for f in suite.functions), folder)


def find_assignment(assignment_id: str, roots: list[Path] | None = None) -> Path:
    """The folder of ``assignment_id``: one holding assignment.py or public_checks.json."""
    for root in roots or search_roots():
        for folder in (root / assignment_id, root):
            if (folder / "assignment.py").is_file() and folder.name == assignment_id:
                return folder
            public = folder / FILENAME
            if public.is_file():
                try:
                    if public_doc(public).get("assignment") == assignment_id:
                        return folder
                except (OSError, ValueError):
                    continue
    known = ", ".join(assignment_folders(roots))
    where = ", ".join(dict.fromkeys(str(r) for r in roots or search_roots()))
    raise AssignmentNotFound(f"unknown assignment {assignment_id!r}; the assignments are: {known} (looked in {where})"
                             if known else f"unknown assignment {assignment_id!r}: no assignment found in {where}")


def _reference_on_path(folder: Path) -> None:
    """Make the instructor's ``reference`` package importable.

    The reference is never part of the installed distribution (students
    install the grader too); it lives beside ``assignments/`` in the
    instructor's checkout, so that checkout's root goes on ``sys.path``.
    """
    for root in (folder.resolve().parent.parent, REPO_ROOT):
        if (root / "reference" / "__init__.py").is_file():
            if str(root) not in sys.path:
                sys.path.append(str(root))
            return


@functools.cache
def load_declaration(folder: Path) -> Assignment:
    """Import ``assignment.py`` of an instructor's folder."""
    _reference_on_path(folder)
    module = load_sibling(str(folder / "assignment.py"), "assignment")
    assignment = getattr(module, "ASSIGNMENT", None)
    if not isinstance(assignment, Assignment):
        raise TypeError(f"{folder / 'assignment.py'} does not define ASSIGNMENT")
    return assignment


def provided_files(folder: Path, assignment: Assignment | None = None) -> ProvidedFiles:
    """``(name, text)`` of the provided files of the assignment in ``folder``, checked.

    From the declaration when it is given (then no provided file may be part
    of the reference), else from a student's ``public_checks.json``.
    """
    if assignment is None:
        return copy_provided(folder)
    return read_provided(folder, assignment.provided, taken=own_files(assignment.id, assignment.student_file),
                         forbidden=reference_files(assignment.modules))


def has_declaration(folder: Path) -> bool:
    return (folder / "assignment.py").is_file()


_SUITES: dict[tuple[Path, bool], Suite] = {}


def suite_digest(folder: Path, public_only: bool = False, skip: Sequence[Path] = ()) -> str:
    """A digest of every file the suite of ``folder`` is made from: the folder's, and the reference's.

    A grade stored under another digest was given by other checks (an
    instructor fixed one, or the reference), so a batch grades it again.
    Files, not compiled values: the digest does not depend on the last bits
    of a float the machine computed. ``skip``: folders inside that are not
    the assignment's (a batch's submissions and output, say).
    """
    digest = hashlib.sha256()
    roots = [folder.resolve()]
    if has_declaration(folder) and not public_only:
        roots += reference_files(load_declaration(folder).modules)
    skipped = [p.resolve() for p in skip]
    for root in roots:
        files = [root] if root.is_file() else sorted(
            p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
            and not any(part.startswith(".") for part in p.relative_to(root).parts)
            and not any(p.resolve().is_relative_to(s) for s in skipped))
        for path in files:
            digest.update(f"{path.relative_to(root.parent)}\0{path.stat().st_size}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def load_suite(folder: Path, public_only: bool = False) -> Suite:
    """The suite to grade with (compiled once per process)."""
    key = (folder.resolve(), public_only)
    if key not in _SUITES:
        if has_declaration(folder) and not public_only:
            assignment = load_declaration(folder)
            suite = compile_suite(assignment)
            files = provided_files(folder, assignment)
        else:
            public = folder / FILENAME
            if not public.is_file():
                raise AssignmentNotFound(f"{folder} has no {FILENAME}: run `grader generate` first")
            suite = load_public(public)
            files = provided_files(folder)
        _SUITES[key] = dataclasses.replace(suite, provided=files) if files else suite
    return _SUITES[key]
