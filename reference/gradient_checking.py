"""Numerical gradient checking: a 1-D example, then the 3-layer network.

A gradient check compares the gradient of a backward pass with central
differences of the cost, :math:`(J(\\theta + \\varepsilon) - J(\\theta - \\varepsilon)) / (2 \\varepsilon)`,
and reports the relative difference of the two. Seed 002 (section 2.6)
defines the slope as :math:`(f(a) - f(a + \\varepsilon)) / \\varepsilon`: that is
minus the slope (the terms are swapped), and it is one-sided, with an error
of order :math:`\\varepsilon` where the central difference's is of order
:math:`\\varepsilon^2`. Its example is right: :math:`f(a) = a^2` goes from 4 to
4.004001 at :math:`a = 2.001`, an increase of :math:`2a \\varepsilon + \\varepsilon^2`.
Seeds 000 and 003 name no gradient checking.

The network is that of the regularization assignment, without
regularization: LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


def forward_propagation(x: float, theta: float) -> float:
    """The 1-D "network": :math:`J(\\theta) = \\theta x`.

    Parameters
    ----------
    x : float
        The input.
    theta : float
        The parameter.

    Returns
    -------
    J : float
        ``theta * x``.
    """
    ### BEGIN SOLUTION
    J = theta * x
    ### END SOLUTION
    return J


def backward_propagation(x: float, theta: float) -> float:
    """The derivative of :math:`J(\\theta) = \\theta x` with respect to :math:`\\theta`.

    Parameters
    ----------
    x : float
        The input.
    theta : float
        The parameter.

    Returns
    -------
    dtheta : float
        :math:`dJ / d\\theta = x`.
    """
    ### BEGIN SOLUTION
    dtheta = x
    ### END SOLUTION
    return dtheta


def gradient_check(x: float, theta: float, epsilon: float = 1e-7, print_msg: bool = False) -> float:
    """Check :func:`backward_propagation` against a central difference of :func:`forward_propagation`.

    Parameters
    ----------
    x : float
        The input.
    theta : float
        The parameter.
    epsilon : float, default 1e-7
        The step :math:`\\varepsilon` of the central difference.
    print_msg : bool, default False
        If True, print whether the gradient looks right (difference below 2e-7) and the difference.

    Returns
    -------
    difference : float
        The relative difference, at least 0; rounding noise (about 1e-10) when
        the backward pass is right.

    Notes
    -----
    .. math:: \\text{gradapprox} = \\frac{J(\\theta + \\varepsilon) - J(\\theta - \\varepsilon)}{2 \\varepsilon},
              \\qquad
              \\text{difference} = \\frac{|\\text{grad} - \\text{gradapprox}|}
                                        {|\\text{grad}| + |\\text{gradapprox}|}

    with ``grad = backward_propagation(x, theta)``. Both absolute values in
    the denominator matter: ``x`` may be negative.
    """
    ### BEGIN SOLUTION
    theta_plus = theta + epsilon
    theta_minus = theta - epsilon
    J_plus = forward_propagation(x, theta_plus)
    J_minus = forward_propagation(x, theta_minus)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    grad = backward_propagation(x, theta)
    numerator = abs(grad - gradapprox)
    denominator = abs(grad) + abs(gradapprox)
    difference = float(numerator / denominator)
    if print_msg:
        if difference > 2e-7:
            print(f"There is a mistake in the backward propagation! difference = {difference}")
        else:
            print(f"Your backward propagation works perfectly fine! difference = {difference}")
    ### END SOLUTION
    return difference


def forward_propagation_n(X: Array, Y: Array, parameters: dict[str, Array]) -> tuple[float, tuple[Array, ...]]:
    """Forward pass of the 3-layer network and its mean cross-entropy cost.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Input data, one example per column.
    Y : ndarray of shape (1, m)
        True labels, 0 or 1.
    parameters : dict
        ``"W1"`` : ndarray of shape (n_1, n_x), ``"b1"`` : ndarray of shape (n_1, 1),
        ``"W2"`` : ndarray of shape (n_2, n_1), ``"b2"`` : ndarray of shape (n_2, 1),
        ``"W3"`` : ndarray of shape (1, n_2), ``"b3"`` : ndarray of shape (1, 1).

    Returns
    -------
    cost : float
        The mean cross-entropy (a float or a 0-d array, not of shape (1, 1)).
    cache : tuple
        ``(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)``.

    Notes
    -----
    .. math:: A^{[l]} = \\mathrm{relu}(W^{[l]} A^{[l-1]} + b^{[l]}) \\ (l = 1, 2), \\quad
              A^{[3]} = \\sigma(W^{[3]} A^{[2]} + b^{[3]}), \\quad
              J = -\\frac{1}{m} \\sum_i \\left( y^{(i)} \\log a^{[3](i)} + (1 - y^{(i)}) \\log(1 - a^{[3](i)}) \\right)
    """
    ### BEGIN SOLUTION
    m = X.shape[1]
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = np.dot(W1, X) + b1
    A1 = np.maximum(0, Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = np.maximum(0, Z2)
    Z3 = np.dot(W3, A2) + b3
    A3 = 1 / (1 + np.exp(-Z3))
    cost = float(-np.sum(Y * np.log(A3) + (1 - Y) * np.log(1 - A3)) / m)
    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    ### END SOLUTION
    return cost, cache


def backward_propagation_n(X: Array, Y: Array, cache: tuple[Array, ...]) -> dict[str, Array]:
    """Backward pass of the 3-layer network (no regularization).

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Input data, one example per column.
    Y : ndarray of shape (1, m)
        True labels, 0 or 1.
    cache : tuple
        ``(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)`` from :func:`forward_propagation_n`.

    Returns
    -------
    gradients : dict
        ``"dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"``,
        each of the shape of the array it is the gradient of.

    Notes
    -----
    .. math:: dZ^{[3]} = A^{[3]} - Y, \\quad dW^{[l]} = \\frac{1}{m} dZ^{[l]} A^{[l-1]T}, \\quad
              db^{[l]} = \\frac{1}{m} \\sum_i dZ^{[l]}_{:, i}, \\quad
              dA^{[l-1]} = W^{[l]T} dZ^{[l]}, \\quad dZ^{[l]} = dA^{[l]} \\odot \\mathbb{1}[A^{[l]} > 0]

    The course's version of this function hides two bugs (``dW2`` doubled
    and ``db1`` times 4) for the gradient check to find; this one has none.
    """
    ### BEGIN SOLUTION
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1.0 / m * np.dot(dZ3, A2.T)
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = dA2 * (A2 > 0)
    dW2 = 1.0 / m * np.dot(dZ2, A1.T)
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = dA1 * (A1 > 0)
    dW1 = 1.0 / m * np.dot(dZ1, X.T)
    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
                 "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
    ### END SOLUTION
    return gradients


def dictionary_to_vector(parameters: dict[str, Array]) -> Array:
    """Stack every parameter into one column.

    Parameters
    ----------
    parameters : dict
        ``"W1", "b1", ..., "WL", "bL"`` (``W{l}`` of shape (n_l, n_{l-1}), ``b{l}`` of shape (n_l, 1)).

    Returns
    -------
    theta : ndarray of shape (n, 1)
        ``W1, b1, W2, b2, ..., WL, bL`` in that order, each flattened row by
        row (C order, ``W.reshape(-1, 1)``); ``n`` is the number of parameters.

    Notes
    -----
    The order is the layer order, not the order of the dict's keys (a dict
    may hold ``"b1"`` before ``"W1"``). A new array: ``parameters`` is left unchanged.
    """
    ### BEGIN SOLUTION
    L = len(parameters) // 2
    blocks = []
    for l in range(1, L + 1):
        blocks.append(np.reshape(parameters[f"W{l}"], (-1, 1)))
        blocks.append(np.reshape(parameters[f"b{l}"], (-1, 1)))
    theta = np.concatenate(blocks, axis=0).astype(np.float64)
    ### END SOLUTION
    return theta


def vector_to_dictionary(theta: Array, layer_dims: list[int]) -> dict[str, Array]:
    """Unroll a column of parameters back into ``W1, b1, ..., WL, bL``: the inverse of :func:`dictionary_to_vector`.

    Parameters
    ----------
    theta : ndarray of shape (n, 1)
        Every parameter, in the order of :func:`dictionary_to_vector`.
    layer_dims : list of int
        ``[n_x, n_1, ..., n_L]``.

    Returns
    -------
    parameters : dict
        ``"W{l}"`` : ndarray of shape (n_l, n_{l-1}) and ``"b{l}"`` : ndarray of shape (n_l, 1)
        for l = 1 .. L.

    Notes
    -----
    ``W{l}`` takes the next :math:`n_l n_{l-1}` entries, filled row by row
    (``reshape(n_l, n_{l-1})``), and ``b{l}`` the next :math:`n_l`.
    """
    ### BEGIN SOLUTION
    parameters = {}
    start = 0
    for l in range(1, len(layer_dims)):
        rows, cols = layer_dims[l], layer_dims[l - 1]
        parameters[f"W{l}"] = theta[start:start + rows * cols].reshape(rows, cols)
        start += rows * cols
        parameters[f"b{l}"] = theta[start:start + rows].reshape(rows, 1)
        start += rows
    ### END SOLUTION
    return parameters


def gradients_to_vector(gradients: dict[str, Array]) -> Array:
    """Stack the parameter gradients into one column, in the order of :func:`dictionary_to_vector`.

    Parameters
    ----------
    gradients : dict
        ``"dW1", "db1", ..., "dWL", "dbL"`` and possibly other keys (``"dZ1"``,
        ``"dA1"``, ...), which are left out.

    Returns
    -------
    theta : ndarray of shape (n, 1)
        ``dW1, db1, dW2, db2, ...`` each flattened in C order.
    """
    ### BEGIN SOLUTION
    L = sum(1 for key in gradients if key.startswith("dW"))
    blocks = []
    for l in range(1, L + 1):
        blocks.append(np.reshape(gradients[f"dW{l}"], (-1, 1)))
        blocks.append(np.reshape(gradients[f"db{l}"], (-1, 1)))
    theta = np.concatenate(blocks, axis=0).astype(np.float64)
    ### END SOLUTION
    return theta


def gradient_check_n(parameters: dict[str, Array], gradients: dict[str, Array], X: Array, Y: Array,
                     epsilon: float = 1e-7, print_msg: bool = False) -> float:
    """Check the gradients of a backward pass against central differences of :func:`forward_propagation_n`.

    Parameters
    ----------
    parameters : dict
        ``"W1", "b1", "W2", "b2", "W3", "b3"`` of the 3-layer network.
    gradients : dict
        The output of a backward pass (``"dW1", "db1", ...``; other keys are ignored).
    X : ndarray of shape (n_x, m)
        Input data, one example per column.
    Y : ndarray of shape (1, m)
        True labels, 0 or 1.
    epsilon : float, default 1e-7
        The step :math:`\\varepsilon`.
    print_msg : bool, default False
        If True, print whether the gradients look right (difference below 2e-7) and the difference.

    Returns
    -------
    difference : float
        The relative difference, at least 0: rounding noise (far below 1e-7)
        for right gradients, large (about 1e-3 to 1) for a bug.

    Notes
    -----
    With :math:`\\theta` = ``dictionary_to_vector(parameters)`` and
    ``grad = gradients_to_vector(gradients)``, for every entry :math:`i`
    (perturbing that one entry of a fresh copy of :math:`\\theta`):

    .. math:: \\text{gradapprox}_i = \\frac{J(\\theta + \\varepsilon e_i) - J(\\theta - \\varepsilon e_i)}
              {2 \\varepsilon}, \\qquad
              \\text{difference} = \\frac{\\lVert \\text{grad} - \\text{gradapprox} \\rVert_2}
              {\\lVert \\text{grad} \\rVert_2 + \\lVert \\text{gradapprox} \\rVert_2}

    where :math:`J` is the cost of ``forward_propagation_n(X, Y,
    vector_to_dictionary(theta, layer_dims))`` and ``layer_dims`` is read from
    the shapes of ``W1``, ``W2``, ``W3``. Leave ``parameters`` unchanged.
    """
    ### BEGIN SOLUTION
    layer_dims = [parameters["W1"].shape[1]] + [parameters[f"W{l}"].shape[0] for l in (1, 2, 3)]
    parameters_values = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    num_parameters = parameters_values.shape[0]
    J_plus = np.zeros((num_parameters, 1))
    J_minus = np.zeros((num_parameters, 1))
    gradapprox = np.zeros((num_parameters, 1))
    for i in range(num_parameters):
        theta_plus = np.copy(parameters_values)
        theta_plus[i] = theta_plus[i] + epsilon
        J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus, layer_dims))
        theta_minus = np.copy(parameters_values)
        theta_minus[i] = theta_minus[i] - epsilon
        J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus, layer_dims))
        gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    difference = float(numerator / denominator)
    if print_msg:
        if difference > 2e-7:
            print(f"There is a mistake in the backward propagation! difference = {difference}")
        else:
            print(f"Your backward propagation works perfectly fine! difference = {difference}")
    ### END SOLUTION
    return difference

