"""Every launcher by name (the ``--isolation`` of the command line), and the choice of one that works here."""

from __future__ import annotations

import importlib
import os
import shutil
from collections.abc import Iterator, Mapping, Sequence

from grader.execution.forkserver import SandboxError
from grader.execution.sandbox.base import SandboxLauncher

#: Where each launcher is defined, by the name of its isolation, strongest first (the order ``"auto"`` tries).
_WHERE = {"bwrap": ("grader.execution.sandbox.bwrap", "BwrapLauncher"),
          "unshare": ("grader.execution.sandbox.unshare", "UnshareLauncher"),
          "process": ("grader.execution.sandbox.process", "ProcessLauncher")}


class _Launchers(Mapping[str, type[SandboxLauncher]]):
    """Every launcher class by name, each module imported when its launcher is first asked for.

    ``grader check`` starts bubblewrap before it imports anything it does not need
    (:mod:`grader.cli.prestart`): the other launchers' modules are not among that.
    """

    def __getitem__(self, kind: str) -> type[SandboxLauncher]:
        module, name = _WHERE[kind]
        launcher: type[SandboxLauncher] = getattr(importlib.import_module(module), name)
        return launcher

    def __iter__(self) -> Iterator[str]:
        return iter(_WHERE)

    def __len__(self) -> int:
        return len(_WHERE)


#: Every launcher by the name of its isolation, strongest first (the order ``"auto"`` tries them in).
LAUNCHERS: Mapping[str, type[SandboxLauncher]] = _Launchers()
KINDS = tuple(_WHERE)
#: Why each isolation that failed to start did (it is not tried again in this process).
_BROKEN: dict[str, str] = {}
#: The isolations that started in this process (:func:`working_kind` does not start them again).
_WORKED: set[str] = set()


def _try(kind: str, hide: Sequence[str | os.PathLike[str]], tmp_mb: int,
         allow_unsafe: bool | None = None) -> SandboxLauncher:
    kind_class = LAUNCHERS.get(kind)
    if kind_class is None:
        raise ValueError(f"unknown isolation {kind!r}: choose from {', '.join(KINDS)}")
    why = kind_class.refusal_here(allow_unsafe)
    if why is not None:
        raise SandboxError(why)
    key = kind_class.variant(allow_unsafe)
    if key in _BROKEN:
        raise SandboxError(_BROKEN[key])
    launcher = kind_class.make(hide, tmp_mb, allow_unsafe)
    try:
        if kind_class.program is not None and shutil.which(kind_class.program) is None:
            raise SandboxError(f"{kind} is not installed")
        launcher.server.start()
    except (SandboxError, OSError) as exc:
        launcher.close()
        _BROKEN[key] = f"isolation {kind!r} is not available on this machine: {exc}"
        raise SandboxError(_BROKEN[key]) from None
    _WORKED.add(key)
    return launcher


def working_kind(kind: str = "auto", *, allow_unsafe: bool | None = None) -> str:
    """The isolation :func:`choose_launcher` would pick, started once per process to find out.

    A batch names the isolation its workers start; when one has already
    started in this process (an earlier batch of a course), it is not
    started again just to be named.

    Raises
    ------
    SandboxError
        As :func:`choose_launcher`.
    """
    for candidate in KINDS if kind == "auto" else (kind,):
        kind_class = LAUNCHERS.get(candidate)
        unsafe = False if kind == "auto" else allow_unsafe
        if (kind_class is not None and kind_class.variant(unsafe) in _WORKED
                and kind_class.refusal_here(unsafe) is None):
            return candidate
        if kind == "auto" and kind_class is not None and kind_class.variant(unsafe) not in _BROKEN:
            break  # the strongest not yet known broken: start it to find out
    launcher = choose_launcher(kind, (), 16, allow_unsafe=allow_unsafe)
    launcher.close()
    return launcher.name


def broken(variant: str) -> bool:
    """Whether the isolation ``variant`` failed to start before in this process."""
    return variant in _BROKEN


def available(kind: str, allow_unsafe: bool | None = None) -> bool:
    """Whether ``kind`` works (and, for ``process``, is safe or allowed) here; a sandbox is started to find out."""
    try:
        _try(kind, (), 16, allow_unsafe).close()
    except SandboxError:
        return False
    return True


def choose_launcher(kind: str = "auto", hide: Sequence[str | os.PathLike[str]] = (),
                    tmp_mb: int = 256, *, allow_unsafe: bool | None = None) -> SandboxLauncher:
    """A started launcher for ``kind``; ``"auto"`` takes the strongest that works here.

    ``"auto"`` tries ``bwrap``, then ``unshare``, then ``process`` only where
    it is safe (:func:`~grader.execution.sandbox.process.process_refusal`), whatever ``allow_unsafe`` says.
    ``allow_unsafe`` (default: the ``GRADER_ALLOW_UNSAFE_PROCESS`` environment
    variable) lets an explicit ``"process"`` run submissions as the grader's user.

    Raises
    ------
    SandboxError
        If ``kind`` names an isolation this machine cannot provide or that
        would not be safe; for ``"auto"``, with the reason of each.
    """
    if kind != "auto":
        return _try(kind, hide, tmp_mb, allow_unsafe)
    reasons = []
    for candidate in KINDS:
        try:
            return _try(candidate, hide, tmp_mb, False)
        except SandboxError as exc:
            reasons.append(f"{candidate}: {exc}")
    raise SandboxError("no safe isolation is available on this machine (" + "; ".join(reasons) + ")")


__all__ = ["KINDS", "LAUNCHERS", "available", "choose_launcher", "working_kind"]
