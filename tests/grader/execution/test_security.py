"""Student code runs in another process and cannot forge its score.

Each adversarial fixture in tests/fixtures/adversarial/ tries one way to
cheat or to break the grader; see its manifest.json for what it does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from grader.course.model import TOGETHER
from grader.execution.interface import Limits
from grader.execution.local import LocalLauncher
from grader.execution.session import ChildSession
from grader.grading.runner import grade_submission

ADV = Path(__file__).resolve().parents[2] / "fixtures" / "adversarial"
FAST = Limits(call_seconds=1.5, import_seconds=3)


def statuses(report) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for t in report.tests:
        out.setdefault(t.function, set()).add(t.status)
    return out


def write(tmp_path: Path, code: str) -> Path:
    path = tmp_path / "submission.py"
    path.write_text(textwrap.dedent(code), encoding="utf-8")
    return path


def test_student_code_runs_in_another_process(tmp_path):
    path = write(tmp_path, """
        import os, sys
        def where():
            return [os.getpid(), os.getppid(), sorted(m for m in sys.modules if m.split('.')[0] in ('grader', 'reference'))]
    """)
    with ChildSession(path, LocalLauncher(), FAST) as session:
        outcome = session.call("where", [])
    assert outcome.status == "ok"
    pid, ppid, modules = outcome.value
    assert pid != os.getpid() and ppid == os.getpid()
    assert modules == [], "neither the grader nor the reference is loaded in the child"


def test_child_cannot_import_the_reference_or_the_grader(tmp_path):
    path = write(tmp_path, """
        def probe():
            found = []
            for name in ("reference", "reference.deep_nn", "grader", "grader.course.model"):
                try:
                    __import__(name)
                    found.append(name)
                except ImportError:
                    pass
            return found
    """)
    with ChildSession(path, LocalLauncher(), FAST) as session:
        assert session.call("probe", []).value == []


@pytest.mark.parametrize("name", ["patch_numpy_allclose", "equals_anything", "print_fake_results",
                                  "patch_builtins"])
def test_faked_comparisons_score_nothing(deep_nn_suite, name):
    report = grade_submission(deep_nn_suite, ADV / f"{name}.py", limits=FAST)
    assert report.score == 0
    assert all(t.status in ("failed", "error") for t in report.tests)


def test_exiting_early_is_an_error_for_each_function_and_grading_goes_on(deep_nn_suite):
    report = grade_submission(deep_nn_suite, ADV / "exit_early.py", limits=FAST)
    assert report.score == 0
    assert set().union(*statuses(report).values()) == {"error"}
    assert len(statuses(report)) == 15  # 14 functions and the whole-module check
    messages = " ".join(t.message for t in report.tests)
    assert "SystemExit" in messages and "exited" in messages


def test_printed_fake_results_do_not_reach_the_cli_output(solution_file):
    proc = subprocess.run(
        [sys.executable, "-m", "grader.cli", "check", "deep_nn", "--submission",
         str(ADV / "print_fake_results.py"), "--format", "json", "--timeout", "2"],
        capture_output=True, text=True, timeout=120,
    )
    doc = json.loads(proc.stdout)  # the whole stdout is the grader's JSON, nothing else
    assert doc["score"] == 0 and proc.returncode == 1
    assert "PASSED" not in proc.stdout


def test_infinite_loop_costs_only_that_function(deep_nn_suite):
    report = grade_submission(deep_nn_suite, ADV / "infinite_loop.py", limits=FAST)
    lost = {fn for fn, (s, m) in report.function_scores().items() if s < m}
    assert lost == {"relu"}
    relu = [t for t in report.tests if t.function == "relu"]
    # the reference's relu takes microseconds, and the loop spins: stopped at the CPU budget's floor
    assert relu[0].status == "error" and "was stopped after spending" in relu[0].message
    assert "100 times the CPU time the reference takes on these inputs (and at least 0.03 s)" in relu[0].message
    assert relu[0].diagnosis == "timeout"


def test_a_hang_is_not_waited_for_again_by_the_whole_module_check(deep_nn_suite):
    report = grade_submission(deep_nn_suite, ADV / "infinite_loop.py", limits=FAST)
    together = [t for t in report.tests if t.function == TOGETHER]
    assert together and all(t.status == "error" and t.diagnosis == "timeout" for t in together)
    assert "your relu did not return in time in its own checks" in together[0].message
    assert report.meta["seconds"] < 1.5  # one budget of 0.1 s, not one per check


def test_a_budget_never_exceeds_the_time_limit():
    from grader.execution.budget import BUDGET_FLOOR, budget_of
    assert budget_of(None) is None
    assert budget_of(1e-6) == BUDGET_FLOOR
    assert budget_of(0.5) == 50.0  # the session caps it at Limits.call_seconds


def test_ignoring_signals_does_not_escape_the_time_limit(deep_nn_suite):
    report = grade_submission(deep_nn_suite, ADV / "disable_alarm.py", limits=FAST)
    lost = {fn for fn, (s, m) in report.function_scores().items() if s < m}
    assert lost == {"relu"}


def test_infinite_loop_at_import_times_out(deep_nn_suite):
    report = grade_submission(deep_nn_suite, ADV / "infinite_loop_at_import.py", limits=FAST)
    assert report.score == 0
    assert "importing your file took longer than 3 s" in report.tests[0].message


def test_syntax_error_names_the_line(deep_nn_suite):
    report = grade_submission(deep_nn_suite, ADV / "syntax_error.py", limits=FAST)
    assert report.score == 0
    line = json.loads((ADV / "manifest.json").read_text())["syntax_error"].split("line ")[1].split()[0]
    assert f"syntax error at line {line}" in report.tests[0].message
    assert {t.status for t in report.tests} == {"error"}


def test_import_error_is_reported_once_per_check(deep_nn_suite):
    report = grade_submission(deep_nn_suite, ADV / "raises_in_import.py", limits=FAST)
    assert report.score == 0
    assert "importing your file raised KeyError" in report.tests[0].message


def test_missing_function_costs_only_that_function(deep_nn_suite):
    report = grade_submission(deep_nn_suite, ADV / "missing_function.py", limits=FAST)
    lost = {fn for fn, (s, m) in report.function_scores().items() if s < m}
    assert lost == {"L_model_backward"}
    assert "L_model_backward is not defined in your file" in [
        t for t in report.tests if t.function == "L_model_backward"][0].message


def test_wrong_signature_is_explained(deep_nn_suite):
    report = grade_submission(deep_nn_suite, ADV / "wrong_signature.py", limits=FAST)
    lost = {fn for fn, (s, m) in report.function_scores().items() if s < m}
    assert lost == {"linear_forward", "update_parameters"}
    msg = [t for t in report.tests if t.function == "linear_forward"][0].message
    assert msg == ("linear_forward(A, W) has the wrong signature: the assignment calls "
                   "linear_forward(A, W, b).")


def test_flooding_output_does_not_block_grading(deep_nn_suite):
    report = grade_submission(deep_nn_suite, ADV / "floods_output.py", limits=Limits(call_seconds=5))
    assert report.score == report.max_score


def test_unfilled_stub_scores_zero(deep_nn_suite):
    report = grade_submission(deep_nn_suite, ADV / "unfilled_stub.py", limits=FAST)
    assert report.score == 0 and all("not implemented" in t.message for t in report.tests)
