"""The files the child runs (standard library and numpy only), copied to a private folder for it.

Kept apart from :mod:`grader.execution.interface` so that starting a sandbox
(which copies them) imports nothing else: ``grader check`` starts its
sandbox before anything heavy is imported (:mod:`grader.cli.prestart`).
"""

from __future__ import annotations

from pathlib import Path

CHILD_DIR = Path(__file__).parent / "child"
HARNESS = CHILD_DIR / "harness.py"
PROTOCOL = CHILD_DIR / "protocol.py"
#: The modules the harness imports, beside it.
CHILD_MODULES = ("wirejson", "wirearrays", "childio", "loading", "sealed", "methods", "callstate", "snapshot",
                 "preloaded", "cpuclock", "substitution")
CHILD_FILES = (HARNESS, PROTOCOL, *(CHILD_DIR / f"{name}.py" for name in CHILD_MODULES))

__all__ = ["CHILD_DIR", "CHILD_FILES", "CHILD_MODULES", "HARNESS", "PROTOCOL"]
