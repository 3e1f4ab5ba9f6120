"""Similar code across a graded class, for the class summary (see :mod:`grader.similarity`).

Computed after grading from the files of the submissions folder, read with
the same limits as grading; the given code (the stub, provided modules, the
release notebook) never counts. A lead for the instructor, never a verdict:
it changes no score, and a failure here never stops a batch.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from grader.batch.discovery import discover
from grader.similarity import assignment_boilerplate, compare, read_submissions, render_text, to_json

log = logging.getLogger(__name__)


def class_similarity(folder: Path, submissions: Path, student_file: str) -> tuple[dict[str, Any], str] | None:
    """``(to_json, render_text)`` of the unusually similar pairs of a class; None for fewer than two files."""
    try:
        jobs = [j for j in discover(submissions, student_file) if j.path is not None and j.problem is None]
        sources, _ = read_submissions({j.student: Path(j.path) for j in jobs if j.path is not None})
        if len(sources) < 2:
            return None
        result = compare(sources, assignment_boilerplate(folder))
    except Exception:  # noqa: BLE001 - a lead is never worth a batch
        log.exception("similarity across the class could not be computed")
        return None
    return to_json(result), render_text(result)
