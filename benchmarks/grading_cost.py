"""Benchmark: what grading one submission with the full suite costs, per assignment.

Not a test: it prints numbers. For every assignment the reference solution
(in the student-file form) is graded ``--repeat`` times through one warm
launcher (the strongest isolation available unless ``--isolation`` says
otherwise), hidden checks included, and the median wall time is printed
with the number of oracle round trips one grading needed. The same run
grades again with sealed answers switched off (every substituted callee's
call a round trip to the grader), so the ratio of the two is measured on
the same machine at the same moment. A bare ``python -c "import numpy"`` is
timed too, as the unit the machine's speed is read in.

Usage::

    python benchmarks/grading_cost.py [--repeat 15] [--isolation auto] [ASSIGNMENT ...]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from grader.course.locate import assignment_folders, load_declaration, load_suite
from grader.course.model import Suite
from grader.execution import session as session_module
from grader.execution.sandbox import choose_launcher
from grader.grading import judging, planning, runner, sealing
from grader.grading.submission import Source
from grader.publish.stubs import render_solution


def _median_ms(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _bare_numpy_ms(repeat: int) -> float:
    return _median_ms(lambda: subprocess.run([sys.executable, "-c", "import numpy"], check=True), repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("assignments", nargs="*")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--isolation", default="auto")
    args = parser.parse_args()
    folders = assignment_folders()
    names = args.assignments or sorted(folders)
    launcher = choose_launcher(args.isolation, [])
    trips = {"n": 0}
    answer = session_module.ChildSession._answer_oracle

    def counting(self: object, *a: object, **k: object) -> None:
        trips["n"] += 1
        answer(self, *a, **k)  # type: ignore[arg-type]

    session_module.ChildSession._answer_oracle = counting  # type: ignore[method-assign]
    numpy_ms = _bare_numpy_ms(args.repeat)
    print(f"isolation {launcher.name}; bare `python -c 'import numpy'`: {numpy_ms:.0f} ms (median of {args.repeat})")
    print(f"{'assignment':22} {'points':>6} {'ms/submission':>13} {'round trips':>11} "
          f"{'unsealed ms':>11} {'unsealed trips':>14} {'ratio':>6}")
    sealed_table = sealing.sealed_table
    for name in names:
        folder = folders[name]
        assignment = load_declaration(folder)
        suite = load_suite(folder)
        text = render_solution(assignment.id, assignment.title, assignment.modules, assignment.function_names)
        source = Source(text, folder / assignment.student_file)
        runner.grade_source(suite, source, launcher)  # warm the caches a batch keeps

        def grade(suite: Suite = suite, source: Source = source, name: str = name) -> None:
            trips["n"] = 0
            report = runner.grade_source(suite, source, launcher)
            assert report.score == report.max_score, name

        sealed_ms = _median_ms(grade, args.repeat)
        sealed_trips = trips["n"]
        for module in (planning, judging):  # the packed plans are per process: drop them too
            module.sealed_table = lambda *a, **k: {}  # type: ignore[attr-defined]
        planning._PACKED.clear()
        try:
            open_ms = _median_ms(grade, args.repeat)
            open_trips = trips["n"]
        finally:
            for module in (planning, judging):
                module.sealed_table = sealed_table  # type: ignore[attr-defined]
            planning._PACKED.clear()
        print(f"{name:22} {suite.max_score:6g} {sealed_ms:13.0f} {sealed_trips:11d} {open_ms:11.0f} "
              f"{open_trips:14d} {open_ms / sealed_ms:6.2f}")
    launcher.close()


if __name__ == "__main__":
    main()
