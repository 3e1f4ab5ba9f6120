"""Optimization: mini-batches, momentum, Adam and learning-rate decay

Fill in every function below where it says YOUR CODE HERE, then check
your work with `grader check optimization`. Keep the names, the
parameters and the return values as documented: the grader calls them.
This file was generated from the reference by `grader generate optimization`.
"""

# ruff: noqa: F401, F821 - imports and names for the code you write where it says YOUR CODE HERE

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
Params = dict[str, Any]


def update_parameters_with_gd(parameters: Params, grads: Params, learning_rate: float) -> Params:
    """One step of (batch or mini-batch) gradient descent.

    Parameters
    ----------
    parameters : dict
        ``"W1"``, ``"b1"``, ..., ``"WL"``, ``"bL"``: ``W{l}`` of shape
        (n[l], n[l-1]) and ``b{l}`` of shape (n[l], 1).
    grads : dict
        ``"dW1"``, ``"db1"``, ...: the gradients, of the parameters' shapes.
    learning_rate : float
        The step size :math:`\\alpha`.

    Returns
    -------
    parameters : dict
        The same keys, after the step.

    Notes
    -----
    For every layer :math:`l = 1, \\dots, L` (with :math:`L` =
    ``len(parameters) // 2``):

    .. math:: W^{[l]} := W^{[l]} - \\alpha \\, dW^{[l]}, \\quad b^{[l]} := b^{[l]} - \\alpha \\, db^{[l]}

    You may update the arrays in place (``-=``) or build new ones.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("update_parameters_with_gd is not implemented yet")
    return parameters


def random_mini_batches(X: Array, Y: Array, mini_batch_size: int = 64, seed: int = 0) -> list[tuple[Array, Array]]:
    """Shuffle the examples and split them into mini-batches.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Input data, one example per column.
    Y : ndarray of shape (1, m)
        Labels, one per column (the checks use one row, as the course does).
    mini_batch_size : int, default 64
        Number of examples per mini-batch (a power of 2 in practice).
    seed : int, default 0
        Seeds numpy's global generator (``np.random.seed(seed)``) first.

    Returns
    -------
    mini_batches : list of tuple
        ``(mini_batch_X, mini_batch_Y)`` pairs: ``floor(m / mini_batch_size)``
        complete batches, of shapes (n_x, mini_batch_size) and
        (1, mini_batch_size), in order, then, only if
        ``m % mini_batch_size != 0``, one last smaller batch of the
        ``m % mini_batch_size`` remaining examples.

    Notes
    -----
    1. ``np.random.seed(seed)``, then one ``permutation =
       list(np.random.permutation(m))``, used for both ``X`` and ``Y``
       (``X[:, permutation]``, ``Y[:, permutation]``), so that every
       example keeps its label.
    2. Batch :math:`k` holds the shuffled columns
       ``k * mini_batch_size`` to ``(k + 1) * mini_batch_size - 1``; the
       last, partial batch the columns from
       ``num_complete_minibatches * mini_batch_size`` to the end. When
       ``m < mini_batch_size`` there is one batch, all the examples.

    No empty batch: when ``m`` is a multiple of ``mini_batch_size`` there
    is no last batch. Seed ``000``'s ``AdalineSGD`` visits the examples in
    the same order every epoch; with mini-batches, call this function with
    a new ``seed`` every epoch so that the batches differ.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("random_mini_batches is not implemented yet")
    return mini_batches


def initialize_velocity(parameters: Params) -> Params:
    """Zero velocities for gradient descent with momentum.

    Parameters
    ----------
    parameters : dict
        ``"W1"``, ``"b1"``, ..., ``"WL"``, ``"bL"``.

    Returns
    -------
    v : dict
        ``"dW1"``, ``"db1"``, ..., ``"dWL"``, ``"dbL"``: float zeros of the
        shapes of ``W{l}`` and ``b{l}``.

    Notes
    -----
    The keys are those of the gradients (``"dW1"``, not ``"W1"``): the
    velocity is an average of gradients. Leave ``parameters`` unchanged.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("initialize_velocity is not implemented yet")
    return v


def update_parameters_with_momentum(parameters: Params, grads: Params, v: Params, beta: float,
                                    learning_rate: float) -> tuple[Params, Params]:
    """One step of gradient descent with momentum.

    Parameters
    ----------
    parameters : dict
        ``"W1"``, ``"b1"``, ..., ``"WL"``, ``"bL"``.
    grads : dict
        ``"dW1"``, ``"db1"``, ...: the gradients at ``parameters``.
    v : dict
        ``"dW1"``, ``"db1"``, ...: the current velocities.
    beta : float
        The momentum hyper-parameter :math:`\\beta` (0.9 is usual; 0 is plain
        gradient descent).
    learning_rate : float
        The step size :math:`\\alpha`.

    Returns
    -------
    parameters : dict
        The parameters after the step.
    v : dict
        The updated velocities.

    Notes
    -----
    For every layer, first the velocity (an exponentially weighted average
    of the gradients), then the step along it:

    .. math:: v_{dW^{[l]}} := \\beta \\, v_{dW^{[l]}} + (1 - \\beta) \\, dW^{[l]}, \\quad
              W^{[l]} := W^{[l]} - \\alpha \\, v_{dW^{[l]}}

    and the same for :math:`b^{[l]}` with :math:`db^{[l]}`. The step uses
    the *new* velocity. You may update in place.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("update_parameters_with_momentum is not implemented yet")
    return parameters, v


