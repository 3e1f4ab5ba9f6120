"""Bounded memory in the grader: no submission can pin the grader's worker.

A hostile submission calls a substituted callee (answered by the reference
in the grader's process) on large arrays of its own making, different each
time, so that an unbounded memo would keep every answer for the rest of
the batch. The worker's resident memory is measured over a batch of them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.execution.sandbox import available, choose_launcher
from grader.grading.runner import _ORACLES

HOSTILE = '''
import numpy as np

SEED = {seed}


def linear_activation_forward(A_prev, W, b, activation):
    raise NotImplementedError


def L_model_forward(X, parameters):
    rng = np.random.default_rng(SEED)
    for _ in range(12):  # a dozen 250 x 250 layers: about 2 MB per answer (A, cache), all different
        A = rng.standard_normal((250, 250))
        linear_activation_forward(A, rng.standard_normal((250, 250)), np.zeros((250, 1)), "relu")
    raise ValueError("no answer")
'''


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.slow
def test_a_batch_of_memo_fillers_leaves_the_worker_at_its_baseline(deep_nn_suite, tmp_path):
    kind = next(k for k in ("bwrap", "unshare", "process") if available(k))
    launcher = choose_launcher(kind, [str(tmp_path)])
    checks = [c for c in deep_nn_suite.checks if c.function == "L_model_forward"][:1]  # its 2 shape cases
    try:
        def grade(seed: int) -> None:
            path = tmp_path / f"hostile_{seed}.py"
            path.write_text(HOSTILE.format(seed=seed))
            from grader.grading.runner import grade_source
            from grader.grading.submission import read_source

            report = grade_source(deep_nn_suite, read_source(path), launcher, checks=checks)
            assert report.score == 0

        for seed in range(3):  # warm up: caches, allocator arenas, the zygote
            grade(seed)
        baseline = _rss_mb()
        for seed in range(3, 13):
            grade(seed)
        grown = _rss_mb() - baseline
        oracle = next(o for suite, o, _ in _ORACLES.values() if suite is deep_nn_suite)
    finally:
        launcher.close()
    # 10 submissions x 2 cases x 12 answers of 2 MB = 480 MB if the memo kept them all
    assert oracle.size <= oracle.max_bytes and oracle.added <= oracle.per_submission
    assert grown < 48, f"the worker grew by {grown:.0f} MB over 10 hostile submissions"
