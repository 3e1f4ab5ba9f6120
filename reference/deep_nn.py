"""A deep neural network for binary classification, built step by step.

The model is ``[LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID``. Examples are
stored as columns: ``X`` has shape ``(n_x, m)`` and ``Y`` has shape ``(1, m)``.
Layer ``l`` has ``W{l}`` of shape ``(n[l], n[l-1])`` and ``b{l}`` of shape
``(n[l], 1)``.
"""

from __future__ import annotations

import copy

import numpy as np
from numpy.typing import NDArray

from reference.activations import relu, relu_backward, sigmoid, sigmoid_backward

Array = NDArray[np.float64]
LinearCache = tuple[Array, Array, Array]
ActivationCache = tuple[LinearCache, Array]


def initialize_parameters(n_x: int, n_h: int, n_y: int) -> dict[str, Array]:
    """Initialize the parameters of a two-layer network.

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
        ``"W1"`` : ndarray of shape (n_h, n_x);
        ``"b1"`` : ndarray of shape (n_h, 1);
        ``"W2"`` : ndarray of shape (n_y, n_h);
        ``"b2"`` : ndarray of shape (n_y, 1).

    Notes
    -----
    Call ``np.random.seed(1)`` first, then draw ``W1`` and then ``W2`` with
    ``np.random.randn(rows, cols) * 0.01``. Biases start at zero
    (``np.zeros((rows, 1))``). Small random weights break the symmetry
    between hidden units; zero biases are fine.
    """
    np.random.seed(1)
    ### BEGIN SOLUTION
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    ### END SOLUTION
    return parameters


def initialize_parameters_deep(layer_dims: list[int]) -> dict[str, Array]:
    """Initialize the parameters of an L-layer network.

    Parameters
    ----------
    layer_dims : list of int of length L + 1
        ``layer_dims[0]`` is the input size ``n_x``; ``layer_dims[l]`` is the
        number of units in layer ``l``.

    Returns
    -------
    parameters : dict
        For ``l = 1 .. L``: ``"W{l}"`` : ndarray of shape
        (layer_dims[l], layer_dims[l-1]) and ``"b{l}"`` : ndarray of shape
        (layer_dims[l], 1).

    Notes
    -----
    Call ``np.random.seed(3)`` first, then for ``l = 1 .. L`` in order draw
    ``W{l} = np.random.randn(layer_dims[l], layer_dims[l-1]) * 0.01`` and set
    ``b{l}`` to zeros.
    """
    np.random.seed(3)
    ### BEGIN SOLUTION
    parameters: dict[str, Array] = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    ### END SOLUTION
    return parameters


def linear_forward(A: Array, W: Array, b: Array) -> tuple[Array, LinearCache]:
    """Linear part of a layer's forward propagation.

    Parameters
    ----------
    A : ndarray of shape (n_prev, m)
        Activations of the previous layer (or the input ``X``).
    W : ndarray of shape (n, n_prev)
        Weight matrix of this layer.
    b : ndarray of shape (n, 1)
        Bias vector of this layer.

    Returns
    -------
    Z : ndarray of shape (n, m)
        Pre-activation of this layer.
    cache : tuple
        ``(A, W, b)``, kept for the backward pass.

    Notes
    -----
    .. math:: Z = W A + b

    ``b`` is broadcast across the ``m`` columns.
    """
    ### BEGIN SOLUTION
    Z = np.dot(W, A) + b
    cache = (A, W, b)
    ### END SOLUTION
    return Z, cache


def linear_activation_forward(
    A_prev: Array, W: Array, b: Array, activation: str
) -> tuple[Array, ActivationCache]:
    """Forward propagation for one LINEAR -> ACTIVATION layer.

    Parameters
    ----------
    A_prev : ndarray of shape (n_prev, m)
        Activations of the previous layer (or the input ``X``).
    W : ndarray of shape (n, n_prev)
        Weight matrix of this layer.
    b : ndarray of shape (n, 1)
        Bias vector of this layer.
    activation : {"sigmoid", "relu"}
        The activation used in this layer.

    Returns
    -------
    A : ndarray of shape (n, m)
        Activations of this layer.
    cache : tuple
        ``(linear_cache, activation_cache)`` where ``linear_cache`` is
        ``(A_prev, W, b)`` from :func:`linear_forward` and
        ``activation_cache`` is ``Z``.

    Notes
    -----
    .. math:: A = g(W A_{prev} + b)

    Use :func:`linear_forward` and then :func:`sigmoid` or :func:`relu`.
    """
    ### BEGIN SOLUTION
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "sigmoid":
        A, activation_cache = sigmoid(Z)
    elif activation == "relu":
        A, activation_cache = relu(Z)
    else:
        raise ValueError(f"unknown activation {activation!r}")
    cache = (linear_cache, activation_cache)
    ### END SOLUTION
    return A, cache


