"""Grade a folder of deep_nn submissions with :func:`grader.batch.run.run_batch` in this process; print a summary.

Run by the tests with another interpreter (one every user can read) or as
another user: ``python batch_driver.py SUBMISSIONS OUT ISOLATION CALL IMPORT
SUBMISSION``. Prints one JSON document: ``isolation``, ``scores`` and
``errors`` by student, or ``refused`` with the grader's message (exit 2).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from grader.batch.run import run_batch
from grader.execution.forkserver import SandboxError
from grader.execution.interface import Limits

DEEP_NN = Path(__file__).resolve().parents[3] / "assignments" / "deep_nn"


def main(argv: list[str]) -> int:
    submissions, out, isolation, call, load, budget = argv
    limits = Limits(call_seconds=float(call), import_seconds=float(load), submission_seconds=float(budget))
    try:
        summary = run_batch(DEEP_NN, Path(submissions), Path(out), workers=1, isolation=isolation, limits=limits)
    except SandboxError as exc:
        print(json.dumps({"refused": str(exc)}))
        return 2
    print(json.dumps({"isolation": summary.isolation, "scores": {r.student: r.score for r in summary.results},
                      "errors": {r.student: r.error for r in summary.results}}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
