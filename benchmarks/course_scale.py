"""Benchmark: grade a generated course of students on every assignment, and compare with nbgrader.

Not a test: it prints numbers. Three measurements, in one run on the same machine (printed in the order 2, 3, 1):

1. **The course.** For every assignment, a class of ``--students`` submissions
   is generated: per student a correct one (the reference solution or one of
   ``tests/fixtures/<assignment>/correct_variants``), a buggy one (one of
   ``tests/fixtures/<assignment>/buggy``), a broken one (a syntax error, or a
   graded function missing) or a hanging one (an infinite loop at the start of
   one graded function). deep_nn's fixtures are in ``tests/fixtures/submissions``.
   Each class is graded with :func:`grader.batch.run.run_batch`, full hidden
   suite, ``--workers`` workers, ``--isolation`` (auto: the strongest
   available), at most ``--timeout`` seconds per call and per import (each
   call's own budget is a multiple of the reference's time on its inputs,
   see :func:`grader.execution.budget.budget_of`). Printed per
   assignment and overall: submissions per second, worker-milliseconds per
   submission (workers x wall / submissions), and the median seconds the
   batch recorded for each kind of submission, with the reference's own time on
   the full suite (``suite ms``) and, overall, the floor those computations and
   the hanging submissions' budgets set on the rate.
2. **``grader check`` in a student's copy.** ``grader release`` writes each
   assignment's copy into a temporary folder, the reference solution goes in
   as the student's file, and ``python -m grader.cli check`` is run there
   as the student types it (no assignment named; public checks, the student's
   view), with the grader's bytecode compiled as pip compiles it on install.
   Each check is timed right after a bare ``python -c "import numpy"``
   (``--repeat`` pairs per assignment, the ratio of the two medians), and so
   is the floor of any check whose judge and submission are two processes: a
   Python importing numpy with one BLAS thread (as the grader does) while a
   bubblewrapped Python imports it too.
3. **nbgrader.** ``grader notebooks`` and the real ``nbgrader
   generate_assignment`` make a course for each of ``--nb-assignments``;
   ``--nb-students`` notebooks are submitted (student k leaves the first k
   solution cells unfilled), ``nbgrader autograde`` grades them, and
   ``run_batch`` grades the same submitted notebooks, with 1 worker and with
   ``--workers``; the ratios are printed.

Usage::

    python benchmarks/course_scale.py [--students 300] [--workers 2] [--timeout 10] [--isolation auto]
        [--assignments A ...] [--repeat 7] [--nb-students 5] [--nb-assignments deep_nn activations]
        [--skip-nbgrader] [--skip-course]
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import nbformat

from grader.batch.result import BatchResult
from grader.batch.run import run_batch
from grader.course.locate import assignment_folders, load_declaration, load_suite
from grader.execution.budget import BUDGET_FACTOR, BUDGET_FLOOR, CPU_FLOOR
from grader.execution.interface import Limits
from grader.publish.stubs import keep_solution, render_solution

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
#: Of every 20 students: 11 correct, 7 buggy, 1 broken, 1 hanging.
PATTERN = ("correct",) * 11 + ("buggy",) * 7 + ("broken", "hanging")
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def _fixture_dir(assignment: str) -> Path:
    own = FIXTURES / assignment
    return own if (own / "correct_variants").is_dir() else FIXTURES / "submissions"


def _function_node(text: str, name: str) -> ast.FunctionDef | None:
    for node in ast.parse(text).body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return node
    return None


def hanging(text: str, name: str) -> str:
    """``text`` with ``while True: pass`` as the first statement of the top-level function ``name``."""
    node = _function_node(text, name)
    if node is None:
        raise ValueError(f"no top-level function {name!r}")
    first = node.body[0]
    lines = text.splitlines(keepends=True)
    indent = " " * first.col_offset
    lines.insert(first.lineno - 1, f"{indent}while True:  # left over from debugging\n{indent}    pass\n")
    return "".join(lines)


def missing(text: str, name: str) -> str:
    """``text`` with the top-level function ``name`` renamed, as if never written."""
    node = _function_node(text, name)
    if node is None:
        raise ValueError(f"no top-level function {name!r}")
    lines = text.splitlines(keepends=True)
    lines[node.lineno - 1] = lines[node.lineno - 1].replace(f"def {name}(", f"def {name}_unfinished(", 1)
    return "".join(lines)


def generate_class(assignment: str, folder: Path, students: int) -> dict[str, str]:
    """Write ``students`` submissions of ``assignment`` into ``folder``; return ``{student: kind}``."""
    decl = load_declaration(assignment_folders()[assignment])
    solution = render_solution(decl.id, decl.title, decl.modules, decl.function_names)
    fixtures = _fixture_dir(assignment)
    correct = [solution] + [p.read_text(encoding="utf-8") for p in sorted((fixtures / "correct_variants").glob("*.py"))]
    buggy = [p.read_text(encoding="utf-8") for p in sorted((fixtures / "buggy").glob("*.py"))]
    top = [n for n in decl.function_names if "." not in n]
    hang_in, drop = top[len(top) // 2], top[-1]
    broken = [solution + "\n\ndef unfinished(:\n    pass\n", missing(solution, drop)]
    hangs = [hanging(solution, hang_in)]
    pools = {"correct": correct, "buggy": buggy, "broken": broken, "hanging": hangs}
    kinds = {}
    for i in range(students):
        kind = PATTERN[i % len(PATTERN)]
        pool = pools[kind]
        text = pool[(i // len(PATTERN) * 7 + i) % len(pool)]  # spread the variants over the class
        student = f"s{i:04d}"
        (folder / f"{student}.py").write_text(f"# student {student}\n{text}", encoding="utf-8")
        kinds[student] = kind
    return kinds


def seconds(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    run()  # warm-up
    return statistics.median(seconds(run) for _ in range(repeat))


def _bare_import() -> None:
    subprocess.run([sys.executable, "-c", "import numpy"], check=True)


def bare_numpy_seconds(repeat: int) -> float:
    return median_seconds(_bare_import, repeat)


def two_numpy_imports_seconds(repeat: int) -> float | None:
    """Median seconds of a Python that imports numpy while a bubblewrapped Python imports it too (None: no bwrap)."""
    if shutil.which("bwrap") is None:
        return None
    import numpy

    site = str(Path(numpy.__file__).resolve().parent.parent)
    inner = [sys.executable, "-I", "-S", "-c", f"import sys; sys.path.append({site!r}); import numpy"]
    sandbox = ["bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--unshare-pid", "--unshare-net",
               "--die-with-parent", *inner]
    script = f"import subprocess\np = subprocess.Popen({sandbox!r})\nimport numpy\np.wait()\n"
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}  # as the grader holds its own BLAS (and the sandbox's)
    return median_seconds(lambda: subprocess.run([sys.executable, "-c", script], check=True, env=env), repeat)


def suite_compute_seconds(assignment: str, repeat: int = 3) -> float:
    """Seconds the reference spends on every case of the full suite (the least of ``repeat`` runs).

    What a correct submission's own code computes, at least, on each grading:
    no process, transfer or judging cost.
    """
    suite = load_suite(assignment_folders()[assignment])
    best = float("inf")
    for _ in range(repeat):
        total = 0.0
        for check in suite.checks:
            for case in check.cases:
                started = time.perf_counter()
                try:
                    if check.driver:
                        suite.reference.run_driver(check.driver, check.target, case.args)  # type: ignore[union-attr]
                    else:
                        suite.reference.call(case.function, case.args)  # type: ignore[union-attr]
                except Exception:  # noqa: BLE001, S110 - a case the reference refuses costs what it cost
                    pass
                total += time.perf_counter() - started
        best = min(best, total)
    return best


def grade_class(assignment: str, submissions: Path, workers: int, timeout: float, isolation: str,
                kinds: dict[str, str] | None = None) -> dict[str, object]:
    """Grade the class once, from scratch; wall time, rate and per-kind median seconds."""
    out = Path(tempfile.mkdtemp(prefix="grader-course-out-"))
    seconds: dict[str, list[float]] = {}

    def on_result(result: BatchResult) -> None:
        kind = (kinds or {}).get(result.student, "all")
        seconds.setdefault(kind, []).append(result.seconds)

    started = time.perf_counter()
    try:
        summary = run_batch(assignment_folders()[assignment], submissions, out, workers=workers, isolation=isolation,
                            limits=Limits(call_seconds=timeout, import_seconds=timeout), force=True,
                            on_result=on_result)
    finally:
        wall = time.perf_counter() - started
        shutil.rmtree(out, ignore_errors=True)
    n = len(summary.results)
    return {"n": n, "wall": wall, "rate": n / wall, "worker_ms": workers * wall / n * 1000,
            "isolation": summary.isolation, "mean": summary.summary["mean"], "max": summary.summary["max_score"],
            "errors": summary.summary["with_error"], "phases": summary.phases,
            "by_kind": {k: statistics.median(v) for k, v in sorted(seconds.items())}}


def course(names: list[str], students: int, workers: int, timeout: float, isolation: str) -> None:
    print(f"\n== 1. a course of {students} students x {len(names)} assignments "
          f"({workers} workers, at most {timeout:g} s per call and import; a call's budget is "
          f"{BUDGET_FACTOR:g}x the reference's time on its inputs, at least {BUDGET_FLOOR:g} s, and as much CPU time, "
          f"at least {CPU_FLOOR:g} s) ==")
    print(f"{'assignment':20} {'subs':>5} {'kinds c/b/x/h':>14} {'wall s':>7} {'subs/s':>7} {'worker-ms/sub':>13} "
          f"{'start':>6} {'grade':>6} {'simil':>6} {'write':>6} "
          f"{'mean':>6} {'max':>5} {'errors':>6} {'suite ms':>8}  median s per kind (correct, buggy, broken, "
          "hanging)")
    total_n, total_wall, isolations = 0, 0.0, set()
    floor_ms = 0.0  # worker-ms the class's own computation and its hanging budgets take, summed over the course
    phase_total: Counter[str] = Counter()
    for name in names:
        folder = Path(tempfile.mkdtemp(prefix=f"grader-course-{name}-"))
        try:
            kinds = generate_class(name, folder, students)
            compute = suite_compute_seconds(name)
            r = grade_class(name, folder, workers, timeout, isolation, kinds)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        count = Counter(kinds.values())
        floor_ms += 1000 * ((count["correct"] + count["buggy"] + count["hanging"]) * compute
                            + count["hanging"] * CPU_FLOOR)  # a loop that spins: stopped after its CPU budget
        by_kind = r["by_kind"]
        assert isinstance(by_kind, dict)
        per_kind = ", ".join(f"{by_kind[k]:.3f}" if k in by_kind else "-" for k in ("correct", "buggy", "broken",
                                                                                    "hanging"))
        mix = "/".join(str(count[k]) for k in ("correct", "buggy", "broken", "hanging"))
        phases = r["phases"]
        assert isinstance(phases, dict)
        phase_total.update(phases)
        spent = " ".join(f"{phases.get(p, 0.0):>6.2f}" for p in ("start", "grading", "similarity", "outputs"))
        print(f"{name:20} {r['n']:>5} {mix:>14} {r['wall']:>7.1f} {r['rate']:>7.1f} {r['worker_ms']:>13.0f} "
              f"{spent} {r['mean']:>6.1f} {r['max']:>5g} {r['errors']:>6} {compute * 1000:>8.1f}  {per_kind}",
              flush=True)
        total_n += int(r["n"])  # type: ignore[call-overload]
        total_wall += float(r["wall"])  # type: ignore[arg-type]
        isolations.add(str(r["isolation"]))
    spent = " ".join(f"{phase_total[p]:>6.1f}" for p in ("start", "grading", "similarity", "outputs"))
    print(f"{'overall':20} {total_n:>5} {'':>14} {total_wall:>7.1f} {total_n / total_wall:>7.1f} "
          f"{workers * total_wall / total_n * 1000:>13.0f} {spent}   isolation: {', '.join(sorted(isolations))}")
    graded = phase_total["grading"]
    print(f"grading phase alone: {total_n / graded:.1f} submissions/s; start, similarity and writing the "
          f"gradebook, summaries and {total_n} feedback pages: {total_wall - graded:.1f} s")
    floor = floor_ms / total_n
    print(f"floor: the suites' own computation (the reference's time on every case, for each correct, buggy and "
          f"hanging submission) and the hanging submissions' {CPU_FLOOR:g} s CPU budgets alone take {floor:.1f} "
          f"worker-ms per submission: at most {workers * 1000 / floor:.0f} submissions/s on {workers} workers, "
          "before any process, transfer or judging cost")


def check_in_copy(names: list[str], repeat: int, bare: float) -> None:
    """``grader check`` in a released copy, timed against a bare numpy import run just before each check.

    Each assignment's ratio is the median check over the median bare import of
    the same interleaved runs, so that the machine's drift over the minutes
    of the benchmark cancels out.
    """
    print(f"\n== 2. `grader check` in a released student's copy (public checks, median of {repeat}) ==")
    # The grader as a student has it: pip compiles the bytecode when it installs the release's wheel (a checkout
    # run with PYTHONDONTWRITEBYTECODE=1 would otherwise compile its edited modules at every start).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "grader")], check=True,
                   stdout=subprocess.DEVNULL)
    print(f'bare `python -c "import numpy"`: {bare * 1000:.0f} ms (before; each row has its own, run in turns)')
    print(f"{'assignment':20} {'check ms':>9} {'bare ms':>8} {'x bare numpy':>12}")
    ratios, bares = [], []
    for name in names:
        copy = Path(tempfile.mkdtemp(prefix=f"grader-copy-{name}-"))
        try:
            subprocess.run([sys.executable, "-m", "grader.cli", "release", name, "--out", str(copy)], check=True,
                           env=ENV, capture_output=True, cwd=ROOT)
            decl = load_declaration(assignment_folders()[name])
            text = render_solution(decl.id, decl.title, decl.modules, decl.function_names)
            (copy / decl.student_file).write_text(text, encoding="utf-8")
            env = {k: v for k, v in ENV.items() if k != "GRADER_ASSIGNMENTS"}

            def check(copy: Path = copy, env: dict[str, str] = env, name: str = name) -> None:
                proc = subprocess.run([sys.executable, "-m", "grader.cli", "check"], cwd=copy, env=env,
                                      capture_output=True, text=True)  # as the student types it: no name
                if proc.returncode != 0:
                    raise RuntimeError(f"grader check {name} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}")

            check()  # warm-up
            checks, imports = [], []
            for _ in range(repeat):
                imports.append(seconds(_bare_import))
                checks.append(seconds(check))
        finally:
            shutil.rmtree(copy, ignore_errors=True)
        ms, base = statistics.median(checks), statistics.median(imports)
        ratios.append(ms / base)
        bares.append(base)
        print(f"{name:20} {ms * 1000:>9.0f} {base * 1000:>8.0f} {ms / base:>12.2f}", flush=True)
    if ratios:
        print(f"{'median':20} {'':>9} {'':>8} {statistics.median(ratios):>12.2f}   (target: 2.00 or less; "
              f"range {min(ratios):.2f}-{max(ratios):.2f})")
    floor = two_numpy_imports_seconds(repeat)
    if floor is not None:  # what grader check cannot go below while judge and submission are two processes
        base = statistics.median(bares) if bares else bare
        print(f"{'floor':20} {floor * 1000:>9.0f} {base * 1000:>8.0f} {floor / base:>12.2f}   (a Python importing "
              "numpy with one BLAS thread while a bubblewrapped Python imports it too: no grader code)")


def _submit(release: Path, source: Path, unfilled: int) -> nbformat.NotebookNode:
    """The released notebook, its solution cells filled from the source but for the first ``unfilled``."""
    solutions = {c.metadata["nbgrader"]["grade_id"]: keep_solution(c.source)
                 for c in nbformat.read(source, as_version=4).cells
                 if c.metadata.get("nbgrader", {}).get("solution")}
    nb = nbformat.read(release, as_version=4)
    seen = 0
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in solutions:
            if seen >= unfilled:
                cell.source = solutions[gid]
            seen += 1
    return nb


def nbgrader_vs_grader(names: list[str], students: int, workers: int, timeout: float, isolation: str) -> None:
    print(f"\n== 3. nbgrader autograde vs grader on the same {students} notebooks per assignment ==")
    print(f"{'assignment':20} {'nbgrader s':>10} {'grader 1w s':>11} {'grader ' + str(workers) + 'w s':>11} "
          f"{'ratio 1w':>8} {'ratio ' + str(workers) + 'w':>8}")
    env = {**ENV, "GRADER_ASSIGNMENTS": str(ROOT / "assignments")}
    for name in names:
        course = Path(tempfile.mkdtemp(prefix=f"grader-nbcourse-{name}-"))
        subs = Path(tempfile.mkdtemp(prefix=f"grader-nbsubs-{name}-"))
        try:
            def sh(*args: str, course: Path = course) -> str:
                proc = subprocess.run(list(args), cwd=course, env=env, capture_output=True, text=True)
                if proc.returncode != 0:
                    raise RuntimeError(f"{args} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}")
                return proc.stdout + proc.stderr

            sh(sys.executable, "-m", "grader.cli", "notebooks", name, "--course", str(course))
            sh(sys.executable, "-m", "nbgrader", "generate_assignment", name, "--force")
            release = course / "release" / name / f"{name}.ipynb"
            source = course / "source" / name / f"{name}.ipynb"
            for k in range(students):
                student = f"s{k:02d}"
                sh(sys.executable, "-m", "nbgrader", "db", "student", "add", student)
                folder = course / "submitted" / student / name
                shutil.copytree(release.parent, folder)
                nb = _submit(release, source, k)
                nbformat.write(nb, folder / release.name)
                nbformat.write(nb, subs / f"{student}.ipynb")
            started = time.perf_counter()
            log = sh(sys.executable, "-m", "nbgrader", "autograde", name)
            nb_wall = time.perf_counter() - started
            warnings = log.count("'checksum' for cell")  # jupyter/nbgrader#1961: one per hidden test cell
            one = grade_class(name, subs, 1, timeout, isolation)
            many = grade_class(name, subs, workers, timeout, isolation)
        finally:
            shutil.rmtree(course, ignore_errors=True)
            shutil.rmtree(subs, ignore_errors=True)
        w1, wn = float(one["wall"]), float(many["wall"])  # type: ignore[arg-type]
        print(f"{name:20} {nb_wall:>10.1f} {w1:>11.2f} {wn:>11.2f} {nb_wall / w1:>8.1f} {nb_wall / wn:>8.1f}"
              f"   ({warnings} false 'checksum has changed' warnings)", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=10.0,
                        help="at most this many seconds per call and per import (the command line's default)")
    parser.add_argument("--isolation", default="auto")
    parser.add_argument("--assignments", nargs="+", help="default: every assignment")
    parser.add_argument("--repeat", type=int, default=7, help="runs of each timed command (medians)")
    parser.add_argument("--nb-students", type=int, default=5)
    parser.add_argument("--nb-assignments", nargs="+", default=["deep_nn", "activations"])
    parser.add_argument("--skip-nbgrader", action="store_true")
    parser.add_argument("--skip-course", action="store_true", help="time `grader check` (and nbgrader) only")
    parser.add_argument("--check-assignments", nargs="*", help="for `grader check` (default: --assignments)")
    ns = parser.parse_args(argv)
    names = ns.assignments or sorted(assignment_folders())
    load = os.getloadavg()
    print(f"{os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"Python {sys.version.split()[0]}")
    bare = bare_numpy_seconds(ns.repeat)
    check_in_copy(names if ns.check_assignments is None else ns.check_assignments, ns.repeat, bare)
    if not ns.skip_nbgrader:
        nbgrader_vs_grader(ns.nb_assignments, ns.nb_students, ns.workers, ns.timeout, ns.isolation)
    if not ns.skip_course:
        course(names, ns.students, ns.workers, ns.timeout, ns.isolation)  # the longest part last
    return 0


if __name__ == "__main__":
    sys.exit(main())
