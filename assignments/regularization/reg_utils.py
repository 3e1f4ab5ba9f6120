"""Given building blocks of the regularization assignment (provided, not graded).

The unregularized 3-layer network (LINEAR -> RELU -> LINEAR -> RELU ->
LINEAR -> SIGMOID), its training helpers, the 2-D "goalkeeper" data set and
the decision-boundary plot. Caches are tuples
``(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)`` and gradients dicts with
the keys ``dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1``, as in the
functions you write.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

DATA_SEED = 20240402
NOISE, WIDTH = 0.45, 0.3


def sigmoid(x: Array) -> Array:
    """Sigmoid of ``x``, element-wise: ``1 / (1 + exp(-x))``."""
    return 1 / (1 + np.exp(-x))


def relu(x: Array) -> Array:
    """ReLU of ``x``, element-wise: ``max(0, x)``."""
    return np.maximum(0, x)


def initialize_parameters(layer_dims: list[int]) -> dict[str, Array]:
    """Seeds 3; ``W{l} = randn(n[l], n[l-1]) / sqrt(n[l-1])``, ``b{l}`` zeros of shape (n[l], 1)."""
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


def forward_propagation(X: Array, parameters: dict[str, Array]) -> tuple[Array, tuple[Array, ...]]:
    """The forward pass: ``(A3, (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3))``."""
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    return A3, (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)


def compute_cost(A3: Array, Y: Array) -> float:
    """The mean cross-entropy ``-1/m sum(y log a + (1 - y) log(1 - a))``, a float.

    A term ``0 * log(0)`` (an output of exactly 0 or 1 on the matching label) counts as 0.
    """
    m = Y.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        logprobs = -Y * np.log(A3) - (1 - Y) * np.log(1 - A3)
    return float(np.nansum(logprobs) / m)


def backward_propagation(X: Array, Y: Array, cache: tuple[Array, ...]) -> dict[str, Array]:
    """The unregularized backward pass of :func:`forward_propagation`'s network."""
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1.0 / m * np.dot(dZ3, A2.T)
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = dA2 * (A2 > 0)
    dW2 = 1.0 / m * np.dot(dZ2, A1.T)
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = dA1 * (A1 > 0)
    dW1 = 1.0 / m * np.dot(dZ1, X.T)
    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def update_parameters(parameters: dict[str, Array], grads: dict[str, Array],
                      learning_rate: float) -> dict[str, Array]:
    """One gradient descent step on every ``W{l}`` and ``b{l}`` (a new dict)."""
    L = len(parameters) // 2
    return {**{f"W{l}": parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"] for l in range(1, L + 1)},
            **{f"b{l}": parameters[f"b{l}"] - learning_rate * grads[f"db{l}"] for l in range(1, L + 1)}}


def predict(X: Array, Y: Array, parameters: dict[str, Array]) -> tuple[Array, float]:
    """0/1 predictions of shape (1, m) (threshold 0.5) and the accuracy on ``Y``."""
    A3, _ = forward_propagation(X, parameters)
    p = (A3 > 0.5).astype(np.float64)
    return p, float(np.mean(p == Y))


def predict_dec(parameters: dict[str, Array], X: Array) -> Array:
    """0/1 predictions of shape (1, m), for :func:`plot_decision_boundary`."""
    A3, _ = forward_propagation(X, parameters)
    return (A3 > 0.5).astype(np.float64)


def _positions(rng: np.random.Generator, m: int) -> tuple[Array, Array]:
    X = rng.uniform(-0.75, 0.75, (2, m))
    # The true boundary: a wave across the field. About one label in eight is flipped near it.
    margin = X[1] - 0.25 * np.sin(4.0 * X[0]) - 0.1
    y = (margin > 0).astype(np.float64)
    noisy = rng.uniform(size=m) < NOISE * np.exp(-((margin / WIDTH) ** 2))
    y = np.where(noisy, 1.0 - y, y)
    return X, y.reshape(1, m)


def load_2D_dataset() -> tuple[Array, Array, Array, Array]:
    """The goalkeeper's data: where on the field (2 coordinates) the ball was headed by our players
    (label 1) or by the other team (label 0).

    Returns
    -------
    train_X : ndarray of shape (2, 211)
    train_Y : ndarray of shape (1, 211)
    test_X : ndarray of shape (2, 200)
    test_Y : ndarray of shape (1, 200)

    Notes
    -----
    Generated from a fixed seed with a local generator (numpy's global
    state is neither used nor changed): the same arrays on every call. Some
    labels near the boundary are noisy, which a large network memorizes.
    """
    rng = np.random.default_rng(DATA_SEED)
    train_X, train_Y = _positions(rng, 211)
    test_X, test_Y = _positions(rng, 200)
    return train_X, train_Y, test_X, test_Y


def plot_decision_boundary(model: Any, X: Array, y: Array, ax: Any = None, title: str = "") -> Any:
    """Shade where ``model`` (a function of an array of shape (2, k)) predicts 1, and scatter the data."""
    import matplotlib.pyplot as plt

    ax = ax if ax is not None else plt.gca()
    x_min, x_max = X[0].min() - 0.1, X[0].max() + 0.1
    y_min, y_max = X[1].min() - 0.1, X[1].max() + 0.1
    xx, yy = np.meshgrid(np.linspace(x_min, x_max, 200), np.linspace(y_min, y_max, 200))
    Z = np.asarray(model(np.c_[xx.ravel(), yy.ravel()].T)).reshape(xx.shape)
    ax.contourf(xx, yy, Z, cmap=plt.cm.Spectral, alpha=0.6)
    ax.scatter(X[0], X[1], c=np.ravel(y), s=12, cmap=plt.cm.Spectral, edgecolors="k", linewidths=0.3)
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(y_min, y_max)
    if title:
        ax.set_title(title)
    return ax
