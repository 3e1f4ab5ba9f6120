"""Deep neural network, step by step

Fill in every function below where it says YOUR CODE HERE, then check
your work with `grader check deep_nn`. Keep the names, the
parameters and the return values as documented: the grader calls them.
This file was generated from the reference by `grader generate deep_nn`.
"""

# ruff: noqa: F401, F821 - imports and names for the code you write where it says YOUR CODE HERE

from __future__ import annotations

import copy

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
LinearCache = tuple[Array, Array, Array]
ActivationCache = tuple[LinearCache, Array]


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
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("sigmoid is not implemented yet")
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
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("relu is not implemented yet")
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
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("sigmoid_backward is not implemented yet")
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
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("relu_backward is not implemented yet")
    return dZ


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
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("initialize_parameters is not implemented yet")
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
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("initialize_parameters_deep is not implemented yet")
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
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("linear_forward is not implemented yet")
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
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("linear_activation_forward is not implemented yet")
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
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("L_model_forward is not implemented yet")
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
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("compute_cost is not implemented yet")
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
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("linear_backward is not implemented yet")
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
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("linear_activation_backward is not implemented yet")
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
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("L_model_backward is not implemented yet")
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
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("update_parameters is not implemented yet")
    return parameters