def L_model_forward(X: Array, parameters: dict[str, Array]) -> tuple[Array, list[ActivationCache]]:
    """Forward propagation through ``[LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID``.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Input data, one example per column.
    parameters : dict
        ``"W{l}"`` and ``"b{l}"`` for ``l = 1 .. L``, as returned by
        :func:`initialize_parameters_deep`.

    Returns
    -------
    AL : ndarray of shape (1, m)
        Output of the last (sigmoid) layer: the predicted probabilities.
    caches : list of length L
        ``caches[l-1]`` is the cache of layer ``l`` from
        :func:`linear_activation_forward`.

    Notes
    -----
    The number of layers is ``L = len(parameters) // 2``. Layers ``1 .. L-1``
    use ReLU, layer ``L`` uses the sigmoid:

    .. math:: A^{[l]} = \\mathrm{relu}(W^{[l]} A^{[l-1]} + b^{[l]}), \\quad
              A^{[L]} = \\sigma(W^{[L]} A^{[L-1]} + b^{[L]})

    with :math:`A^{[0]} = X`.
    """
    ### BEGIN SOLUTION
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A_prev = A
        A, cache = linear_activation_forward(
            A_prev, parameters["W" + str(l)], parameters["b" + str(l)], "relu"
        )
        caches.append(cache)
    AL, cache = linear_activation_forward(
        A, parameters["W" + str(L)], parameters["b" + str(L)], "sigmoid"
    )
    caches.append(cache)
    ### END SOLUTION
    return AL, caches


def compute_cost(AL: Array, Y: Array) -> float:
    """Mean binary cross-entropy cost.

    Parameters
    ----------
    AL : ndarray of shape (1, m)
        Predicted probabilities, every value in (0, 1).
    Y : ndarray of shape (1, m)
        True labels, 0 or 1.

    Returns
    -------
    cost : float
        A scalar (a Python float or a 0-d array), not an array of shape (1, 1).

    Notes
    -----
    .. math:: J = -\\frac{1}{m} \\sum_{i=1}^{m}
              \\left( y^{(i)} \\log a^{[L](i)} + (1 - y^{(i)}) \\log(1 - a^{[L](i)}) \\right)

    Use ``np.squeeze`` (or ``float``) to turn a ``(1, 1)`` result into a scalar.
    """
    ### BEGIN SOLUTION
    m = Y.shape[1]
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    cost = float(np.squeeze(cost))
    ### END SOLUTION
    return cost


def linear_backward(dZ: Array, cache: LinearCache) -> tuple[Array, Array, Array]:
    """Linear part of a layer's backward propagation.

    Parameters
    ----------
    dZ : ndarray of shape (n, m)
        Gradient of the cost with respect to this layer's ``Z``.
    cache : tuple
        ``(A_prev, W, b)`` from :func:`linear_forward`; ``A_prev`` has shape
        (n_prev, m), ``W`` (n, n_prev), ``b`` (n, 1).

    Returns
    -------
    dA_prev : ndarray of shape (n_prev, m)
        Gradient of the cost with respect to ``A_prev``.
    dW : ndarray of shape (n, n_prev)
        Gradient of the cost with respect to ``W``.
    db : ndarray of shape (n, 1)
        Gradient of the cost with respect to ``b``.

    Notes
    -----
    .. math:: dW = \\frac{1}{m} dZ \\, A_{prev}^T, \\quad
              db = \\frac{1}{m} \\sum_{i=1}^{m} dZ^{(i)}, \\quad
              dA_{prev} = W^T dZ

    Sum ``db`` over the examples with ``axis=1, keepdims=True`` so that it
    keeps the shape (n, 1).
    """
    ### BEGIN SOLUTION
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(W.T, dZ)
    ### END SOLUTION
    return dA_prev, dW, db


