"""Regularization: L2 and dropout

Fill in every function below where it says YOUR CODE HERE, then check
your work with `grader check regularization`. Keep the names, the
parameters and the return values as documented: the grader calls them.
This file was generated from the reference by `grader generate regularization`.
"""

# ruff: noqa: F401, F821 - imports and names for the code you write where it says YOUR CODE HERE

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


def compute_cost_with_regularization(A3: Array, Y: Array, parameters: dict[str, Array], lambd: float) -> float:
    """Cross-entropy cost plus the L2 penalty of the three weight matrices.

    Parameters
    ----------
    A3 : ndarray of shape (1, m)
        Output of the forward pass (probabilities in (0, 1)).
    Y : ndarray of shape (1, m)
        True labels, 0 or 1.
    parameters : dict
        ``"W1"`` : ndarray of shape (n_1, n_x), ``"b1"`` : ndarray of shape (n_1, 1),
        ``"W2"`` : ndarray of shape (n_2, n_1), ``"b2"`` : ndarray of shape (n_2, 1),
        ``"W3"`` : ndarray of shape (1, n_2), ``"b3"`` : ndarray of shape (1, 1).
    lambd : float
        The regularization strength :math:`\\lambda` (``lambda`` is a Python keyword).

    Returns
    -------
    cost : float
        The regularized cost, a Python float or a 0-d array (not an array of shape (1, 1)).

    Notes
    -----
    .. math:: J = -\\frac{1}{m} \\sum_{i=1}^{m} \\left( y^{(i)} \\log a^{[3](i)}
              + (1 - y^{(i)}) \\log(1 - a^{[3](i)}) \\right)
              + \\frac{\\lambda}{2m} \\sum_{l=1}^{3} \\sum_{k,j} \\left(W^{[l]}_{kj}\\right)^2

    The factor of the penalty is :math:`\\lambda / (2m)`, not :math:`\\lambda / m`
    (that one belongs to the gradient); biases are not penalized. The
    cross-entropy part is ``compute_cost(A3, Y)`` of ``reg_utils``.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("compute_cost_with_regularization is not implemented yet")
    return cost


def backward_propagation_with_regularization(X: Array, Y: Array, cache: tuple[Array, ...],
                                             lambd: float) -> dict[str, Array]:
    """Backward pass of the 3-layer network with the L2 penalty.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Input data, one example per column.
    Y : ndarray of shape (1, m)
        True labels, 0 or 1.
    cache : tuple
        ``(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)`` from ``forward_propagation``.
    lambd : float
        The regularization strength :math:`\\lambda`.

    Returns
    -------
    gradients : dict
        ``"dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"``,
        each of the shape of the array it is the gradient of (``dW2`` of the shape
        of ``W2``, ``db2`` of shape (n_2, 1), ``dA1`` of the shape of ``A1``, ...).

    Notes
    -----
    The unregularized pass, each weight gradient plus :math:`\\frac{\\lambda}{m} W^{[l]}`:

    .. math:: dZ^{[3]} = A^{[3]} - Y, \\quad
              dW^{[l]} = \\frac{1}{m} dZ^{[l]} A^{[l-1]T} + \\frac{\\lambda}{m} W^{[l]}, \\quad
              db^{[l]} = \\frac{1}{m} \\sum_i dZ^{[l]}_{:, i}

    .. math:: dA^{[l-1]} = W^{[l]T} dZ^{[l]}, \\quad
              dZ^{[l]} = dA^{[l]} \\odot \\mathbb{1}[A^{[l]} > 0] \\ (l = 1, 2)

    with :math:`A^{[0]} = X`. Biases get no penalty term; ``db`` keeps its
    column shape (``keepdims=True``).
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("backward_propagation_with_regularization is not implemented yet")
    return gradients


def forward_propagation_with_dropout(X: Array, parameters: dict[str, Array],
                                     keep_prob: float = 0.5) -> tuple[Array, tuple[Any, ...]]:
    """Forward pass with inverted dropout on the two hidden layers.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Input data, one example per column.
    parameters : dict
        ``"W1", "b1", "W2", "b2", "W3", "b3"`` as in :func:`compute_cost_with_regularization`.
    keep_prob : float, default 0.5
        Probability of keeping a hidden unit, in (0, 1].

    Returns
    -------
    A3 : ndarray of shape (1, m)
        Output of the network (probabilities).
    cache : tuple
        ``(Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)``: ``D1`` of
        shape (n_1, m) and ``D2`` of shape (n_2, m) are the masks (bool or 0/1
        ints), ``A1`` and ``A2`` the activations after dropout.

    Notes
    -----
    Seed numpy once with ``np.random.seed(1)``, then for layer 1 and then layer 2:

    .. math:: A^{[l]} = \\mathrm{relu}(W^{[l]} A^{[l-1]} + b^{[l]}), \\quad
              D^{[l]} = (\\mathrm{rand}(n_l, m) < p), \\quad
              A^{[l]} := A^{[l]} \\odot D^{[l]} / p

    with ``D = np.random.rand(*A.shape) < keep_prob`` (in that order: ``D1``
    is drawn before ``Z2`` is computed). Dividing by :math:`p` ("inverted"
    dropout) keeps the expected value of each activation unchanged, so
    nothing needs rescaling at test time. The output layer
    :math:`A^{[3]} = \\sigma(W^{[3]} A^{[2]} + b^{[3]})` has no dropout.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("forward_propagation_with_dropout is not implemented yet")
    return A3, cache


def backward_propagation_with_dropout(X: Array, Y: Array, cache: tuple[Any, ...],
                                      keep_prob: float) -> dict[str, Array]:
    """Backward pass of the 3-layer network through the dropout masks of the forward pass.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Input data, one example per column.
    Y : ndarray of shape (1, m)
        True labels, 0 or 1.
    cache : tuple
        ``(Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)`` from
        :func:`forward_propagation_with_dropout`.
    keep_prob : float
        The probability of keeping a unit that the forward pass used.

    Returns
    -------
    gradients : dict
        ``"dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"``,
        each of the shape of the array it is the gradient of.

    Notes
    -----
    The unregularized backward pass, with the same masks applied to the
    gradients of the dropped activations, scaled the same way:

    .. math:: dA^{[l]} := dA^{[l]} \\odot D^{[l]} / p \\quad (l = 2, 1)

    right after :math:`dA^{[l]} = W^{[l+1]T} dZ^{[l+1]}` and before
    :math:`dZ^{[l]} = dA^{[l]} \\odot \\mathbb{1}[A^{[l]} > 0]`. Draw no new
    masks: a unit shut down in the forward pass gets no gradient.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("backward_propagation_with_dropout is not implemented yet")
    return gradients
