"""grader/execution/child/sealed.py and grader/grading/sealing.py: answers sent ahead, readable only with the arguments."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from grader.course.locate import load_suite
from grader.execution import session as session_module
from grader.execution.child.sealed import seal, unseal
from grader.grading.runner import grade_source
from grader.grading.sealing import oracle_request
from grader.grading.submission import read_source

REPO = Path(__file__).resolve().parents[3]
LR = REPO / "assignments" / "logistic_regression"
FIXTURES = REPO / "tests" / "fixtures" / "logistic_regression"


def test_a_sealed_reply_opens_only_with_the_exact_request():
    request = oracle_request("propagate", [np.ones((2, 1)), 0.5])
    name, sealed = seal(request, b'{"status":"ok","value":1.5}')
    assert unseal({name: sealed}, request) == b'{"status":"ok","value":1.5}'
    other = oracle_request("propagate", [np.ones((2, 1)) * (1 + 1e-16) + 1e-15, 0.5])
    assert unseal({name: sealed}, other) is None
    assert b"1.5" not in sealed.encode() and b"status" not in sealed.encode()


@pytest.fixture
def round_trips(monkeypatch):
    count = {"n": 0}
    original = session_module.ChildSession._answer_oracle

    def counting(self, *args, **kwargs):
        count["n"] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(session_module.ChildSession, "_answer_oracle", counting)
    return count


def test_a_correct_optimize_gets_its_loops_answers_without_round_trips(round_trips):
    suite = load_suite(LR)
    checks = [c for c in suite.checks if c.function == "optimize"]
    recorded = [suite.reference.record(case.function, case.args) for c in checks for case in c.cases]
    calls = sum(len(r) for r in recorded)  # propagate's calls, and sigmoid's inside them
    report = grade_source(suite, read_source(FIXTURES / "correct_variants" / "course_classic.py"), checks=checks)
    assert report.score == report.max_score
    assert calls > 500 and round_trips["n"] == 0  # every call of every case is answered ahead


def test_a_wrong_optimize_asks_the_grader_and_is_judged_as_before(round_trips):
    report = grade_source(load_suite(LR), read_source(FIXTURES / "buggy" / "optimize_gradient_ascent.py"))
    lost = {t.function for t in report.tests if t.score < t.max_score}
    assert lost == {"optimize"}
    assert round_trips["n"] > 0  # its own trajectory: answers nobody could seal in advance