def linear_activation_backward(
    dA: Array, cache: ActivationCache, activation: str
) -> tuple[Array, Array, Array]:
    """Backward propagation for one LINEAR -> ACTIVATION layer.

    Parameters
    ----------
    dA : ndarray of shape (n, m)
        Gradient of the cost with respect to this layer's activation.
    cache : tuple
        ``(linear_cache, activation_cache)`` from
        :func:`linear_activation_forward`.
    activation : {"sigmoid", "relu"}
        The activation used in this layer.

    Returns
    -------
    dA_prev : ndarray of shape (n_prev, m)
        Gradient of the cost with respect to the previous layer's activation.
    dW : ndarray of shape (n, n_prev)
        Gradient of the cost with respect to ``W``.
    db : ndarray of shape (n, 1)
        Gradient of the cost with respect to ``b``.

    Notes
    -----
    First ``dZ = g'(Z) * dA`` with :func:`relu_backward` or
    :func:`sigmoid_backward`, then :func:`linear_backward` on ``dZ``.
    """
    ### BEGIN SOLUTION
    linear_cache, activation_cache = cache
    if activation == "relu":
        dZ = relu_backward(dA, activation_cache)
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)
    else:
        raise ValueError(f"unknown activation {activation!r}")
    dA_prev, dW, db = linear_backward(dZ, linear_cache)
    ### END SOLUTION
    return dA_prev, dW, db


def L_model_backward(AL: Array, Y: Array, caches: list[ActivationCache]) -> dict[str, Array]:
    """Backward propagation through the whole L-layer network.

    Parameters
    ----------
    AL : ndarray of shape (1, m)
        Output of :func:`L_model_forward`.
    Y : ndarray of shape (1, m)
        True labels, 0 or 1.
    caches : list of length L
        The caches returned by :func:`L_model_forward`.

    Returns
    -------
    grads : dict
        For ``l = 1 .. L``: ``"dA{l-1}"`` of the shape of ``A{l-1}``,
        ``"dW{l}"`` of the shape of ``W{l}``, ``"db{l}"`` of the shape of
        ``b{l}``. Exactly these ``3 L`` keys.

    Notes
    -----
    Start from the derivative of the cross-entropy cost with respect to
    ``AL``:

    .. math:: dA^{[L]} = -\\left( \\frac{Y}{A^{[L]}} - \\frac{1 - Y}{1 - A^{[L]}} \\right)

    then go backwards: the sigmoid layer ``L`` first, then the ReLU layers
    ``L-1 .. 1``. ``grads["dA{l-1}"]`` is the ``dA_prev`` returned for layer
    ``l``.
    """
    ### BEGIN SOLUTION
    grads: dict[str, Array] = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    dA_prev, dW, db = linear_activation_backward(dAL, caches[L - 1], "sigmoid")
    grads["dA" + str(L - 1)] = dA_prev
    grads["dW" + str(L)] = dW
    grads["db" + str(L)] = db
    for l in reversed(range(L - 1)):
        dA_prev, dW, db = linear_activation_backward(grads["dA" + str(l + 1)], caches[l], "relu")
        grads["dA" + str(l)] = dA_prev
        grads["dW" + str(l + 1)] = dW
        grads["db" + str(l + 1)] = db
    ### END SOLUTION
    return grads


def update_parameters(
    params: dict[str, Array], grads: dict[str, Array], learning_rate: float
) -> dict[str, Array]:
    """One step of gradient descent.

    Parameters
    ----------
    params : dict
        ``"W{l}"`` and ``"b{l}"`` for ``l = 1 .. L``.
    grads : dict
        ``"dW{l}"`` and ``"db{l}"`` (and ``"dA{l-1}"``) from
        :func:`L_model_backward`.
    learning_rate : float
        Step size :math:`\\alpha`.

    Returns
    -------
    parameters : dict
        The updated ``"W{l}"`` and ``"b{l}"``, same keys and shapes as
        ``params``.

    Notes
    -----
    .. math:: W^{[l]} := W^{[l]} - \\alpha \\, dW^{[l]}, \\quad
              b^{[l]} := b^{[l]} - \\alpha \\, db^{[l]}

    Return new arrays: do not change ``params`` or its arrays in place
    (``-=`` on ``params["W1"]`` would).
    """
    ### BEGIN SOLUTION
    parameters = copy.copy(params)
    L = len(parameters) // 2
    for l in range(1, L + 1):
        parameters["W" + str(l)] = params["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] = params["b" + str(l)] - learning_rate * grads["db" + str(l)]
    ### END SOLUTION
    return parameters


__all__ = [
    "sigmoid",
    "relu",
    "sigmoid_backward",
    "relu_backward",
    "initialize_parameters",
    "initialize_parameters_deep",
    "linear_forward",
    "linear_activation_forward",
    "L_model_forward",
    "compute_cost",
    "linear_backward",
    "linear_activation_backward",
    "L_model_backward",
    "update_parameters",
]
