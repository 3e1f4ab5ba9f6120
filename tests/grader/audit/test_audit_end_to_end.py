"""grader audit end to end: a tiny assignment's weak check lets mutants survive; deep_nn meets its threshold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.audit import audit_folder
from grader.cli import main

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "audit"
ASSIGNMENTS = Path(__file__).resolve().parents[3] / "assignments"


@pytest.fixture(scope="module")
def tiny_report():
    return audit_folder(FIXTURES / "tiny")


def test_weak_check_lets_mutants_survive_and_reports_their_diffs(tiny_report):
    center, cost = tiny_report.by_function()
    assert (center.function, cost.function) == ("center", "mean_cost")
    assert cost.killed == 0 and cost.survived == cost.graded > 0
    survivors = {(r.mutant.function, r.mutant.original, r.mutant.mutated) for r in tiny_report.of_fate("survived")}
    assert ("mean_cost", "cost = float(np.sum((A - Y) ** 2) / m)", "cost = float(np.sum((A - Y) ** 2) / (2 * m))") \
        in survivors
    assert ("center", "Xc = X - mu", "X -= mu; Xc = X") in survivors  # no check of center looks at its argument
    assert center.killed == center.graded - 1


def test_same_mutants_in_the_same_order(tiny_report):
    again = audit_folder(FIXTURES / "tiny")
    assert [(r.mutant, r.fate) for r in again.results] == [(r.mutant, r.fate) for r in tiny_report.results]


@pytest.mark.parametrize(("threshold_args", "code"), [((), 1), (("--function", "center"), 0),
                                                      (("--function", "mean_cost"), 1),
                                                      (("--operator", "drop_keepdims"), 0)],
                         ids=["all-below", "center-above", "mean_cost-below", "keepdims-killed"])
def test_exit_code_follows_the_threshold(monkeypatch, threshold_args, code):
    monkeypatch.setenv("GRADER_ASSIGNMENTS", str(FIXTURES))
    result = CliRunner().invoke(main, ["audit", "tiny", "--format", "json", *threshold_args])
    assert result.exit_code == code, result.output
    doc = json.loads(result.output)
    assert doc["threshold"] == 0.5 and doc["passed"] is (code == 0)


def test_unknown_function_or_operator_is_a_usage_error(monkeypatch):
    monkeypatch.setenv("GRADER_ASSIGNMENTS", str(FIXTURES))
    assert CliRunner().invoke(main, ["audit", "tiny", "--function", "nope"]).exit_code == 2
    assert CliRunner().invoke(main, ["audit", "tiny", "--operator", "nope"]).exit_code == 2


def test_parallel_jobs_give_the_same_report(tiny_report):
    parallel = audit_folder(FIXTURES / "tiny", jobs=2)
    assert [(r.mutant, r.fate, r.lost) for r in parallel.results] == \
        [(r.mutant, r.fate, r.lost) for r in tiny_report.results]


@pytest.mark.slow
@pytest.mark.parametrize("assignment", sorted(p.parent.name for p in ASSIGNMENTS.glob("*/assignment.py")))
def test_every_assignment_meets_its_audit_threshold(assignment):
    """CI fails when an assignment's checks kill fewer mutants than it declares they must."""
    report = audit_folder(ASSIGNMENTS / assignment, jobs=2)
    survivors = [f"{r.mutant.function}: {r.mutant.original} -> {r.mutant.mutated}"
                 for r in report.of_fate("survived", "wrong_blame")]
    assert report.passed, f"kill rate {report.kill_rate:.3f} < {report.threshold}: {survivors}"
