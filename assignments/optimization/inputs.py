"""Random inputs of the optimization checks: parameter and gradient dicts of whole networks.

Instructors only. :func:`layers` is a draw (see :mod:`grader.author`) of a
dict ``{"W1", "b1", ...}`` (or ``{"dW1", "db1", ...}``) for the layer sizes
named in the grid, so one ``arguments(...)`` line declares parameters,
gradients and optimizer state of the same network.
"""

from __future__ import annotations

import numpy as np

from grader.author import Draw


def layers(*dims: int | str, prefix: str = "", scale: float = 1.0, positive: bool = False) -> Draw:
    """``W{l}`` of shape (dims[l], dims[l-1]) and ``b{l}`` of shape (dims[l], 1), keys prefixed.

    ``positive`` draws magnitudes only (second moments, which are averages of squares).
    """
    def sample(rng: np.random.Generator, d: tuple[int, ...]) -> dict[str, np.ndarray]:
        out = {}
        for l in range(1, len(d)):
            for name, shape in (("W", (d[l], d[l - 1])), ("b", (d[l], 1))):
                x = rng.standard_normal(shape) * scale
                out[f"{prefix}{name}{l}"] = np.abs(x) + 0.01 * scale if positive else x
        return out

    return Draw(dims, sample, f"{prefix or 'parameter'} dict of layers {dims}")


def integer(low: int, high: int) -> Draw:
    """A Python int in [low, high] (an epoch number, a time interval)."""
    return Draw((), lambda rng, s: int(rng.integers(low, high + 1)), f"an int in [{low}, {high}]")
