"""Initialization: zeros, large random values and He

Fill in every function below where it says YOUR CODE HERE, then check
your work with `grader check initialization`. Keep the names, the
parameters and the return values as documented: the grader calls them.
This file was generated from the reference by `grader generate initialization`.
"""

# ruff: noqa: F401, F821 - imports and names for the code you write where it says YOUR CODE HERE

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


def initialize_parameters_zeros(layers_dims: list[int]) -> dict[str, Array]:
    """Set every weight and every bias of the network to zero.

    Parameters
    ----------
    layers_dims : list of int of length L + 1
        The size of each layer, ``[n_x, n_1, ..., n_L]``.

    Returns
    -------
    parameters : dict of str to ndarray
        ``"W1"``, ``"b1"``, ..., ``"WL"``, ``"bL"``: ``W{l}`` float zeros of
        shape ``(n[l], n[l-1])``, ``b{l}`` float zeros of shape ``(n[l], 1)``.

    Notes
    -----
    .. math:: W^{[l]} = 0, \\quad b^{[l]} = 0, \\qquad l = 1, \\dots, L

    Zeros fail to break the symmetry: every unit of a hidden layer computes
    the same activation, receives the same gradient and takes the same
    update, so the network behaves as if each layer had a single unit.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("initialize_parameters_zeros is not implemented yet")
    return parameters


def initialize_parameters_random(layers_dims: list[int]) -> dict[str, Array]:
    """Draw large random weights (standard normal times 10) and zero biases.

    Parameters
    ----------
    layers_dims : list of int of length L + 1
        The size of each layer, ``[n_x, n_1, ..., n_L]``.

    Returns
    -------
    parameters : dict of str to ndarray
        ``"W1"``, ``"b1"``, ..., ``"WL"``, ``"bL"``: ``W{l}`` of shape
        ``(n[l], n[l-1])``, ``b{l}`` float zeros of shape ``(n[l], 1)``.

    Notes
    -----
    Call ``np.random.seed(3)`` once, first, then for ``l = 1, ..., L`` in
    order draw ``W{l}`` with ``np.random.randn(n[l], n[l-1])``:

    .. math:: W^{[l]} = 10 \\cdot \\mathcal{N}(0, 1)^{n^{[l]} \\times n^{[l-1]}}, \\quad b^{[l]} = 0

    Weights this large break the symmetry but saturate the output sigmoid:
    the first predictions are very close to 0 or 1, the cost of a wrong one
    is huge, and training starts slowly.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("initialize_parameters_random is not implemented yet")
    return parameters


def initialize_parameters_he(layers_dims: list[int]) -> dict[str, Array]:
    """Draw random weights scaled for ReLU layers (He et al., 2015) and zero biases.

    Parameters
    ----------
    layers_dims : list of int of length L + 1
        The size of each layer, ``[n_x, n_1, ..., n_L]``.

    Returns
    -------
    parameters : dict of str to ndarray
        ``"W1"``, ``"b1"``, ..., ``"WL"``, ``"bL"``: ``W{l}`` of shape
        ``(n[l], n[l-1])``, ``b{l}`` float zeros of shape ``(n[l], 1)``.

    Notes
    -----
    Call ``np.random.seed(3)`` once, first, then for ``l = 1, ..., L`` in
    order draw ``W{l}`` with ``np.random.randn(n[l], n[l-1])`` and scale it:

    .. math:: W^{[l]} = \\sqrt{\\frac{2}{n^{[l-1]}}} \\, \\mathcal{N}(0, 1)^{n^{[l]} \\times n^{[l-1]}},
              \\quad b^{[l]} = 0

    The scale uses the size of the layer *before* (the number of inputs of
    each unit, ``n[l-1]``), not ``n[l]``; ``sqrt(1 / n[l-1])`` is Xavier's
    scale for tanh layers, not He's.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("initialize_parameters_he is not implemented yet")
    return parameters
