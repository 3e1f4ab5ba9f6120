"""Load a submission in the child and describe it: how its import went, its functions' signatures,
the provided modules beside it, and an exception in the student's own terms.

A sibling of :mod:`harness` (standard library and numpy only, loaded as a plain file).
"""

from __future__ import annotations

import contextlib
import inspect
import io
import os
import sys
import traceback
import types
from typing import Any

import methods

MAX_TEXT = 2000
MODULE_NAME = "submission"
#: The folder, beside the child's copy of the submission, of its copy of the provided files.
PROVIDED_FOLDER = "provided"
#: Top-level names of the assignment's provided modules (see :func:`use_provided`): never the student's code.
PROVIDED_MODULES: set[str] = set()


def short(text: str, limit: int = MAX_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 15] + " ...[truncated]"


def student_frames(exc: BaseException, filename: str) -> list[dict[str, Any]]:
    """The traceback's frames in the student's code: the file, or a notebook's ``<cell N>``."""
    frames = []
    for fs in traceback.extract_tb(exc.__traceback__):
        if fs.filename == filename or fs.filename.startswith("<cell "):
            frames.append({"line": fs.lineno, "function": fs.name, "code": short(fs.line or "", 200),
                           "file": fs.filename if fs.filename != filename else ""})
    return frames[-6:]


def describe_exception(exc: BaseException, filename: str) -> dict[str, Any]:
    try:
        message = str(exc)
    except Exception:  # a student's exception whose __str__ itself fails
        message = "<unprintable>"
    return {
        "type": type(exc).__name__,
        "message": short(message),
        "frames": student_frames(exc, filename),
    }


def write_provided(folder: str, files: Any) -> None:
    """Write the provided files ``[[name, text], ...]`` into ``folder``, read-only."""
    os.makedirs(folder, mode=0o700, exist_ok=True)
    for name, text in files:
        parts = str(name).split("/")
        if not parts or any(p in ("", ".", "..") for p in parts) or "\\" in str(name):
            raise ValueError(f"bad provided file name {name!r}")
        path = os.path.join(folder, *parts)
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(str(text))
        os.chmod(path, 0o444)


def use_provided(folder: str) -> None:
    """Put the provided files in ``folder`` first on the import path, as a script's own folder is.

    Functions defined in them are never taken for the student's (a
    submission that imports a provided function under a graded name has not
    written that function).
    """
    sys.path.insert(0, folder)
    for entry in os.listdir(folder):
        stem, dot, suffix = entry.partition(".")
        if (suffix == "py" and stem.isidentifier()) or (not dot and os.path.isdir(os.path.join(folder, entry))):
            PROVIDED_MODULES.add(stem)


def _provided(obj: Any) -> bool:
    return str(getattr(obj, "__module__", "") or "").partition(".")[0] in PROVIDED_MODULES


_EMPTY = inspect.Parameter.empty


def _plain_parameters(fn: types.FunctionType) -> list[list[Any]] | None:
    """``[name, kind, has_default]`` of each parameter, read off the code object as :func:`inspect.signature`
    does for a plain function; None for one it would treat otherwise (``__wrapped__`` or ``__signature__``).

    The child lists the signatures of every function of a submission: this
    spares it the import-time cost of the general path.
    """
    if fn.__dict__:  # a decorated function (__wrapped__), a __signature__, or other attributes: inspect decides
        return None
    code = fn.__code__
    pos_count, names, posonly = code.co_argcount, code.co_varnames, code.co_posonlyargcount
    kwonly_count = code.co_kwonlyargcount
    defaults, kwdefaults = fn.__defaults__, fn.__kwdefaults__
    if defaults and len(defaults) > pos_count:  # __defaults__ set by hand, longer than the arguments
        return None
    non_default = pos_count - (len(defaults) if defaults else 0)
    out: list[list[Any]] = []
    for i, name in enumerate(names[:pos_count]):
        kind = "POSITIONAL_ONLY" if i < posonly else "POSITIONAL_OR_KEYWORD"
        out.append([name, kind, i >= non_default and defaults is not None
                    and defaults[i - non_default] is not _EMPTY])
    if code.co_flags & inspect.CO_VARARGS:
        out.append([names[pos_count + kwonly_count], "VAR_POSITIONAL", False])
    for name in names[pos_count:pos_count + kwonly_count]:
        out.append([name, "KEYWORD_ONLY", kwdefaults is not None and kwdefaults.get(name, _EMPTY) is not _EMPTY])
    if code.co_flags & inspect.CO_VARKEYWORDS:
        out.append([names[pos_count + kwonly_count + bool(code.co_flags & inspect.CO_VARARGS)], "VAR_KEYWORD", False])
    return out


def parameters(fn: types.FunctionType) -> list[list[Any]] | None:
    """``[name, kind name, has_default]`` of each parameter of ``fn``; None if it has no signature."""
    plain = _plain_parameters(fn)
    if plain is not None:
        return plain
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return None
    return [[p.name, p.kind.name, p.default is not _EMPTY] for p in params]


def signatures(module: types.ModuleType) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, obj in list(vars(module).items()):
        if isinstance(obj, types.FunctionType) and not name.startswith("__") and not _provided(obj):
            params = parameters(obj)
            if params is None:
                continue
            out[name] = params
        elif isinstance(obj, type) and obj.__module__ == module.__name__:
            out.update(methods.signatures(obj, name))
    return out


def load_submission(path: str) -> tuple[types.ModuleType | None, dict[str, Any]]:
    """Compile and execute the submission; describe how that went."""
    try:
        with open(path, "rb") as fh:
            source = fh.read()
    except OSError as exc:
        return None, {"status": "unreadable", "message": str(exc)}
    try:
        code = compile(source, path, "exec", dont_inherit=True)
    except SyntaxError as exc:
        return None, {
            "status": "syntax_error",
            "message": short(str(exc.msg)),
            "line": exc.lineno,
            "offset": exc.offset,
            "text": short((exc.text or "").rstrip(), 200),
        }
    except (ValueError, UnicodeDecodeError) as exc:  # null bytes, bad encoding
        return None, {"status": "unreadable", "message": short(str(exc))}
    module = types.ModuleType(MODULE_NAME)
    module.__file__ = path
    sys.modules[MODULE_NAME] = module
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(code, module.__dict__)
    except BaseException as exc:  # noqa: BLE001 - SystemExit and friends included
        return None, {"status": "import_error", **describe_exception(exc, path)}
    return module, {"status": "ok", "functions": signatures(module)}


