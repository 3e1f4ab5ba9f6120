"""The perceptron reference: the seeds' worked values recomputed, Adaline's learning rates, SGD, data, exercises."""

from __future__ import annotations

import contextlib
import importlib.util
import inspect
import io
import re
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from reference import perceptron as ref

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = ROOT / "assignments" / "perceptron"
EXERCISES = ("perceptron_iris", "adaline_learning_rates", "adaline_standardized", "adaline_sgd")
GIVEN = ("Perceptron", "AdalineGD", "AdalineSGD", "standardize")


def load_file(path: Path, name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


IRIS = load_file(ASSIGNMENT / "iris.py", "perceptron_iris_under_test")
DECLARATION = load_file(ASSIGNMENT / "assignment.py", "perceptron_declaration_under_test")


@pytest.fixture(scope="module")
def setosa_versicolor():  # type: ignore[no-untyped-def]
    return IRIS.setosa_versicolor()


# ---------------------------------------------------------------- the data


def test_iris_is_the_uci_file_with_150_rows_and_three_species():
    X, species = IRIS.load_iris()
    assert X.shape == (150, 4) and X.dtype == np.float64 and species.shape == (150,)
    assert [list(species).count(s) for s in ("Iris-setosa", "Iris-versicolor", "Iris-virginica")] == [50, 50, 50]
    assert list(species[[0, 49, 50, 99, 100, 149]]) == ["Iris-setosa"] * 2 + ["Iris-versicolor"] * 2 + \
        ["Iris-virginica"] * 2
    assert X[0].tolist() == [5.1, 3.5, 1.4, 0.2] and X[149].tolist() == [5.9, 3.0, 5.1, 1.8]
    # UCI's two slips against Fisher's paper, kept as the seeds read them
    assert X[34].tolist() == [4.9, 3.1, 1.5, 0.1] and X[37].tolist() == [4.9, 3.1, 1.5, 0.1]
    assert np.allclose(X.mean(axis=0), [5.8433, 3.0540, 3.7587, 1.1987], atol=1e-4)
    assert (ASSIGNMENT / "iris.py").stat().st_size < 10_000


def test_the_seeds_selection(setosa_versicolor):
    X, y = setosa_versicolor
    assert X.shape == (100, 2) and y.shape == (100,)
    assert y.tolist() == [-1] * 50 + [1] * 50
    assert X[0].tolist() == [5.1, 1.4] and X[99].tolist() == [5.7, 4.1]


# ---------------------------------------------------------------- the seeds' worked values, recomputed


def test_the_perceptron_on_iris_converges_after_the_sixth_epoch(setosa_versicolor):
    X, y = setosa_versicolor
    ppn = ref.Perceptron(eta=0.1, epochs=10)
    assert ppn.train(X, y) is ppn
    assert np.allclose(ppn.w_, [-0.4, -0.68, 1.82], rtol=0, atol=1e-12)
    assert ppn.errors_ == [2, 2, 3, 2, 1, 0, 0, 0, 0, 0] and all(type(e) is int for e in ppn.errors_)
    assert np.array_equal(ppn.predict(X), y)
    assert np.allclose(DECLARATION.X_IRIS, X) and np.array_equal(DECLARATION.Y_IRIS, y)


def test_adaline_learning_rates_on_raw_features_diverge_or_crawl(setosa_versicolor):
    X, y = setosa_versicolor
    large = ref.AdalineGD(alpha=0.01, epochs=10).train(X, y)
    small = ref.AdalineGD(alpha=0.0001, epochs=10).train(X, y)
    assert large.cost_[0] == small.cost_[0] == 50.0  # w = 0: half of 100 squared errors of 1
    assert np.all(np.diff(large.cost_) > 0) and 7e28 < large.cost_[-1] < 9e28
    assert np.all(np.diff(small.cost_) < 0) and 40 < small.cost_[-1] < 41
    assert np.allclose(small.cost_, DECLARATION.IRIS_GD_COST, rtol=1e-9)


def test_standardized_features_converge_with_the_rate_that_diverged(setosa_versicolor):
    X, y = setosa_versicolor
    X_std = ref.standardize(X)
    ada = ref.AdalineGD(alpha=0.01, epochs=15).train(X_std, y)
    assert np.all(np.diff(ada.cost_) < 0) and 2.5 < ada.cost_[-1] < 2.6
    assert np.array_equal(ada.predict(X_std), y)
    # the seeds' slip: AdalineGD has no parameter eta
    with pytest.raises(TypeError):
        ref.AdalineGD(epochs=15, eta=0.01)  # type: ignore[call-arg]


def test_sgd_starts_lower_and_ends_near_batch_gradient_descent(setosa_versicolor):
    X, y = setosa_versicolor
    X_std = ref.standardize(X)
    sgd = ref.AdalineSGD(alpha=0.01, epochs=15).train(X_std, y)
    gd = ref.AdalineGD(alpha=0.01, epochs=15).train(X_std, y)
    assert 8.5 < sgd.cost_[0] < 8.7 and abs(sgd.cost_[-1] - gd.cost_[-1]) < 0.1
    assert np.all(np.diff(sgd.cost_) < 0)
    assert np.array_equal(sgd.predict(X_std), y)


# ---------------------------------------------------------------- the worked examples of the declaration


def test_hand_worked_examples_match_the_reference():
    D = DECLARATION
    assert np.allclose(ref.Perceptron().__class__.net_input(_with(ref.Perceptron, D.STATE), D.X_BOUNDARY),
                       D.Z_BOUNDARY, rtol=0, atol=0)
    assert np.array_equal(_with(ref.Perceptron, D.STATE).predict(D.X_BOUNDARY), D.LABELS_BOUNDARY)
    ppn = ref.Perceptron(0.5, 2).train(D.X_PPN, D.Y_PPN)
    assert np.array_equal(ppn.w_, [-1.0, 1.0, 0.5]) and ppn.errors_ == [1, 0]
    gd = ref.AdalineGD(0.1, 2).train(D.X_ADA, D.Y_ADA)
    assert np.allclose(gd.w_, [0.13, 0.34, -0.04], rtol=1e-12) and np.allclose(gd.cost_, [1.5, 1.095], rtol=1e-12)
    sgd = ref.AdalineSGD(0.1, 1).train(D.X_ADA, D.Y_ADA)
    assert np.allclose(sgd.w_, [0.092, 0.202, -0.008], rtol=1e-12) and np.allclose(sgd.cost_, [1.091644])
    assert np.allclose(ref.standardize(D.X_STD_IN), D.X_STD_OUT, rtol=1e-12)


def _with(cls, state):  # type: ignore[no-untyped-def]
    obj = object.__new__(cls)
    for key, value in state.items():
        setattr(obj, key, np.copy(value) if isinstance(value, np.ndarray) else value)
    return obj


# ---------------------------------------------------------------- behaviour the checks rely on


def test_sgd_continues_from_its_weights_when_not_reinitialized():
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((8, 3)), np.where(rng.standard_normal(8) > 0, 1, -1)
    once = ref.AdalineSGD(alpha=0.05, epochs=6).train(X, y)
    twice = ref.AdalineSGD(alpha=0.05, epochs=3).train(X, y)
    w_after_3 = twice.w_.copy()
    assert twice.train(X, y, reinitialize_weights=False) is twice
    assert np.allclose(twice.w_, once.w_, rtol=1e-12) and np.allclose(twice.cost_, once.cost_, rtol=1e-12)
    assert len(twice.cost_) == 6 and not np.allclose(twice.w_, w_after_3)
    again = twice.train(X, y)  # reinitialize_weights defaults to True: from zeros, cost_ reset
    assert np.allclose(again.w_, ref.AdalineSGD(alpha=0.05, epochs=3).train(X, y).w_) and len(again.cost_) == 3


def test_sgd_does_not_shuffle_and_draws_no_random_numbers():
    rng = np.random.default_rng(4)
    X, y = rng.standard_normal((6, 2)), np.array([1, -1, 1, 1, -1, -1])
    state = np.random.get_state()[1].copy()
    first = ref.AdalineSGD(alpha=0.1, epochs=2).train(X, y).w_
    assert np.array_equal(np.random.get_state()[1], state)
    assert not np.allclose(first, ref.AdalineSGD(alpha=0.1, epochs=2).train(X[::-1], y[::-1]).w_)


def test_standardize_uses_ddof_0_and_returns_a_new_array():
    X = np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 60.0]])
    before = X.copy()
    X_std = ref.standardize(X)
    assert X_std is not X and np.array_equal(X, before)
    assert np.allclose(X_std.mean(axis=0), 0, atol=1e-15) and np.allclose(X_std.std(axis=0), 1, rtol=1e-12)
    assert not np.allclose(X_std.std(axis=0, ddof=1), 1)


