"""Input builders and gradient-check objectives of the regularization checks.

Instructors only. Every builder is deterministic (a seed and sizes in, the
arguments out) and ``@seeded``, so the hidden twin of a public check is the
same builder with another seed. Caches come from a real forward pass, and
every ReLU pre-activation (``Z1``, ``Z2``) is redrawn until it is at least
``MARGIN`` away from the kink at 0, so central differences never straddle it.
The objectives recompute the forward pass from the weights held in the
cache (the backward pass reads the cache, so perturbing a ``W`` there must
move the cost): reference math, float64, in the grader's process.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from grader.author import Inputs, seeded
from reference import regularization as ref

MARGIN = 0.05
Array = np.ndarray
KEYS = ("W1", "b1", "W2", "b2", "W3", "b3")
# positions of W1, b1, W2, b2, W3, b3 in the two cache layouts
PLAIN = (2, 3, 6, 7, 10, 11)  # (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
DROPOUT = (3, 4, 8, 9, 12, 13)  # (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)


def _label(**facts: Any) -> str:
    return ", ".join(f"{k}={v}" for k, v in facts.items())


def _draw(rng: np.random.Generator, dims: Sequence[int], m: int) -> tuple[Array, Array, dict[str, Array]]:
    X = rng.standard_normal((dims[0], m))
    Y = (rng.uniform(size=(1, m)) < 0.5).astype(np.float64)
    Y[0, 0] = 1.0
    if m > 1:
        Y[0, 1] = 0.0
    params = {}
    for l in range(1, 4):
        params[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) / np.sqrt(dims[l - 1])
        params[f"b{l}"] = rng.standard_normal((dims[l], 1)) * 0.3
    return X, Y, params


def forward(X: Array, params: dict[str, Array], masks: tuple[Any, Any] | None = None,
            keep_prob: float = 1.0) -> tuple[Array, Array, Array]:
    """``(A3, Z1, Z2)`` of the 3-layer network; with ``masks``, the given dropout masks applied."""
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.maximum(Z1, 0)
    if masks is not None:
        A1 = A1 * masks[0] / keep_prob
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = np.maximum(Z2, 0)
    if masks is not None:
        A2 = A2 * masks[1] / keep_prob
    A3 = 1 / (1 + np.exp(-(params["W3"] @ A2 + params["b3"])))
    return A3, Z1, Z2


def plain_cache(X: Array, params: dict[str, Array]) -> tuple[Array, ...]:
    """The cache of ``reg_utils.forward_propagation``."""
    W1, b1, W2, b2, W3, b3 = (params[k] for k in KEYS)
    Z1 = W1 @ X + b1
    A1 = np.maximum(Z1, 0)
    Z2 = W2 @ A1 + b2
    A2 = np.maximum(Z2, 0)
    Z3 = W3 @ A2 + b3
    A3 = 1 / (1 + np.exp(-Z3))
    return (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)


def _kink_free(*Zs: Array) -> bool:
    return all(np.min(np.abs(Z)) >= MARGIN for Z in Zs)


def network(seed: int, dims: Sequence[int], m: int) -> tuple[Array, Array, dict[str, Array]]:
    """``(X, Y, parameters)`` with every hidden pre-activation away from 0 (no dropout)."""
    for attempt in range(1000):
        X, Y, params = _draw(np.random.default_rng([seed, attempt, *dims, m]), dims, m)
        _, Z1, Z2 = forward(X, params)
        if _kink_free(Z1, Z2):
            return X, Y, params
    raise RuntimeError(f"no kink-free network for seed {seed}, dims {dims}, m {m}")


def dropout_network(seed: int, dims: Sequence[int], m: int, keep_prob: float) -> tuple[Array, Array, Any]:
    """``(X, Y, cache)`` of the reference's dropout forward pass (masks of seed 1), away from kinks."""
    for attempt in range(1000):
        X, Y, params = _draw(np.random.default_rng([seed, attempt, *dims, m, 7]), dims, m)
        state = np.random.get_state()
        try:
            _, cache = ref.forward_propagation_with_dropout(X, params, keep_prob)
        finally:
            np.random.set_state(state)
        if _kink_free(cache[0], cache[5]):
            return X, Y, cache
    raise RuntimeError(f"no kink-free dropout network for seed {seed}, dims {dims}, m {m}")


# ------------------------------------------------------------------ builders


@seeded
def cost_inputs(seed: int, dims: Sequence[int], m: int, lambd: float) -> Inputs:
    """``(A3, Y, parameters, lambd)``: A3 in (0.02, 0.98)."""

    def build() -> tuple[Any, ...]:
        rng = np.random.default_rng([seed, m, 3])
        _, Y, params = _draw(rng, dims, m)
        return rng.uniform(0.02, 0.98, (1, m)), Y, params, lambd

    return Inputs(_label(seed=seed, layer_dims=list(dims), m=m, lambd=lambd), build, {"m": m})


@seeded
def backward_inputs(seed: int, dims: Sequence[int], m: int, lambd: float) -> Inputs:
    """``(X, Y, cache, lambd)`` with the cache of a real forward pass."""

    def build() -> tuple[Any, ...]:
        X, Y, params = network(seed, dims, m)
        return X, Y, plain_cache(X, params), lambd

    return Inputs(_label(seed=seed, layer_dims=list(dims), m=m, lambd=lambd), build, {"m": m})


@seeded
def forward_inputs(seed: int, dims: Sequence[int], m: int, keep_prob: float) -> Inputs:
    """``(X, parameters, keep_prob)``."""

    def build() -> tuple[Any, ...]:
        X, _, params = network(seed, dims, m)
        return X, params, keep_prob

    return Inputs(_label(seed=seed, layer_dims=list(dims), m=m, keep_prob=keep_prob), build, {"m": m})


@seeded
def dropout_backward_inputs(seed: int, dims: Sequence[int], m: int, keep_prob: float) -> Inputs:
    """``(X, Y, cache, keep_prob)`` with the cache (and masks) of a real dropout forward pass."""

    def build() -> tuple[Any, ...]:
        X, Y, cache = dropout_network(seed, dims, m, keep_prob)
        return X, Y, cache, keep_prob

    return Inputs(_label(seed=seed, layer_dims=list(dims), m=m, keep_prob=keep_prob), build, {"m": m})


# ------------------------------------------------------------------ gradient-check objectives


def regularized_cost(X: Array, Y: Array, cache: tuple[Any, ...], lambd: float) -> float:
    """J(W, b) + lambd/(2m) sum ||W||^2, the forward pass recomputed from the cache's weights."""
    params = {k: cache[i] for k, i in zip(KEYS, PLAIN, strict=True)}
    A3, _, _ = forward(X, params)
    return ref.compute_cost_with_regularization(A3, Y, params, lambd)


def dropout_cost(X: Array, Y: Array, cache: tuple[Any, ...], keep_prob: float) -> float:
    """The cross-entropy of the forward pass with the cache's masks held fixed."""
    params = {k: cache[i] for k, i in zip(KEYS, DROPOUT, strict=True)}
    A3, _, _ = forward(X, params, (cache[1], cache[6]), keep_prob)
    return ref.compute_cost_with_regularization(A3, Y, params, 0.0)


def wrt(positions: Sequence[int]) -> dict[str, str]:
    """``{"cache.2": "gradients.dW1", ...}``: each weight and bias in the cache, to its gradient."""
    return {f"cache.{i}": f"gradients.d{k}" for k, i in zip(KEYS, positions, strict=True)}
