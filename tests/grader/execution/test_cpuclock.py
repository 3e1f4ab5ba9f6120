"""grader/execution/child/cpuclock.py: a call that spins is stopped after its CPU budget, before its wall one.

In-process, with a handler that records instead of ending the process: the
kernel signals a block that spends its budget, does not count what runs
inside :func:`paused`, and counts nothing for a budget of 0. End to end, a
submission's spinning function is stopped with the CPU message, one that
takes SIGPROF for itself is still stopped by the wall-clock budget, and one
that sleeps (no CPU) is stopped by the wall-clock budget too.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from grader.course.locate import assignment_folders, load_suite
from grader.execution.budget import spent_cpu
from grader.execution.child.confine import CHILD_ENV
from grader.execution.interface import CHILD_DIR, Limits
from grader.execution.sandbox import available, choose_launcher, own_user_launcher
from grader.grading import runner
from grader.grading.runner import grade_source
from grader.grading.submission import Source

#: Run as the child runs: numpy's BLAS on one thread (``confine.CHILD_ENV``), so that SIGPROF reaches
#: the main thread (with more BLAS threads, one of them may take it and Python never sees it).
_IN_CHILD = """
import signal, sys, time
sys.path.insert(0, sys.argv[1])
import cpuclock

fired = []
signal.signal(signal.SIGPROF, lambda signum, frame: fired.append(signum))  # recorded, not the child's exit


def spin(seconds, until=None):
    end = time.process_time() + seconds
    while time.process_time() < end and not (until and until[0]):
        pass


case = sys.argv[2]
if case == "spent":
    with cpuclock.budget(0.02):
        spin(10.0, fired)
    print(fired == [signal.SIGPROF])
elif case == "paused":
    with cpuclock.budget(0.05):
        with cpuclock.paused():
            spin(0.15)
        quiet = fired == []  # the harness's work for the call is not the call's
        spin(10.0, fired)
    print(quiet and fired == [signal.SIGPROF])
elif case == "zero":
    with cpuclock.budget(0.0):
        spin(0.1)
    spin(0.05)
    print(fired == [] and signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0))
"""


@pytest.mark.parametrize("case", ["spent", "paused", "zero"])
def test_the_kernel_counts_a_calls_cpu_time_but_not_the_harnesss(case):
    """spent: a block that spends its budget is signalled; paused: time inside paused() is not counted;
    zero: a budget of 0 counts nothing."""
    proc = subprocess.run([sys.executable, "-c", _IN_CHILD, str(CHILD_DIR), case], capture_output=True,
                          text=True, timeout=60, env={**os.environ, **CHILD_ENV})
    assert proc.stdout.strip() == "True", proc.stderr[-2000:]


SUBMISSION = '''
import signal, time
import numpy as np


def sigmoid(Z):
    while True:
        pass


def relu(Z):
    signal.signal(signal.SIGPROF, signal.SIG_IGN)
    while True:
        pass


def sigmoid_backward(dA, cache):
    time.sleep(30)
'''


@pytest.mark.parametrize("kind, planned", [("bwrap", True), ("own", True), ("own", False)])
def test_spinning_is_stopped_by_the_cpu_budget_and_everything_else_by_the_wall_budget(kind, planned, monkeypatch):
    """Planned (each function's checks sent as one plan) or asked for on their own (as after a child died)."""
    if kind == "bwrap" and not available("bwrap"):
        pytest.skip("bubblewrap is not available here")
    if not planned:
        monkeypatch.setattr(runner, "plan", lambda grading, checks: {})
    suite = load_suite(assignment_folders()["deep_nn"])
    checks = [c for c in suite.checks if c.function in ("sigmoid", "relu", "sigmoid_backward")]
    launcher = choose_launcher("bwrap", []) if kind == "bwrap" else own_user_launcher()
    try:
        report = grade_source(suite, Source(textwrap.dedent(SUBMISSION), "deep_nn.py"), launcher,
                              Limits(call_seconds=5), checks=checks)
    finally:
        if kind == "bwrap":
            launcher.close()
    first = {t.function: t.message for t in reversed(report.tests) if t.status == "error"}
    assert first["sigmoid"].startswith(spent_cpu("sigmoid")[:40]), first["sigmoid"]
    for function in ("relu", "sigmoid_backward"):  # SIGPROF taken; no CPU spent: the wall-clock budget
        assert "did not return within 0.1 s" in first[function], first[function]
