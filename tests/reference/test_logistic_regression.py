"""The logistic regression reference: worked examples, gradients, data, fixtures and exercises."""

from __future__ import annotations

import ast
import contextlib
import functools
import importlib.util
import inspect
import io
import json
import re
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pytest

from reference import logistic_regression as ref

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = ROOT / "assignments" / "logistic_regression"
FIXTURES = ROOT / "tests" / "fixtures" / "logistic_regression"
FUNCTIONS = ("sigmoid", "initialize_with_zeros", "propagate", "optimize", "predict", "model")


def load_file(path: Path, name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


WE = load_file(ASSIGNMENT / "worked_examples.py", "lr_worked_examples")
RTOL = 1e-12


def close(actual, expected) -> bool:  # type: ignore[no-untyped-def]
    return np.shape(actual) == np.shape(expected) and np.allclose(actual, expected, rtol=RTOL, atol=0)


# ---------------------------------------------------------------- worked examples


def test_sigmoid_worked_values():
    assert close(ref.sigmoid(WE.SIGMOID_Z), WE.SIGMOID_S)
    assert ref.sigmoid(0.0) == 0.5


def test_propagate_worked_values():
    grads, cost = ref.propagate(WE.W, WE.B, WE.X, WE.Y)
    assert close(ref.sigmoid(WE.W.T @ WE.X + WE.B), WE.PROPAGATE_A)
    assert isinstance(cost, float) and close(cost, WE.PROPAGATE_COST)
    assert sorted(grads) == ["db", "dw"]
    assert close(grads["dw"], WE.PROPAGATE_DW)
    assert isinstance(grads["db"], float) and close(grads["db"], WE.PROPAGATE_DB)
    # the seed's 1/(2m) would give exactly half of each gradient
    assert not np.allclose(grads["dw"], WE.PROPAGATE_DW / 2)


def test_propagate_course_example():
    grads, cost = ref.propagate(WE.COURSE_W, WE.COURSE_B, WE.COURSE_X, WE.COURSE_Y)
    assert close(cost, WE.COURSE_COST)
    assert close(grads["dw"], WE.COURSE_DW)
    assert close(grads["db"], WE.COURSE_DB)


@pytest.mark.parametrize("iterations", [1, 2])
def test_optimize_worked_steps(iterations):
    params, grads, costs = ref.optimize(WE.W, WE.B, WE.X, WE.Y, num_iterations=iterations,
                                        learning_rate=WE.OPTIMIZE_LEARNING_RATE)
    w, b = ((WE.OPTIMIZE_W_AFTER_1, WE.OPTIMIZE_B_AFTER_1) if iterations == 1
            else (WE.OPTIMIZE_W_AFTER_2, WE.OPTIMIZE_B_AFTER_2))
    dw, db = ((WE.PROPAGATE_DW, WE.PROPAGATE_DB) if iterations == 1
              else (WE.OPTIMIZE_DW_AT_1, WE.OPTIMIZE_DB_AT_1))
    assert close(params["w"], w) and close(params["b"], b)
    assert close(grads["dw"], dw) and close(grads["db"], db)
    assert len(costs) == 1 and close(costs[0], WE.PROPAGATE_COST)
    assert close(ref.propagate(WE.OPTIMIZE_W_AFTER_1, WE.OPTIMIZE_B_AFTER_1, WE.X, WE.Y)[1], WE.OPTIMIZE_COST_AT_1)


def test_predict_worked_values_near_the_boundary():
    A = ref.sigmoid(WE.PREDICT_W.T @ WE.PREDICT_X + WE.PREDICT_B)
    assert close(A, WE.PREDICT_A)
    assert np.all(np.abs(A - 0.5) > 0)  # no tie: > and >= agree on every example
    prediction = ref.predict(WE.PREDICT_W, WE.PREDICT_B, WE.PREDICT_X)
    assert prediction.shape == (1, 4) and prediction.dtype == np.float64
    assert np.array_equal(prediction, WE.PREDICT_Y)


# ---------------------------------------------------------------- properties of the reference


def test_propagate_gradient_matches_central_differences():
    rng = np.random.default_rng(4)
    w, b = rng.standard_normal((4, 1)), 0.3
    X, Y = rng.standard_normal((4, 7)), np.array([[1.0, 0, 0, 1, 1, 0, 1]])
    grads, _ = ref.propagate(w, b, X, Y)
    h = 1e-6
    numeric_dw = np.zeros_like(w)
    for k in range(w.shape[0]):
        e = np.zeros_like(w)
        e[k] = h
        numeric_dw[k] = (ref.propagate(w + e, b, X, Y)[1] - ref.propagate(w - e, b, X, Y)[1]) / (2 * h)
    numeric_db = (ref.propagate(w, b + h, X, Y)[1] - ref.propagate(w, b - h, X, Y)[1]) / (2 * h)
    rel_dw = np.linalg.norm(grads["dw"] - numeric_dw) / (np.linalg.norm(grads["dw"]) + np.linalg.norm(numeric_dw))
    rel_db = abs(grads["db"] - numeric_db) / (abs(grads["db"]) + abs(numeric_db))
    assert rel_dw < 1e-7 and rel_db < 1e-7


@pytest.mark.parametrize("iterations, recorded", [(1, [0]), (100, [0]), (101, [0, 100]), (250, [0, 100, 200])])
def test_optimize_records_the_cost_every_hundred_iterations(iterations, recorded):
    rng = np.random.default_rng(5)
    X, Y = rng.standard_normal((3, 5)), np.array([[1.0, 0, 1, 0, 0]])
    w, b = np.zeros((3, 1)), 0.0
    w_before = w.copy()
    params, grads, costs = ref.optimize(w, b, X, Y, num_iterations=iterations, learning_rate=0.05)
    assert np.array_equal(w, w_before)
    assert len(costs) == len(recorded)
    for cost, i in zip(costs, recorded, strict=True):
        at_i = ref.optimize(w, b, X, Y, num_iterations=i, learning_rate=0.05)[0] if i else {"w": w, "b": b}
        assert close(cost, ref.propagate(at_i["w"], at_i["b"], X, Y)[1])
    before_last = ref.optimize(w, b, X, Y, num_iterations=iterations - 1, learning_rate=0.05)[0] \
        if iterations > 1 else {"w": w, "b": b}
    assert close(grads["dw"], ref.propagate(before_last["w"], before_last["b"], X, Y)[0]["dw"])


def test_model_returns_the_seven_keys_and_prints_only_when_asked():
    rng = np.random.default_rng(6)
    X_train, X_test = rng.standard_normal((3, 8)), rng.standard_normal((3, 4))
    Y_train, Y_test = (rng.random((1, 8)) > 0.5).astype(float), (rng.random((1, 4)) > 0.5).astype(float)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        d = ref.model(X_train, Y_train, X_test, Y_test, num_iterations=150, learning_rate=0.1)
    assert out.getvalue() == ""
    assert list(d) == ["costs", "Y_prediction_test", "Y_prediction_train", "w", "b", "learning_rate",
                       "num_iterations"]
    assert d["Y_prediction_test"].shape == (1, 4) and d["Y_prediction_train"].shape == (1, 8)
    assert d["w"].shape == (3, 1) and isinstance(d["b"], float) and len(d["costs"]) == 2
    assert d["learning_rate"] == 0.1 and d["num_iterations"] == 150
    with contextlib.redirect_stdout(out):
        ref.model(X_train, Y_train, X_test, Y_test, num_iterations=150, learning_rate=0.1, print_cost=True)
    assert "Cost after iteration 100" in out.getvalue() and "test accuracy" in out.getvalue()


def test_initialize_with_zeros_types():
    w, b = ref.initialize_with_zeros(3)
    assert w.shape == (3, 1) and w.dtype == np.float64 and not w.any()
    assert type(b) is float and b == 0.0


def test_signatures_and_call_graph_follow_the_course_api():
    params = {name: list(inspect.signature(getattr(ref, name)).parameters.values()) for name in FUNCTIONS}
    assert [(p.name, p.default) for p in params["optimize"][4:]] == [
        ("num_iterations", 100), ("learning_rate", 0.009), ("print_cost", False)]
    assert [(p.name, p.default) for p in params["model"][4:]] == [
        ("num_iterations", 2000), ("learning_rate", 0.5), ("print_cost", False)]
    tree = ast.parse(inspect.getsource(ref))
    calls = {node.name: {c.func.id for c in ast.walk(node) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)}
             for node in tree.body if isinstance(node, ast.FunctionDef)}
    assert "propagate" in calls["optimize"] and "sigmoid" in calls["propagate"] and "sigmoid" in calls["predict"]
    assert {"initialize_with_zeros", "optimize", "predict"} <= calls["model"]


