"""Central-difference gradients in float64, for gradient checks.

These run in the grader's process on trusted forward math (the reference's
forward functions), never on student code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

H = 1e-5


def central_difference(f: Callable[[], float], x: NDArray[np.float64], h: float = H) -> NDArray[np.float64]:
    """Gradient of the scalar ``f()`` with respect to the array ``x``.

    ``x`` is perturbed in place, one entry at a time, and restored:
    ``(f(x + h e_i) - f(x - h e_i)) / 2h``.

    Parameters
    ----------
    f : callable
        Returns a float that depends on the current contents of ``x``.
    x : ndarray of float64, any shape
        The variable; must be a float64 array that ``f`` reads.
    h : float
        Step size.

    Returns
    -------
    grad : ndarray of the shape of ``x``
    """
    if x.dtype != np.float64:
        raise TypeError("central differences need a float64 array")
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        f_plus = f()
        x[idx] = old - h
        f_minus = f()
        x[idx] = old
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return grad


class KinkError(ValueError):
    """A gradient check's inputs sit where the objective is not differentiable (a ReLU kink)."""


def gradient_at(objective: Callable[[tuple[Any, ...]], float], args: tuple[Any, ...], path: tuple[Any, ...],
                h: float = H, label: str = "") -> Any:
    """The derivative of ``objective(args)`` with respect to the argument at ``path``, by central differences.

    The argument is replaced by a float64 copy (a Python float stays a
    float) and perturbed one entry at a time. Each entry's one-sided
    differences are compared too: when they disagree by more than the
    curvature of a smooth function can explain, the inputs straddle a kink
    and :class:`KinkError` says which entry (move the inputs away from it).

    Returns
    -------
    gradient : ndarray of float64 of the argument's shape, or float for a scalar argument
    """
    from grader.checks.outputs import get, put

    original = get(args, path)
    scalar = not isinstance(original, np.ndarray)
    x = np.array(original, dtype=np.float64)
    grad = np.zeros_like(x)
    base_args = put(args, path, float(x) if scalar else x)
    f0 = float(objective(base_args))
    for idx in np.ndindex(x.shape):
        old = x[idx]
        values = []
        for step in (h, -h):
            x[idx] = old + step
            values.append(float(objective(put(args, path, float(x) if scalar else x))))
        x[idx] = old
        f_plus, f_minus = values
        forward, backward = (f_plus - f0) / h, (f0 - f_minus) / h
        if abs(forward - backward) > 1e-3 * max(1.0, abs(forward), abs(backward)):
            raise KinkError(f"{label}: the objective has a kink at {idx or 'the value'} of the argument "
                            f"(one-sided slopes {forward:.4g} and {backward:.4g}): keep these inputs away from it")
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return float(grad) if scalar else grad
