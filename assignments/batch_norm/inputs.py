"""Random inputs of the batch_norm checks (instructors only).

Every unit gets its own mean and spread, so statistics taken over the wrong
axis, or shared by all units, are visible; the caches given to
``batchnorm_backward`` come from a real forward pass (the formula of the
reference, written again here), so they are consistent with their ``Z``.
"""

from __future__ import annotations

import numpy as np

from grader.author import Draw, Inputs, seeded


def units(*shape: int | str) -> Draw:
    """Z of shape (n, m): unit i drawn around its own mean, with its own spread."""
    def sample(rng: np.random.Generator, s: tuple[int, ...]) -> np.ndarray:
        n, m = s
        return rng.uniform(-3.0, 3.0, (n, 1)) + rng.uniform(0.5, 3.0, (n, 1)) * rng.standard_normal((n, m))

    return Draw(shape, sample, f"units{shape}")


def positive(*shape: int | str, low: float = 0.2, high: float = 4.0) -> Draw:
    """Variances: values in [low, high)."""
    return Draw(shape, lambda rng, s: rng.uniform(low, high, s), f"positive{shape}")


def forward(Z: np.ndarray, gamma: np.ndarray, beta: np.ndarray, epsilon: float) -> np.ndarray:
    """Z_tilde of batch normalization in training mode (the objective of the gradient check)."""
    mu = Z.mean(axis=1, keepdims=True)
    var = ((Z - mu) ** 2).mean(axis=1, keepdims=True)
    return gamma * (Z - mu) / np.sqrt(var + epsilon) + beta


@seeded
def backward_inputs(seed: int, n: int, m: int, epsilon: float | None = None) -> Inputs:
    """``(dZ_tilde, cache)`` with a cache from a forward pass of random Z, gamma, beta (and epsilon)."""
    def build() -> tuple[np.ndarray, tuple]:
        rng = np.random.default_rng([seed, n, m])
        Z = units("n", "m").draw(rng, {"n": n, "m": m})
        gamma = rng.uniform(0.5, 2.0, (n, 1)) * rng.choice([-1.0, 1.0], (n, 1))
        beta = rng.standard_normal((n, 1))
        eps = float(rng.uniform(1e-3, 0.5)) if epsilon is None else epsilon
        mu = Z.mean(axis=1, keepdims=True)
        var = ((Z - mu) ** 2).mean(axis=1, keepdims=True)
        Z_norm = (Z - mu) / np.sqrt(var + eps)
        return rng.standard_normal((n, m)), (Z, Z_norm, mu, var, gamma, beta, eps)

    label = f"seed={seed}, n={n}, m={m}" + (f", epsilon={epsilon}" if epsilon is not None else "")
    return Inputs(label, build, {"m": m})
