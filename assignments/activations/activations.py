"""Activation functions and their derivatives

Fill in every function below where it says YOUR CODE HERE, then check
your work with `grader check activations`. Keep the names, the
parameters and the return values as documented: the grader calls them.
This file was generated from the reference by `grader generate activations`.
"""

# ruff: noqa: F401, F821 - imports and names for the code you write where it says YOUR CODE HERE

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
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("sigmoid is not implemented yet")
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
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("sigmoid_derivative is not implemented yet")
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
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("tanh is not implemented yet")
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
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("tanh_derivative is not implemented yet")
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
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("relu is not implemented yet")
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
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("relu_derivative is not implemented yet")
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
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("leaky_relu is not implemented yet")
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
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("leaky_relu_derivative is not implemented yet")
    return g_prime
