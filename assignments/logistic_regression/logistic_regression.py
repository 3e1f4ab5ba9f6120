"""Logistic regression as a neural network

Fill in every function below where it says YOUR CODE HERE, then check
your work with `grader check logistic_regression`. Keep the names, the
parameters and the return values as documented: the grader calls them.
This file was generated from the reference by `grader generate logistic_regression`.
"""

# ruff: noqa: F401, F821 - imports and names for the code you write where it says YOUR CODE HERE

from __future__ import annotations

import copy
from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


def sigmoid(z: Any) -> Any:
    """Compute the sigmoid of ``z`` element-wise.

    Parameters
    ----------
    z : scalar or ndarray of any shape
        Input values.

    Returns
    -------
    s : scalar or ndarray of the shape of z
        ``sigmoid(z)``, every value in (0, 1) (it rounds to exactly 0 or 1
        in float64 when ``|z|`` is large).

    Notes
    -----
    .. math:: \\sigma(z) = \\frac{1}{1 + e^{-z}}

    Use ``np.exp`` (``math.exp`` does not take arrays); do not loop over the
    entries. Seed ``004`` prints the exponent as :math:`-X\\lambda^T + b`;
    the whole of :math:`z = w^T x + b` is negated: :math:`e^{-(w^T x + b)}`.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("sigmoid is not implemented yet")
    return s


def initialize_with_zeros(dim: int) -> tuple[Array, float]:
    """Create a zero weight vector and a zero bias.

    Parameters
    ----------
    dim : int
        Number of features ``n_x``.

    Returns
    -------
    w : ndarray of shape (dim, 1)
        Float zeros (a column vector, not ``(dim,)``).
    b : float
        ``0.0``, a Python float (not ``0``, not an array).

    Notes
    -----
    Logistic regression has a convex cost, so starting every weight at zero
    is fine (a network with hidden layers needs random weights instead).
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("initialize_with_zeros is not implemented yet")
    return w, b


def propagate(w: Array, b: float, X: Array, Y: Array) -> tuple[dict[str, Any], float]:
    """Forward pass (cost) and backward pass (gradients) over all examples.

    Parameters
    ----------
    w : ndarray of shape (n_x, 1)
        Weights.
    b : float
        Bias.
    X : ndarray of shape (n_x, m)
        Input data, one example per column.
    Y : ndarray of shape (1, m)
        True labels, 0 or 1.

    Returns
    -------
    grads : dict
        ``"dw"`` : ndarray of shape (n_x, 1), the gradient of the cost with
        respect to ``w``; ``"db"`` : float, the gradient with respect to ``b``.
    cost : float
        The mean cross-entropy, a Python float or a 0-d array (not an array
        of shape (1, 1)).

    Notes
    -----
    .. math:: A = \\sigma(w^T X + b), \\quad
              J = -\\frac{1}{m} \\sum_{i=1}^{m}
              \\left( y^{(i)} \\log a^{(i)} + (1 - y^{(i)}) \\log(1 - a^{(i)}) \\right)

    .. math:: dw = \\frac{1}{m} X (A - Y)^T, \\quad
              db = \\frac{1}{m} \\sum_{i=1}^{m} (a^{(i)} - y^{(i)})

    The factor is :math:`1/m`: seed ``004`` prints :math:`1/(2m)` in both
    gradients, which is the derivative of a cost with an extra ``1/2``, not
    of this one; and seed ``001``'s loop over examples prints
    :math:`dz^{(i)} = a^{(i)}(1 - a^{(i)})` where it means
    :math:`dz^{(i)} = a^{(i)} - y^{(i)}`. Use :func:`sigmoid`; do not change
    ``w``, ``X`` or ``Y``.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("propagate is not implemented yet")
    return grads, cost


def optimize(
    w: Array,
    b: float,
    X: Array,
    Y: Array,
    num_iterations: int = 100,
    learning_rate: float = 0.009,
    print_cost: bool = False,
) -> tuple[dict[str, Any], dict[str, Any], list[float]]:
    """Learn ``w`` and ``b`` by batch gradient descent.

    Parameters
    ----------
    w : ndarray of shape (n_x, 1)
        Initial weights.
    b : float
        Initial bias.
    X : ndarray of shape (n_x, m)
        Input data, one example per column.
    Y : ndarray of shape (1, m)
        True labels, 0 or 1.
    num_iterations : int, default 100
        Number of gradient descent steps (at least 1).
    learning_rate : float, default 0.009
        Step size :math:`\\alpha`.
    print_cost : bool, default False
        If True, print ``Cost after iteration i: <cost>`` every 100 steps.

    Returns
    -------
    params : dict
        ``"w"`` : ndarray of shape (n_x, 1) and ``"b"`` : float, the values
        after the last step.
    grads : dict
        ``"dw"`` : ndarray of shape (n_x, 1) and ``"db"`` : float, the
        gradients computed in the last iteration (at the parameters before
        its step).
    costs : list of float
        The cost at iterations 0, 100, 200, ... (``i % 100 == 0``), computed
        before that iteration's step: ``ceil(num_iterations / 100)`` values.

    Notes
    -----
    Each iteration calls :func:`propagate` and then takes one step:

    .. math:: w := w - \\alpha \\, dw, \\quad b := b - \\alpha \\, db

    You may update ``w`` in place or work on a copy (``copy.deepcopy(w)``);
    what is graded is what you return.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("optimize is not implemented yet")
    return params, grads, costs


