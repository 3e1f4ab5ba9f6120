"""grader/grading/preload.py and grader/execution/child/preloaded.py: a suite's cases decoded once per sandbox.

A batch worker's zygote decodes the suite's preloadable cases once and every
child inherits them; plans then name those cases by index. In-process, the
child's table hands out copies a call may change at will and refuses what the
grader could not have sent. End to end, deep_nn submissions (the solution and
buggy ones) get exactly the same report with and without preloading, the
plans that went out did name their cases, and a case holding another
function's answer (a backward function's cache) was never preloaded.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from grader.course.locate import assignment_folders, load_suite
from grader.execution import session as session_module
from grader.execution.child import protocol
from grader.execution.interface import CHILD_DIR, Limits
from grader.execution.sandbox import available, choose_launcher
from grader.grading.exposure import preloadable
from grader.grading.preload import preload_table
from grader.grading.runner import grade_source
from grader.grading.submission import Source

REPO = Path(__file__).resolve().parents[3]
BUGGY = REPO / "tests" / "fixtures" / "submissions" / "buggy"


@pytest.fixture
def preloaded(monkeypatch):
    """The child's module, imported as the sandbox imports it (its siblings by their bare names)."""
    monkeypatch.syspath_prepend(str(CHILD_DIR))
    for name in ("protocol", "preloaded"):
        sys.modules.pop(name, None)
    module = importlib.import_module("preloaded")
    yield module
    for name in ("protocol", "preloaded", "wirejson", "wirearrays"):
        sys.modules.pop(name, None)


def test_a_call_gets_a_copy_it_may_change(preloaded):
    cache = (np.arange(6.0).reshape(2, 3), {"W1": np.ones((2, 2)), "lr": 0.5}, [np.zeros(2)], "relu")
    assert preloaded.load("k", [[protocol.encode(cache)]]) == 1
    first = preloaded.fresh(0)
    first[0][0][:] += 100  # a submission that changes its arguments in place
    first[0][1]["W1"] *= 3
    first[0][2][0][0] = 7
    second = preloaded.fresh(0)
    assert np.array_equal(second[0][0], cache[0]) and np.array_equal(second[0][1]["W1"], cache[1]["W1"])
    assert second[0][2][0][0] == 0 and second[0][3] == "relu" and second[0][1]["lr"] == 0.5
    assert type(second[0]) is tuple and second[0][0].flags.writeable


@pytest.mark.parametrize("key, calls", [(None, []), ("k", {"0": []}), ("k", [[{"__bogus__": 1}]]),
                                         ("k", [[{"__ndarray__": {"dtype": "<f8", "shape": [2], "data": "AA=="}}]])])
def test_what_the_grader_could_not_have_sent_is_refused(preloaded, key, calls):
    with pytest.raises(preloaded.protocol.ProtocolError):
        preloaded.load(key, calls)


def test_an_unknown_case_is_refused(preloaded):
    preloaded.load("k", [[protocol.encode(1.5)]])
    for index in (-1, 1):
        with pytest.raises(preloaded.protocol.ProtocolError):
            preloaded.fresh(index)


def test_a_backward_functions_cache_is_not_preloaded():
    suite = load_suite(assignment_folders()["deep_nn"])
    table = preload_table(suite)
    assert table is not None and preload_table(suite) is table  # made once per suite
    held = preloadable(suite)
    backward = [c for check in suite.checks if check.function == "linear_activation_backward"
                for c in check.cases if check.kind == "reference"]
    assert backward and not any(id(c) in held for c in backward)
    assert all(id(c) in table.index for check in suite.checks if check.function == "relu" for c in check.cases)


@pytest.mark.skipif(not available("bwrap"), reason="bubblewrap is not available here")
def test_reports_are_the_same_with_and_without_preloading(solution_file, monkeypatch):
    suite = load_suite(assignment_folders()["deep_nn"])
    table = preload_table(suite)
    sent: list[bytes] = []
    write = session_module.write_within
    monkeypatch.setattr(session_module, "write_within", lambda fd, data, deadline: (sent.append(data),
                                                                                       write(fd, data, deadline)))
    files = [solution_file, *sorted(BUGGY.glob("*.py"))[:6]]
    limits = Limits(call_seconds=10)
    reports = {}
    for preload in (None, table):
        launcher = choose_launcher("bwrap", [])
        try:
            for path in files:
                report = grade_source(suite, Source(path.read_text(encoding="utf-8"), path.name), launcher, limits,
                                      preload=preload)
                reports.setdefault(path.name, []).append(
                    [(t.name, t.function, t.status, t.score, t.message) for t in report.tests])
            if preload is not None:
                assert launcher.server.loaded == table.key, "the zygote holds the cases"
        finally:
            launcher.close()
    for name, (plain, with_table) in reports.items():
        assert plain == with_table, name
    assert reports[solution_file.name][1] and all(t[2] == "passed" for t in reports[solution_file.name][1])
    named = [json.loads(d[protocol.HEADER_SIZE:]) for d in sent if b'"op":"plan"' in d[:40]]
    assert any(type(call) is int for plan in named for batch in plan["batches"] for call in batch["calls"])
