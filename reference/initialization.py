"""Initializing the parameters of an L-layer network: zeros, large random values and He.

``layers_dims`` is a list ``[n_x, n_1, ..., n_L]`` of layer sizes, the input
layer first. Every function returns a dict ``{"W1", "b1", ..., "WL", "bL"}``
with ``W{l}`` of shape ``(n[l], n[l-1])`` and ``b{l}`` of shape
``(n[l], 1)``, float zeros for every bias, and leaves ``layers_dims``
unchanged. The two random initializations call ``np.random.seed(3)`` first
and draw ``W1``, ``W2``, ... in that order, so their values are exactly
reproducible.

What the seeds print, checked (chapter 2 of seeds ``000`` and ``003``):

- seed ``000`` says "Initialize the weights to 0 or small random numbers".
  That is right for the perceptron it describes (one layer), and wrong as
  soon as there is a hidden layer: with zeros every hidden unit computes
  the same value and gets the same gradient, so they stay equal for ever
  (the symmetry the notebook shows).
- seed ``003``'s table of dimensions gives ``b[l]`` and ``db[l]`` the shape
  ``(n[l], m)``; they have the shape ``(n[l], 1)`` (one bias per unit, added
  to every example by broadcasting).
- seed ``003``'s example network (``n[0] = 2``, ``n[1] = 3``, ``n[2] = 5``,
  ``n[3] = 4``, ``n[4] = 2``, ``n[5] = 1``, so ``L = 5``) is consistent:
  ``layers_dims = [2, 3, 5, 4, 2, 1]`` has 66 parameters
  (9 + 20 + 24 + 10 + 3).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

__all__ = ["initialize_parameters_zeros", "initialize_parameters_random", "initialize_parameters_he"]


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
    ### BEGIN SOLUTION
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    ### END SOLUTION
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
    ### BEGIN SOLUTION
    np.random.seed(3)
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    ### END SOLUTION
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
    ### BEGIN SOLUTION
    np.random.seed(3)
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        scale = np.sqrt(2 / layers_dims[l - 1])
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * scale
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    ### END SOLUTION
    return parameters