def predict(w: Array, b: float, X: Array) -> Array:
    """Predict 0/1 labels with learned logistic regression parameters.

    Parameters
    ----------
    w : ndarray of shape (n_x, 1)
        Weights.
    b : float
        Bias.
    X : ndarray of shape (n_x, m)
        Input data, one example per column.

    Returns
    -------
    Y_prediction : ndarray of shape (1, m) of 0/1 labels
        1 where the probability ``A`` is above 0.5, else 0 (float, int or
        bool values are all fine).

    Notes
    -----
    .. math:: A = \\sigma(w^T X + b), \\quad
              \\hat{y}^{(i)} = 1 \\text{ if } a^{(i)} > 0.5 \\text{ else } 0

    Vectorize (``A > 0.5``) or loop over ``A[0, i]``; either is fine.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("predict is not implemented yet")
    return Y_prediction


def model(
    X_train: Array,
    Y_train: Array,
    X_test: Array,
    Y_test: Array,
    num_iterations: int = 2000,
    learning_rate: float = 0.5,
    print_cost: bool = False,
) -> dict[str, Any]:
    """Train logistic regression from zeros and predict on both sets.

    Parameters
    ----------
    X_train : ndarray of shape (n_x, m_train)
        Training inputs, one example per column.
    Y_train : ndarray of shape (1, m_train)
        Training labels, 0 or 1.
    X_test : ndarray of shape (n_x, m_test)
        Test inputs.
    Y_test : ndarray of shape (1, m_test)
        Test labels, 0 or 1.
    num_iterations : int, default 2000
        Number of gradient descent steps, passed to :func:`optimize`.
    learning_rate : float, default 0.5
        Step size, passed to :func:`optimize`.
    print_cost : bool, default False
        Passed to :func:`optimize`; if True, also print the train and test
        accuracy.

    Returns
    -------
    d : dict
        ``"costs"`` : list, as returned by :func:`optimize`;
        ``"Y_prediction_test"`` : ndarray of shape (1, m_test);
        ``"Y_prediction_train"`` : ndarray of shape (1, m_train);
        ``"w"`` : ndarray of shape (n_x, 1) and ``"b"`` : float, the learned
        parameters; ``"learning_rate"`` and ``"num_iterations"`` : the
        arguments. Exactly these seven keys.

    Notes
    -----
    Call :func:`initialize_with_zeros` with ``X_train.shape[0]``, then
    :func:`optimize` with ``num_iterations`` and ``learning_rate``, then
    :func:`predict` on the training and the test inputs.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("model is not implemented yet")
    return d
