"""The regularization reference: hand-worked values, central differences, the seeded masks, the
inverted-dropout property, the provided module and the exercise (values recomputed independently)."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import numpy as np
import pytest

from reference import regularization as ref

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = ROOT / "assignments" / "regularization"


def load_file(path: Path, name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


WE = load_file(ASSIGNMENT / "worked_examples.py", "reg_worked_examples")
U = load_file(ASSIGNMENT / "reg_utils.py", "reg_utils_for_tests")


def params(seed, dims=(3, 4, 2, 1)):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    p = {}
    for l in range(1, 4):
        p[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1]))
        p[f"b{l}"] = rng.standard_normal((dims[l], 1))
    return p


def test_worked_cost_by_hand():
    cross = -(math.log(0.8) + math.log(0.9) + math.log(0.6)) / 3
    assert math.isclose(cross, WE.COST_NO_PENALTY, rel_tol=1e-15)
    assert math.isclose(cross + 0.1 / 6 * 15.5, WE.COST, rel_tol=1e-15)
    assert math.isclose(ref.compute_cost_with_regularization(WE.COST_A3, WE.COST_Y, WE.COST_PARAMETERS, 0.1), WE.COST,
                        rel_tol=1e-12)
    assert isinstance(ref.compute_cost_with_regularization(WE.COST_A3, WE.COST_Y, WE.COST_PARAMETERS, 0.1), float)


def test_worked_backward_by_hand():
    g = ref.backward_propagation_with_regularization(WE.BACKWARD_X, WE.BACKWARD_Y, WE.BACKWARD_CACHE, 0.4)
    for l, (dW, db) in enumerate(zip(WE.BACKWARD_DW, WE.BACKWARD_DB, strict=True), 1):
        assert np.allclose(g[f"dW{l}"], dW, rtol=1e-12, atol=0) and np.allclose(g[f"db{l}"], db, rtol=1e-12, atol=0)


def test_the_cost_equals_reg_utils_cost_plus_the_penalty():
    p = params(0)
    A3 = np.random.default_rng(1).uniform(0.1, 0.9, (1, 5))
    Y = np.array([[1.0, 0, 1, 1, 0]])
    penalty = 2.5 / 10 * sum(float((p[k] ** 2).sum()) for k in ("W1", "W2", "W3"))
    assert math.isclose(ref.compute_cost_with_regularization(A3, Y, p, 2.5), U.compute_cost(A3, Y) + penalty,
                        rel_tol=1e-12)


def numeric(f, x, h=1e-6):  # type: ignore[no-untyped-def]
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        fp = f()
        x[i] = old - h
        fm = f()
        x[i] = old
        g[i] = (fp - fm) / (2 * h)
    return g


def test_regularized_backward_against_central_differences():
    p = params(2)
    X = np.random.default_rng(3).standard_normal((3, 4))
    Y = np.array([[1.0, 0, 0, 1]])
    _, cache = U.forward_propagation(X, p)
    assert min(np.abs(cache[0]).min(), np.abs(cache[4]).min()) > 1e-3
    g = ref.backward_propagation_with_regularization(X, Y, cache, 0.7)

    def J():  # type: ignore[no-untyped-def]
        return ref.compute_cost_with_regularization(U.forward_propagation(X, p)[0], Y, p, 0.7)

    for k in ("W1", "b1", "W2", "b2", "W3", "b3"):
        assert np.allclose(g["d" + k], numeric(J, p[k]), rtol=1e-5, atol=1e-8), k


def test_the_masks_are_those_of_seed_1_and_the_scaling_is_inverted():
    p = params(4)
    X = np.random.default_rng(5).standard_normal((3, 6))
    A3, cache = ref.forward_propagation_with_dropout(X, p, 0.7)
    np.random.seed(1)
    D1 = np.random.rand(4, 6) < 0.7
    D2 = np.random.rand(2, 6) < 0.7
    assert np.array_equal(cache[1], D1) and np.array_equal(cache[6], D2)
    A1 = np.maximum(p["W1"] @ X + p["b1"], 0) * D1 / 0.7
    assert np.allclose(cache[2], A1, rtol=1e-14)
    assert len(cache) == 14 and cache[11] is A3


def test_inverted_dropout_keeps_the_expected_activation():
    p = {"W1": np.ones((3, 1)), "b1": np.zeros((3, 1)), "W2": np.ones((2, 3)), "b2": np.zeros((2, 1)),
         "W3": np.ones((1, 2)), "b3": np.zeros((1, 1))}
    X = np.ones((1, 200_000))
    _, cache = ref.forward_propagation_with_dropout(X, p, 0.8)
    assert abs(cache[2].mean() - 1.0) < 0.01  # relu(1) = 1 on every unit, kept 80% of the time, times 1/0.8
    assert abs(cache[1].mean() - 0.8) < 0.01


def test_dropout_backward_against_central_differences_with_the_masks_fixed():
    p = params(6)
    X = np.random.default_rng(7).standard_normal((3, 5))
    Y = np.array([[1.0, 0, 1, 0, 0]])
    _, cache = ref.forward_propagation_with_dropout(X, p, 0.6)
    D1, D2 = cache[1], cache[6]
    g = ref.backward_propagation_with_dropout(X, Y, cache, 0.6)

    def J():  # type: ignore[no-untyped-def]
        A1 = np.maximum(p["W1"] @ X + p["b1"], 0) * D1 / 0.6
        A2 = np.maximum(p["W2"] @ A1 + p["b2"], 0) * D2 / 0.6
        A3 = 1 / (1 + np.exp(-(p["W3"] @ A2 + p["b3"])))
        return U.compute_cost(A3, Y)

    for k in ("W1", "b1", "W2", "b2", "W3", "b3"):
        assert np.allclose(g["d" + k], numeric(J, p[k]), rtol=1e-5, atol=1e-8), k


def test_keep_prob_1_is_the_plain_network():
    A3, _ = ref.forward_propagation_with_dropout(WE.KEEP_ALL_X, WE.KEEP_ALL_PARAMETERS, 1.0)
    assert np.allclose(A3, [[0.5, 1 / (1 + math.e)]], rtol=1e-15)
    assert np.allclose(A3, WE.KEEP_ALL_A3, rtol=1e-15)


def test_the_data_set_is_fixed_and_leaves_the_global_generator_alone():
    state = np.random.get_state()[1].copy()
    a, b = U.load_2D_dataset(), U.load_2D_dataset()
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    assert [x.shape for x in a] == [(2, 211), (1, 211), (2, 200), (1, 200)]
    assert np.array_equal(np.random.get_state()[1], state)


@pytest.mark.filterwarnings("ignore")
def test_the_exercise_runs_and_regularization_helps_on_the_test_set(capsys):
    import matplotlib

    matplotlib.use("Agg")
    sys.modules["reg_utils"] = U
    try:
        ns = {name: getattr(ref, name) for name in dir(ref) if not name.startswith("_")}
        exec((ASSIGNMENT / "exercises" / "three_models.py").read_text(), ns)
    finally:
        del sys.modules["reg_utils"]
    lines = capsys.readouterr().out.splitlines()
    test_acc = [float(line.split("test accuracy")[1].strip(" %")) for line in lines]
    assert len(test_acc) == 3 and min(test_acc[1:]) > test_acc[0]
