"""Put a submission back as it was after its import, between two graded functions.

A child imports the submission once and then serves every graded function
in turn. Before the next function is graded, :meth:`Snapshot.restore`
undoes what the previous one may have changed in the submission's own
module: every global is bound again to the object it had after the
import, and the contents of the module's lists, dicts, sets, arrays and
plain objects (their attributes) are put back by value, as are its
functions' defaults and attributes (``def f(x, seen=[])``). It then says
whether anything *else* a later function could notice has changed: a
name rebound in numpy, the builtins, ``math``, ``random``, a module the
harness runs on (``json``, ``os``, ...) or any module the submission
imported (``copy.deepcopy`` replaced, say), numpy's error settings, the
recursion limit, a class's attributes, an array inside one of the
module's tuples, another module replaced in ``sys.modules``, a thread or a child process started, a file written in
the working folder. When anything did (or the module's state was too big
or too odd to copy), the grader starts a fresh child for the next
function instead, so a function's side effects never cost another
function's points.

The grader does not rely on this for security: whatever the child says,
it only ever reports values that the grader judges itself; a case holding
another function's answer is sent only when its own function is graded,
and a function whose inputs and answer an earlier one was sent is graded
in a fresh child (``grader/grading/exposure.py``).

Standard library and numpy only: this file runs in the child.
"""

from __future__ import annotations

import builtins
import copy
import importlib
import operator
import os
import sys
import threading
import types
from typing import Any

import numpy

#: Most bytes of module state (arrays and containers) copied for a restore.
MAX_BYTES = 16 << 20
#: Most modules whose names are compared between two functions.
MAX_MODULES = 64
_CONTAINERS = (list, dict, set, bytearray)
#: Always compared: numpy's, the builtins, and what the harness itself runs on (a function that breaks
#: ``json`` or ``os.write`` would cost the next function its points).
_WATCHED_MODULES = ("numpy", "numpy.linalg", "numpy.random", "numpy.fft", "math", "random", "builtins", "copy",
                    "json", "json.encoder", "json.decoder", "base64", "struct", "os", "select", "io",
                    "contextlib", "threading", "time", "_blake2", "binascii")


def import_watched() -> None:
    """Import every module that is always compared: each needs a state to compare with (one imported
    later has none). The zygote calls this as it starts, before it covers any folder and before its
    first fork, so no child imports them again (``numpy.fft`` and its C extension were part of each
    child's start) and none fails to (an ``unshare`` sandbox's own ``/tmp`` covers a runtime kept there)."""
    for name in _WATCHED_MODULES:
        if name not in sys.modules:
            importlib.import_module(name)


class _Same:
    """A namespace's names and values as they were, compared by identity (in C: a few microseconds)."""

    __slots__ = ("names", "values")

    def __init__(self, namespace: dict[str, Any]) -> None:
        self.names = tuple(namespace)
        self.values = tuple(namespace.values())

    def holds(self, namespace: dict[str, Any], package: str | None = None) -> bool:
        """Whether ``namespace`` is as it was; for a ``package``'s, new submodules of it do not count.

        Importing a submodule binds it in its package (numpy binds ``random``
        on first use): that changes nothing a later function could notice.
        """
        if (len(namespace) == len(self.names) and all(map(operator.is_, namespace, self.names))
                and all(map(operator.is_, namespace.values(), self.values))):
            return True
        if package is None or len(namespace) < len(self.names):
            return False
        if not all(namespace.get(name, _Same) is value for name, value in zip(self.names, self.values, strict=True)):
            return False
        old = set(self.names)
        return all(isinstance(value, types.ModuleType) and value.__name__ == f"{package}.{name}"
                   and sys.modules.get(value.__name__) is value
                   for name, value in namespace.items() if name not in old)


def _size(value: Any) -> int:
    if isinstance(value, numpy.ndarray):
        return int(value.nbytes)
    return 64 * (len(value) if hasattr(value, "__len__") else 1)


