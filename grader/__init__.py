"""nn-grader: an auto-grader for neural networks from scratch in numpy.

The public surface is small: grade a submission against a suite, the
result records, and ``check`` for use inside a notebook
(``grader.check("linear_forward")``). Everything else lives in submodules (see the README's
architecture section).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from grader.course.locate import find_assignment, load_suite
    from grader.execution.interface import Limits
    from grader.grading.results import CheckResult, Report
    from grader.grading.runner import grade_submission
    from grader.notebook import check

#: Where each name of the public surface lives; imported on first use, so that
#: ``import grader.x`` costs only ``x`` (the command line starts its sandbox
#: before numpy is imported, see :mod:`grader.cli.grading`).
_SURFACE = {
    "CheckResult": "grader.grading.results", "Report": "grader.grading.results",
    "Limits": "grader.execution.interface", "check": "grader.notebook",
    "find_assignment": "grader.course.locate", "load_suite": "grader.course.locate",
    "grade_submission": "grader.grading.runner",
}

__all__ = ["CheckResult", "Limits", "Report", "check", "find_assignment", "grade_submission", "load_suite"]


def __getattr__(name: str) -> Any:
    if name in _SURFACE:
        return getattr(importlib.import_module(_SURFACE[name]), name)
    raise AttributeError(f"module 'grader' has no attribute {name!r}")
