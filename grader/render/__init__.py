"""Renderers: turn a :class:`~grader.grading.results.Report` (or a batch of them) into text.

Rendering never decides a score; every function here only formats what the
scoring code produced. The formats of one report are listed, by name, in
:mod:`grader.render.formats`. The names below are imported on first use, so
that importing one renderer does not import them all.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "gradebook_rows": "gradebook",
    "write_gradebook_csv": "gradebook",
    "render_class_summary": "html",
    "render_feedback": "html",
    "to_gradescope": "gradescope",
    "to_junit": "junit",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)


__all__ = [
    "gradebook_rows",
    "render_class_summary",
    "render_feedback",
    "to_gradescope",
    "to_junit",
    "write_gradebook_csv",
]