def test_predict_breaks_ties_towards_1_and_accepts_one_sample():
    for cls in (ref.Perceptron, ref.AdalineGD, ref.AdalineSGD):
        obj = _with(cls, {"w_": np.array([-1.0, 0.5, 0.25])})
        assert obj.predict(np.array([2.0, 0.0])) == 1
        assert obj.predict(np.array([[0.0, 0.0]])).tolist() == [-1]
        assert obj.net_input(np.zeros((4, 2))).shape == (4,)


def test_signatures_follow_the_course_api():
    assert [(p.name, p.default) for p in inspect.signature(ref.Perceptron).parameters.values()] == [
        ("eta", 0.01), ("epochs", 50)]
    for cls in (ref.AdalineGD, ref.AdalineSGD):
        assert [(p.name, p.default) for p in inspect.signature(cls).parameters.values()] == [
            ("alpha", 0.01), ("epochs", 50)]
    assert list(inspect.signature(ref.AdalineSGD.train).parameters) == ["self", "X", "y", "reinitialize_weights"]
    assert inspect.signature(ref.AdalineSGD.train).parameters["reinitialize_weights"].default is True
    for cls in (ref.Perceptron, ref.AdalineGD, ref.AdalineSGD):
        assert [e for e in ("w_", "errors_", "cost_") if f"{e} :" in (cls.__doc__ or "")]


