"""The shallow network reference: worked values by hand, gradients, shapes, the data sets and the exercises."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import re
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from reference import shallow_nn as ref

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = ROOT / "assignments" / "shallow_nn"
RTOL = 1e-12


def load_file(path: Path, name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


WE = load_file(ASSIGNMENT / "worked_examples.py", "shallow_worked_examples")


def close(actual, expected) -> bool:  # type: ignore[no-untyped-def]
    return np.shape(actual) == np.shape(expected) and np.allclose(actual, expected, rtol=RTOL, atol=1e-15)


def random_network(seed: int, n_x: int, n_h: int, m: int):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_x, m))
    parameters = {"W1": rng.standard_normal((n_h, n_x)), "b1": rng.standard_normal((n_h, 1)),
                  "W2": rng.standard_normal((1, n_h)), "b2": rng.standard_normal((1, 1))}
    Y = (rng.uniform(size=(1, m)) < 0.5).astype(float)
    return X, Y, parameters


# ---------------------------------------------------------------- worked values on the tiny network


def test_layer_sizes_worked_values():
    assert ref.layer_sizes(WE.X, WE.Y) == WE.LAYER_SIZES
    assert ref.layer_sizes(WE.LAYER_SIZES_X, WE.LAYER_SIZES_Y) == WE.LAYER_SIZES_WIDE


def test_forward_worked_values():
    A2, cache = ref.forward_propagation(WE.X, WE.parameters())
    assert list(cache) == ["Z1", "A1", "Z2", "A2"]
    assert close(cache["Z1"], WE.Z1) and close(cache["A1"], WE.A1)
    assert close(cache["Z2"], WE.Z2) and close(A2, WE.A2) and cache["A2"] is A2


def test_cost_worked_value():
    cost = ref.compute_cost(WE.A2, WE.Y)
    assert type(cost) is float and close(cost, WE.COST)


def test_backward_worked_values():
    cache = {"Z1": WE.Z1, "A1": WE.A1, "Z2": WE.Z2, "A2": WE.A2}
    grads = ref.backward_propagation(WE.parameters(), cache, WE.X, WE.Y)
    assert list(grads) == ["dW1", "db1", "dW2", "db2"]
    assert close(grads["dW1"], WE.DW1) and close(grads["db1"], WE.DB1)
    assert close(grads["dW2"], WE.DW2) and close(grads["db2"], WE.DB2)
    assert close(WE.A2 - WE.Y, WE.DZ2)
    assert close(WE.W2.T @ WE.DZ2 * (1 - WE.A1**2), WE.DZ1)


def test_update_worked_values_with_the_default_rate():
    parameters = ref.update_parameters(WE.parameters(), WE.grads())
    assert close(parameters["W1"], WE.UPDATED_W1) and close(parameters["b1"], WE.UPDATED_B1)
    assert close(parameters["W2"], WE.UPDATED_W2) and close(parameters["b2"], WE.UPDATED_B2)


def test_predict_worked_values_near_the_boundary():
    assert np.array_equal(ref.predict(WE.parameters(), WE.X), WE.PREDICT_WORKED)
    A2, _ = ref.forward_propagation(WE.PREDICT_X, WE.PREDICT_PARAMETERS)
    assert close(A2, WE.PREDICT_A2)
    prediction = ref.predict(WE.PREDICT_PARAMETERS, WE.PREDICT_X)
    assert prediction.shape == (1, 4) and np.array_equal(prediction, WE.PREDICT_Y)
    assert not np.array_equal((A2 > 0).astype(float), WE.PREDICT_Y)  # a threshold at 0 is caught


# ---------------------------------------------------------------- gradients and shapes


@pytest.mark.parametrize("seed, n_x, n_h, m", [(0, 2, 3, 4), (1, 3, 1, 1), (2, 1, 5, 6)])
def test_backward_matches_central_differences_of_the_cost(seed, n_x, n_h, m):
    X, Y, parameters = random_network(seed, n_x, n_h, m)
    _, cache = ref.forward_propagation(X, parameters)
    grads = ref.backward_propagation(parameters, cache, X, Y)

    def cost() -> float:
        return ref.compute_cost(ref.forward_propagation(X, parameters)[0], Y)

    h = 1e-5
    for name in ("W1", "b1", "W2", "b2"):
        p = parameters[name]
        numeric = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            old = p[idx]
            p[idx] = old + h
            plus = cost()
            p[idx] = old - h
            minus = cost()
            p[idx] = old
            numeric[idx] = (plus - minus) / (2 * h)
        analytic = grads["d" + name]
        rel = np.linalg.norm(analytic - numeric) / (np.linalg.norm(analytic) + np.linalg.norm(numeric))
        assert analytic.shape == p.shape and rel < 1e-7, name


def test_shapes_biases_are_columns_not_n_by_m():
    X, Y, parameters = random_network(3, 3, 5, 7)
    np.random.seed(0)
    init = ref.initialize_parameters(3, 5, 1)
    assert {k: v.shape for k, v in init.items()} == {"W1": (5, 3), "b1": (5, 1), "W2": (1, 5), "b2": (1, 1)}
    A2, cache = ref.forward_propagation(X, parameters)
    assert A2.shape == (1, 7) and cache["Z1"].shape == cache["A1"].shape == (5, 7)
    grads = ref.backward_propagation(parameters, cache, X, Y)
    assert {k: v.shape for k, v in grads.items()} == {"dW1": (5, 3), "db1": (5, 1), "dW2": (1, 5), "db2": (1, 1)}
    assert ref.predict(parameters, X).shape == (1, 7)


def test_initialize_does_not_seed_and_draws_in_the_course_order():
    np.random.seed(3)
    first = ref.initialize_parameters(2, 4, 1)
    second = ref.initialize_parameters(2, 4, 1)
    assert not np.array_equal(first["W1"], second["W1"])  # no seed inside
    np.random.seed(3)
    W1 = np.random.randn(4, 2) * 0.01
    W2 = np.random.randn(1, 4) * 0.01
    assert np.array_equal(first["W1"], W1) and np.array_equal(first["W2"], W2)
    assert not first["b1"].any() and not first["b2"].any()


def test_nn_model_seeds_three_uses_its_n_h_and_the_default_rate():
    X, Y, _ = random_network(4, 2, 3, 9)
    np.random.seed(123)
    trained = ref.nn_model(X, Y, n_h=3, num_iterations=2)
    np.random.seed(3)
    parameters = ref.initialize_parameters(2, 3, 1)
    for _ in range(2):
        A2, cache = ref.forward_propagation(X, parameters)
        parameters = ref.update_parameters(parameters, ref.backward_propagation(parameters, cache, X, Y), 1.2)
    assert all(close(trained[k], parameters[k]) for k in parameters)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        ref.nn_model(X, Y, n_h=3, num_iterations=1001, print_cost=True)
    assert re.findall(r"Cost after iteration (\d+)", out.getvalue()) == ["0", "1000"]


def test_arguments_are_left_unchanged():
    X, Y, parameters = random_network(5, 2, 3, 4)
    before = {k: v.copy() for k, v in parameters.items()}
    A2, cache = ref.forward_propagation(X, parameters)
    grads = ref.backward_propagation(parameters, cache, X, Y)
    ref.update_parameters(parameters, grads)
    ref.predict(parameters, X)
    assert all(np.array_equal(parameters[k], before[k]) for k in before)


# ---------------------------------------------------------------- the data


@pytest.fixture(scope="module")
def planar_utils():  # type: ignore[no-untyped-def]
    return load_file(ASSIGNMENT / "planar_utils.py", "planar_utils_under_test")


def test_flower_shapes_classes_and_determinism(planar_utils):
    state = np.random.get_state()[1].copy()
    X, Y = planar_utils.load_planar_dataset()
    assert np.array_equal(np.random.get_state()[1], state)  # the global generator is untouched
    assert X.shape == (2, 400) and X.dtype == np.float64 and Y.shape == (1, 400)
    assert np.array_equal(Y[0], np.repeat([0, 1], 200))
    np.random.seed(99)
    X2, Y2 = planar_utils.load_planar_dataset()
    assert np.array_equal(X, X2) and np.array_equal(Y, Y2)
    radius = np.hypot(X[0], X[1])
    assert radius.max() < 5.5 and np.abs(radius - 4 * np.abs(np.sin(4 * np.arctan2(X[0], X[1])))).mean() < 1.0


def test_flower_matches_the_course_loader_seeded_one(planar_utils):
    np.random.seed(1)  # the course's original loader drew from the global generator after seed 1
    t0 = np.linspace(0, 3.12, 200) + np.random.randn(200) * 0.2
    r0 = 4 * np.sin(4 * t0) + np.random.randn(200) * 0.2
    X, _ = planar_utils.load_planar_dataset()
    assert np.allclose(X[:, :200], np.vstack([r0 * np.sin(t0), r0 * np.cos(t0)]), rtol=0, atol=0)


def test_extra_datasets_shapes_and_determinism(planar_utils):
    state = np.random.get_state()[1].copy()
    sets = planar_utils.load_extra_datasets()
    assert np.array_equal(np.random.get_state()[1], state)
    assert len(sets) == 5
    for X, y in sets:
        assert X.shape == (200, 2) and y.shape == (200,) and y.dtype.kind == "i"
    assert sorted(set(sets[2][1])) == [0, 1, 2, 3, 4, 5]
    for X, y in (sets[0], sets[1], sets[3]):
        assert sorted(set(y)) == [0, 1] and abs(y.mean() - 0.5) < 0.01
    for (a, b), (c, d) in zip(sets, planar_utils.load_extra_datasets(), strict=True):
        assert np.array_equal(a, c) and np.array_equal(b, d)


def test_provided_files_are_small_text():
    for path in (ASSIGNMENT / "planar_utils.py",):
        assert path.stat().st_size < 1 << 20
        path.read_text(encoding="utf-8")


# ---------------------------------------------------------------- notebook exercises


def run_exercise(name: str, monkeypatch) -> str:  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    monkeypatch.syspath_prepend(str(ASSIGNMENT))
    monkeypatch.delitem(sys.modules, "planar_utils", raising=False)
    code = (ASSIGNMENT / "exercises" / f"{name}.py").read_text()
    out = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out):
        exec(compile(code, f"{name}.py", "exec"), {n: getattr(ref, n) for n in ref.__all__})
    assert time.perf_counter() - start < 20
    import matplotlib.pyplot as plt

    plt.close("all")
    return out.getvalue()


def test_train_flower_exercise_reaches_what_its_introduction_promises(monkeypatch):
    intro = (ASSIGNMENT / "exercises" / "train_flower.md").read_text()
    assert intro.startswith("## ") and "about 90%" in intro and "about 0.22" in intro
    printed = run_exercise("train_flower", monkeypatch)
    costs = [float(c) for c in re.findall(r"Cost after iteration \d+: ([0-9.]+)", printed)]
    assert len(costs) == 10 and abs(costs[0] - np.log(2)) < 1e-3 and 0.2 < costs[-1] < 0.24
    assert float(re.search(r"accuracy: ([0-9.]+)%", printed).group(1)) == pytest.approx(90.75)


def test_hidden_sizes_exercise_reaches_what_its_introduction_promises(monkeypatch):
    intro = (ASSIGNMENT / "exercises" / "hidden_sizes.md").read_text()
    printed = run_exercise("hidden_sizes", monkeypatch)
    found = {int(n): float(a) for n, a in re.findall(r"Accuracy for (\d+) hidden units: ([0-9.]+)%", printed)}
    assert list(found) == [1, 2, 3, 4, 5, 20, 50]
    assert found[1] < 70 and found[2] < 70 and all(found[n] > 89 for n in (3, 4, 5, 20, 50))
    for n in (3, 4, 5, 20, 50):
        assert f"{n}: {found[n]:g}%" in intro
