"""Data and a 3-layer network for the initialization assignment (provided, not graded).

Everything here is given: the two-circles data set (generated with numpy,
the same every time, no file, no download), the forward and backward passes
of a LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID network, gradient
descent, predictions and a decision-boundary plot. Only the initialization
is yours: :func:`model` takes one of your ``initialize_parameters_*``
functions as its ``initialize`` argument.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
LAYERS_DIMS = [2, 10, 5, 1]


def load_circles(m_train: int = 300, m_test: int = 100, noise: float = 0.1,
                 seed: int = 1) -> tuple[Array, Array, Array, Array]:
    """Two noisy concentric circles: ``(train_X, train_Y, test_X, test_Y)``.

    ``X`` has shape ``(2, m)`` (one example per column) and ``Y`` shape
    ``(1, m)``: label 0 on the outer circle (radius 1), 1 on the inner one
    (radius 0.5), each point moved by Gaussian noise of standard deviation
    ``noise``. Half of each set is on each circle.
    """
    rng = np.random.default_rng(seed)

    def circles(m: int) -> tuple[Array, Array]:
        inner = np.arange(m) >= m // 2
        t = rng.uniform(0, 2 * np.pi, m)
        r = np.where(inner, 0.5, 1.0)
        X = np.vstack([r * np.cos(t), r * np.sin(t)]) + noise * rng.standard_normal((2, m))
        order = rng.permutation(m)
        return X[:, order], inner[order].astype(np.float64).reshape(1, m)

    train_X, train_Y = circles(m_train)
    test_X, test_Y = circles(m_test)
    return train_X, train_Y, test_X, test_Y


def forward_propagation(X: Array, parameters: dict[str, Array]) -> tuple[Array, dict[str, Array]]:
    """``A3`` of shape ``(1, m)`` and the cache of every layer (``Z1``, ``A1``, ..., ``Z3``)."""
    cache = {"A0": X}
    A = X
    for l in (1, 2, 3):
        Z = parameters[f"W{l}"] @ A + parameters[f"b{l}"]
        with np.errstate(under="ignore"):  # a sigmoid of -1000 is 0: underflow is the right answer
            A = np.maximum(Z, 0) if l < 3 else np.exp(-np.logaddexp(0, -Z))  # the sigmoid, without overflow
        cache[f"Z{l}"], cache[f"A{l}"] = Z, A
    return A, cache


def compute_cost(cache: dict[str, Array], Y: Array) -> float:
    """The mean cross-entropy, computed from ``Z3`` so that it stays finite when the sigmoid saturates.

    ``-y log(a) - (1 - y) log(1 - a)`` with ``a = sigmoid(z)`` equals
    ``max(z, 0) - z y + log(1 + exp(-|z|))``; with weights ×10 some ``a``
    round to exactly 0 or 1 and the usual formula gives ``inf`` or NaN.
    """
    Z = cache["Z3"]
    return float(np.mean(np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))))


def backward_propagation(Y: Array, cache: dict[str, Array], parameters: dict[str, Array]) -> dict[str, Array]:
    """The gradients ``dW1``, ``db1``, ..., ``db3`` of the mean cross-entropy."""
    m = Y.shape[1]
    grads = {}
    dZ = cache["A3"] - Y
    for l in (3, 2, 1):
        grads[f"dW{l}"] = dZ @ cache[f"A{l - 1}"].T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        if l > 1:
            dZ = (parameters[f"W{l}"].T @ dZ) * (cache[f"Z{l - 1}"] > 0)
    return grads


def model(X: Array, Y: Array, initialize: Callable[[list[int]], dict[str, Array]],
          learning_rate: float = 0.01, num_iterations: int = 10000, layers_dims: list[int] | None = None,
          print_cost: bool = False) -> tuple[dict[str, Array], list[float]]:
    """Train the 3-layer network by gradient descent from ``initialize(layers_dims)``.

    Returns the trained parameters and the cost every 100 iterations (the
    first one before any update).
    """
    dims = list(LAYERS_DIMS if layers_dims is None else layers_dims)
    parameters = {k: np.array(v, dtype=np.float64) for k, v in initialize(dims).items()}
    costs = []
    with np.errstate(under="ignore"):  # tiny gradients of saturated units round to 0: harmless
        for i in range(num_iterations):
            _, cache = forward_propagation(X, parameters)
            if i % 100 == 0:
                costs.append(compute_cost(cache, Y))
                if print_cost and i % 1000 == 0:
                    print(f"cost after iteration {i}: {costs[-1]:.4f}")
            grads = backward_propagation(Y, cache, parameters)
            parameters = {k: v - learning_rate * grads["d" + k] for k, v in parameters.items()}
    return parameters, costs


def predict(X: Array, parameters: dict[str, Array]) -> Array:
    """0/1 predictions of shape ``(1, m)``: 1 where the network's output is above 0.5."""
    A3, _ = forward_propagation(X, parameters)
    return (A3 > 0.5).astype(np.float64)


def accuracy(X: Array, Y: Array, parameters: dict[str, Array]) -> float:
    """The share of examples predicted right."""
    return float(np.mean(predict(X, parameters) == Y))


def plot_decision_boundary(ax, parameters: dict[str, Array], X: Array, Y: Array, title: str = "") -> None:  # noqa: ANN001
    """Colour the plane by the network's prediction and draw the examples on top."""
    x_min, x_max = X[0].min() - 0.3, X[0].max() + 0.3
    y_min, y_max = X[1].min() - 0.3, X[1].max() + 0.3
    xx, yy = np.meshgrid(np.linspace(x_min, x_max, 200), np.linspace(y_min, y_max, 200))
    grid = np.vstack([xx.ravel(), yy.ravel()])
    zz = predict(grid, parameters).reshape(xx.shape)
    ax.contourf(xx, yy, zz, levels=[-0.5, 0.5, 1.5], cmap="Spectral", alpha=0.6)
    ax.scatter(X[0], X[1], c=Y.ravel(), cmap="Spectral", s=12, edgecolors="k", linewidths=0.3)
    ax.set_title(title)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
