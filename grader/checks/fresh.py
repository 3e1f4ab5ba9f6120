"""Fresh inputs of the same form: the hidden twins of public checks.

A public check teaches: its inputs and expected values ship to students.
In the instructor's grading each public value check also runs on *fresh*
inputs of the same form that no student has seen, so a function that
reproduces the published values from a lookup table earns nothing.

An :class:`~grader.checks.base.Inputs` built by a seeded builder knows
its own twin (the same builder with another seed, see :func:`seeded`),
which keeps caches consistent with a real forward pass; for inputs
written by hand (known values) :func:`perturb` draws new values that keep
each array's shape, dtype and range (0/1 labels stay 0/1, probabilities
stay in (0, 1), signed values stay away from 0).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

import numpy as np

#: Added to a builder's seed to build its twin.
TWIN_SEED_OFFSET = 1000
#: Fresh signed values stay this far from 0 (ReLU kinks).
MARGIN = 0.05

F = TypeVar("F", bound=Callable[..., Any])


def seeded(builder: F) -> F:
    """Decorate an inputs builder whose first argument is a seed: its Inputs know their twin.

    The twin is the same builder called with ``seed + TWIN_SEED_OFFSET`` and
    the same other arguments (same sizes, same form, other values).
    """

    @functools.wraps(builder)
    def wrapper(seed: int, *rest: Any, **kwargs: Any) -> Any:
        inputs = builder(seed, *rest, **kwargs)
        return replace(inputs, twin=lambda: builder(seed + TWIN_SEED_OFFSET, *rest, **kwargs))

    return wrapper  # type: ignore[return-value]


def _rng(label: str) -> np.random.Generator:
    digest = hashlib.blake2b(label.encode("utf-8"), digest_size=8).digest()
    return np.random.default_rng(int.from_bytes(digest, "big"))


def _fresh_array(a: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    if a.size == 0 or a.dtype.kind not in "biuf":
        return a.copy()
    if a.dtype.kind == "b":
        return rng.uniform(size=a.shape) < 0.5
    values = a.astype(np.float64)
    if np.all((values == 0) | (values == 1)):
        fresh = (rng.uniform(size=a.shape) < 0.5).astype(np.float64)
        if fresh.size > 1:
            fresh.flat[0], fresh.flat[1] = 1.0, 0.0
    elif np.all((values > 0) & (values < 1)):
        fresh = rng.uniform(0.05, 0.95, a.shape)
    else:
        scale = float(np.sqrt(np.mean(values**2))) or 1.0
        magnitude = rng.uniform(0.2, 1.5, a.shape) * scale + MARGIN
        sign = -1.0 if np.all(values <= 0) else 1.0 if np.all(values >= 0) else rng.choice([-1.0, 1.0], a.shape)
        fresh = magnitude * sign
    if a.dtype.kind in "iu":
        return np.rint(fresh).astype(a.dtype)
    return fresh.astype(a.dtype)


def perturb(value: Any, rng: np.random.Generator) -> Any:
    """New values of the same form: same containers, shapes, dtypes and ranges.

    Positive ints (sizes) grow by one, so a lookup keyed by shape misses too;
    strings, bools, None and float scalars (hyper-parameters) are kept.
    """
    if isinstance(value, np.ndarray):
        return _fresh_array(value, rng)
    if type(value) is int and value > 0:
        return value + 1
    if type(value) is tuple:
        return tuple(perturb(v, rng) for v in value)
    if type(value) is list:
        return [perturb(v, rng) for v in value]
    if type(value) is dict:
        return {k: perturb(v, rng) for k, v in value.items()}
    return value


def twin_args(label: str, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """Fresh arguments of the same form as ``args`` (deterministic for a label)."""
    return tuple(perturb(a, _rng(label)) for a in args)


__all__ = ["MARGIN", "TWIN_SEED_OFFSET", "perturb", "seeded", "twin_args"]
