"""grader/batch/similar.py: ``grader grade`` lists unusually similar submissions as leads in its summary."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from grader.batch.run import run_batch
from grader.execution.interface import Limits

REPO = Path(__file__).resolve().parents[3]
VARIANTS = REPO / "tests" / "fixtures" / "submissions" / "correct_variants"
FAST = Limits(call_seconds=5, import_seconds=10)


def test_a_renamed_copy_is_listed_and_independent_solutions_are_not(tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir()
    for name in ("matmul", "einsum_loops", "stable_sigmoid", "at_operator", "mean_where"):
        shutil.copy(VARIANTS / f"{name}.py", subs / f"{name}.py")
    copied = (VARIANTS / "matmul.py").read_text()
    (subs / "zed.py").write_text(re.sub(r"\bgrads\b", "gradients", copied).replace("    ", "  "))
    summary = run_batch(REPO / "assignments" / "deep_nn", subs, out, limits=FAST)
    assert all(r.score == r.max_score for r in summary.results)  # similarity never changes a score
    doc = json.loads((out / "summary.json").read_text())["similarity"]
    assert [(p["student_a"], p["student_b"]) for p in doc["pairs"]] == [("matmul", "zed")]
    assert "not findings of copying" in doc["note"]
    html = (out / "summary.html").read_text()
    assert "Similar code" in html and "<strong class=\"mono\">zed</strong>" in html
    assert "matmul and zed" in (out / "similarity.txt").read_text()
