"""Graded classes: methods checked on what they return and leave behind, with no cascade between methods.

The fixture ``tests/fixtures/classes/counter`` grades ``Perceptron.net_input``,
``Perceptron.predict`` and ``Perceptron.train`` of a cut-down perceptron.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from grader.course.locate import load_declaration, load_suite
from grader.grading.runner import grade_source
from grader.grading.submission import read_source
from grader.publish.stubs import render_stub

FOLDER = Path(__file__).resolve().parents[2] / "fixtures" / "classes" / "counter"

CORRECT = '''
import numpy as np


class Perceptron:
    def __init__(self, eta=0.01, epochs=50):
        self.eta = eta
        self.epochs = epochs

    def train(self, X, y):
        self.w_ = np.zeros(X.shape[1] + 1)
        self.errors_ = []
        for _ in range(self.epochs):
            mistakes = 0
            for i in range(X.shape[0]):
                delta = self.eta * (y[i] - self.predict(X[i]))
                self.w_[0] += delta
                self.w_[1:] = self.w_[1:] + delta * X[i]
                mistakes += delta != 0
            self.errors_.append(int(mistakes))
        return self

    def net_input(self, X):
        return np.dot(X, self.w_[1:]) + self.w_[0]

    def predict(self, X):
        return np.where(self.net_input(X) >= 0.0, 1.0, -1.0)
'''


def _grade(tmp_path: Path, text: str):
    path = tmp_path / "counter.py"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return grade_source(load_suite(FOLDER), read_source(path))


def _lost(report) -> dict[str, list[str]]:
    lost: dict[str, list[str]] = {}
    for t in report.tests:
        if t.score < t.max_score:
            lost.setdefault(t.function, []).append(t.message)
    return lost


def test_a_correct_class_written_differently_gets_full_marks(tmp_path):
    report = _grade(tmp_path, CORRECT)
    assert report.score == report.max_score, _lost(report)
    assert [t.function for t in report.tests][:1] == ["Perceptron.net_input"]


def test_train_that_forgets_to_return_self_loses_only_train(tmp_path):
    report = _grade(tmp_path, CORRECT.replace("        return self\n", "        return None\n"))
    lost = _lost(report)
    assert list(lost) == ["Perceptron.train"]
    assert any("the returned value should be 'self', but it is None" in m for m in lost["Perceptron.train"])


def test_a_wrong_attribute_is_named_as_the_students_attribute(tmp_path):
    report = _grade(tmp_path, CORRECT.replace("self.errors_.append(int(mistakes))", "self.errors_.append(0)"))
    lost = _lost(report)
    assert list(lost) == ["Perceptron.train"]
    assert any("self.errors_" in m for m in lost["Perceptron.train"])


def test_a_bug_in_predict_costs_only_predict_while_train_uses_the_reference(tmp_path):
    report = _grade(tmp_path, CORRECT.replace(">= 0.0, 1.0, -1.0", ">= 0.0, -1.0, 1.0"))
    assert list(_lost(report)) == ["Perceptron.predict"]


def test_a_missing_class_and_a_wrong_signature_get_clear_messages(tmp_path):
    report = _grade(tmp_path, "import numpy as np\n")
    assert report.score == 0
    assert "define the class Perceptron with the method train(self, X, y)" in report.tests[-1].message
    report = _grade(tmp_path, CORRECT.replace("def train(self, X, y):", "def train(self, X):"))
    assert "Perceptron.train(X) has the wrong signature: the assignment calls Perceptron.train(X, y)" in \
        " ".join(_lost(report)["Perceptron.train"])


def test_the_stub_writes_the_class_once_with_each_method_not_implemented():
    assignment = load_declaration(FOLDER)
    stub = render_stub(assignment.id, assignment.title, assignment.modules, assignment.function_names)
    assert stub.count("class Perceptron") == 1
    for method in ("train", "net_input", "predict"):
        assert f'raise NotImplementedError("Perceptron.{method} is not implemented yet")' in stub


@pytest.mark.parametrize("function", ["Perceptron.predict", "Perceptron.net_input"])
def test_train_substitutes_the_methods_the_reference_calls(function):
    suite = load_suite(FOLDER)
    calls = {f.name: f.calls for f in suite.functions}
    assert function in calls["Perceptron.train"]
    assert calls["Perceptron.net_input"] == ()
