"""Activation functions and their derivatives.

Every forward function returns ``(A, cache)`` where ``cache`` is the
pre-activation ``Z``; every backward function takes the upstream gradient
``dA`` and that cache and returns ``dZ``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def sigmoid(Z: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Apply the sigmoid activation element-wise.

    Parameters
    ----------
    Z : ndarray of shape (n, m)
        Pre-activation values of one layer, any shape.

    Returns
    -------
    A : ndarray of shape (n, m)
        ``sigmoid(Z)``, same shape as ``Z``, every value in (0, 1).
    cache : ndarray of shape (n, m)
        ``Z`` itself, kept for the backward pass.

    Notes
    -----
    .. math:: \\sigma(z) = \\frac{1}{1 + e^{-z}}

    Use ``np.exp``; do not loop over the entries.
    """
    ### BEGIN SOLUTION
    A = 1.0 / (1.0 + np.exp(-Z))
    cache = Z
    ### END SOLUTION
    return A, cache


def relu(Z: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Apply the rectified linear unit element-wise.

    Parameters
    ----------
    Z : ndarray of shape (n, m)
        Pre-activation values of one layer, any shape.

    Returns
    -------
    A : ndarray of shape (n, m)
        ``max(0, Z)``, same shape as ``Z``.
    cache : ndarray of shape (n, m)
        ``Z`` itself, kept for the backward pass.

    Notes
    -----
    .. math:: \\mathrm{relu}(z) = \\max(0, z)

    ``np.maximum(0, Z)`` is element-wise; ``max(0, Z)`` is not.
    """
    ### BEGIN SOLUTION
    A = np.maximum(0, Z)
    cache = Z
    ### END SOLUTION
    return A, cache


def sigmoid_backward(dA: NDArray[np.float64], cache: NDArray[np.float64]) -> NDArray[np.float64]:
    """Backward pass of a sigmoid unit.

    Parameters
    ----------
    dA : ndarray of shape (n, m)
        Gradient of the cost with respect to the activation ``A``.
    cache : ndarray of shape (n, m)
        The ``Z`` stored by :func:`sigmoid`.

    Returns
    -------
    dZ : ndarray of shape (n, m)
        Gradient of the cost with respect to ``Z``.

    Notes
    -----
    With :math:`s = \\sigma(Z)`, the derivative of the sigmoid is
    :math:`s (1 - s)`, so

    .. math:: dZ = dA \\odot s \\odot (1 - s)

    where :math:`\\odot` is the element-wise product. Do not modify ``dA``.
    """
    ### BEGIN SOLUTION
    Z = cache
    s = 1.0 / (1.0 + np.exp(-Z))
    dZ = dA * s * (1.0 - s)
    ### END SOLUTION
    return dZ


def relu_backward(dA: NDArray[np.float64], cache: NDArray[np.float64]) -> NDArray[np.float64]:
    """Backward pass of a ReLU unit.

    Parameters
    ----------
    dA : ndarray of shape (n, m)
        Gradient of the cost with respect to the activation ``A``.
    cache : ndarray of shape (n, m)
        The ``Z`` stored by :func:`relu`.

    Returns
    -------
    dZ : ndarray of shape (n, m)
        Gradient of the cost with respect to ``Z``.

    Notes
    -----
    The derivative of ReLU is 1 where :math:`Z > 0` and 0 elsewhere, so

    .. math:: dZ = dA \\odot \\mathbb{1}[Z > 0]

    Build ``dZ`` as a new array (``np.array(dA, copy=True)`` or ``dA * (Z > 0)``):
    writing zeros into ``dA`` itself changes the caller's array.
    """
    ### BEGIN SOLUTION
    Z = cache
    dZ = np.array(dA, copy=True)
    dZ[Z <= 0] = 0
    ### END SOLUTION
    return dZ
