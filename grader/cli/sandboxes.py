"""Choosing ``grader check``'s sandbox early: no command-line library here (:mod:`grader.cli.prestart` runs first)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from grader.execution.sandbox import SandboxLauncher

#: The ``--isolation`` choices of every command that grades.
ISOLATIONS = ("auto", "bwrap", "unshare", "process")


def early_sandbox(isolation: str, near: Path) -> SandboxLauncher | None:
    """Start the sandbox's process now, hiding ``near``; :func:`grader.cli.common.sandbox_launcher` waits for it.

    ``grader check`` calls this before it imports numpy and compiles the
    suite, so that the sandbox (Python and numpy inside it) boots meanwhile.
    None when no isolation can be started early; a sandbox that then does
    not come up, or does not hide what the grading needs hidden, is
    replaced by :func:`grader.cli.common.sandbox_launcher` as if this had never been called.
    """
    import shutil

    from grader.execution.sandbox.registry import KINDS, LAUNCHERS, broken

    allow_unsafe = None if isolation != "auto" else False
    for kind in KINDS if isolation == "auto" else (isolation,):
        cls = LAUNCHERS.get(kind)
        if cls is None or cls.refusal_here(allow_unsafe) is not None or broken(cls.variant(allow_unsafe)):
            continue
        if cls.program is not None and shutil.which(cls.program) is None:
            continue
        launcher = cls.make([str(near.resolve())], 256, allow_unsafe)
        try:
            launcher.server.begin()
        except OSError:
            launcher.close()
            continue
        return launcher
    return None


def hidden_by(launcher: SandboxLauncher, paths: list[Path]) -> bool:
    """Whether ``launcher``'s sandbox hides every one of ``paths``."""
    hidden = [h.rstrip("/") + "/" for h in launcher.hide]
    return all(any((os.path.realpath(p) + "/").startswith(h) for h in hidden) for p in paths)


__all__ = ["ISOLATIONS", "early_sandbox", "hidden_by"]
