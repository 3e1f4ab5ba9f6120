"""Input builders of the gradient_checking checks.

Instructors only. Deterministic ``@seeded`` builders (the hidden twin of a
public check is the same builder with another seed). Every network keeps
its ReLU pre-activations ``MARGIN`` away from 0, so central differences
(the grader's and the student's checker's) never straddle a kink.

Grading a gradient checker: its ``difference`` on *right* gradients at the
default epsilon is rounding noise (1e-11 to 1e-8 here), different for every
correct way of writing it, so it is judged by which side of 1e-7 it falls
on (:data:`NOISE_WINDOW`). Everywhere else it is a stable number, compared
with the reference: gradients with a planted bug (differences 1e-2 to 0.3,
rounding noise below 1e-8 of them), and right gradients with epsilon = 1e-2
(a truncation error of order epsilon^2: differences 1e-8 to 1e-5, rounding
noise below 1e-8 of them), where a one-sided difference (error of order
epsilon) is 1000 times too large.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from grader.author import Inputs, seeded
from reference import gradient_checking as ref

MARGIN = 0.05
Array = np.ndarray

#: ``KnownValue(expected=center, rtol=rtol)`` accepts exactly the values in [LOW, HIGH]: with
#: relative tolerance r, a value g passes against e when |g - e| <= r max(|g|, |e|), that is when
#: (1 - r) e <= g <= e / (1 - r). Zero and negative values fail.
LOW, HIGH = 1e-16, 1e-7
NOISE_CENTER = math.sqrt(LOW * HIGH)
NOISE_RTOL = 1 - math.sqrt(LOW / HIGH)

#: Bugs planted in the gradients handed to the checker (the course's two, and one of each alone).
BUGS = {
    "dW2 doubled": lambda g: {**g, "dW2": g["dW2"] * 2},
    "db1 times 4": lambda g: {**g, "db1": g["db1"] * 4},
    "both": lambda g: {**g, "dW2": g["dW2"] * 2, "db1": g["db1"] * 4},
    "dW3 sign": lambda g: {**g, "dW3": -g["dW3"]},
}


def _label(**facts: Any) -> str:
    return ", ".join(f"{k}={v}" for k, v in facts.items())


def network(seed: int, dims: Sequence[int], m: int) -> tuple[Array, Array, dict[str, Array]]:
    """``(X, Y, parameters)`` with every hidden pre-activation at least MARGIN away from 0."""
    for attempt in range(1000):
        rng = np.random.default_rng([seed, attempt, *dims, m])
        X = rng.standard_normal((dims[0], m))
        Y = (rng.uniform(size=(1, m)) < 0.5).astype(np.float64)
        Y[0, 0] = 1.0
        if m > 1:
            Y[0, 1] = 0.0
        params = {}
        for l in range(1, 4):
            params[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) / np.sqrt(dims[l - 1])
            params[f"b{l}"] = rng.standard_normal((dims[l], 1)) * 0.3
        _, cache = ref.forward_propagation_n(X, Y, params)
        if min(np.min(np.abs(cache[0])), np.min(np.abs(cache[4]))) >= MARGIN:
            return X, Y, params
    raise RuntimeError(f"no kink-free network for seed {seed}, dims {dims}, m {m}")


@seeded
def forward_n_inputs(seed: int, dims: Sequence[int], m: int) -> Inputs:
    """``(X, Y, parameters)``."""
    return Inputs(_label(seed=seed, layer_dims=list(dims), m=m), lambda: network(seed, dims, m), {"m": m})


@seeded
def backward_n_inputs(seed: int, dims: Sequence[int], m: int) -> Inputs:
    """``(X, Y, cache)`` with the cache of a real forward pass."""

    def build() -> tuple[Any, ...]:
        X, Y, params = network(seed, dims, m)
        return X, Y, ref.forward_propagation_n(X, Y, params)[1]

    return Inputs(_label(seed=seed, layer_dims=list(dims), m=m), build, {"m": m})


@seeded
def parameters_inputs(seed: int, dims: Sequence[int], shuffled: bool = False) -> Inputs:
    """``(parameters,)``; ``shuffled``: the dict's keys in another order than W1, b1, W2, ..."""

    def build() -> tuple[Any, ...]:
        _, _, params = network(seed, dims, 2)
        if shuffled:
            params = {k: params[k] for k in sorted(params, reverse=True)}
        return (params,)

    return Inputs(_label(seed=seed, layer_dims=list(dims), shuffled=shuffled), build)


@seeded
def vector_inputs(seed: int, dims: Sequence[int]) -> Inputs:
    """``(theta, layer_dims)``, every entry distinct."""

    def build() -> tuple[Any, ...]:
        n = sum(dims[l] * (dims[l - 1] + 1) for l in range(1, len(dims)))
        return np.random.default_rng([seed, n]).standard_normal((n, 1)), list(dims)

    return Inputs(_label(seed=seed, layer_dims=list(dims)), build)


@seeded
def gradients_inputs(seed: int, dims: Sequence[int], m: int) -> Inputs:
    """``(gradients,)``: a backward pass's dict, dZ and dA keys included (to be left out)."""

    def build() -> tuple[Any, ...]:
        X, Y, params = network(seed, dims, m)
        return (ref.backward_propagation_n(X, Y, ref.forward_propagation_n(X, Y, params)[1]),)

    return Inputs(_label(seed=seed, layer_dims=list(dims), m=m), build, {"m": m})


@seeded
def check_n_inputs(seed: int, dims: Sequence[int], m: int, bug: str = "", epsilon: float | None = None) -> Inputs:
    """``(parameters, gradients, X, Y[, epsilon])``: right gradients, or with ``bug`` planted."""

    def build() -> tuple[Any, ...]:
        X, Y, params = network(seed, dims, m)
        gradients = ref.backward_propagation_n(X, Y, ref.forward_propagation_n(X, Y, params)[1])
        if bug:
            gradients = BUGS[bug](gradients)
        return (params, gradients, X, Y) + (() if epsilon is None else (epsilon,))

    facts = {"bug": bug or "none", **({} if epsilon is None else {"epsilon": epsilon})}
    return Inputs(_label(seed=seed, layer_dims=list(dims), m=m, **facts), build, {"m": m})


def cost_from_cache(X: Array, Y: Array, cache: tuple[Any, ...]) -> float:
    """The cost of the forward pass recomputed from the weights held in the cache."""
    params = dict(zip(("W1", "b1", "W2", "b2", "W3", "b3"), (cache[i] for i in (2, 3, 6, 7, 10, 11)), strict=True))
    return ref.forward_propagation_n(X, Y, params)[0]
