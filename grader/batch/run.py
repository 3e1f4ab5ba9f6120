"""Grade a whole class: discover, grade in sandboxed workers, write as you go, resume.

:func:`run_batch` grades every submission of a folder (see
:func:`grader.batch.discovery.discover`) and writes into the output folder:

``results/<student>.json``
    one per student, as soon as it is known, atomically (written to a
    temporary file, then renamed): the JSON of ``grader check`` plus the
    student id, timing, isolation, error and a fingerprint of what it
    was graded from;
``gradebook.csv``
    student, points per function, total (:mod:`grader.render.gradebook`);
``summary.json`` and ``summary.html``
    score distribution, the common mistakes (failures grouped by function and
    diagnosis), failure rate of each check, points per function of each student;
``feedback/<student>.html``
    each student's feedback page (:func:`write_feedback`).

Each submission is read once (:func:`grader.batch.safe_read.read_job`: regular files
only, no link followed, nothing that blocks) and the bytes read are both
fingerprinted and graded, so a file changed during the run is recorded
with what was graded. A batch that is killed and run again keeps every
result whose fingerprint still matches (same submission bytes, assignment,
files of its suite and reference, and limits) and grades only the rest, so it ends with the same gradebook.
Every submission gets exactly one row, whatever happens to it: a document
a worker could not produce becomes a row naming the grader's error.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from grader.batch.discovery import discover
from grader.batch.executors import DaskExecutor, LocalExecutor, make_executor
from grader.batch.jobs import GradingSpec, Job, error_result, fingerprint, grader_error, result_name
from grader.batch.recorder import RESULTS, Progress, Recorder, load_result, write_atomic
from grader.batch.result import BatchResult
from grader.batch.safe_read import read_job
from grader.batch.similar import class_similarity
from grader.course.locate import load_suite, suite_digest
from grader.course.model import Suite
from grader.execution.interface import Limits


@dataclass
class BatchSummary:
    """What a batch run did: every result, how many were graded now, and the files written.

    ``failure`` says why the executor stopped early, if it did (every
    submission it left without a result has a row naming the grader's
    error, graded again on the next run).
    """

    results: list[BatchResult]
    graded_now: int
    resumed: int
    isolation: str
    seconds: float
    files: dict[str, str] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)
    failure: str | None = None
    phases: dict[str, float] = field(default_factory=dict)
    """Seconds spent in each phase: ``start`` (suite, sandbox, workers), ``grading``, ``similarity``, ``outputs``."""


def class_summary(results: list[BatchResult], assignment: str, isolation: str) -> dict[str, Any]:
    """The numbers of ``summary.json``: scores, histogram, failure rate of each check over the submissions
    that defined its function, how many defined each function (the others counted apart), the class's
    common mistakes per function and diagnosis, and every student's points per function."""
    from grader.render.class_stats import (
        check_failure_rates,
        common_mistakes,
        function_attempts,
        score_histogram,
        student_table,
    )

    graded = [r for r in results if r.report is not None]
    scores = [r.score for r in graded]
    functions, rows = student_table(results)
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
        "functions": [
            {"function": a.function, "defined": a.defined, "unfinished": a.unfinished, "missing": a.missing,
             "unimportable": a.unimportable}
            for a in function_attempts(results)
        ],
        "mistakes": [
            {"function": m.function, "diagnosis": m.diagnosis, "description": m.description,
             "students": m.n_students, "defined": m.n_defined, "share": round(m.share, 6),
             "who": list(m.students), "example": m.example, "example_student": m.example_student,
             "example_check": m.example_check}
            for m in common_mistakes(results)
        ],
        "scores": [
            {"student": row.student, "score": row.score, "max_score": row.max_score, "error": row.error,
             "functions": {fn: pts[0] for fn, pts in zip(functions, row.functions, strict=True) if pts is not None}}
            for row in rows
        ],
    }


FEEDBACK = "feedback"


def feedback_name(student: str) -> str:
    """The feedback page's file name: the result file's, ending in ``.html``."""
    return result_name(student).removesuffix(".json") + ".html"


def write_feedback(out: Path, results: list[BatchResult], hidden_messages: bool = False) -> Path:
    """Write ``out/feedback/<student>.html`` for every result (atomically); return the folder.

    Each page is the page of ``grader check --format html`` with the student, the file,
    the assignment and the grading time in its header. Hidden checks show their status and
    points; their messages only when ``hidden_messages`` is true.
    """
    from grader.grading.results import Report
    from grader.render.html import render_feedback

    folder = out / FEEDBACK
    folder.mkdir(parents=True, exist_ok=True)
    for r in results:
        report = r.report if r.report is not None else Report(r.assignment, ())
        page = render_feedback(report, r.student, include_hidden=True, hidden_messages=hidden_messages,
                               submission=r.submission or None, graded_at=r.graded_at or None, error=r.error)
        write_atomic(folder / feedback_name(r.student), page)
    return folder


