"""The data and the model of the optimization assignment (provided, not graded).

A "moons" data set made in code (two interleaving half circles with noise,
the same every time: no file, no download) and a small fully connected
network (ReLU hidden layers, a sigmoid output) with its forward and backward
passes, so that the notebook can train the same model with each of your
optimizers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


def load_dataset(m: int = 300, noise: float = 0.2, seed: int = 3) -> tuple[Array, Array]:
    """Two interleaving half moons: ``X`` of shape (2, m), ``Y`` of shape (1, m) with labels 0 and 1.

    Uses a generator of its own: numpy's global one is left untouched.
    """
    rng = np.random.default_rng(seed)
    half = m // 2
    angle = rng.uniform(0.0, np.pi, m)
    outer = np.stack([np.cos(angle[:half]), np.sin(angle[:half])])
    inner = np.stack([1.0 - np.cos(angle[half:]), 0.5 - np.sin(angle[half:])])
    X = np.concatenate([outer, inner], axis=1) + rng.normal(0.0, noise, (2, m))
    Y = np.concatenate([np.zeros(half), np.ones(m - half)]).reshape(1, m)
    order = rng.permutation(m)
    return X[:, order], Y[:, order]


def initialize_parameters(layers_dims: list[int], seed: int = 3) -> dict[str, Array]:
    """He initialization: ``W{l}`` ~ N(0, 2 / n[l-1]), ``b{l}`` = 0."""
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = rng.standard_normal((layers_dims[l], layers_dims[l - 1])) * np.sqrt(
            2.0 / layers_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters


def forward_propagation(X: Array, parameters: dict[str, Array]) -> tuple[Array, list[tuple[Array, Array]]]:
    """ReLU hidden layers, a sigmoid output: ``(AL, caches)`` with one ``(A_prev, Z)`` per layer."""
    L = len(parameters) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        Z = parameters[f"W{l}"] @ A + parameters[f"b{l}"]
        caches.append((A, Z))
        A = 1.0 / (1.0 + np.exp(-Z)) if l == L else np.maximum(Z, 0.0)
    return A, caches


def compute_cost(AL: Array, Y: Array) -> float:
    """The mean cross-entropy over the examples of ``Y`` (clipped away from log 0)."""
    AL = np.clip(AL, 1e-12, 1 - 1e-12)
    return float(-np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))


def backward_propagation(AL: Array, Y: Array, caches: list[tuple[Array, Array]],
                         parameters: dict[str, Array]) -> dict[str, Array]:
    """The gradients ``dW{l}``, ``db{l}`` of :func:`compute_cost`."""
    L, m = len(caches), Y.shape[1]
    grads = {}
    dZ = (AL - Y) / m
    for l in range(L, 0, -1):
        A_prev, _ = caches[l - 1]
        grads[f"dW{l}"] = dZ @ A_prev.T
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True)
        if l > 1:
            dZ = (parameters[f"W{l}"].T @ dZ) * (caches[l - 2][1] > 0)
    return grads


def predict(X: Array, parameters: dict[str, Array]) -> Array:
    """0/1 predictions of shape (1, m)."""
    return (forward_propagation(X, parameters)[0] > 0.5).astype(np.float64)


def plot_decision_boundary(predict_fn: Callable[[Array], Array], X: Array, Y: Array, ax: Any = None,
                           title: str = "") -> Any:
    """Colour the plane by ``predict_fn`` (columns in, (1, k) labels out) and scatter the data on top."""
    import matplotlib.pyplot as plt

    ax = ax if ax is not None else plt.gca()
    x_min, x_max = X[0].min() - 0.5, X[0].max() + 0.5
    y_min, y_max = X[1].min() - 0.5, X[1].max() + 0.5
    xx, yy = np.meshgrid(np.linspace(x_min, x_max, 200), np.linspace(y_min, y_max, 200))
    Z = predict_fn(np.stack([xx.ravel(), yy.ravel()])).reshape(xx.shape)
    ax.contourf(xx, yy, Z, cmap=plt.cm.Spectral, alpha=0.6)
    ax.scatter(X[0], X[1], c=Y.ravel(), cmap=plt.cm.Spectral, s=12, edgecolors="k", linewidths=0.3)
    ax.set_title(title)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    return ax
