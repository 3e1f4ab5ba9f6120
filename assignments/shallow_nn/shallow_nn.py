"""Planar data classification with one hidden layer

Fill in every function below where it says YOUR CODE HERE, then check
your work with `grader check shallow_nn`. Keep the names, the
parameters and the return values as documented: the grader calls them.
This file was generated from the reference by `grader generate shallow_nn`.
"""

# ruff: noqa: F401, F821 - imports and names for the code you write where it says YOUR CODE HERE

from __future__ import annotations

import copy

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


def layer_sizes(X: Array, Y: Array) -> tuple[int, int, int]:
    """The sizes of the three layers of the network.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Input data, one example per column.
    Y : ndarray of shape (n_y, m)
        Labels, one column per example.

    Returns
    -------
    n_x : int
        Size of the input layer, ``X.shape[0]``.
    n_h : int
        Size of the hidden layer: always 4 here (:func:`nn_model` takes
        other sizes as an argument).
    n_y : int
        Size of the output layer, ``Y.shape[0]``.

    Notes
    -----
    Read the sizes from the shapes (rows are features, columns examples):
    ``m`` is the *second* dimension, not a layer size.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("layer_sizes is not implemented yet")
    return (n_x, n_h, n_y)


def initialize_parameters(n_x: int, n_h: int, n_y: int) -> dict[str, Array]:
    """Small random weights and zero biases.

    Parameters
    ----------
    n_x : int
        Size of the input layer.
    n_h : int
        Size of the hidden layer.
    n_y : int
        Size of the output layer.

    Returns
    -------
    parameters : dict
        ``"W1"`` : ndarray of shape (n_h, n_x); ``"b1"`` : ndarray of shape
        (n_h, 1); ``"W2"`` : ndarray of shape (n_y, n_h); ``"b2"`` : ndarray
        of shape (n_y, 1). Exactly these four keys, float values.

    Notes
    -----
    Do not seed: the caller does (:func:`nn_model` seeds 3, the grader seeds
    before every call). Draw in this order, so that everyone gets the same
    numbers from the same seed:

    .. math:: W^{[1]} = 0.01 \\cdot \\mathrm{randn}(n_h, n_x), \\quad
              b^{[1]} = 0, \\quad
              W^{[2]} = 0.01 \\cdot \\mathrm{randn}(n_y, n_h), \\quad
              b^{[2]} = 0

    (``np.random.randn(n_h, n_x) * 0.01``, then ``np.zeros((n_h, 1))``, then
    ``np.random.randn(n_y, n_h) * 0.01``, then ``np.zeros((n_y, 1))``). The
    weights must not all be equal (all zeros would make every hidden unit
    compute the same thing forever), and small, so that ``tanh`` starts in
    its steep, linear part.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("initialize_parameters is not implemented yet")
    return parameters