# ---------------------------------------------------------------- the data


@pytest.fixture(scope="module")
def lr_utils():  # type: ignore[no-untyped-def]
    return load_file(ASSIGNMENT / "lr_utils.py", "lr_utils_under_test")


def test_load_dataset_shapes_types_and_determinism(lr_utils):
    state = np.random.get_state()[1].copy()
    first = lr_utils.load_dataset()
    assert np.array_equal(np.random.get_state()[1], state)  # the global generator is untouched
    train_x, train_y, test_x, test_y, classes = first
    assert train_x.shape == (209, 16, 16, 3) and test_x.shape == (50, 16, 16, 3)
    assert train_x.dtype == np.uint8 and test_x.dtype == np.uint8
    assert train_y.shape == (1, 209) and test_y.shape == (1, 50)
    assert set(np.unique(train_y)) == {0, 1} and set(np.unique(test_y)) == {0, 1}
    assert classes.tolist() == [b"non-cat", b"cat"] and classes[1].decode("utf-8") == "cat"
    np.random.seed(123)  # the global seed has no influence either
    for a, b in zip(first, lr_utils.load_dataset(), strict=True):
        assert np.array_equal(a, b)
    start = time.perf_counter()
    lr_utils.load_dataset()
    # about 6 ms on a 2-core VM; only a regression to something far slower (a Python loop per pixel)
    # should fail here, whatever else the machine runs: speed itself is measured in benchmarks/
    assert time.perf_counter() - start < 1.0


