"""The data and the building blocks of the batch_norm notebook (provided, not graded).

A two-class "spiral" data set made in code (the same every time: no file, no
download), the initialization of a deep ReLU network (with ``gamma`` and
``beta`` per hidden layer for batch normalization) and the plain layers:
linear, ReLU, sigmoid, the cross-entropy cost. Your batch normalization
functions go between a hidden layer's linear part and its ReLU.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


def load_dataset(m: int = 512, noise: float = 0.25, seed: int = 1) -> tuple[Array, Array]:
    """Two interleaved spirals: ``X`` of shape (2, m), ``Y`` of shape (1, m), labels 0 and 1.

    Uses a generator of its own: numpy's global one is left untouched.
    """
    rng = np.random.default_rng(seed)
    label = rng.integers(0, 2, m)
    radius = rng.uniform(0.2, 1.0, m)
    angle = 3.0 * np.pi * radius + np.pi * label
    X = 2.0 * np.stack([radius * np.cos(angle), radius * np.sin(angle)]) + noise * rng.standard_normal((2, m))
    return X, label.reshape(1, m).astype(np.float64)


def initialize_parameters(layers_dims: list[int], batch_norm: bool, seed: int = 0) -> dict[str, Array]:
    """He-initialized ``W{l}``, zero ``b{l}``; with ``batch_norm``, ``gamma{l}`` = 1 and ``beta{l}`` = 0
    for every hidden layer (its ``b{l}`` is then useless: ``beta{l}`` does its job)."""
    rng = np.random.default_rng(seed)
    parameters = {}
    L = len(layers_dims) - 1
    for l in range(1, L + 1):
        parameters[f"W{l}"] = rng.standard_normal((layers_dims[l], layers_dims[l - 1])) * np.sqrt(
            2.0 / layers_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
        if batch_norm and l < L:
            parameters[f"gamma{l}"] = np.ones((layers_dims[l], 1))
            parameters[f"beta{l}"] = np.zeros((layers_dims[l], 1))
    return parameters


def sigmoid(Z: Array) -> Array:
    return 1.0 / (1.0 + np.exp(-np.clip(Z, -500, 500)))


def relu(Z: Array) -> Array:
    return np.maximum(Z, 0.0)


def compute_cost(AL: Array, Y: Array) -> float:
    """The mean cross-entropy (probabilities clipped away from 0 and 1)."""
    AL = np.clip(AL, 1e-12, 1 - 1e-12)
    return float(-np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))


def mini_batches(m: int, size: int, epoch: int) -> list[NDArray[np.int64]]:
    """The column indices of each mini-batch of one epoch (a new shuffle every epoch)."""
    order = np.random.default_rng(epoch).permutation(m)
    return [order[k:k + size] for k in range(0, m, size)]
