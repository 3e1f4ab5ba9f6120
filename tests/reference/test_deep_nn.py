"""The reference itself: worked examples recomputed by hand and gradient checks."""

from __future__ import annotations

import math

import numpy as np
import pytest

from grader.checks.numgrad import central_difference
from reference import activations as act
from reference import deep_nn as ref


def sig(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def test_slide_forward_pass_true_values():
    """Seed 004: (0.2, 0.5, -0.9) through the 3-3-1 sigmoid network, every bias 0.1.

    The slide prints 0.55 -> sigmoid 0.63 for the second hidden unit, but
    0.2*0.2 + 0.5*0.3 + (-0.9)*0.1 + 0.1 = 0.20 and sigmoid(0.20) = 0.5498; it
    then prints 0.756 -> 0.68 for the output, which follows from its wrong 0.63.
    The true output is sigmoid(0.70974) = 0.67034.
    """
    x = np.array([[0.2], [0.5], [-0.9]])
    W1 = np.array([[1.2, 0.9, 0.3], [0.2, 0.3, 0.1], [1.3, 1.9, 0.1]])
    W2 = np.array([[0.2, 0.6, 0.2]])
    b1, b2 = np.full((3, 1), 0.1), np.full((1, 1), 0.1)
    A1, _ = ref.linear_activation_forward(x, W1, b1, "sigmoid")
    A2, _ = ref.linear_activation_forward(A1, W2, b2, "sigmoid")
    z_hidden = [0.24 + 0.45 - 0.27 + 0.1, 0.04 + 0.15 - 0.09 + 0.1, 0.26 + 0.95 - 0.09 + 0.1]
    assert z_hidden == pytest.approx([0.52, 0.20, 1.22])
    assert A1.ravel() == pytest.approx([sig(z) for z in z_hidden], rel=1e-12)
    z_out = 0.2 * sig(0.52) + 0.6 * sig(0.20) + 0.2 * sig(1.22) + 0.1
    assert z_out == pytest.approx(0.7097426615354826, rel=1e-12)
    assert A2.item() == pytest.approx(sig(z_out), rel=1e-12)
    assert A2.item() == pytest.approx(0.67034, abs=1e-5)
    # what the slide printed is not what the weights give
    assert A1[1, 0] != pytest.approx(0.63, abs=0.005)
    assert A2.item() != pytest.approx(0.68, abs=0.005)


def test_cost_known_value():
    AL = np.array([[0.8, 0.9, 0.4]])
    Y = np.array([[1.0, 1.0, 0.0]])
    expected = -(math.log(0.8) + math.log(0.9) + math.log(0.6)) / 3
    cost = ref.compute_cost(AL, Y)
    assert isinstance(cost, float)
    assert cost == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("name", ["sigmoid", "relu"])
def test_activation_backward_matches_central_differences(name):
    rng = np.random.default_rng(0)
    Z = rng.uniform(0.2, 2, (3, 4)) * rng.choice([-1, 1], (3, 4))
    dA = rng.standard_normal((3, 4))
    forward = getattr(act, name)
    backward = getattr(act, f"{name}_backward")
    numeric = central_difference(lambda: float(np.sum(dA * forward(Z)[0])), Z)
    assert np.allclose(backward(dA, Z), numeric, rtol=1e-6, atol=1e-9)


def test_L_model_backward_matches_central_differences():
    rng = np.random.default_rng(1)
    dims = [4, 5, 3, 1]
    X = rng.standard_normal((4, 3))
    Y = np.array([[1.0, 0.0, 1.0]])
    params = {}
    for l in range(1, len(dims)):
        params[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) * 0.5
        params[f"b{l}"] = rng.standard_normal((dims[l], 1)) * 0.1

    def cost() -> float:
        AL, _ = ref.L_model_forward(X, params)
        return ref.compute_cost(AL, Y)

    AL, caches = ref.L_model_forward(X, params)
    grads = ref.L_model_backward(AL, Y, caches)
    assert sorted(grads) == sorted([f"dA{l}" for l in range(3)] + [f"dW{l}" for l in (1, 2, 3)]
                                   + [f"db{l}" for l in (1, 2, 3)])
    for key in ("W1", "b1", "W2", "b2", "W3", "b3"):
        numeric = central_difference(cost, params[key])
        g = grads["d" + key]
        rel = np.linalg.norm(g - numeric) / (np.linalg.norm(g) + np.linalg.norm(numeric))
        assert rel < 1e-6, key
    numeric_dX = central_difference(cost, X) * X.shape[1]
    assert np.allclose(grads["dA0"], numeric_dX, rtol=1e-5, atol=1e-8)


def test_initializers_follow_the_seeded_recipe():
    p = ref.initialize_parameters(3, 2, 1)
    np.random.seed(1)
    assert np.array_equal(p["W1"], np.random.randn(2, 3) * 0.01)
    assert np.array_equal(p["W2"], np.random.randn(1, 2) * 0.01)
    assert p["b1"].shape == (2, 1) and not p["b1"].any()
    deep = ref.initialize_parameters_deep([5, 4, 3])
    np.random.seed(3)
    assert np.array_equal(deep["W1"], np.random.randn(4, 5) * 0.01)
    assert np.array_equal(deep["W2"], np.random.randn(3, 4) * 0.01)
    assert list(deep) == ["W1", "b1", "W2", "b2"]


def test_update_parameters_leaves_its_inputs_alone():
    params = {"W1": np.ones((2, 2)), "b1": np.zeros((2, 1))}
    grads = {"dW1": np.ones((2, 2)), "db1": np.ones((2, 1)), "dA0": np.ones((2, 3))}
    new = ref.update_parameters(params, grads, 0.5)
    assert np.array_equal(params["W1"], np.ones((2, 2)))
    assert np.array_equal(new["W1"], np.full((2, 2), 0.5))
    assert np.array_equal(new["b1"], np.full((2, 1), -0.5))
