"""Grade one submission: one child imports it, and its functions are graded in turn.

:func:`grade_submission` turns a :class:`~grader.course.model.Suite` and a file into
a :class:`~grader.grading.results.Report`. For each graded function the child is
put back as the submission was after its import (or replaced, see
:meth:`~grader.execution.session.ChildSession.next_function`), the function's
checks are sent as one plan (:mod:`grader.grading.planning`) and each verdict
is made in this process (:mod:`grader.grading.judging`). While a function is
graded, the graded functions it calls that have not passed all their checks
are replaced by oracle proxies (see :mod:`grader.grading.oracle`), so a callee's
bug costs the callee's points only; when an oracle could not answer and the
student's own callee ran, a failing caller's message names that callee. A
function whose answers an earlier one was sent (:mod:`grader.grading.exposure`)
is graded in a child that never served that one (not in a public suite: the
student holds every answer it checks).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from grader.checks.base import CompiledCheck
from grader.course.model import Suite
from grader.execution.channel import OracleCache
from grader.execution.interface import Launcher, Limits, Oracle, provide
from grader.execution.session import ChildSession
from grader.grading import judging
from grader.grading.exposure import exposing
from grader.grading.judging import Grading, reference_oracle
from grader.grading.messages import failed_cells, import_problem, signature_problem
from grader.grading.oracle import RecordedOracle, ReferenceOracle
from grader.grading.planning import plan
from grader.grading.preload import Table
from grader.grading.results import CheckResult, Report, summarize
from grader.grading.scoring import gate_structural
from grader.grading.submission import Source, SubmissionError, read_source

#: The judge of one submission (kept under its old name for code that reaches into the runner).
_Grading = Grading
_ORACLES = judging._ORACLES


def grade_source(suite: Suite, source: Source, launcher: Launcher | None = None,
                 limits: Limits | None = None, checks: Sequence[CompiledCheck] | None = None,
                 preload: Table | None = None) -> Report:
    """Grade already-read source text in a child process.

    With ``preload`` (a batch worker's, see :mod:`grader.grading.preload`) and
    a launcher that can, the sandbox holds the suite's cases decoded and the
    plans name them.
    """
    if launcher is None:
        from grader.execution.sandbox import own_user_launcher

        launcher = own_user_launcher()
    launcher = provide(launcher, suite.provided)  # the assignment's helper modules, in every child
    want_preload = getattr(launcher, "want_preload", None)  # zygote launchers only
    if preload is not None and callable(want_preload):
        want_preload(preload.key, preload.frame)
    else:
        preload = None
    started = time.monotonic()
    oracle: Oracle
    recorded: RecordedOracle | None = None
    cache: OracleCache | None = None
    if suite.reference is not None:
        oracle, cache = reference_oracle(suite)
    else:
        recorded = RecordedOracle({f.name: f.params for f in suite.functions})
        oracle = recorded
    with tempfile.TemporaryDirectory(prefix="grader-src-") as tmp:
        path = Path(tmp) / "submission.py"
        path.write_text(source.text, encoding="utf-8")
        session = ChildSession(path, launcher, limits, oracle, oracle_cache=cache)
        try:
            if isinstance(oracle, ReferenceOracle):  # what one submission may add to the caches
                oracle.begin_submission()
            if cache is not None:
                cache.begin_submission()
            ready = session.open()
            grading = Grading(suite, session, source, recorded, preload)
            results: list[CheckResult] = []
            load_problem = None if ready.get("status") == "ok" else import_problem(ready, source)
            infos = {f.name: f for f in suite.functions}
            student_functions = ready.get("functions") or {}
            cell_note = failed_cells(session) if source.notebook and load_problem is None else ""
            groups: list[list[CompiledCheck]] = []
            for check in checks if checks is not None else suite.checks:
                if groups and groups[-1][0].function == check.function:
                    groups[-1].append(check)
                else:
                    groups.append([check])
            # In a public suite every expected value is the student's to read already: nothing to expose.
            exposed = exposing(suite) if suite.mode != "public" else {}
            served = dict[str, int]()  # function -> the child last sent its arguments
            for group in groups:
                function = group[0].function
                info = infos.get(function)
                blocked = load_problem or (None if info is None else signature_problem(
                    info, student_functions.get(function)))
                if not blocked and any(served.get(f) == session.started for f in exposed.get(function, ())):
                    session.renew()  # that child may keep what it was sent, answers to this function among it
                else:
                    session.next_function()  # the module as imported, or a fresh child: nothing carries over
                if blocked and cell_note and function not in student_functions:
                    blocked += cell_note
                why = ("import_error" if load_problem else
                       "missing" if function not in student_functions else "signature")
                planned = {} if blocked else plan(grading, group)
                first = len(results)
                for check in group:
                    results.append(grading.run_check(check, blocked, why if blocked else "",
                                                     planned.get(check.name)))
                if grading.again:  # failures with the student's callees, judged again now the plan is read
                    for i, check in enumerate(group):
                        if check.name in grading.again:
                            results[first + i] = grading.judge_again(check)
                    grading.failed_functions.discard(function)
                    if any(r.status != "passed" for r in results[first:]):
                        grading.failed_functions.add(function)
                grading.finished.add(function)
                if not blocked:
                    served[function] = session.started
        finally:
            session.close()
    meta: dict[str, object] = {"isolation": getattr(launcher, "name", "process"),
                               "seconds": round(time.monotonic() - started, 3), "mode": suite.mode}
    if suite.hidden_points:
        meta["hidden_points"] = suite.hidden_points
    if load_problem:
        meta["load_error"] = load_problem
    missing = [f.name for f in suite.functions if load_problem is None and f.name not in student_functions]
    if missing:
        meta["missing"] = missing
    return summarize(suite.assignment, gate_structural(results), meta)


def grade_submission(suite: Suite, submission: Path, launcher: Launcher | None = None,
                     limits: Limits | None = None) -> Report:
    """Grade a ``.py`` or ``.ipynb`` file; an unreadable file gets every check as an error."""
    try:
        source = read_source(submission)
    except SubmissionError as exc:
        return error_report(suite, str(exc))
    return grade_source(suite, source, launcher, limits)


def error_report(suite: Suite, message: str, diagnosis: str = "unreadable") -> Report:
    """A report in which every check is an error with the same message (and diagnosis)."""
    results = [CheckResult(c.name, c.function, c.kind, "error", 0.0, c.points, message, c.visibility, diagnosis)
               for c in suite.checks]
    meta: dict[str, object] = {"mode": suite.mode, "error": message}
    if suite.hidden_points:
        meta["hidden_points"] = suite.hidden_points
    return summarize(suite.assignment, results, meta)


__all__ = ["grade_submission", "grade_source", "error_report"]
