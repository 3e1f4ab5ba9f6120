"""Every fixture submission of ``perceptron`` graded by the grader itself, with one launcher.

Correct variants (``tests/fixtures/perceptron/correct_variants``) get full marks; each buggy fixture
loses points on exactly the method or function its manifest entry says it breaks, and on nothing
else. Bad input (a missing class, a method with the wrong signature, ``train`` returning None, data
read in the wrong orientation) gets a message that says what to fix.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from grader.course.locate import load_suite
from grader.execution.sandbox import own_user_launcher
from grader.grading.runner import grade_source
from grader.grading.submission import read_source

pytestmark = pytest.mark.slow  # about 30 submissions of 12 graded methods: over a minute

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "assignments" / "perceptron"
FIXTURES = ROOT / "tests" / "fixtures" / "perceptron"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))
CORRECT = sorted(MANIFEST["correct_variants"])
BUGGY = sorted(MANIFEST["buggy"])
CLASSIC = (FIXTURES / "correct_variants" / "course_classic.py").read_text(encoding="utf-8")


def _lost(report) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    lost: dict[str, list[str]] = {}
    for t in report.tests:
        if t.score < t.max_score:
            lost.setdefault(t.function, []).append(f"{t.name}: {t.message}")
    return lost


@pytest.fixture(scope="module")
def suite():  # type: ignore[no-untyped-def]
    return load_suite(FOLDER)


@pytest.fixture(scope="module")
def reports(suite):  # type: ignore[no-untyped-def]
    """Every fixture graded once, one after the other, through one launcher (it serves one caller at a time)."""
    launcher = own_user_launcher()
    paths = {name: FIXTURES / "correct_variants" / f"{name}.py" for name in CORRECT}
    paths |= {name: FIXTURES / "buggy" / f"{name}.py" for name in BUGGY}
    return {name: grade_source(suite, read_source(path), launcher) for name, path in paths.items()}


def _grade_text(suite, tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "perceptron.py"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return grade_source(suite, read_source(path), own_user_launcher())


def test_the_fixtures_and_the_manifest_agree(suite):
    assert {p.stem for p in (FIXTURES / "buggy").glob("*.py")} == set(BUGGY) and len(BUGGY) >= 15
    assert {p.stem for p in (FIXTURES / "correct_variants").glob("*.py")} == set(CORRECT) and len(CORRECT) >= 5
    graded = {f.name for f in suite.functions}
    breaks = {entry["breaks"] for entry in MANIFEST["buggy"].values()}
    assert breaks <= graded
    assert {"Perceptron.train", "AdalineGD.train", "AdalineSGD.train", "standardize"} <= breaks


@pytest.mark.parametrize("variant", CORRECT)
def test_a_correct_variant_gets_full_marks(reports, variant):
    report = reports[variant]
    assert report.score == report.max_score, _lost(report)


@pytest.mark.parametrize("bug", BUGGY)
def test_a_buggy_submission_loses_points_on_exactly_its_method(reports, bug):
    lost = _lost(reports[bug])
    assert list(lost) == [MANIFEST["buggy"][bug]["breaks"]], lost


def test_train_returning_none_is_named(reports):
    messages = " ".join(_lost(reports["perceptron_train_returns_none"])["Perceptron.train"])
    assert "the returned value should be 'self', but it is None" in messages


def test_data_read_in_the_wrong_orientation_shows_in_the_shape_of_w(reports):
    messages = _lost(reports["perceptron_columns_as_samples"])["Perceptron.train"]
    shape = next(m for m in messages if m.startswith("shape:"))
    assert "self.w_ has shape (6,) but expected (3,)" in shape and "m=5, n_features=2" in shape


def test_continuing_training_is_checked_in_public(reports):
    for bug in ("adalinesgd_always_reinitializes", "adalinesgd_resets_cost"):
        lost = _lost(reports[bug])["AdalineSGD.train"]
        assert any(m.startswith("continues from its weights:") for m in lost), lost


def test_a_missing_class_costs_its_methods_only_with_a_clear_message(suite, tmp_path):
    text = CLASSIC[:CLASSIC.index("class AdalineSGD")] + CLASSIC[CLASSIC.index("def standardize"):]
    report = _grade_text(suite, tmp_path, text)
    lost = _lost(report)
    assert sorted(lost) == ["AdalineSGD.activation", "AdalineSGD.net_input", "AdalineSGD.predict",
                            "AdalineSGD.train"]
    assert any("define the class AdalineSGD with the method train(self, X, y, reinitialize_weights)" in m
               for m in lost["AdalineSGD.train"]), lost


def test_a_method_with_the_wrong_signature_gets_a_clear_message(suite, tmp_path):
    text = CLASSIC.replace("def train(self, X, y, reinitialize_weights=True):", "def train(self, X, y):")
    text = text.replace("        if reinitialize_weights:\n", "        if True:\n")
    report = _grade_text(suite, tmp_path, text)
    lost = _lost(report)
    assert list(lost) == ["AdalineSGD.train"]
    assert any("AdalineSGD.train(X, y) has the wrong signature" in m for m in lost["AdalineSGD.train"]), lost


def test_the_audit_kills_its_mutants_in_every_method():
    from grader.audit.run import audit_folder

    report = audit_folder(FOLDER)
    assert report.passed, report.kill_rate
    mutated = {t.function for t in report.by_function() if t.mutants}
    assert {"Perceptron.train", "AdalineGD.train", "AdalineSGD.train", "Perceptron.predict", "standardize"} <= mutated
    assert all(t.cascades == 0 for t in report.by_function())  # a planted fault costs only its own method
