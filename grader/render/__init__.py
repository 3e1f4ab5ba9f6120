"""Renderers: turn a :class:`~grader.grading.results.Report` (or a batch of them) into text.

Rendering never decides a score; every function here only formats what the
scoring code produced.
"""

from __future__ import annotations

from grader.render.gradebook import gradebook_rows, write_gradebook_csv
from grader.render.gradescope import to_gradescope
from grader.render.html import render_class_summary, render_feedback
from grader.render.junit import to_junit

__all__ = [
    "gradebook_rows",
    "render_class_summary",
    "render_feedback",
    "to_gradescope",
    "to_junit",
    "write_gradebook_csv",
]
