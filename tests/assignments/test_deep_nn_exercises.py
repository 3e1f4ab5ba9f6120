"""The ungraded exercises of deep_nn do what their introductions promise, with the reference."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import matplotlib
import numpy as np
import pytest

from grader.course.locate import load_declaration
from grader.course.model import Exercise

DEEP_NN = Path(__file__).resolve().parents[2] / "assignments" / "deep_nn"


@pytest.fixture(scope="module")
def assignment():
    return load_declaration(DEEP_NN)


def run_exercise(exercise: Exercise, functions: dict) -> str:
    """Run the exercise cell with ``functions`` defined, as the earlier cells would; its stdout."""
    matplotlib.use("Agg")
    out = io.StringIO()
    with contextlib.redirect_stdout(out), np.errstate(all="ignore"):
        exec(compile(exercise.code, f"{exercise.id}.py", "exec"), {"np": np, **functions})
    return out.getvalue()


def accuracy(printed: str) -> float:
    return float(re.search(r"training accuracy: ([0-9.]+)%", printed).group(1))


def test_every_exercise_has_an_introduction_and_code(assignment):
    assert [e.id for e in assignment.exercises] == ["train_model"]
    for exercise in assignment.exercises:
        assert exercise.markdown.startswith("## ") and exercise.code.strip()


def test_training_reaches_what_the_introduction_promises(assignment):
    exercise = next(e for e in assignment.exercises if e.id == "train_model")
    printed = run_exercise(exercise, assignment.reference.functions)
    costs = [float(c) for c in re.findall(r"cost after iteration \d+: ([0-9.]+)", printed)]
    # the introduction says: "the cost falls from about 0.6 to below 0.1 and the training accuracy passes 95%"
    assert "from about 0.6 to below 0.1" in exercise.markdown and "passes 95%" in exercise.markdown
    assert 0.55 < costs[0] < 0.75 and costs[-1] < 0.1
    assert accuracy(printed) > 95


def test_training_with_a_broken_update_does_not_learn(assignment):
    exercise = next(e for e in assignment.exercises if e.id == "train_model")
    functions = dict(assignment.reference.functions)
    update = functions["update_parameters"]
    functions["update_parameters"] = lambda p, g, lr: update(p, {k: -v for k, v in g.items()}, lr)  # ascent
    assert accuracy(run_exercise(exercise, functions)) < 95