# ---------------------------------------------------------------- notebook exercises


def run_exercise(name: str, monkeypatch) -> str:  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    monkeypatch.syspath_prepend(str(ASSIGNMENT))
    monkeypatch.delitem(sys.modules, "iris", raising=False)
    code = (ASSIGNMENT / "exercises" / f"{name}.py").read_text()
    out = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out):
        exec(compile(code, f"{name}.py", "exec"), {n: getattr(ref, n) for n in GIVEN})
    assert time.perf_counter() - start < 20
    import matplotlib.pyplot as plt

    plt.close("all")
    return out.getvalue()


def test_every_exercise_has_an_introduction_and_uses_only_the_students_names():
    for name in EXERCISES:
        intro = (ASSIGNMENT / "exercises" / f"{name}.md").read_text()
        assert intro.startswith("## ") and "not graded" in intro
    assert {e.id for e in DECLARATION.ASSIGNMENT.exercises} == set(EXERCISES)


def test_perceptron_exercise_prints_the_seeds_weights_and_errors(monkeypatch):
    printed = run_exercise("perceptron_iris", monkeypatch)
    assert "Weights: [-0.4  -0.68  1.82]" in printed
    assert "Misclassifications per epoch: [2, 2, 3, 2, 1, 0, 0, 0, 0, 0]" in printed


def test_learning_rates_exercise_shows_divergence_and_a_slow_descent(monkeypatch):
    printed = run_exercise("adaline_learning_rates", monkeypatch)
    large = re.search(r"alpha 0.01: cost ([0-9.e+]+) -> ([0-9.e+]+)", printed)
    small = re.search(r"alpha 0.0001: cost ([0-9.e+]+) -> ([0-9.e+]+)", printed)
    assert float(large.group(1)) == 50 and float(large.group(2)) > 1e28
    assert float(small.group(1)) == 50 and 40 < float(small.group(2)) < 41


def test_standardized_exercise_converges(monkeypatch):
    printed = run_exercise("adaline_standardized", monkeypatch)
    assert re.search(r"cost 50 -> 2\.5\d*, 0 misclassified", printed), printed


def test_sgd_exercise_compares_with_gd_and_continues(monkeypatch):
    printed = run_exercise("adaline_sgd", monkeypatch)
    assert re.search(r"SGD: cost 8\.6\d* -> 2\.5\d*; GD: cost 50 -> 2\.5\d*", printed), printed
    assert "5 more epochs: 20 costs" in printed
