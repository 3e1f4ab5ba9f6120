"""The output formats of one report, found by name: ``grader check --format NAME``.

Adding a format means writing its renderer (a module of this package) and
adding one entry to :data:`RENDERERS`. Each entry imports its module only
when it is used, so the command line starts without them all.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Protocol

from grader.grading.results import Report


class Renderer(Protocol):
    """Turns a report into the text of one format (``title``/``submission`` label the report where it can)."""

    def __call__(self, report: Report, *, title: str, submission: str) -> str: ...


def _text(report: Report, *, title: str, submission: str) -> str:
    from grader.render.text import render_text

    return render_text(report, title=title, submission=submission)


def _json(report: Report, *, title: str, submission: str) -> str:
    from grader.render.jsonfmt import render_json

    return render_json(report)


def _gradescope(report: Report, *, title: str, submission: str) -> str:
    from grader.render.gradescope import to_gradescope

    return json.dumps(to_gradescope(report), indent=2) + "\n"


def _junit(report: Report, *, title: str, submission: str) -> str:
    from grader.render.junit import to_junit

    return to_junit(report)


def _html(report: Report, *, title: str, submission: str) -> str:
    from grader.render.html import render_feedback

    return render_feedback(report, submission=submission or None)


#: Every format by name, the default (``text``) first.
RENDERERS: dict[str, Renderer] = {"text": _text, "json": _json, "gradescope": _gradescope, "junit": _junit,
                                  "html": _html}
FORMATS = tuple(RENDERERS)


def render_report(report: Report, fmt: str, *, title: str = "", submission: str = "") -> str:
    """``report`` in the format named ``fmt`` (one of :data:`FORMATS`).

    Raises
    ------
    ValueError
        If no format has that name.
    """
    renderer: Callable[..., str] | None = RENDERERS.get(fmt)
    if renderer is None:
        raise ValueError(f"unknown format {fmt!r}: choose from {', '.join(FORMATS)}")
    return renderer(report, title=title, submission=submission)


__all__ = ["FORMATS", "RENDERERS", "Renderer", "render_report"]
