"""Central-difference gradients in float64, for gradient checks.

These run in the grader's process on trusted forward math (the reference's
forward functions), never on student code.
"""

from __future__ import annotations

from collections.abc import Callable

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