def forward_propagation(X: Array, parameters: dict[str, Array]) -> tuple[Array, dict[str, Array]]:
    """The forward pass: a tanh hidden layer, then one sigmoid unit.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Input data, one example per column.
    parameters : dict
        ``"W1"`` (n_h, n_x), ``"b1"`` (n_h, 1), ``"W2"`` (n_y, n_h), ``"b2"``
        (n_y, 1), as made by :func:`initialize_parameters`.

    Returns
    -------
    A2 : ndarray of shape (n_y, m)
        The output probabilities, the sigmoid of ``Z2``.
    cache : dict
        ``"Z1"`` and ``"A1"`` : ndarray of shape (n_h, m); ``"Z2"`` and
        ``"A2"`` : ndarray of shape (n_y, m). Exactly these four keys.

    Notes
    -----
    .. math:: Z^{[1]} = W^{[1]} X + b^{[1]}, \\quad A^{[1]} = \\tanh(Z^{[1]}),

    .. math:: Z^{[2]} = W^{[2]} A^{[1]} + b^{[2]}, \\quad
              A^{[2]} = \\sigma(Z^{[2]}) = \\frac{1}{1 + e^{-Z^{[2]}}}

    The hidden layer uses ``np.tanh`` (seed ``003`` writes :math:`\\sigma`
    for every layer of its two-layer example, and :math:`W^{[2]} x` where it
    means :math:`W^{[2]} a^{[1]}`); the output layer uses the sigmoid
    (``planar_utils.sigmoid``, or write it). ``b1`` and ``b2`` broadcast over
    the ``m`` columns. Do not change ``X`` or ``parameters``.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("forward_propagation is not implemented yet")
    return A2, cache


def compute_cost(A2: Array, Y: Array) -> float:
    """The mean cross-entropy cost.

    Parameters
    ----------
    A2 : ndarray of shape (1, m)
        The output probabilities, each in (0, 1).
    Y : ndarray of shape (1, m)
        True labels, 0 or 1.

    Returns
    -------
    cost : float
        A Python float or a 0-d array (not an array of shape (1, 1): use
        ``float(...)`` or ``np.squeeze(...)``).

    Notes
    -----
    .. math:: J = -\\frac{1}{m} \\sum_{i=1}^{m}
              \\left( y^{(i)} \\log a^{[2](i)} + (1 - y^{(i)}) \\log(1 - a^{[2](i)}) \\right)

    The factor is :math:`1/m` (not :math:`1/(2m)`). ``np.multiply`` and
    ``np.sum``, or ``np.dot`` of a row by a column, both work; do not loop.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("compute_cost is not implemented yet")
    return cost


def backward_propagation(parameters: dict[str, Array], cache: dict[str, Array], X: Array,
                         Y: Array) -> dict[str, Array]:
    """The backward pass: the gradients of the cost with respect to every parameter.

    Parameters
    ----------
    parameters : dict
        ``"W1"`` (n_h, n_x), ``"b1"`` (n_h, 1), ``"W2"`` (n_y, n_h), ``"b2"``
        (n_y, 1): the parameters of the forward pass.
    cache : dict
        ``"Z1"``, ``"A1"``, ``"Z2"``, ``"A2"`` from :func:`forward_propagation`
        on ``X`` with these parameters.
    X : ndarray of shape (n_x, m)
        Input data.
    Y : ndarray of shape (n_y, m)
        True labels, 0 or 1.

    Returns
    -------
    grads : dict
        ``"dW1"`` : ndarray of shape (n_h, n_x); ``"db1"`` : ndarray of shape
        (n_h, 1); ``"dW2"`` : ndarray of shape (n_y, n_h); ``"db2"`` :
        ndarray of shape (n_y, 1). Each is the gradient of the cost
        :math:`J` (see :func:`compute_cost`) and has the shape of its
        parameter. Exactly these four keys.

    Notes
    -----
    .. math:: dZ^{[2]} = A^{[2]} - Y, \\quad
              dW^{[2]} = \\frac{1}{m} dZ^{[2]} A^{[1]T}, \\quad
              db^{[2]} = \\frac{1}{m} \\sum_{i=1}^{m} dZ^{[2](i)}

    .. math:: dZ^{[1]} = W^{[2]T} dZ^{[2]} * (1 - (A^{[1]})^2), \\quad
              dW^{[1]} = \\frac{1}{m} dZ^{[1]} X^T, \\quad
              db^{[1]} = \\frac{1}{m} \\sum_{i=1}^{m} dZ^{[1](i)}

    ``*`` is the element-wise product; :math:`1 - (A^{[1]})^2` is the
    derivative of ``tanh`` at ``Z1``, computed from the cache
    (``1 - np.power(A1, 2)``). The sums run over the examples, axis 1, with
    ``keepdims=True`` so that ``db1`` is (n_h, 1), not (n_h,).

    Seed ``003``'s summary slide has errors, corrected here:
    :math:`dW^{[L]} = \\frac{1}{m} dZ^{[L]} A^{[L]T}` multiplies by the
    layer's *input* :math:`A^{[L-1]T}` (here :math:`A^{[1]T}`, and
    :math:`X^T` for the first layer, where the slide prints
    :math:`A^{[1]T}` again); :math:`dZ^{[L-1]} = dW^{[L]T} dZ^{[L]} \\ldots`
    uses the weights :math:`W^{[L]T}`, not their gradient, and the
    derivative of the layer below, :math:`g'^{[L-1]}(Z^{[L-1]})`; and
    :math:`dZ^{[L]} = A^{[L]} - \\hat{Y}` means :math:`A^{[L]} - Y` (the
    true labels). ``db`` has the shape of ``b``, (n, 1), not (n, m).
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("backward_propagation is not implemented yet")
    return grads


def update_parameters(parameters: dict[str, Array], grads: dict[str, Array],
                      learning_rate: float = 1.2) -> dict[str, Array]:
    """One step of gradient descent.

    Parameters
    ----------
    parameters : dict
        ``"W1"``, ``"b1"``, ``"W2"``, ``"b2"``.
    grads : dict
        ``"dW1"``, ``"db1"``, ``"dW2"``, ``"db2"``, each of the shape of its
        parameter.
    learning_rate : float, default 1.2
        Step size :math:`\\alpha`.

    Returns
    -------
    parameters : dict
        ``"W1"``, ``"b1"``, ``"W2"``, ``"b2"`` after the step, same shapes.
        Exactly these four keys.

    Notes
    -----
    .. math:: W^{[l]} := W^{[l]} - \\alpha \\, dW^{[l]}, \\quad
              b^{[l]} := b^{[l]} - \\alpha \\, db^{[l]} \\quad (l = 1, 2)

    You may update the arrays in place (``W1 -= learning_rate * dW1``) or
    make new ones (``W1 = W1 - learning_rate * dW1``): what is graded is
    what you return. Do not change ``grads``.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("update_parameters is not implemented yet")
    return parameters


