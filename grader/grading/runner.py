"""Grade one submission: run every compiled case in a child and judge it here.

:func:`grade_submission` turns a :class:`~grader.course.model.Suite` and a file into
a :class:`~grader.grading.results.Report`. The child only computes; each verdict is
made in this process by the case's matcher. While a function is graded,
the other graded functions of the submission are replaced by oracle
proxies (see :mod:`grader.grading.oracle`), so a callee's bug costs the callee's
points only; when an oracle could not answer and the student's own callee
ran, a failing caller's message names that callee.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from grader.checks.base import Case, CompiledCheck
from grader.checks.match import Verdict
from grader.course.model import TOGETHER, Suite
from grader.execution.interface import CallOutcome, Launcher, Limits, Oracle, provide
from grader.execution.session import ChildSession, OracleCache, Planned
from grader.grading.messages import error_text, failed_cells, import_problem, not_implemented_where, signature_problem
from grader.grading.oracle import RecordedOracle, ReferenceOracle
from grader.grading.planning import budgets, plan, request_parts, runs_of
from grader.grading.results import CheckResult, Report, Status, summarize
from grader.grading.scoring import gate_structural
from grader.grading.sealing import sealed_table
from grader.grading.submission import Source, SubmissionError, read_source

Failure = tuple[str, str, str]
"""Why a case did not pass: ``(status, message, diagnosis)``."""


class _Grading:
    """State of one submission's grading (failed functions, for blame notes)."""

    def __init__(self, suite: Suite, session: ChildSession, source: Source | None,
                 recorded: RecordedOracle | None) -> None:
        self.suite = suite
        self.session = session
        self.source = source
        self.recorded = recorded
        self.failed_functions: set[str] = set()
        self.timed_out: set[str] = set()
        self.finished: set[str] = set()
        """Functions whose every check has run (those not in ``failed_functions`` passed them all)."""
        self.again: dict[str, Case] = {}
        """Checks (by name) to judge again with the oracle's callees, from this case on (see :meth:`first_failure`)."""
        self.names = [f.name for f in suite.functions]
        self.callees = {f.name: f.calls for f in suite.functions}
        self.drawing = {f.name for f in suite.functions if f.draws}

    def judge(self, case: Case, outcome: CallOutcome) -> Failure | None:
        """None when the case passes, else ``(status, message, diagnosis)``."""
        if outcome.status == "timeout":
            self.timed_out.add(case.function)
        if outcome.status == "not_implemented":
            callee = not_implemented_where(outcome, case.function, set(self.names))
            if callee is None:
                return "not_implemented", error_text(outcome, self.source), "not_implemented"
            if case.function == TOGETHER:
                return "error", f"not run to the end: your {callee} is not implemented yet.", "callee_not_implemented"
            return "error", (f"your {case.function} calls your own {callee}, which is not implemented yet "
                             f"(the checks of {case.function} use the correct version only of the functions "
                             f"the reference's {case.function} calls)."), "callee_not_implemented"
        if outcome.status != "ok":
            return "error", error_text(outcome, self.source) + self._blame(outcome), _outcome_diagnosis(outcome)
        verdict = _cached_verdict(case, outcome)
        if verdict is None:
            return None
        return "failed", verdict.message + self._blame(outcome), verdict.diagnosis

    def _blame(self, outcome: CallOutcome) -> str:
        """A note naming the student's own graded callees that ran and fail their own checks."""
        blamed = sorted(set(outcome.oracle_misses + outcome.used) & self.failed_functions)
        if not blamed:
            return ""
        return (f" Note: this used your own {', '.join(blamed)}, which "
                f"{'fails' if len(blamed) == 1 else 'fail'} its own checks: fix that first.")

    def trusted(self) -> set[str]:
        """The student's graded functions that passed every one of their checks."""
        return self.finished - self.failed_functions - self.timed_out

    def first_failure(self, check: CompiledCheck, planned: list[Planned] | None = None
                      ) -> tuple[Case, Failure] | None:
        """The first failing case of ``check`` (None when it passes).

        The student's own callees that passed all their checks run as
        written (no oracle round trips, no copies). A case that then fails is
        run again with every callee answered by the oracle, and so are the
        cases after it: a case passes when it passes either way, so a
        callee's bug its checks missed still costs the caller nothing. (Not
        after a timeout: a call that did not return in its budget is not run
        again.)
        """
        trusted = self.trusted()
        if check.driver or not trusted & set(self.callees.get(check.function, ())):
            return self._first_failure(check, planned, frozenset())
        found = self._first_failure(check, planned, frozenset(trusted))
        if found is None or found[1][2] == "timeout":  # a call that never returns is not waited for twice
            return found
        if planned is not None:  # the child is still busy with the plan: judge again once it is read
            self.again[check.name] = found[0]
            return found
        return self._first_failure(check, None, frozenset(), start=found[0])

    def judge_again(self, check: CompiledCheck) -> CheckResult:
        """The result of a check whose failure with the student's callees waited for the plan to be read."""
        start = self.again.pop(check.name)
        return self._result(check, self._first_failure(check, None, frozenset(), start=start))

    def _first_failure(self, check: CompiledCheck, planned: list[Planned] | None,
                       trusted: frozenset[str], start: Case | None = None) -> tuple[Case, Failure] | None:
        """Run a check's cases, a run of them per request, up to the first that fails.

        Every case must get an answer that passes: a missing answer (a
        request the child ended early) is an error of the submission.
        ``planned`` are the check's runs already sent to the child (see
        :func:`plan`); they are read in order, and skipped after a failure.
        ``start`` (not with ``planned``) is the case to begin with.
        """
        substitute, drawing, graded, driver = request_parts(self, check, trusted)
        planned = list(planned or [])
        for run in runs_of(check):
            if start is not None:  # from this case on (the ones before it have passed)
                if not any(c is start for c in run):
                    continue
                run = run[next(i for i, c in enumerate(run) if c is start):]
                start = None
            failure: list[tuple[Case, Failure]] = []

            def keep_going(i: int, outcome: CallOutcome, run: list[Case] = run,
                           failure: list[tuple[Case, Failure]] = failure) -> bool:
                verdict = self.judge(run[i], outcome)
                if verdict is not None:
                    failure.append((run[i], verdict))
                return verdict is None

            def on_case(i: int, run: list[Case] = run) -> None:
                if self.recorded is not None:
                    self.recorded.calls = run[i].recorded

            def known(i: int, digest: bytes, run: list[Case] = run) -> bool:
                return (id(run[i]), digest) in _VERDICTS

            sent = planned.pop(0) if planned else None
            outcomes = (self.session.collect(sent, keep_going=keep_going, on_case=on_case, known=known)
                        if sent is not None else [])
            if not outcomes:  # not planned, or the child that had the plan is gone: ask now
                outcomes = self.session.call_many(
                    check.target, [c.encoded_args for c in run], substitute=substitute, graded=graded,
                    return_args=run[0].matcher.wants_args_after, driver=driver, keep_going=keep_going,
                    on_case=on_case, known=known,
                    sealed=[sealed_table(c, [s for s in substitute if s not in drawing], self.suite.reference)
                            for c in run],
                    drawing=drawing, budgets=budgets(self.suite, check, run))
            if failure:
                self.skip(planned)
                return failure[0]
            found = self._unanswered(check, run, outcomes)
            if found is not None:
                self.skip(planned)
                return found
        return None

    def skip(self, planned: list[Planned]) -> None:
        """Read past sent batches whose answers are no longer needed."""
        for sent in planned:
            self.session.skip(sent)
        planned.clear()

    def _unanswered(self, check: CompiledCheck, run: list[Case],
                    outcomes: list[CallOutcome]) -> tuple[Case, Failure] | None:
        if len(outcomes) > len(run):
            return run[-1], ("error", "the grader got more answers than it asked for.", "grader_error")
        if outcomes and outcomes[-1].status != "ok":
            case = run[len(outcomes) - 1]
            verdict = self.judge(case, outcomes[-1])
            if verdict is not None:
                return case, verdict
        if len(outcomes) < len(run):  # fail closed: no answer is never a pass
            return run[len(outcomes)], ("error", f"no answer came back for this call of {check.function} "
                                                 "(the request ended early).", "crashed")
        return None

    def run_check(self, check: CompiledCheck, blocked: str | None, blocked_diagnosis: str = "",
                  planned: list[Planned] | None = None) -> CheckResult:
        def result(status: Status, score: float, message: str, diagnosis: str = "") -> CheckResult:
            return CheckResult(check.name, check.function, check.kind, status,
                               score, check.points, message, check.visibility, diagnosis)

        if check.function in self.timed_out:
            blocked = (f"not run: {check.function} timed out in an earlier check "
                       "(each further call would only wait for the time limit again).")
            blocked_diagnosis = "timeout"
        elif check.driver and self.timed_out and not blocked:  # it calls them all, as written
            blocked = (f"not run: your {', '.join(sorted(self.timed_out))} did not return in time in "
                       f"{'its' if len(self.timed_out) == 1 else 'their'} own checks.")
            blocked_diagnosis = "timeout"
        if blocked:
            self.skip(planned or [])
            self.failed_functions.add(check.function)
            return result("error", 0.0, blocked, blocked_diagnosis)
        if not check.cases:
            return result("error", 0.0, "this check has no cases (an error of the assignment, not yours).",
                          "assignment_error")
        return self._result(check, self.first_failure(check, planned))

    def _result(self, check: CompiledCheck, failure: tuple[Case, Failure] | None) -> CheckResult:
        def result(status: Status, score: float, message: str, diagnosis: str = "") -> CheckResult:
            return CheckResult(check.name, check.function, check.kind, status,
                               score, check.points, message, check.visibility, diagnosis)

        if failure is None:
            return result("passed", check.points, "")
        case, (status, message, diagnosis) = failure
        self.failed_functions.add(check.function)
        if status == "not_implemented":  # the same for every input: no need to name them
            return result("error", 0.0, message, diagnosis)
        if case.fresh:
            message = ("your function passes on the published inputs but not on fresh inputs "
                       "of the same form: " + message)
            diagnosis = "fresh_inputs"
        if len(check.cases) > 1 or case.label != check.name:
            message += f" [inputs: {case.label}]"
        return result(status, 0.0, message, diagnosis)  # type: ignore[arg-type]