# ---------------------------------------------------------------- student fixtures

MANIFEST = json.loads((FIXTURES / "manifest.json").read_text())


def fresh_inputs(name: str) -> list[tuple]:
    """A few inputs per function (new arrays on every call: some variants update in place)."""
    rng = np.random.default_rng(7)
    cases: list[tuple] = []
    shapes = [(2, 3), (4, 1), (1, 5), (5, 20)]
    for n, m in shapes:
        w, b = rng.standard_normal((n, 1)), float(rng.standard_normal())
        X = rng.standard_normal((n, m))
        Y = np.zeros((1, m))
        Y[0, ::2] = 1.0
        if name == "sigmoid":
            cases.append((X,))
        elif name == "initialize_with_zeros":
            cases.append((n,))
        elif name == "propagate":
            cases.append((w, b, X, Y))
        elif name == "optimize" and m != 1:
            cases.append((w, b, X, Y, 101, 0.05))
        elif name == "predict":
            cases.append((w, b, X))
        elif name == "model" and m != 1:
            cases.append((X, Y, rng.standard_normal((n, 4)), np.array([[1.0, 0.0, 0.0, 1.0]]), 101, 0.1))
    if name == "sigmoid":
        cases.append((0.5,))
    if name == "predict":
        cases.append((WE.PREDICT_W.copy(), WE.PREDICT_B, WE.PREDICT_X.copy()))
    return cases


