"""Grade a whole class: discover, grade in sandboxed workers, write as you go, resume.

:func:`run_batch` grades every submission of a folder (see
:func:`grader.jobs.discover`) and writes into the output folder:

``results/<student>.json``
    one per student, as soon as it is known, atomically (written to a
    temporary file, then renamed): the JSON of ``grader check`` plus the
    student id, timing, isolation, error and a fingerprint of what it
    was graded from;
``gradebook.csv``
    student, points per function, total (:mod:`grader.render.gradebook`);
``summary.json`` and ``summary.html``
    score distribution and failure rate of each check.

A batch that is killed and run again keeps every result whose fingerprint
still matches (same submission bytes, assignment and limits) and grades
only the rest, so it ends with the same gradebook.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from grader.batch_result import BatchResult
from grader.execution import Limits
from grader.executors import make_executor
from grader.jobs import GradingSpec, Job, discover, error_result, fingerprint, result_name
from grader.locate import load_suite

RESULTS = "results"


@dataclass
class BatchSummary:
    """What a batch run did: every result, how many were graded now, and the files written."""

    results: list[BatchResult]
    graded_now: int
    resumed: int
    isolation: str
    seconds: float
    files: dict[str, str] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new one, never a part."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def load_result(path: Path, job: Job) -> dict[str, Any] | None:
    """The stored result for ``job`` if it is complete, current and final (else None)."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (not isinstance(doc, dict) or doc.get("student") != job.student or doc.get("retry")
            or doc.get("fingerprint") != job.fingerprint):
        return None
    try:
        BatchResult.from_json(doc)
    except (KeyError, TypeError, ValueError):
        return None
    return doc


def class_summary(results: list[BatchResult], assignment: str, isolation: str) -> dict[str, Any]:
    """The numbers of ``summary.json``: scores, histogram, failure rate of each check."""
    from grader.render.class_stats import check_failure_rates, score_histogram

    graded = [r for r in results if r.report is not None]
    scores = [r.score for r in graded]
    return {
        "assignment": assignment,
        "isolation": isolation,
        "submissions": len(results),
        "with_report": len(graded),
        "with_error": sum(1 for r in results if r.error),
        "max_score": max((r.max_score for r in graded), default=0.0),
        "mean": round(statistics.fmean(scores), 6) if scores else None,
        "median": statistics.median(scores) if scores else None,
        "histogram": score_histogram(results),
        "checks": [
            {"function": c.function, "name": c.name, "kind": c.kind, "hidden": c.hidden, "failed": c.n_failed,
             "errors": c.n_error, "graded": c.n_graded, "failure_rate": round(c.rate, 6)}
            for c in check_failure_rates(results)
        ],
    }


def write_outputs(out: Path, results: list[BatchResult], assignment: str, isolation: str) -> dict[str, str]:
    """Write the gradebook, summary.json and summary.html (each atomically)."""
    import csv
    import io

    from grader.render.gradebook import gradebook_rows

    header, rows = gradebook_rows(results)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    files = {"gradebook": out / "gradebook.csv", "summary": out / "summary.json"}
    write_atomic(files["gradebook"], buffer.getvalue())
    summary = class_summary(results, assignment, isolation)
    write_atomic(files["summary"], json.dumps(summary, indent=2) + "\n")
    try:
        from grader.render.html import render_class_summary
    except ImportError:  # pragma: no cover - the renderer is optional
        pass
    else:
        files["html"] = out / "summary.html"
        write_atomic(files["html"], render_class_summary(results, assignment))
    return {k: str(v) for k, v in files.items()}


class Progress:
    """Receives progress: ``start(total, done)``, ``advance(result)`` per result, ``stop()``."""

    def start(self, total: int, done: int) -> None: ...

    def advance(self, result: BatchResult) -> None: ...

    def stop(self) -> None: ...


def run_batch(folder: Path, submissions: Path, out: Path, *, workers: int = 1, limits: Limits | None = None,
              isolation: str = "auto", executor: str | None = None, public_only: bool = False,
              force: bool = False, progress: Progress | None = None,
              on_result: Callable[[BatchResult], None] | None = None) -> BatchSummary:
    """Grade every submission in ``submissions`` into ``out`` (see the module docstring).

    Parameters
    ----------
    folder : Path
        The assignment's folder.
    submissions, out : Path
        The folder of submissions, and the folder to write into (created).
    workers : int
        Local worker processes (ignored with a Dask ``executor``).
    limits : Limits
        Per-call time, memory and other limits of each submission.
    isolation : {"auto", "bwrap", "unshare", "process"}
        The sandbox; ``auto`` takes the strongest this machine offers.
    executor : str, optional
        ``dask://HOST:PORT`` to grade on a Dask cluster; local by default.
    force : bool
        Grade everything again, ignoring stored results.
    """
    from grader.sandbox import choose_launcher

    started = time.monotonic()
    suite = load_suite(folder, public_only=public_only)
    limits = limits or Limits()
    if limits.submission_seconds is None:
        limits = replace(limits, submission_seconds=max(60.0, 10 * limits.call_seconds))
    hide = tuple(str(p.resolve()) for p in (submissions, out, folder))
    probe = choose_launcher(isolation, hide)
    kind = probe.name
    probe.close()
    spec = GradingSpec(suite.assignment, str(folder.resolve()), public_only, kind, limits, hide)
    (out / RESULTS).mkdir(parents=True, exist_ok=True)
    jobs = [replace(job, fingerprint=fingerprint(job, spec, suite.max_score))
            for job in discover(submissions, suite.student_file)]
    docs: dict[str, dict[str, Any]] = {}
    todo = []
    for job in jobs:
        stored = None if force else load_result(out / RESULTS / result_name(job.student), job)
        if stored is None:
            todo.append(job)
        else:
            docs[job.student] = stored

    def record(doc: dict[str, Any]) -> None:
        write_atomic(out / RESULTS / result_name(doc["student"]), json.dumps(doc, indent=1) + "\n")
        docs[doc["student"]] = doc
        if progress is not None or on_result is not None:
            result = BatchResult.from_json(doc)
            if progress is not None:
                progress.advance(result)
            if on_result is not None:
                on_result(result)

    runner = make_executor(spec, executor, workers)
    runner.start()
    if progress is not None:
        progress.start(len(jobs), len(jobs) - len(todo))
    try:
        from grader.runner import error_report

        for job in [j for j in todo if j.problem]:  # nothing to run: record at once
            record(error_result(job, spec, job.problem or "", report=error_report(suite, job.problem or "")))
        runner.run([j for j in todo if not j.problem], record)
    finally:
        if progress is not None:
            progress.stop()
    results = [BatchResult.from_json(docs[job.student]) for job in jobs if job.student in docs]
    files = write_outputs(out, results, suite.assignment, kind)
    return BatchSummary(results, len(todo), len(jobs) - len(todo), kind, time.monotonic() - started, files,
                        class_summary(results, suite.assignment, kind))


__all__ = ["run_batch", "BatchSummary", "Progress", "write_atomic", "load_result", "class_summary"]
