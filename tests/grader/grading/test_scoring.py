"""grader/grading/scoring.py: structural points need a passing value check."""

from __future__ import annotations

from grader.grading.results import CheckResult
from grader.grading.scoring import gate_structural


def r(function, kind, status, points=1.0):
    return CheckResult(f"{kind}", function, kind, status, points if status == "passed" else 0.0, points)


def test_shape_points_need_a_passing_value_check():
    results = [r("f", "shape", "passed"), r("f", "reference", "failed"), r("f", "property", "passed")]
    gated = gate_structural(results)
    assert [g.status for g in gated] == ["failed", "failed", "failed"]
    assert sum(g.score for g in gated) == 0
    assert "none of f's value checks pass" in gated[0].message


def test_shape_points_stay_when_any_value_check_passes():
    results = [r("f", "shape", "passed"), r("f", "gradient", "failed"), r("f", "known_value", "passed"),
               r("g", "shape", "passed"), r("g", "reference", "failed")]
    gated = gate_structural(results)
    assert [g.score for g in gated] == [1.0, 0.0, 1.0, 0.0, 0.0]


def test_functions_without_value_checks_are_left_alone():
    results = [r("h", "shape", "passed")]
    assert gate_structural(results) == results