def same(actual, expected) -> bool:  # type: ignore[no-untyped-def]
    """The course's notion of equal outputs: scalars float or 0-d, predictions of any dtype."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and set(actual) == set(expected) and all(
            same(actual[k], expected[k]) for k in expected)
    if isinstance(expected, list | tuple):
        return isinstance(actual, list | tuple) and len(actual) == len(expected) and all(
            same(a, e) for a, e in zip(actual, expected, strict=True))
    if isinstance(expected, float | np.floating):
        if not (isinstance(actual, float | np.floating)
                or (isinstance(actual, np.ndarray) and actual.shape == () and actual.dtype.kind == "f")):
            return False
    if isinstance(expected, np.ndarray) and not isinstance(actual, np.ndarray):
        return False
    return np.shape(actual) == np.shape(expected) and np.allclose(
        np.asarray(actual, dtype=np.float64), expected, rtol=1e-9, atol=1e-12)


@functools.cache
def expected_outputs(name: str) -> list:
    return [getattr(ref, name)(*case) for case in fresh_inputs(name)]


def outputs_match(module, name: str) -> bool:  # type: ignore[no-untyped-def]
    for case, expected in zip(fresh_inputs(name), expected_outputs(name), strict=True):
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"), contextlib.redirect_stdout(io.StringIO()):
                warnings.simplefilter("ignore")
                actual = getattr(module, name)(*case)
        except Exception:
            return False
        if not same(actual, expected):
            return False
    return True


@pytest.mark.parametrize("variant", sorted(MANIFEST["correct_variants"]))
def test_correct_variants_match_the_reference(variant):
    module = load_file(FIXTURES / "correct_variants" / f"{variant}.py", f"lr_variant_{variant}")
    for name in FUNCTIONS:
        assert outputs_match(module, name), name


@pytest.mark.parametrize("bug", sorted(MANIFEST["buggy"]))
def test_each_buggy_fixture_breaks_exactly_its_declared_function(bug):
    breaks = MANIFEST["buggy"][bug]["breaks"]
    module = load_file(FIXTURES / "buggy" / f"{bug}.py", f"lr_buggy_{bug}")
    assert not outputs_match(module, breaks)
    setattr(module, breaks, getattr(ref, breaks))  # the grader substitutes the reference for a broken callee
    for name in FUNCTIONS:
        if name != breaks:
            assert outputs_match(module, name), name


def test_fixture_files_and_manifest_agree():
    on_disk = {p.stem for p in (FIXTURES / "buggy").glob("*.py")}
    assert on_disk == set(MANIFEST["buggy"]) and len(on_disk) >= 16
    variants = {p.stem for p in (FIXTURES / "correct_variants").glob("*.py")}
    assert variants == set(MANIFEST["correct_variants"]) and len(variants) >= 6
    assert {entry["breaks"] for entry in MANIFEST["buggy"].values()} == set(FUNCTIONS)


# ---------------------------------------------------------------- notebook exercises


def run_exercise(name: str, monkeypatch) -> str:  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    monkeypatch.syspath_prepend(str(ASSIGNMENT))
    monkeypatch.delitem(sys.modules, "lr_utils", raising=False)
    code = (ASSIGNMENT / "exercises" / f"{name}.py").read_text()
    out = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out):
        exec(compile(code, f"{name}.py", "exec"), {n: getattr(ref, n) for n in FUNCTIONS})
    assert time.perf_counter() - start < 5
    import matplotlib.pyplot as plt

    plt.close("all")
    return out.getvalue()


def test_train_model_exercise_reaches_what_its_introduction_promises(monkeypatch):
    intro = (ASSIGNMENT / "exercises" / "train_model.md").read_text()
    assert intro.startswith("## ") and "above 80%" in intro and "above 70%" in intro
    printed = run_exercise("train_model", monkeypatch)
    costs = [float(c) for c in re.findall(r"cost after iteration \d+: ([0-9.]+)", printed)]
    assert abs(costs[0] - np.log(2)) < 1e-4 and 0.40 < costs[-1] < 0.5
    train = float(re.search(r"train accuracy: ([0-9.]+)%", printed).group(1))
    test = float(re.search(r"test accuracy: ([0-9.]+)%", printed).group(1))
    assert train > 80 and 70 < test < 99


def test_learning_rates_exercise_reaches_what_its_introduction_promises(monkeypatch):
    intro = (ASSIGNMENT / "exercises" / "learning_rates.md").read_text()
    assert intro.startswith("## ") and "below 0.5" in intro and "above 0.6" in intro
    printed = run_exercise("learning_rates", monkeypatch)
    runs = dict(re.findall(r"learning rate ([0-9.]+): cost 0.6931 -> ([0-9.]+)", printed))
    assert list(runs) == ["0.01", "0.001", "0.0001"]
    assert float(runs["0.01"]) < 0.5 < float(runs["0.001"]) < float(runs["0.0001"]) and float(runs["0.0001"]) > 0.6
