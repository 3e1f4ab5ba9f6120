"""Input builders and numerical-gradient recipes for the deep_nn checks.

Instructors only (this file is not part of the student's copy). Every
builder is deterministic: a seed and some sizes in, a tuple of arguments
out. Inputs that go through a ReLU are kept at least ``MARGIN`` away from
the kink at 0, so a central difference never straddles it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from grader.checks import Inputs, seeded
from grader.checks.numgrad import central_difference
from reference import activations as act
from reference import deep_nn as ref

MARGIN = 0.05
Array = np.ndarray


def _away_from_zero(rng: np.random.Generator, shape: tuple[int, ...], low: float = 0.1,
                    high: float = 3.0) -> Array:
    return rng.uniform(low, high, shape) * rng.choice([-1.0, 1.0], shape)


def _params(rng: np.random.Generator, dims: Sequence[int]) -> dict[str, Array]:
    params = {}
    for l in range(1, len(dims)):
        params[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) / np.sqrt(dims[l - 1])
        params[f"b{l}"] = rng.standard_normal((dims[l], 1)) * 0.1
    return params


def _kink_free(dims: Sequence[int], X: Array, params: dict[str, Array]) -> bool:
    A = X
    for l in range(1, len(dims)):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        if l < len(dims) - 1 and np.min(np.abs(Z)) < MARGIN:
            return False
        A = np.maximum(Z, 0)
    return True


def network(seed: int, dims: Sequence[int], m: int) -> tuple[Array, dict[str, Array]]:
    """Inputs ``X`` of shape (dims[0], m) and parameters, with every ReLU input away from 0."""
    for attempt in range(1000):
        rng = np.random.default_rng([seed, attempt])
        X = rng.standard_normal((dims[0], m))
        params = _params(rng, dims)
        if _kink_free(dims, X, params):
            return X, params
    raise RuntimeError(f"no kink-free network for seed {seed}, dims {dims}, m {m}")


def labels(seed: int, m: int) -> Array:
    rng = np.random.default_rng([seed, 7])
    Y = (rng.uniform(size=(1, m)) > 0.5).astype(np.float64)
    Y[0, 0] = 1.0  # at least one positive
    if m > 1:
        Y[0, 1] = 0.0  # and one negative
    return Y


def _label(**facts: Any) -> str:
    return ", ".join(f"{k}={v}" for k, v in facts.items())


# ------------------------------------------------------------- builders


@seeded
def activation_inputs(seed: int, n: int, m: int) -> Inputs:
    """``(Z,)`` of shape (n, m), away from 0."""
    return Inputs(_label(seed=seed, shape=(n, m)),
                  lambda: (_away_from_zero(np.random.default_rng(seed), (n, m)),), {"m": m})


@seeded
def activation_backward_inputs(seed: int, n: int, m: int) -> Inputs:
    """``(dA, Z)`` of shape (n, m)."""

    def build() -> tuple[Any, ...]:
        rng = np.random.default_rng(seed)
        return rng.standard_normal((n, m)), _away_from_zero(rng, (n, m))

    return Inputs(_label(seed=seed, shape=(n, m)), build, {"m": m})


def init_inputs(n_x: int, n_h: int, n_y: int) -> Inputs:
    return Inputs(_label(n_x=n_x, n_h=n_h, n_y=n_y), lambda: (n_x, n_h, n_y))


def init_deep_inputs(dims: Sequence[int]) -> Inputs:
    return Inputs(_label(layer_dims=list(dims)), lambda: (list(dims),))


@seeded
def linear_inputs(seed: int, n: int, n_prev: int, m: int) -> Inputs:
    """``(A, W, b)``."""

    def build() -> tuple[Any, ...]:
        rng = np.random.default_rng(seed)
        return (rng.standard_normal((n_prev, m)), rng.standard_normal((n, n_prev)),
                rng.standard_normal((n, 1)))

    return Inputs(_label(seed=seed, n=n, n_prev=n_prev, m=m), build, {"m": m})


@seeded
def layer_inputs(seed: int, n: int, n_prev: int, m: int, activation: str) -> Inputs:
    """``(A_prev, W, b, activation)`` with ``Z`` away from 0."""

    def build() -> tuple[Any, ...]:
        X, params = network(seed, [n_prev, n, 1], m)
        return X, params["W1"], params["b1"], activation

    return Inputs(_label(seed=seed, n=n, n_prev=n_prev, m=m, activation=activation), build, {"m": m})


@seeded
def model_inputs(seed: int, dims: Sequence[int], m: int) -> Inputs:
    """``(X, parameters)``."""
    return Inputs(_label(seed=seed, layer_dims=list(dims), m=m), lambda: network(seed, dims, m), {"m": m})


@seeded
def cost_inputs(seed: int, m: int) -> Inputs:
    """``(AL, Y)`` with ``AL`` in (0.02, 0.98)."""

    def build() -> tuple[Any, ...]:
        rng = np.random.default_rng(seed)
        return rng.uniform(0.02, 0.98, (1, m)), labels(seed, m)

    return Inputs(_label(seed=seed, m=m), build, {"m": m})


@seeded
def linear_backward_inputs(seed: int, n: int, n_prev: int, m: int) -> Inputs:
    """``(dZ, (A_prev, W, b))`` from a real linear forward pass."""

    def build() -> tuple[Any, ...]:
        rng = np.random.default_rng(seed)
        A_prev = rng.standard_normal((n_prev, m))
        W = rng.standard_normal((n, n_prev))
        b = rng.standard_normal((n, 1))
        _, cache = ref.linear_forward(A_prev, W, b)
        return rng.standard_normal((n, m)), cache

    return Inputs(_label(seed=seed, n=n, n_prev=n_prev, m=m), build, {"m": m})


@seeded
def layer_backward_inputs(seed: int, n: int, n_prev: int, m: int, activation: str) -> Inputs:
    """``(dA, cache, activation)`` with the cache of a real forward pass."""

    def build() -> tuple[Any, ...]:
        X, params = network(seed, [n_prev, n, 1], m)
        _, cache = ref.linear_activation_forward(X, params["W1"], params["b1"], activation)
        dA = np.random.default_rng([seed, 3]).standard_normal((n, m))
        return dA, cache, activation

    return Inputs(_label(seed=seed, n=n, n_prev=n_prev, m=m, activation=activation), build, {"m": m})


@seeded
def model_backward_inputs(seed: int, dims: Sequence[int], m: int) -> Inputs:
    """``(AL, Y, caches)`` from a real forward pass of the reference."""

    def build() -> tuple[Any, ...]:
        X, params = network(seed, dims, m)
        AL, caches = ref.L_model_forward(X, params)
        return AL, labels(seed, m), caches

    return Inputs(_label(seed=seed, layer_dims=list(dims), m=m), build, {"m": m})


@seeded
def update_inputs(seed: int, dims: Sequence[int], m: int, learning_rate: float) -> Inputs:
    """``(parameters, grads, learning_rate)`` with the grads of a real backward pass."""

    def build() -> tuple[Any, ...]:
        X, params = network(seed, dims, m)
        AL, caches = ref.L_model_forward(X, params)
        grads = ref.L_model_backward(AL, labels(seed, m), caches)
        return params, grads, learning_rate

    return Inputs(_label(seed=seed, layer_dims=list(dims), m=m, learning_rate=learning_rate), build,
                  {"m": m})


# ------------------------------------------------------------- numerical gradients


def _activation(name: str) -> Callable[[Array], tuple[Array, Array]]:
    return {"sigmoid": act.sigmoid, "relu": act.relu}[name]


def numeric_activation_backward(name: str) -> Callable[[tuple[Any, ...]], Array]:
    """dZ = d/dZ sum(dA * g(Z))."""

    def numeric(args: tuple[Any, ...]) -> Array:
        dA, Z = (np.array(a, dtype=np.float64) for a in args)
        g = _activation(name)
        return central_difference(lambda: float(np.sum(dA * g(Z)[0])), Z)

    return numeric


def _layer_gradients(dA: Array, A_prev: Array, W: Array, b: Array,
                     g: Callable[[Array], Array]) -> tuple[Array, Array, Array]:
    """Course convention: dW and db are averaged over the m examples, dA_prev is not."""
    m = A_prev.shape[1]
    A_prev, W, b = (np.array(x, dtype=np.float64) for x in (A_prev, W, b))

    def objective() -> float:
        return float(np.sum(dA * g(W @ A_prev + b)))

    return (central_difference(objective, A_prev), central_difference(objective, W) / m,
            central_difference(objective, b) / m)


def numeric_linear_backward(args: tuple[Any, ...]) -> tuple[Array, Array, Array]:
    dZ, (A_prev, W, b) = args
    return _layer_gradients(dZ, A_prev, W, b, lambda Z: Z)


def numeric_layer_backward(args: tuple[Any, ...]) -> tuple[Array, Array, Array]:
    dA, ((A_prev, W, b), _), activation = args
    g = _activation(activation)
    return _layer_gradients(dA, A_prev, W, b, lambda Z: g(Z)[0])


def numeric_model_backward(args: tuple[Any, ...]) -> dict[str, Array]:
    """Gradients of the mean cross-entropy cost of a full forward pass.

    dW{l}, db{l} are dJ/dW{l}, dJ/db{l}; dA{l} is m * dJ/dA{l} (the course's
    per-example convention).
    """
    AL, Y, caches = args
    L = len(caches)
    m = AL.shape[1]
    params = {}
    activations = []
    for l, ((A_prev, W, b), _) in enumerate(caches, 1):
        params[f"W{l}"] = np.array(W, dtype=np.float64)
        params[f"b{l}"] = np.array(b, dtype=np.float64)
        activations.append(np.array(A_prev, dtype=np.float64))

    def cost_from(layer: int, A: Array) -> float:
        for l in range(layer + 1, L + 1):
            A, _ = ref.linear_activation_forward(A, params[f"W{l}"], params[f"b{l}"],
                                                 "sigmoid" if l == L else "relu")
        return ref.compute_cost(A, Y)

    grads = {}
    for l in range(L):
        A_l = activations[l]
        grads[f"dA{l}"] = central_difference(lambda A_l=A_l, l=l: cost_from(l, A_l), A_l) * m
    X = activations[0]
    for l in range(1, L + 1):
        grads[f"dW{l}"] = central_difference(lambda: cost_from(0, X), params[f"W{l}"])
        grads[f"db{l}"] = central_difference(lambda: cost_from(0, X), params[f"b{l}"])
    return grads