# Per process: the reference oracle of each suite (with its memo) and the replies
# sent for each exact oracle request, so that a worker grading a class answers a
# request it has seen before without decoding it; and the verdict of each case
# for each exact result message (a pure function of the two). All are bounded.
_ORACLES: dict[int, tuple[Suite, ReferenceOracle, OracleCache]] = {}
_VERDICTS: dict[tuple[int, bytes], tuple[Case, Verdict | None]] = {}
_MAX_VERDICTS = 20_000


def _reference_oracle(suite: Suite) -> tuple[ReferenceOracle, OracleCache]:
    entry = _ORACLES.get(id(suite))
    if entry is None or entry[0] is not suite:
        if suite.reference is None:
            raise ValueError("a public suite has no reference oracle")
        entry = _ORACLES[id(suite)] = (suite, ReferenceOracle(suite.reference), OracleCache())
    return entry[1], entry[2]


def _cached_verdict(case: Case, outcome: CallOutcome) -> Verdict | None:
    if not outcome.digest:
        return case.matcher.verdict(outcome.value, case.args, outcome.args_after, outcome.replaced)
    key = (id(case), outcome.digest)
    hit = _VERDICTS.get(key)
    if hit is not None and hit[0] is case:
        return hit[1]
    verdict = case.matcher.verdict(outcome.value, case.args, outcome.args_after, outcome.replaced)
    if len(_VERDICTS) < _MAX_VERDICTS and (verdict is None or len(verdict.message) < 1000):
        _VERDICTS[key] = (case, verdict)
    return verdict


