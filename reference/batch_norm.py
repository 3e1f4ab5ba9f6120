"""Batch normalization of a layer's linear outputs (chapter 2 §6).

``Z`` has shape ``(n, m)``: ``n`` units, ``m`` examples of a mini-batch, one
per column. Every statistic is per unit, over the examples (``axis=1``,
``keepdims=True``): ``gamma``, ``beta``, the means and the variances have
shape ``(n, 1)``. The variance is the biased one (divide by ``m``,
``np.var``'s default).

What the seeds say, checked: seed ``000`` standardizes features as
:math:`x_{j,std} = (x_j - \\mu_j) / \\sigma_j` with ``X[:, 0].std()``
(numpy's biased standard deviation, as here); batch normalization applies
the same standardization to every unit of a hidden layer, over each
mini-batch, adds :math:`\\varepsilon` under the square root and then
rescales with the learned :math:`\\gamma` and :math:`\\beta`. The seed's
slide says scaling "prevents weights from becoming too small (weight
decay)": weight decay is the name of L2 regularization (§4), which shrinks
the weights on purpose; it is not an effect of feature scaling.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
Cache = tuple[Array, Array, Array, Array, Array, Array, float]


def batchnorm_forward(Z: Array, gamma: Array, beta: Array, epsilon: float = 1e-5) -> tuple[Array, Cache]:
    """Batch normalization in training mode: normalize with the mini-batch's own statistics.

    Parameters
    ----------
    Z : ndarray of shape (n, m)
        A layer's linear outputs for a mini-batch of ``m`` examples.
    gamma : ndarray of shape (n, 1)
        The learned scale.
    beta : ndarray of shape (n, 1)
        The learned shift.
    epsilon : float, default 1e-5
        Added to the variance, inside the square root.

    Returns
    -------
    Z_tilde : ndarray of shape (n, m)
        The normalized, rescaled outputs.
    cache : tuple
        ``(Z, Z_norm, mu, var, gamma, beta, epsilon)``, in this order:
        ``Z_norm`` of shape (n, m), ``mu`` and ``var`` of shape (n, 1),
        ``epsilon`` the float given.

    Notes
    -----
    For every unit (row), over the ``m`` examples:

    .. math:: \\mu = \\frac{1}{m} \\sum_{i=1}^{m} z^{(i)}, \\quad
              \\sigma^2 = \\frac{1}{m} \\sum_{i=1}^{m} (z^{(i)} - \\mu)^2

    .. math:: z_{norm}^{(i)} = \\frac{z^{(i)} - \\mu}{\\sqrt{\\sigma^2 + \\varepsilon}}, \\quad
              \\tilde{z}^{(i)} = \\gamma \\, z_{norm}^{(i)} + \\beta

    The variance divides by ``m`` (``np.var(Z, axis=1, keepdims=True)``),
    not ``m - 1``. A unit whose values are all equal gets
    :math:`z_{norm} = 0`, so :math:`\\tilde{z} = \\beta`. Leave the
    arguments unchanged.
    """
    ### BEGIN SOLUTION
    mu = np.mean(Z, axis=1, keepdims=True)
    var = np.var(Z, axis=1, keepdims=True)
    Z_norm = (Z - mu) / np.sqrt(var + epsilon)
    Z_tilde = gamma * Z_norm + beta
    cache = (Z, Z_norm, mu, var, gamma, beta, epsilon)
    ### END SOLUTION
    return Z_tilde, cache


def batchnorm_backward(dZ_tilde: Array, cache: Cache) -> tuple[Array, Array, Array]:
    """The backward pass of :func:`batchnorm_forward`.

    Parameters
    ----------
    dZ_tilde : ndarray of shape (n, m)
        The gradient of the cost with respect to ``Z_tilde``.
    cache : tuple
        ``(Z, Z_norm, mu, var, gamma, beta, epsilon)`` from
        :func:`batchnorm_forward`.

    Returns
    -------
    dZ : ndarray of shape (n, m)
        The gradient with respect to ``Z``.
    dgamma : ndarray of shape (n, 1)
        The gradient with respect to ``gamma``.
    dbeta : ndarray of shape (n, 1)
        The gradient with respect to ``beta``.

    Notes
    -----
    Exact gradients by the chain rule, with sums over the examples
    (``axis=1, keepdims=True``):

    .. math:: d\\beta = \\sum_i d\\tilde{z}^{(i)}, \\quad
              d\\gamma = \\sum_i d\\tilde{z}^{(i)} z_{norm}^{(i)}, \\quad
              dz_{norm} = \\gamma \\, d\\tilde{z}

    .. math:: dz^{(i)} = \\frac{1}{m \\sqrt{\\sigma^2 + \\varepsilon}} \\left( m \\, dz_{norm}^{(i)}
              - \\sum_j dz_{norm}^{(j)} - z_{norm}^{(i)} \\sum_j dz_{norm}^{(j)} z_{norm}^{(j)} \\right)

    :math:`\\mu` and :math:`\\sigma^2` depend on every example, so
    :math:`dz` is not just :math:`dz_{norm} / \\sqrt{\\sigma^2 + \\varepsilon}`:
    the two sums are their share. No extra :math:`1/m` on ``dgamma`` and
    ``dbeta``: any averaging over the examples is already in ``dZ_tilde``.
    """
    ### BEGIN SOLUTION
    Z, Z_norm, mu, var, gamma, beta, epsilon = cache
    m = Z.shape[1]
    dbeta = np.sum(dZ_tilde, axis=1, keepdims=True)
    dgamma = np.sum(dZ_tilde * Z_norm, axis=1, keepdims=True)
    dZ_norm = gamma * dZ_tilde
    dZ = (m * dZ_norm - np.sum(dZ_norm, axis=1, keepdims=True)
          - Z_norm * np.sum(dZ_norm * Z_norm, axis=1, keepdims=True)) / (m * np.sqrt(var + epsilon))
    ### END SOLUTION
    return dZ, dgamma, dbeta


def update_running_stats(running_mean: Array, running_var: Array, mu: Array, var: Array,
                         momentum: float = 0.9) -> tuple[Array, Array]:
    """Exponentially weighted averages of the mini-batch statistics, for test time.

    Parameters
    ----------
    running_mean : ndarray of shape (n, 1)
        The running mean so far.
    running_var : ndarray of shape (n, 1)
        The running variance so far.
    mu : ndarray of shape (n, 1)
        This mini-batch's mean (``cache[2]``).
    var : ndarray of shape (n, 1)
        This mini-batch's variance (``cache[3]``).
    momentum : float, default 0.9
        The weight of the past.

    Returns
    -------
    running_mean : ndarray of shape (n, 1)
        ``momentum * running_mean + (1 - momentum) * mu``.
    running_var : ndarray of shape (n, 1)
        ``momentum * running_var + (1 - momentum) * var``.

    Notes
    -----
    .. math:: \\mu_{run} := \\beta \\mu_{run} + (1 - \\beta) \\mu, \\quad
              \\sigma^2_{run} := \\beta \\sigma^2_{run} + (1 - \\beta) \\sigma^2

    with :math:`\\beta` = ``momentum``: the same exponentially weighted
    average as the velocity of momentum (§7). The variances are averaged,
    not the standard deviations. You may update in place.
    """
    ### BEGIN SOLUTION
    running_mean = momentum * running_mean + (1 - momentum) * mu
    running_var = momentum * running_var + (1 - momentum) * var
    ### END SOLUTION
    return running_mean, running_var


def batchnorm_forward_test(Z: Array, gamma: Array, beta: Array, running_mean: Array, running_var: Array,
                           epsilon: float = 1e-5) -> Array:
    """Batch normalization in test mode: normalize with the running statistics.

    Parameters
    ----------
    Z : ndarray of shape (n, m)
        A layer's linear outputs (``m`` may be 1: one test example).
    gamma : ndarray of shape (n, 1)
        The learned scale.
    beta : ndarray of shape (n, 1)
        The learned shift.
    running_mean : ndarray of shape (n, 1)
        The mean estimated during training.
    running_var : ndarray of shape (n, 1)
        The variance estimated during training.
    epsilon : float, default 1e-5
        Added to the variance, inside the square root.

    Returns
    -------
    Z_tilde : ndarray of shape (n, m)
        ``gamma * (Z - running_mean) / sqrt(running_var + epsilon) + beta``.

    Notes
    -----
    .. math:: \\tilde{z} = \\gamma \\, \\frac{z - \\mu_{run}}{\\sqrt{\\sigma^2_{run} + \\varepsilon}} + \\beta

    At test time the examples may come one at a time, so their own mean and
    variance mean nothing: never compute statistics of ``Z`` here. Each
    example's output depends on that example only. Leave the arguments
    unchanged.
    """
    ### BEGIN SOLUTION
    Z_tilde = gamma * (Z - running_mean) / np.sqrt(running_var + epsilon) + beta
    ### END SOLUTION
    return Z_tilde