def nn_model(X: Array, Y: Array, n_h: int, num_iterations: int = 10000,
             print_cost: bool = False) -> dict[str, Array]:
    """Train the shallow network by batch gradient descent.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Input data, one example per column.
    Y : ndarray of shape (n_y, m)
        True labels, 0 or 1.
    n_h : int
        Size of the hidden layer.
    num_iterations : int, default 10000
        Number of gradient descent steps.
    print_cost : bool, default False
        If True, print ``Cost after iteration i: <cost>`` every 1000 steps.

    Returns
    -------
    parameters : dict
        ``"W1"`` (n_h, n_x), ``"b1"`` (n_h, 1), ``"W2"`` (n_y, n_h), ``"b2"``
        (n_y, 1): the parameters after the last step.

    Notes
    -----
    Call ``np.random.seed(3)`` first. Take ``n_x`` and ``n_y`` from
    :func:`layer_sizes`, but ``n_h`` from the argument (``layer_sizes``
    always says 4). Then :func:`initialize_parameters`, and
    ``num_iterations`` times: :func:`forward_propagation`,
    :func:`compute_cost`, :func:`backward_propagation` and
    :func:`update_parameters` with its default learning rate, 1.2.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("nn_model is not implemented yet")
    return parameters


def predict(parameters: dict[str, Array], X: Array) -> Array:
    """Predict 0/1 labels with the learned parameters.

    Parameters
    ----------
    parameters : dict
        ``"W1"``, ``"b1"``, ``"W2"``, ``"b2"``.
    X : ndarray of shape (n_x, m)
        Input data, one example per column.

    Returns
    -------
    predictions : ndarray of shape (1, m) of 0/1 labels
        1 where the output probability ``A2`` is above 0.5, else 0 (float,
        int or bool values are all fine).

    Notes
    -----
    .. math:: \\hat{y}^{(i)} = 1 \\text{ if } a^{[2](i)} > 0.5 \\text{ else } 0

    Use :func:`forward_propagation`; then ``A2 > 0.5`` or ``np.round(A2)``
    (the two differ only when a probability is exactly 0.5).
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("predict is not implemented yet")
    return predictions
