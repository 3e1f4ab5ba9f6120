"""Data and a shallow network for the hyper-parameter search (provided, not graded).

Everything here is given: the planar "flower" data set of part 1 (generated
with numpy, the same every time, no file, no download) and the shallow
network of part 1 (one tanh hidden layer of ``n_h`` units, a sigmoid output,
weights drawn as ``randn * 0.01`` after seeding, trained by batch gradient
descent). The search itself, the sampling, the split and the choice of the
best trial, is yours.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


def load_flower(m: int = 400, seed: int = 1) -> tuple[Array, Array]:
    """The planar flower: ``X`` of shape ``(2, m)`` and labels ``Y`` of shape ``(1, m)``.

    Two classes of ``m / 2`` points each on the petals of ``r = 4 sin(4 t)``,
    with Gaussian noise on ``t`` and ``r`` (standard deviation 0.2). Drawn
    from a generator of its own, so it does not touch numpy's global one.
    """
    rng = np.random.RandomState(seed)
    half = m // 2
    X = np.zeros((m, 2))
    Y = np.zeros((m, 1))
    for j in range(2):
        ix = slice(half * j, half * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, half) + rng.randn(half) * 0.2
        r = 4 * np.sin(4 * t) + rng.randn(half) * 0.2
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    return X.T, Y.T


def train_shallow(X: Array, Y: Array, n_h: int, learning_rate: float, num_iterations: int = 2000,
                  seed: int = 3) -> dict[str, Array]:
    """Train the shallow network of part 1 and return its parameters ``W1, b1, W2, b2``.

    Seeds numpy's global generator with ``seed``, draws ``W1 = randn(n_h, n_x) * 0.01`` and
    ``W2 = randn(1, n_h) * 0.01`` (biases 0), then runs ``num_iterations`` steps of batch
    gradient descent on the mean cross-entropy. A learning rate too large for the data can make
    the cost oscillate or blow up: the parameters are returned all the same.
    """
    np.random.seed(seed)
    n_x, m = X.shape
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(1, n_h) * 0.01
    b2 = np.zeros((1, 1))
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(num_iterations):
            A1 = np.tanh(W1 @ X + b1)
            A2 = np.exp(-np.logaddexp(0, -(W2 @ A1 + b2)))  # the sigmoid, without overflow
            dZ2 = A2 - Y
            dW2, db2 = dZ2 @ A1.T / m, np.sum(dZ2, axis=1, keepdims=True) / m
            dZ1 = (W2.T @ dZ2) * (1 - A1**2)
            dW1, db1 = dZ1 @ X.T / m, np.sum(dZ1, axis=1, keepdims=True) / m
            W1, b1 = W1 - learning_rate * dW1, b1 - learning_rate * db1
            W2, b2 = W2 - learning_rate * dW2, b2 - learning_rate * db2
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def predict(parameters: dict[str, Array], X: Array) -> Array:
    """0/1 predictions of shape ``(1, m)``: 1 where the network's output is above 0.5."""
    with np.errstate(over="ignore", invalid="ignore"):
        A1 = np.tanh(parameters["W1"] @ X + parameters["b1"])
        Z2 = parameters["W2"] @ A1 + parameters["b2"]
    return (Z2 > 0).astype(np.float64)


def accuracy(parameters: dict[str, Array], X: Array, Y: Array) -> float:
    """The share of the examples of ``X`` predicted right (NaN outputs count as wrong)."""
    return float(np.mean(predict(parameters, X) == Y))