def initialize_adam(parameters: Params) -> tuple[Params, Params]:
    """Zero first and second moment estimates for Adam.

    Parameters
    ----------
    parameters : dict
        ``"W1"``, ``"b1"``, ..., ``"WL"``, ``"bL"``.

    Returns
    -------
    v : dict
        ``"dW1"``, ``"db1"``, ...: float zeros of the parameters' shapes
        (the average of the gradients).
    s : dict
        The same keys and shapes, float zeros (the average of the squared
        gradients), a dict of its own (not the same object as ``v``).

    Notes
    -----
    Leave ``parameters`` unchanged.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("initialize_adam is not implemented yet")
    return v, s


def update_parameters_with_adam(parameters: Params, grads: Params, v: Params, s: Params, t: int,
                                learning_rate: float = 0.01, beta1: float = 0.9, beta2: float = 0.999,
                                epsilon: float = 1e-8) -> tuple[Params, Params, Params, Params, Params]:
    """One step of Adam.

    Parameters
    ----------
    parameters : dict
        ``"W1"``, ``"b1"``, ..., ``"WL"``, ``"bL"``.
    grads : dict
        ``"dW1"``, ``"db1"``, ...: the gradients at ``parameters``.
    v : dict
        ``"dW1"``, ``"db1"``, ...: the moving average of the gradients.
    s : dict
        ``"dW1"``, ``"db1"``, ...: the moving average of the squared gradients.
    t : int
        The number of Adam steps taken so far, this one included (1 on the
        first step).
    learning_rate : float, default 0.01
        The step size :math:`\\alpha`.
    beta1 : float, default 0.9
        Decay of the first moment :math:`\\beta_1`.
    beta2 : float, default 0.999
        Decay of the second moment :math:`\\beta_2`.
    epsilon : float, default 1e-8
        Added to the square root, against division by zero.

    Returns
    -------
    parameters : dict
        The parameters after the step.
    v : dict
        The updated first moments.
    s : dict
        The updated second moments.
    v_corrected : dict
        ``"dW1"``, ``"db1"``, ...: the bias-corrected first moments of this step.
    s_corrected : dict
        ``"dW1"``, ``"db1"``, ...: the bias-corrected second moments of this step.

    Notes
    -----
    For every parameter :math:`W` (each ``W{l}`` and ``b{l}``) with gradient
    :math:`dW`, squares taken element-wise:

    .. math:: v_{dW} := \\beta_1 v_{dW} + (1 - \\beta_1) \\, dW, \\quad
              s_{dW} := \\beta_2 s_{dW} + (1 - \\beta_2) \\, dW^2

    .. math:: v^{corrected}_{dW} = \\frac{v_{dW}}{1 - \\beta_1^t}, \\quad
              s^{corrected}_{dW} = \\frac{s_{dW}}{1 - \\beta_2^t}, \\quad
              W := W - \\alpha \\, \\frac{v^{corrected}_{dW}}{\\sqrt{s^{corrected}_{dW}} + \\varepsilon}

    :math:`\\beta_1^t` is the power (``beta1 ** t``), not
    :math:`(1 - \\beta_1)^t`; :math:`\\varepsilon` is outside the square
    root. You may update in place.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("update_parameters_with_adam is not implemented yet")
    return parameters, v, s, v_corrected, s_corrected


def update_lr(learning_rate0: float, epoch_num: int, decay_rate: float) -> float:
    """Learning rate decayed continuously: one decay per epoch.

    Parameters
    ----------
    learning_rate0 : float
        The initial learning rate :math:`\\alpha_0`.
    epoch_num : int
        The epoch number (0 for the first epoch).
    decay_rate : float
        The decay rate.

    Returns
    -------
    learning_rate : float
        The learning rate of epoch ``epoch_num``, a Python float.

    Notes
    -----
    .. math:: \\alpha = \\frac{\\alpha_0}{1 + \\text{decay\\_rate} \\cdot \\text{epoch\\_num}}

    At epoch 0 it is :math:`\\alpha_0`; with ``decay_rate = 1`` it halves at
    epoch 1 and is a third at epoch 2.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("update_lr is not implemented yet")
    return learning_rate


def schedule_lr_decay(learning_rate0: float, epoch_num: int, decay_rate: float, time_interval: int = 1000) -> float:
    """Learning rate decayed in steps: one decay every ``time_interval`` epochs.

    Parameters
    ----------
    learning_rate0 : float
        The initial learning rate :math:`\\alpha_0`.
    epoch_num : int
        The epoch number (0 for the first epoch).
    decay_rate : float
        The decay rate.
    time_interval : int, default 1000
        Number of epochs between two decays.

    Returns
    -------
    learning_rate : float
        The learning rate of epoch ``epoch_num``.

    Notes
    -----
    .. math:: \\alpha = \\frac{\\alpha_0}{1 + \\text{decay\\_rate} \\cdot
              \\left\\lfloor \\frac{\\text{epoch\\_num}}{\\text{time\\_interval}} \\right\\rfloor}

    The floor (``np.floor`` or ``//``) keeps the rate constant between two
    multiples of ``time_interval``: epochs 0 to 999 use :math:`\\alpha_0`
    with the default interval, epoch 1000 the first decayed value.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("schedule_lr_decay is not implemented yet")
    return learning_rate
