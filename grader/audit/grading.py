"""Grade mutants with the full suite in the real sandbox, and decide each one's fate.

Every mutant is graded like a student's file (:func:`grader.grading.runner.grade_source`,
hidden checks included), all of them through one warm launcher, as the
batch grader's workers do; with ``jobs`` > 1, forked workers each start a
launcher of their own and take mutants in turn. The report of a mutant
says which functions lost points; :func:`grader.audit.verdicts.fate_of`
turns that into its fate.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable, Sequence
from multiprocessing.util import Finalize
from pathlib import Path
from typing import Any

from grader.audit.mutants import Mutant
from grader.audit.verdicts import MutantResult, fate_of
from grader.course.model import Suite
from grader.grading.results import Report
from grader.grading.runner import grade_source
from grader.grading.submission import Source

#: Makes the launcher mutants are graded through (``grader.execution.sandbox.choose_launcher`` by default).
LauncherFactory = Callable[[], Any]


def lost_points(report: Report) -> tuple[tuple[str, float], ...]:
    """``(function, points lost)`` for every function of ``report`` that lost points, in check order."""
    return tuple((function, round(top - score, 6)) for function, (score, top) in report.function_scores().items()
                 if score < top)


def judge(mutant: Mutant, report: Report) -> MutantResult:
    lost = lost_points(report)
    return MutantResult(mutant, fate_of(mutant.function, lost), lost)


def default_launcher(isolation: str = "auto") -> LauncherFactory:
    def make() -> Any:
        from grader.execution.sandbox import choose_launcher

        return choose_launcher(isolation)

    return make


def _grade_one(suite: Suite, mutant: Mutant, launcher: Any) -> MutantResult:
    source = Source(mutant.source, Path(f"mutant_{mutant.index}.py"))
    return judge(mutant, grade_source(suite, source, launcher=launcher))


# The state of a forked worker: the suite and mutants are inherited from the parent, the launcher is its own.
_WORKER: dict[str, Any] = {}


def _worker_start(make: LauncherFactory) -> None:
    launcher = _WORKER["launcher"] = make()
    Finalize(None, launcher.close, exitpriority=10)  # stops the sandbox when the pool is closed and joined


def _worker_grade(index: int) -> tuple[MutantResult, str]:
    launcher = _WORKER["launcher"]
    return (_grade_one(_WORKER["suite"], _WORKER["mutants"][index], launcher),
            str(getattr(launcher, "name", "process")))


def grade_mutants(suite: Suite, mutants: Sequence[Mutant], make_launcher: LauncherFactory, jobs: int = 1,
                  on_result: Callable[[MutantResult], None] | None = None) -> tuple[list[MutantResult], str]:
    """Grade every mutant; return the results in the mutants' order and the isolation used."""
    if not mutants:
        return [], ""
    if jobs <= 1:
        launcher = make_launcher()
        try:
            results = []
            for mutant in mutants:
                results.append(_grade_one(suite, mutant, launcher))
                if on_result is not None:
                    on_result(results[-1])
            return results, str(getattr(launcher, "name", "process"))
        finally:
            launcher.close()
    _WORKER.update(suite=suite, mutants=list(mutants))
    ctx = mp.get_context("fork")
    results = []
    names = set()
    with ctx.Pool(jobs, initializer=_worker_start, initargs=(make_launcher,)) as pool:
        for result, name in pool.imap(_worker_grade, range(len(mutants))):
            names.add(name)
            results.append(result)
            if on_result is not None:
                on_result(result)
        pool.close()
        pool.join()
    return results, ", ".join(sorted(names))


__all__ = ["grade_mutants", "judge", "lost_points", "default_launcher", "LauncherFactory"]
