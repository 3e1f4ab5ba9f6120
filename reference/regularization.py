"""L2 regularization and inverted dropout for a 3-layer network.

The network is LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID, with
examples stored as columns (``X`` of shape ``(n_x, m)``, ``Y`` of shape
``(1, m)``). Its unregularized building blocks (``sigmoid``, ``relu``,
``forward_propagation``, ``compute_cost``, ``backward_propagation``) are
given in ``reg_utils.py``; you may import and use them
(``from reg_utils import compute_cost, relu, sigmoid``).

Seeds 000 and 003 (chapter 2, sections 4 and 5) list "Regularization" and
"Dropout" in their table of contents only: they print no formula and no
value for them, so every formula here follows the course API and every
value in the checks was recomputed (``assignments/regularization/worked_examples.py``).
"""

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
    ### BEGIN SOLUTION
    m = Y.shape[1]
    cross_entropy_cost = -np.sum(Y * np.log(A3) + (1 - Y) * np.log(1 - A3)) / m
    squares = sum(np.sum(np.square(parameters[f"W{l}"])) for l in (1, 2, 3))
    L2_regularization_cost = lambd / (2 * m) * squares
    cost = float(cross_entropy_cost + L2_regularization_cost)
    ### END SOLUTION
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
    ### BEGIN SOLUTION
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1.0 / m * np.dot(dZ3, A2.T) + lambd / m * W3
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = dA2 * (A2 > 0)
    dW2 = 1.0 / m * np.dot(dZ2, A1.T) + lambd / m * W2
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = dA1 * (A1 > 0)
    dW1 = 1.0 / m * np.dot(dZ1, X.T) + lambd / m * W1
    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
                 "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
    ### END SOLUTION
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
    ### BEGIN SOLUTION
    np.random.seed(1)
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = np.dot(W1, X) + b1
    A1 = np.maximum(0, Z1)
    D1 = np.random.rand(A1.shape[0], A1.shape[1]) < keep_prob
    A1 = A1 * D1 / keep_prob
    Z2 = np.dot(W2, A1) + b2
    A2 = np.maximum(0, Z2)
    D2 = np.random.rand(A2.shape[0], A2.shape[1]) < keep_prob
    A2 = A2 * D2 / keep_prob
    Z3 = np.dot(W3, A2) + b3
    A3 = 1 / (1 + np.exp(-Z3))
    cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    ### END SOLUTION
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
    ### BEGIN SOLUTION
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1.0 / m * np.dot(dZ3, A2.T)
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dA2 = dA2 * D2 / keep_prob
    dZ2 = dA2 * (A2 > 0)
    dW2 = 1.0 / m * np.dot(dZ2, A1.T)
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dA1 = dA1 * D1 / keep_prob
    dZ1 = dA1 * (A1 > 0)
    dW1 = 1.0 / m * np.dot(dZ1, X.T)
    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
                 "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
    ### END SOLUTION
    return gradients
