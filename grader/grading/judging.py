"""Judging one submission's checks: run each check's cases in the child, and give its verdict.

:class:`Grading` holds what the runner (:mod:`grader.grading.runner`) learns while
it grades one submission, function after function: which functions failed or
timed out, which passed every check (their code then runs as written when
their callers are graded), and which failures wait to be judged again with
the oracle's callees. The child only computes; each verdict is made here by
the case's matcher.
"""

from __future__ import annotations

from grader.checks.base import Case, CompiledCheck
from grader.checks.match import Verdict
from grader.course.model import TOGETHER, Suite
from grader.execution.channel import OracleCache
from grader.execution.interface import CallOutcome
from grader.execution.plans import Planned
from grader.execution.session import ChildSession
from grader.grading.messages import error_text, not_implemented_where
from grader.grading.oracle import RecordedOracle, ReferenceOracle
from grader.grading.planning import budgets, cpu_budgets, request_parts, runs_of
from grader.grading.preload import Table
from grader.grading.results import CheckResult, Status
from grader.grading.sealing import sealed_table
from grader.grading.submission import Source

Failure = tuple[str, str, str]
"""Why a case did not pass: ``(status, message, diagnosis)``."""


class Grading:
    """State of one submission's grading (failed functions, for blame notes)."""

    def __init__(self, suite: Suite, session: ChildSession, source: Source | None,
                 recorded: RecordedOracle | None, preload: Table | None = None) -> None:
        self.suite = suite
        self.preload = preload
        """The cases the sandbox holds decoded (plans then name them, see :mod:`grader.grading.preload`)."""
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
                    drawing=drawing, budgets=budgets(self.suite, check, run), cpu=cpu_budgets(self.suite, check, run))
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


def reference_oracle(suite: Suite) -> tuple[ReferenceOracle, OracleCache]:
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




__all__ = ["Failure", "Grading", "reference_oracle"]