def _outcome_diagnosis(outcome: CallOutcome) -> str:
    """The diagnosis of a call that returned nothing to judge: ``raised:KeyError``, ``timeout``, ..."""
    if outcome.status == "raised":
        kind = str(outcome.error.get("type") or "")
        return f"raised:{kind}" if kind.isidentifier() and len(kind) <= 60 else "raised"
    return {"missing": "missing", "timeout": "timeout", "unencodable": "unreadable_return",
            "import_failed": "import_error"}.get(outcome.status, "crashed")


def grade_source(suite: Suite, source: Source, launcher: Launcher | None = None,
                 limits: Limits | None = None, checks: Sequence[CompiledCheck] | None = None) -> Report:
    """Grade already-read source text in a child process."""
    if launcher is None:
        from grader.execution.sandbox import own_user_launcher

        launcher = own_user_launcher()
    launcher = provide(launcher, suite.provided)  # the assignment's helper modules, in every child
    started = time.monotonic()
    oracle: Oracle
    recorded: RecordedOracle | None = None
    cache: OracleCache | None = None
    if suite.reference is not None:
        oracle, cache = _reference_oracle(suite)
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
            grading = _Grading(suite, session, source, recorded)
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
            for group in groups:
                function = group[0].function
                session.next_function()  # the module as imported, or a fresh child: nothing carries over
                info = infos.get(function)
                blocked = load_problem or (None if info is None else signature_problem(
                    info, student_functions.get(function)))
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
