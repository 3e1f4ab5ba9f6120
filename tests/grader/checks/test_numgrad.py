"""grader/checks/numgrad.py: central differences of any argument, and kinks refused."""

from __future__ import annotations

import numpy as np
import pytest

from grader.checks.numgrad import KinkError, gradient_at


def test_the_gradient_of_a_smooth_objective_matches_the_calculus():
    X = np.array([[1.0, -2.0], [0.5, 3.0]])

    def objective(args):
        w, b = args
        return float(np.sum(np.tanh(X @ w + b)))

    w, b = np.array([0.3, -0.2]), 0.1
    z = X @ w + b
    expected_w = X.T @ (1 - np.tanh(z) ** 2)
    assert np.allclose(gradient_at(objective, (w, b), (0,)), expected_w, rtol=1e-8)
    grad_b = gradient_at(objective, (w, b), (1,))
    assert type(grad_b) is float and np.isclose(grad_b, np.sum(1 - np.tanh(z) ** 2), rtol=1e-8)


def test_an_argument_inside_a_dict_is_perturbed_without_touching_the_callers():
    params = {"W": np.array([[2.0, 1.0]]), "b": np.array([0.5])}
    grad = gradient_at(lambda a: float(np.sum(a[0]["W"] ** 2)), (params,), (0, "W"))
    assert np.allclose(grad, 2 * params["W"]) and params["W"][0, 0] == 2.0


def test_inputs_on_a_relu_kink_are_refused_with_the_entry():
    with pytest.raises(KinkError, match=r"kink at \(1,\)"):
        gradient_at(lambda a: float(np.sum(np.maximum(a[0], 0))), (np.array([1.0, 0.0, -1.0]),), (0,), label="t")
