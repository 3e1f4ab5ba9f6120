"""An assignment's provided files: helpers the student's code imports, released with the stub.

An assignment declares them by name, relative to its folder
(``Assignment(provided=("lr_utils.py",))``); a student's copy lists them in
``public_checks.json``. This module owns their rules: every name is a plain
relative path inside the folder (no ``..``, no link out of it), a UTF-8
text file of bounded size, never a file the grader itself writes or reads
(the stub, the checks, ``assignment.py``), never a module of the reference,
and never named like a module the child already has (the standard library,
numpy, the grader's own child-side files), which it would silently shadow.

The grader reads them once, in its own process, and sends their text to
every child, which writes a private read-only copy on its import path
(:mod:`grader.execution.child.harness`): no child ever gets a path into the
instructor's folder.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath

#: Most bytes of one provided file, and of all of an assignment's together.
MAX_FILE_BYTES = 1 << 20
MAX_TOTAL_BYTES = 4 << 20
#: Names a provided module must not take: what the child has imported already, or is called.
RESERVED = frozenset({"numpy", "submission", "harness", "protocol", "childio", "zygote", "confine", "janitor",
                      "assignment", "reference", "grader", "conftest"})

ProvidedFiles = tuple[tuple[str, str], ...]


class ProvidedError(ValueError):
    """A provided file that cannot be shipped (bad name, missing, too large, part of the reference)."""


def check_name(name: str, taken: Iterable[str] = ()) -> str:
    """``name`` as a normalised relative POSIX path, or :class:`ProvidedError` saying what is wrong with it."""
    if not isinstance(name, str) or not name or "\\" in name or "\x00" in name:
        raise ProvidedError(f"provided file {name!r}: give a file name relative to the assignment folder")
    path = PurePosixPath(name)
    if path.is_absolute() or any(part in ("", ".", "..") for part in name.split("/")):
        raise ProvidedError(f"provided file {name!r}: must be a path inside the assignment folder (no '..')")
    if name in set(taken):
        raise ProvidedError(f"provided file {name!r} is a file the grader writes or reads itself")
    top = path.parts[0] if len(path.parts) > 1 else path.stem
    if top in RESERVED or top in sys.stdlib_module_names:
        raise ProvidedError(f"provided file {name!r} would shadow the module {top!r} the grader's child imports: "
                            "rename it")
    if not top.isidentifier() and path.suffix == ".py":
        raise ProvidedError(f"provided file {name!r} cannot be imported: its name is not a Python identifier")
    return path.as_posix()


def reference_files(modules: Sequence[str]) -> list[Path]:
    """The files and package folders of the reference modules (never to be provided)."""
    out = []
    for name in modules:
        for candidate in (name, name.partition(".")[0]):
            module = sys.modules.get(candidate) or importlib.import_module(candidate)
            file = getattr(module, "__file__", None)
            if file:
                path = Path(file).resolve()
                out.append(path.parent if path.name == "__init__.py" else path)
    return out


def read_provided(folder: Path, names: Sequence[str], *, taken: Iterable[str] = (),
                  forbidden: Sequence[Path] = ()) -> ProvidedFiles:
    """``(name, text)`` of every provided file of ``folder``, checked (see the module docstring).

    ``taken`` are the names of the assignment's own files; ``forbidden`` the
    reference's files and folders, which no provided name may resolve to or into.
    """
    root = folder.resolve()
    taken = set(taken)
    out: list[tuple[str, str]] = []
    total = 0
    for raw in names:
        name = check_name(raw, taken)
        if any(name == other for other, _ in out):
            raise ProvidedError(f"provided file {name!r} is listed twice")
        path = (folder / name).resolve()
        if any(path == f or (path.is_relative_to(f) and not root.is_relative_to(f)) for f in forbidden):
            raise ProvidedError(f"provided file {name!r} is part of the reference: it would hand out the solutions")
        if not path.is_relative_to(root):
            raise ProvidedError(f"provided file {name!r} leads out of the assignment folder")
        if not path.is_file():
            raise ProvidedError(f"provided file {name!r} is missing from {folder}")
        data = path.read_bytes()
        total += len(data)
        if len(data) > MAX_FILE_BYTES or total > MAX_TOTAL_BYTES:
            raise ProvidedError(f"provided file {name!r} is too large (at most {MAX_FILE_BYTES >> 20} MiB each, "
                                f"{MAX_TOTAL_BYTES >> 20} MiB in all)")
        try:
            out.append((name, data.decode("utf-8")))
        except UnicodeDecodeError:
            raise ProvidedError(f"provided file {name!r} is not UTF-8 text") from None
    return tuple(out)


def module_names(files: Iterable[tuple[str, str]]) -> list[str]:
    """The top-level module or package names the provided files make importable."""
    names = []
    for name, _ in files:
        path = PurePosixPath(name)
        top = path.parts[0] if len(path.parts) > 1 else (path.stem if path.suffix == ".py" else "")
        if top and top not in names:
            names.append(top)
    return names


__all__ = ["ProvidedError", "ProvidedFiles", "check_name", "module_names", "read_provided", "reference_files"]
