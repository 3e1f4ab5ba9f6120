"""The whole-module check of shallow_nn: the student's own functions, run together.

Instructors only. The driver's source is sent to the child and run on the
student's functions with nothing substituted, and run here on the
reference's for the expected values; it may use the graded functions and
nothing else (no imports from this folder).
"""

from __future__ import annotations

from typing import Any

from grader.checks import Inputs


def train_and_predict(X: Any, Y: Any, n_h: int, num_iterations: int) -> Any:
    import numpy as np

    np.random.seed(3)
    n_x, _, n_y = layer_sizes(X, Y)  # noqa: F821 - the student's (or the reference's)
    parameters = initialize_parameters(n_x, n_h, n_y)  # noqa: F821
    costs = []
    for _ in range(num_iterations):
        A2, cache = forward_propagation(X, parameters)  # noqa: F821
        costs.append(compute_cost(A2, Y))  # noqa: F821
        grads = backward_propagation(parameters, cache, X, Y)  # noqa: F821
        parameters = update_parameters(parameters, grads)  # noqa: F821
    predictions = np.asarray(predict(parameters, X), dtype=np.float64)  # noqa: F821
    return parameters, costs, predictions


def training_inputs(seed: int, n_x: int, n_h: int, m: int, num_iterations: int) -> Inputs:
    """``(X, Y, n_h, num_iterations)``: a small labelled data set."""
    import numpy as np

    def build() -> tuple[Any, ...]:
        rng = np.random.default_rng([seed, 31])
        X = rng.standard_normal((n_x, m))
        Y = (X[:1] * X[-1:] > 0).astype(np.float64)
        return X, Y, n_h, num_iterations

    return Inputs(f"seed={seed}, n_x={n_x}, n_h={n_h}, m={m}, iterations={num_iterations}", build, {"m": m})