def write_outputs(out: Path, results: list[BatchResult], assignment: str, isolation: str,
                  feedback_hidden: bool = False,
                  similarity: tuple[dict[str, Any], str] | None = None) -> dict[str, str]:
    """Write the gradebook, summary.json, summary.html, the feedback pages and the similar pairs (atomically)."""
    from grader.render.gradebook import gradebook_csv

    files = {"gradebook": out / "gradebook.csv", "summary": out / "summary.json"}
    write_atomic(files["gradebook"], gradebook_csv(results))
    summary = class_summary(results, assignment, isolation)
    if similarity is not None:
        summary["similarity"] = similarity[0]
        files["similarity"] = out / "similarity.txt"
        write_atomic(files["similarity"], similarity[1])
    write_atomic(files["summary"], json.dumps(summary, indent=2) + "\n")
    try:
        from grader.render.html import render_class_summary
    except ImportError:  # pragma: no cover - the renderer is optional
        pass
    else:
        files["html"] = out / "summary.html"
        write_atomic(files["html"], render_class_summary(
            results, assignment, similarity=similarity[0] if similarity is not None else None))
        files["feedback"] = write_feedback(out, results, feedback_hidden)
    return {k: str(v) for k, v in files.items()}


def prepare_jobs(submissions: Path, student_file: str, spec: GradingSpec, max_score: float) -> Iterator[Job]:
    """Every student's job in order, its file read once and the bytes read fingerprinted (see :mod:`grader.batch.jobs`).

    Raises
    ------
    ValueError
        If ``submissions`` cannot be listed (raised before the first job).
    """
    for job in discover(submissions, student_file):
        job = read_job(job, submissions)
        yield replace(job, fingerprint=fingerprint(job, spec, max_score))


def _grade_all(runner: LocalExecutor | DaskExecutor, todo: list[Job], record: Recorder, suite: Suite) -> str | None:
    """Record a row for every job of ``todo``: run the executor, then fill in what it left; its failure, if any."""
    from grader.grading.runner import error_report

    spec = record.spec
    for job in [j for j in todo if j.problem]:  # nothing to run: record at once
        record(job, error_result(job, spec, job.problem or "", report=error_report(suite, job.problem or "")))
    failure: Exception | None = None
    try:
        runner.run([j for j in todo if not j.problem], record)
    except Exception as exc:  # noqa: BLE001 - the executor broke: its jobs still get rows
        failure = exc
    for job in todo:
        if job.student not in record.docs:
            record(job, grader_error(job, spec, failure or RuntimeError("the executor returned no result"),
                                     when="before this submission was graded"))
    return None if failure is None else f"{type(failure).__name__}: {failure}"


def run_batch(folder: Path, submissions: Path, out: Path, *, workers: int = 1, limits: Limits | None = None,
              isolation: str = "auto", executor: str | None = None, public_only: bool = False,
              force: bool = False, progress: Progress | None = None,
              on_result: Callable[[BatchResult], None] | None = None, feedback_hidden: bool = False) -> BatchSummary:
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
    progress : Progress, optional
        Told how many submissions there are, and of each result.
    on_result : callable, optional
        Called with each result graded now, once it is written.
    feedback_hidden : bool
        Show the messages of hidden checks on the students' feedback pages (by default
        they show those checks' status and points only).

    Returns
    -------
    BatchSummary
        One result per entry of ``submissions`` (see :func:`grader.batch.discovery.discover`).

    Raises
    ------
    ValueError
        If ``submissions`` cannot be listed or ``executor`` is unknown.
    """
    from grader.execution.sandbox.registry import working_kind

    started = time.monotonic()
    suite = load_suite(folder, public_only=public_only)
    limits = limits or Limits()
    if limits.submission_seconds is None:
        limits = replace(limits, submission_seconds=max(60.0, 10 * limits.call_seconds))
    hide = tuple(str(p.resolve()) for p in (submissions, out, folder))
    kind = working_kind(isolation)
    spec = GradingSpec(suite.assignment, str(folder.resolve()), public_only, kind, limits, hide,
                       suite=suite_digest(folder, public_only, skip=(submissions, out)))
    runner = make_executor(spec, executor, workers)
    (out / RESULTS).mkdir(parents=True, exist_ok=True)
    record = Recorder(out, spec, progress, on_result)
    students, todo = [], []
    for job in prepare_jobs(submissions, suite.student_file, spec, suite.max_score):
        students.append(job.student)
        stored = None if force else load_result(out / RESULTS / result_name(job.student), job)
        if stored is None:
            todo.append(job)  # only the jobs to grade keep their bytes
        else:
            record.keep(job, stored)
    runner.start()
    if progress is not None:
        progress.start(len(students), len(students) - len(todo))
    phases = {"start": time.monotonic() - started}
    try:
        failure = _grade_all(runner, todo, record, suite)
    finally:
        if progress is not None:
            progress.stop()
    phases["grading"] = time.monotonic() - started - sum(phases.values())
    results = [BatchResult.from_json(record.docs[student]) for student in students]
    similarity = class_similarity(folder, submissions, suite.student_file)
    phases["similarity"] = time.monotonic() - started - sum(phases.values())
    files = write_outputs(out, results, suite.assignment, kind, feedback_hidden, similarity)
    phases["outputs"] = time.monotonic() - started - sum(phases.values())
    return BatchSummary(results, len(todo), len(students) - len(todo), kind, time.monotonic() - started, files,
                        class_summary(results, suite.assignment, kind), failure, phases)


__all__ = ["run_batch", "BatchSummary", "Progress", "class_summary", "feedback_name", "prepare_jobs", "write_feedback",
           "write_outputs"]
