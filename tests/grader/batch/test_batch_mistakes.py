"""A class of realistic bugs through ``grader grade``: the common mistakes grouped by diagnosis,
attempts counted apart, the score table, and every student's feedback page (in headless Chromium)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main

ROOT = Path(__file__).resolve().parents[3]
SUBMISSIONS = ROOT / "tests" / "fixtures" / "submissions"
BUGGY = sorted((SUBMISSIONS / "buggy").glob("*.py"))
CORRECT = sorted((SUBMISSIONS / "correct_variants").glob("*.py"))
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))

#: Bugs of the manifest and the diagnosis the class summary must give them.
EXPECTED = {
    "linear_backward_db_no_keepdims": ("linear_backward", "keepdims"),
    "linear_backward_dW_transposed": ("linear_backward", "transposed"),
    "linear_backward_dw_divided_twice": ("linear_backward", "factor_m"),
    "linear_backward_dA_prev_divided_by_m": ("linear_backward", "factor_m"),
    "compute_cost_divides_by_n": ("compute_cost", "factor_m"),
    "compute_cost_sign_flipped": ("compute_cost", "sign"),
    "compute_cost_unsqueezed": ("compute_cost", "scalar_expected"),
    "L_model_backward_wrong_dAL_sign": ("L_model_backward", "sign"),
    "L_model_backward_key_off_by_one": ("L_model_backward", "misplaced"),
    "linear_forward_cache_order": ("linear_forward", "misplaced"),
    "relu_backward_mutates_dA": ("relu_backward", "mutation"),
    "relu_modifies_Z_in_place": ("relu", "mutation"),
    "initialize_parameters_bias_shape": ("initialize_parameters", "keepdims"),
    "initialize_parameters_deep_skips_last_layer": ("initialize_parameters_deep", "wrong_keys"),
    "L_model_forward_skips_last_cache": ("L_model_forward", "wrong_length"),
}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("mistakes")
    subs = root / "submissions"
    subs.mkdir()
    for path in BUGGY + CORRECT[:2]:
        shutil.copy(path, subs / path.name)
    shutil.copy(ROOT / "assignments" / "deep_nn" / "deep_nn.py", subs / "unfinished.py")  # the stub
    (subs / "broken.py").write_text("def sigmoid(Z:\n", encoding="utf-8")
    out = root / "out"
    result = CliRunner().invoke(main, ["grade", "deep_nn", str(subs), "--out", str(out), "--workers", "2",
                                       "--timeout", "2"])
    assert result.exit_code == 0, result.output
    return out, json.loads((out / "summary.json").read_text(encoding="utf-8"))


def test_each_bug_is_grouped_under_its_diagnosis(graded):
    _, summary = graded
    who = {(m["function"], m["diagnosis"]): m["who"] for m in summary["mistakes"]}
    for bug, key in EXPECTED.items():
        assert bug in who.get(key, []), (bug, key)
    keepdims = next(m for m in summary["mistakes"] if (m["function"], m["diagnosis"]) == ("linear_backward", "keepdims"))
    assert keepdims["students"] == 1 and "keepdims=True" in keepdims["example"]
    assert keepdims["description"].startswith("a summed axis dropped")
    factor_m = next(m for m in summary["mistakes"] if (m["function"], m["diagnosis"]) == ("linear_backward", "factor_m"))
    assert factor_m["students"] == 2
    assert factor_m["share"] == round(2 / factor_m["defined"], 6)


def test_unfinished_and_unimportable_are_counted_apart(graded):
    _, summary = graded
    attempts = {f["function"]: f for f in summary["functions"]}
    # 39 buggy + 2 correct define every function; the stub is unfinished; broken.py does not import
    assert attempts["linear_backward"] == {"function": "linear_backward", "defined": 41, "unfinished": 1,
                                           "missing": 0, "unimportable": 1}
    assert all(m["defined"] == attempts[m["function"]]["defined"] for m in summary["mistakes"])
    assert not any(m["diagnosis"] in {"not_implemented", "import_error"} for m in summary["mistakes"])
    rates = {(c["function"], c["name"]): c for c in summary["checks"]}
    assert all(c["graded"] == attempts[c["function"]]["defined"] for c in rates.values())


def test_the_score_table_has_every_student(graded):
    out, summary = graded
    scores = {row["student"]: row for row in summary["scores"]}
    assert len(scores) == len(BUGGY) + 4
    assert scores["unfinished"]["score"] == 0 and scores[CORRECT[0].stem]["score"] == 97
    assert scores["linear_backward_db_no_keepdims"]["functions"]["linear_backward"] < 10
    html = (out / "summary.html").read_text(encoding="utf-8")
    assert 'id="mistakes"' in html and 'id="scores"' in html and "linear_backward_db_no_keepdims" in html


def test_every_student_has_a_feedback_page(graded):
    out, _ = graded
    pages = sorted(p.stem for p in (out / "feedback").iterdir())
    assert pages == sorted([p.stem for p in BUGGY + CORRECT[:2]] + ["unfinished", "broken"])
    broken = (out / "feedback" / "broken.html").read_text(encoding="utf-8")
    assert "syntax error" in broken and "broken.py" in broken


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.title = ""
        self._in_title = False
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        self.parts.append(data)
        if self._in_title:
            self.title += data

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def _dom(tmp_path: Path, page: Path) -> _Text:
    profile = tmp_path / f"profile-{page.stem}-{len(list(tmp_path.iterdir()))}"
    profile.mkdir()
    proc = subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--disable-background-networking", "--disable-component-update", "--disable-sync",
                           f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    parsed = _Text()
    parsed.feed(proc.stdout)
    return parsed


def _hidden_failure(out: Path, student: str) -> str:
    doc = json.loads((out / "results" / f"{student}.json").read_text(encoding="utf-8"))
    return next(t["message"] for t in doc["tests"] if t["visibility"] == "hidden" and t["status"] != "passed")


@pytest.mark.skipif(not CHROMIUM.is_file(), reason=f"Chromium not found at {CHROMIUM}")
def test_feedback_page_in_chromium_names_the_student_and_withholds_hidden_messages(graded, tmp_path):
    out, _ = graded
    student = "linear_backward_db_no_keepdims"
    dom = _dom(tmp_path, out / "feedback" / f"{student}.html")
    assert dom.title == f"deep_nn feedback for {student}"
    assert student in dom.text and f"{student}.py" in dom.text and "deep_nn" in dom.text
    assert "graded 20" in dom.text and "UTC" in dom.text  # the grading time
    assert "script" not in dom.tags
    hidden = " ".join(_hidden_failure(out, student).split())  # its inputs make it unlike the public ones
    assert hidden not in dom.text
    assert "The message of this hidden check is not shown" in dom.text
    assert "keepdims=True" in dom.text  # the public checks' messages are there


@pytest.mark.skipif(not CHROMIUM.is_file(), reason=f"Chromium not found at {CHROMIUM}")
def test_feedback_hidden_option_shows_hidden_messages(graded, tmp_path):
    out, _ = graded
    student = "linear_backward_db_no_keepdims"
    subs = tmp_path / "subs"
    subs.mkdir()
    shutil.copy(SUBMISSIONS / "buggy" / f"{student}.py", subs)
    again = tmp_path / "out"
    result = CliRunner().invoke(main, ["grade", "deep_nn", str(subs), "--out", str(again), "--feedback-hidden"])
    assert result.exit_code == 0, result.output
    dom = _dom(tmp_path, again / "feedback" / f"{student}.html")
    hidden = " ".join(_hidden_failure(again, student).split())
    assert hidden in dom.text
    assert "not shown" not in dom.text
