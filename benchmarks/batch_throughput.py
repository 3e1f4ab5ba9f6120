"""Benchmark: grade a generated class with ``run_batch`` and print throughput figures.

Not a test: it prints numbers. The class (default 200 submissions) mixes
correct solutions (the six differently written variants of
``tests/fixtures/submissions/correct_variants``), buggy ones (the 39 of
``tests/fixtures/submissions/buggy``), and a few that hang in a function,
hang at import, exit early or do not compile. Each is graded with
deep_nn's full hidden suite, with 1 and then 2 workers, under the isolation
``--isolation`` picks (auto: the strongest available).

Printed for each run: submissions per second (whole run, and steady state
between the first and the last result), and the per-submission cost in
worker-seconds as a multiple of a bare ``python -c "import numpy"``.

Usage::

    python benchmarks/batch_throughput.py [--n 200] [--workers 1 2] [--timeout 1] [--isolation auto]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from grader.batch.result import BatchResult
from grader.batch.run import run_batch
from grader.course.locate import find_assignment
from grader.execution.interface import Limits

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
#: Share of the class that hangs, crashes or does not compile (the rest is correct or buggy).
MISBEHAVING = ("adversarial/infinite_loop.py", "adversarial/infinite_loop_at_import.py",
               "adversarial/exit_early.py", "adversarial/syntax_error.py", "adversarial/raises_in_import.py")


def generate_class(folder: Path, n: int) -> dict[str, int]:
    """Write ``n`` submissions into ``folder``; return how many of each kind."""
    correct = sorted((FIXTURES / "submissions" / "correct_variants").glob("*.py"))
    buggy = sorted((FIXTURES / "submissions" / "buggy").glob("*.py"))
    bad = [FIXTURES / p for p in MISBEHAVING]
    n_bad = max(len(bad), n // 25)
    n_buggy = (n - n_bad) * 2 // 5
    kinds = {"correct": n - n_bad - n_buggy, "buggy": n_buggy, "hanging/crashing/broken": n_bad}
    sources = ([correct[i % len(correct)] for i in range(kinds["correct"])]
               + [buggy[i % len(buggy)] for i in range(n_buggy)] + [bad[i % len(bad)] for i in range(n_bad)])
    for i, src in enumerate(sources):
        text = src.read_text(encoding="utf-8")
        (folder / f"s{i:04d}.py").write_text(f"# student {i:04d}\n{text}", encoding="utf-8")
    return kinds


def bare_numpy_seconds(repeat: int = 11) -> float:
    """Median wall time of ``python -c "import numpy"`` (after two warm-up runs)."""
    times = []
    for _ in range(2):
        subprocess.run([sys.executable, "-c", "import numpy"], check=True)
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import numpy"], check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def run(submissions: Path, workers: int, timeout: float, isolation: str) -> dict[str, float | str]:
    """Grade the class once (from scratch) and measure it."""
    out = Path(tempfile.mkdtemp(prefix="grader-bench-out-"))
    stamps: list[float] = []

    def on_result(_: BatchResult) -> None:
        stamps.append(time.perf_counter())

    started = time.perf_counter()
    summary = run_batch(find_assignment("deep_nn"), submissions, out, workers=workers, isolation=isolation,
                        limits=Limits(call_seconds=timeout, import_seconds=timeout), force=True,
                        on_result=on_result)
    wall = time.perf_counter() - started
    shutil.rmtree(out, ignore_errors=True)
    n = len(summary.results)
    steady = (len(stamps) - 1) / (stamps[-1] - stamps[0]) if len(stamps) > 1 else float("nan")
    return {"isolation": summary.isolation, "n": n, "wall": wall, "rate": n / wall, "steady": steady,
            "mean": summary.summary["mean"], "errors": summary.summary["with_error"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200, help="submissions in the class")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--timeout", type=float, default=1.0, help="seconds per call (and per import)")
    parser.add_argument("--isolation", default="auto")
    ns = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="grader-bench-class-"))
    try:
        kinds = generate_class(folder, ns.n)
        bare = bare_numpy_seconds()
        print(f"class: {ns.n} submissions ({', '.join(f'{v} {k}' for k, v in kinds.items())}); "
              f"timeout {ns.timeout:g} s per call")
        print(f'bare `python -c "import numpy"`: {bare * 1000:.0f} ms')
        print(f"{'workers':>7}  {'isolation':>9}  {'wall s':>7}  {'subs/s':>7}  {'steady/s':>8}  "
              f"{'worker-ms/sub':>13}  {'x bare numpy':>12}")
        for workers in ns.workers:
            r = run(folder, workers, ns.timeout, ns.isolation)
            per_sub = workers * float(r["wall"]) / float(r["n"])
            print(f"{workers:>7}  {r['isolation']:>9}  {r['wall']:>7.2f}  {r['rate']:>7.1f}  {r['steady']:>8.1f}  "
                  f"{per_sub * 1000:>13.1f}  {per_sub / bare:>12.2f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