def _watched(bindings: dict[str, Any], own: str) -> tuple[str, ...]:
    """The modules whose names are compared: numpy's, the builtins, and every module the submission uses."""
    names = dict.fromkeys(_WATCHED_MODULES)
    for value in bindings.values():
        name = value.__name__ if isinstance(value, types.ModuleType) else getattr(value, "__module__", None)
        if isinstance(name, str) and name != own and name in sys.modules and len(names) < MAX_MODULES:
            names[name] = None
    return tuple(names)


def _immutable(value: Any, depth: int = 0) -> bool:
    """Whether nothing inside ``value`` can change (numbers, strings, and tuples of them)."""
    if isinstance(value, (int, float, complex, str, bytes, bool, type(None), numpy.generic)):
        return True
    return isinstance(value, tuple) and depth < 8 and all(_immutable(v, depth + 1) for v in value)


def _equal(a: Any, b: Any, depth: int = 0) -> bool:
    """Equal by value, arrays included (a tuple's contents against their copy)."""
    if depth > 8 or type(a) is not type(b):
        return False
    if isinstance(a, numpy.ndarray):
        return bool(a.shape == b.shape and a.dtype == b.dtype
                    and numpy.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(_equal(x, y, depth + 1) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k], depth + 1) for k in a)
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - an object that cannot say: assume it changed
        return False


def _filled(cell: Any) -> bool:
    try:
        cell.cell_contents  # noqa: B018 - an empty cell raises
    except ValueError:
        return False
    return True


def _children() -> bool:
    """Whether this process has a child process (one a graded function started)."""
    try:
        for task in os.listdir("/proc/self/task"):
            with open(f"/proc/self/task/{task}/children", "rb") as fh:
                if fh.read().strip():
                    return True
    except OSError:
        return True  # cannot tell: assume the worst
    return False


