"""The whole-module check of deep_nn: the student's own functions, run together.

Instructors only. The driver's source is sent to the child and run on the
student's functions with nothing substituted, and run here on the
reference's for the expected values; it may use the graded functions and
nothing else (no imports from this folder).
"""

from __future__ import annotations

from typing import Any

from grader.checks import Inputs


def train_a_few_iterations(X: Any, Y: Any, layers_dims: list[int], learning_rate: float,
                           num_iterations: int) -> Any:
    parameters = initialize_parameters_deep(layers_dims)  # noqa: F821 - the student's (or the reference's)
    costs = []
    for _ in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)  # noqa: F821
        costs.append(compute_cost(AL, Y))  # noqa: F821
        grads = L_model_backward(AL, Y, caches)  # noqa: F821
        parameters = update_parameters(parameters, grads, learning_rate)  # noqa: F821
    return parameters, costs


def training_inputs(seed: int, layers_dims: list[int], m: int, num_iterations: int) -> Inputs:
    """``(X, Y, layers_dims, learning_rate, num_iterations)``: a small labelled data set."""
    import numpy as np

    def build() -> tuple[Any, ...]:
        rng = np.random.default_rng([seed, 11])
        X = rng.standard_normal((layers_dims[0], m))
        Y = (X[:1] + 0.5 * X[-1:] > 0).astype(np.float64)
        return X, Y, list(layers_dims), 0.0075, num_iterations

    return Inputs(f"seed={seed}, layer_dims={list(layers_dims)}, m={m}, iterations={num_iterations}", build,
                  {"m": m})
