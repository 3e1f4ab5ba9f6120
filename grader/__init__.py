"""nn-grader: an auto-grader for neural networks from scratch in numpy.

The public surface is small: grade a submission against a suite, the
result records, and ``check`` for use inside a notebook
(``grader.check("linear_forward")``). Everything else lives in submodules (see the README's
architecture section).
"""

from grader.course.locate import find_assignment, load_suite
from grader.execution.interface import Limits
from grader.grading.results import CheckResult, Report
from grader.grading.runner import grade_submission
from grader.notebook import check

__all__ = ["CheckResult", "Limits", "Report", "check", "find_assignment", "grade_submission", "load_suite"]
