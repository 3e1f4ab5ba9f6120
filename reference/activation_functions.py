"""Activation functions and their derivatives, element-wise on arrays of any shape.

The table of seed ``003`` ("Activation functions"), with seed ``004``'s
slides on tanh, ReLU and leaky ReLU. Every function takes an array ``z``
of any shape (ints or floats), returns a new float array of the same
shape and leaves ``z`` unchanged. Each derivative is written next to its
function.

What the seeds print, checked: the table of seed ``003`` is right
(``a (1 - a)``, ``1 - a**2``, 0 / 1, 0.01 / 1, with the derivative at 0
taken as 1 for both ReLUs, a convention: neither is differentiable
there). Seed ``004`` calls leaky ReLU "Leakly ReLu" and says tanh is "a
scaled version" of the sigmoid: it is scaled, shifted and takes a doubled
argument, ``tanh(z) = 2 sigmoid(2z) - 1``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


def sigmoid(z: Array) -> Array:
    """Compute the sigmoid of ``z`` element-wise.

    Parameters
    ----------
    z : ndarray of any shape
        Input values, ints or floats.

    Returns
    -------
    a : ndarray of float, the shape of z
        ``sigmoid(z)``, every value in (0, 1) (it rounds to exactly 0 or 1
        in float64 when ``|z|`` is large). A new array.

    Notes
    -----
    .. math:: \\sigma(z) = \\frac{1}{1 + e^{-z}}

    Use ``np.exp`` (``math.exp`` does not take arrays); do not loop over the
    entries. ``sigmoid(0) = 0.5``.
    """
    ### BEGIN SOLUTION
    a = 1 / (1 + np.exp(-z))
    ### END SOLUTION
    return a


def sigmoid_derivative(z: Array) -> Array:
    """Compute the derivative of the sigmoid at ``z``, element-wise.

    Parameters
    ----------
    z : ndarray of any shape
        Input values, ints or floats.

    Returns
    -------
    g_prime : ndarray of float, the shape of z
        :math:`\\sigma'(z)`, every value in (0, 0.25]. A new array.

    Notes
    -----
    .. math:: \\sigma'(z) = \\sigma(z) \\, (1 - \\sigma(z)) = a (1 - a)

    Call :func:`sigmoid` once and reuse its value. The largest value is
    ``sigmoid_derivative(0) = 0.25``; far from 0 the derivative is close to
    0 (about ``4.5e-5`` at ``|z| = 10``): the sigmoid saturates.
    """
    ### BEGIN SOLUTION
    a = sigmoid(z)
    g_prime = a * (1 - a)
    ### END SOLUTION
    return g_prime


def tanh(z: Array) -> Array:
    """Compute the hyperbolic tangent of ``z`` element-wise.

    Parameters
    ----------
    z : ndarray of any shape
        Input values, ints or floats.

    Returns
    -------
    a : ndarray of float, the shape of z
        ``tanh(z)``, every value in (-1, 1) (exactly -1 or 1 in float64
        when ``|z|`` is large). A new array.

    Notes
    -----
    .. math:: \\tanh(z) = \\frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}

    ``np.tanh`` computes it (the formula with ``np.exp`` is right too, but
    ``e^z`` overflows for ``z > 709``). ``tanh(0) = 0``: unlike the sigmoid,
    tanh is centred on 0.
    """
    ### BEGIN SOLUTION
    a = np.tanh(z)
    ### END SOLUTION
    return a


def tanh_derivative(z: Array) -> Array:
    """Compute the derivative of tanh at ``z``, element-wise.

    Parameters
    ----------
    z : ndarray of any shape
        Input values, ints or floats.

    Returns
    -------
    g_prime : ndarray of float, the shape of z
        :math:`\\tanh'(z)`, every value in (0, 1]. A new array.

    Notes
    -----
    .. math:: \\tanh'(z) = 1 - \\tanh^2(z) = 1 - a^2

    Call :func:`tanh` and square its value (not ``1 - tanh(z)``). The
    largest value is ``tanh_derivative(0) = 1``; far from 0 it is close to
    0 (about ``8.2e-9`` at ``|z| = 10``): tanh saturates too.
    """
    ### BEGIN SOLUTION
    a = tanh(z)
    g_prime = 1 - a ** 2
    ### END SOLUTION
    return g_prime


def relu(z: Array) -> Array:
    """Compute the rectified linear unit of ``z`` element-wise.

    Parameters
    ----------
    z : ndarray of any shape
        Input values, ints or floats.

    Returns
    -------
    a : ndarray of float, the shape of z
        ``max(0, z)``: ``z`` where ``z > 0``, else 0. Floats even when ``z``
        holds ints. A new array.

    Notes
    -----
    .. math:: \\mathrm{ReLU}(z) = \\max(0, z)

    ``np.maximum`` works element-wise (the built-in ``max`` does not);
    ``np.maximum(0, z)`` of an int array is an int array: compare with
    ``0.0`` or convert. Do not write into ``z``.
    """
    ### BEGIN SOLUTION
    a = np.maximum(z, 0.0)
    ### END SOLUTION
    return a


def relu_derivative(z: Array) -> Array:
    """Compute the derivative of ReLU at ``z``, element-wise.

    Parameters
    ----------
    z : ndarray of any shape
        Input values, ints or floats.

    Returns
    -------
    g_prime : ndarray of float, the shape of z
        1.0 where ``z >= 0``, 0.0 where ``z < 0``. A new array.

    Notes
    -----
    .. math:: \\mathrm{ReLU}'(z) = \\begin{cases} 0 & z < 0 \\\\ 1 & z \\geq 0 \\end{cases}

    ReLU has no derivative at 0 (its slope jumps from 0 to 1); the course
    takes it as **1 at z = 0**, as the table of seed ``003`` does.
    """
    ### BEGIN SOLUTION
    g_prime = np.where(z >= 0, 1.0, 0.0)
    ### END SOLUTION
    return g_prime


def leaky_relu(z: Array, alpha: float = 0.01) -> Array:
    """Compute the leaky rectified linear unit of ``z`` element-wise.

    Parameters
    ----------
    z : ndarray of any shape
        Input values, ints or floats.
    alpha : float, default 0.01
        The slope for negative inputs, a small number in (0, 1).

    Returns
    -------
    a : ndarray of float, the shape of z
        ``z`` where ``z >= 0``, ``alpha * z`` where ``z < 0``. A new array.

    Notes
    -----
    .. math:: \\mathrm{LeakyReLU}(z) = \\max(\\alpha z, z)

    (``max(alpha z, z)`` is right because ``0 < alpha < 1``.) Use the
    ``alpha`` you are given, not 0.01 written in: the default is 0.01.
    """
    ### BEGIN SOLUTION
    a = np.where(z >= 0, z, alpha * z).astype(np.float64)
    ### END SOLUTION
    return a


def leaky_relu_derivative(z: Array, alpha: float = 0.01) -> Array:
    """Compute the derivative of leaky ReLU at ``z``, element-wise.

    Parameters
    ----------
    z : ndarray of any shape
        Input values, ints or floats.
    alpha : float, default 0.01
        The slope for negative inputs.

    Returns
    -------
    g_prime : ndarray of float, the shape of z
        1.0 where ``z >= 0``, ``alpha`` where ``z < 0``. A new array.

    Notes
    -----
    .. math:: \\mathrm{LeakyReLU}'(z) = \\begin{cases} \\alpha & z < 0 \\\\ 1 & z \\geq 0 \\end{cases}

    As for ReLU, the derivative at 0 is taken as **1** (seed ``003``'s
    table).
    """
    ### BEGIN SOLUTION
    g_prime = np.where(z >= 0, 1.0, alpha)
    ### END SOLUTION
    return g_prime


__all__ = ["sigmoid", "sigmoid_derivative", "tanh", "tanh_derivative", "relu", "relu_derivative",
           "leaky_relu", "leaky_relu_derivative"]