class Snapshot:
    """The state of ``module`` right after its import (see the module docstring).

    Parameters
    ----------
    module : module
        The submission, just imported.
    """

    def __init__(self, module: types.ModuleType) -> None:
        import_watched()
        self.module = module
        self.bindings = dict(module.__dict__)
        self.values: dict[str, Any] = {}
        self.objects: dict[str, dict[str, Any]] = {}
        self.classes: dict[str, _Same] = {}
        self.tuples: dict[str, tuple[Any, ...]] = {}
        self.copyable = True
        spent = 0
        self.functions: dict[str, tuple[Any, ...]] = {}
        for name, value in self.bindings.items():
            if isinstance(value, types.FunctionType) and value.__module__ == module.__name__:
                try:
                    self._function(name, value)
                except Exception:  # noqa: BLE001 - a default that refuses to be copied: no restore
                    self.copyable = False
                continue
            if name.startswith("__") or isinstance(value, (types.ModuleType, types.FunctionType,
                                                            types.BuiltinFunctionType)):
                continue
            try:
                if isinstance(value, type):
                    self.classes[name] = _Same(dict(vars(value)))
                elif isinstance(value, (numpy.ndarray, *_CONTAINERS)):
                    spent += _size(value)
                    self.values[name] = copy.deepcopy(value)
                elif isinstance(value, tuple) and not _immutable(value):  # (np.zeros(3), [])
                    spent += sum(_size(v) for v in value)
                    self.tuples[name] = copy.deepcopy(value)
                elif hasattr(value, "__dict__") and not callable(value):
                    state = vars(value)
                    spent += sum(_size(v) for v in state.values())
                    self.objects[name] = copy.deepcopy(dict(state))
            except Exception:  # noqa: BLE001 - an object that refuses to be copied: no restore
                self.copyable = False
            if spent > MAX_BYTES:
                self.copyable = False
                break
        self.watched = _watched(self.bindings, module.__name__)
        self.outside = self._outside()

    def _function(self, name: str, fn: types.FunctionType) -> None:
        """Note a function's own state: its code, defaults (``def f(x, seen=[])``), attributes and closure."""
        cells = tuple(c.cell_contents for c in fn.__closure__ or () if _filled(c))
        if fn.__defaults__ or fn.__kwdefaults__ or vars(fn) or cells:
            self.functions[name] = (fn.__code__, copy.deepcopy(fn.__defaults__), copy.deepcopy(fn.__kwdefaults__),
                                    copy.deepcopy(dict(vars(fn))), cells)

    def _restore_functions(self) -> bool:
        for name, (code, defaults, kwdefaults, attributes, cells) in self.functions.items():
            fn = self.module.__dict__[name]
            now = tuple(c.cell_contents for c in fn.__closure__ or () if _filled(c))
            if fn.__code__ is not code or len(now) != len(cells) or not all(map(operator.is_, now, cells)):
                return False
            fn.__defaults__ = copy.deepcopy(defaults)
            fn.__kwdefaults__ = copy.deepcopy(kwdefaults)
            vars(fn).clear()
            vars(fn).update(copy.deepcopy(attributes))
        return True

    def _outside(self) -> list[Any]:
        """What lives outside the module and a later function could notice (see :meth:`_unchanged`)."""
        modules = [_Same(vars(sys.modules[m])) if m in sys.modules else None for m in self.watched]
        self._module_names = tuple(sys.modules)
        return [modules, _Same(vars(builtins)), numpy.geterr(), sys.getrecursionlimit(),
                tuple(sys.modules.values()), self._folder()]

    @staticmethod
    def _folder() -> list[tuple[str, int]] | None:
        try:
            return sorted((e.name, e.stat(follow_symlinks=False).st_mtime_ns) for e in os.scandir("."))
        except OSError:
            return None

    def _unchanged(self) -> bool:
        modules, names_of_builtins, errors, limit, loaded, folder = self.outside
        for name, same in zip(self.watched, modules, strict=True):
            module = sys.modules.get(name)
            if (same is None) != (module is None) or (same is not None and not same.holds(vars(module), name)):
                return False
        return (names_of_builtins.holds(vars(builtins)) and numpy.geterr() == errors
                and sys.getrecursionlimit() == limit
                and all(map(operator.is_, map(sys.modules.get, self._module_names), loaded))
                and self._folder() == folder)

    def restore(self, threads: int) -> bool:
        """Put the module back; True when nothing outside it changed either.

        Parameters
        ----------
        threads : int
            How many threads the harness itself runs (more means the submission started one).
        """
        if not self.copyable:
            return False
        namespace = self.module.__dict__
        namespace.clear()
        namespace.update(self.bindings)
        try:
            for name, saved in self.values.items():
                current = namespace[name]
                if isinstance(current, numpy.ndarray):
                    if current.shape != saved.shape or current.dtype != saved.dtype:
                        return False
                    if not numpy.array_equal(current, saved, equal_nan=current.dtype.kind in "fc"):
                        numpy.copyto(current, saved)
                elif isinstance(current, list):
                    current[:] = copy.deepcopy(saved)
                elif isinstance(current, bytearray):
                    current[:] = saved
                else:
                    current.clear()
                    current.update(copy.deepcopy(saved))
            for name, state in self.objects.items():
                attributes = vars(namespace[name])
                attributes.clear()
                attributes.update(copy.deepcopy(state))
            for name, same in self.classes.items():
                if not same.holds(dict(vars(namespace[name]))):
                    return False
            if not self._restore_functions():
                return False
            for name, saved in self.tuples.items():  # a tuple cannot be put back in place: only compared
                if not _equal(namespace[name], saved):
                    return False
        except Exception:  # noqa: BLE001 - a value that no longer restores: start afresh
            return False
        return threading.active_count() <= threads and not _children() and self._unchanged()


__all__ = ["MAX_BYTES", "Snapshot", "import_watched"]
