"""grader/audit/verdicts.py and render.py: fates, tallies, threshold, text and JSON."""

from __future__ import annotations

import json

import pytest

from grader.audit.mutants import Mutant
from grader.audit.render import RENDERERS, to_json
from grader.audit.verdicts import AuditReport, MutantResult, fate_of


def m(index: int, function: str, operator: str = "flip_sign") -> Mutant:
    return Mutant(index, operator, function, 10 + index, "Z = X - Y", "Z = X + Y", "")


@pytest.mark.parametrize(("lost", "fate"), [
    ((), "survived"), ((("f", 1.0),), "killed"), ((("g", 2.0),), "wrong_blame"), ((("f", 1.0), ("g", 1.0)), "killed"),
], ids=["nothing-lost", "own", "other", "cascade"])
def test_fate_of(lost, fate):
    assert fate_of("f", lost) == fate


def report(threshold: float) -> AuditReport:
    results = (MutantResult(m(0, "f"), "killed", (("f", 1.0),)),
               MutantResult(m(1, "f"), "killed", (("f", 1.0), ("g", 2.0))),
               MutantResult(m(2, "f", "in_place"), "equivalent", note="same"),
               MutantResult(m(3, "g"), "survived"),
               MutantResult(m(4, "g"), "wrong_blame", (("f", 1.0),)))
    return AuditReport("toy", threshold, results, ("f", "g", "h"), 1.5, "bwrap")


def test_tallies_per_function_and_operator():
    r = report(0.5)
    f, g, h = r.by_function()
    assert (f.mutants, f.equivalent, f.killed, f.cascades, f.kill_rate) == (3, 1, 2, 1, 1.0)
    assert (g.survived, g.wrong_blame, g.kill_rate) == (1, 1, 0.0)
    assert (h.mutants, h.kill_rate) == (0, 1.0)
    assert [t.function for t in r.by_operator()] == ["flip_sign", "in_place"]
    assert r.kill_rate == 0.5


@pytest.mark.parametrize(("threshold", "passed"), [(0.5, True), (0.95, False)])
def test_threshold_decides(threshold, passed):
    assert report(threshold).passed is passed
    assert to_json(report(threshold))["passed"] is passed


def test_text_lists_survivors_wrong_blame_and_cascades_with_diffs():
    text = RENDERERS["text"](report(0.95))
    assert "Survivors (no check lost a point): 1\n  #3 g, line 13 [flip_sign]\n    - Z = X - Y\n    + Z = X + Y" in text
    assert "#4 g, line 14 [flip_sign]: lost f -1" in text
    assert "#1 f, line 11 [flip_sign]: lost f -1, g -2" in text
    assert text.endswith("Kill rate: 50.0% (2 / 4); threshold 95.0%: FAIL\n")


def test_json_round_trips():
    doc = json.loads(RENDERERS["json"](report(0.95)))
    assert doc["total"]["killed"] == 2 and doc["kill_rate"] == 0.5
    assert [x["fate"] for x in doc["mutants"]] == ["killed", "killed", "equivalent", "survived", "wrong_blame"]
    assert doc["mutants"][1]["cascade"] == ["g"]
