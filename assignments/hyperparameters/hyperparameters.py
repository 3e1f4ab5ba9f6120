"""Searching hyper-parameters

Fill in every function below where it says YOUR CODE HERE, then check
your work with `grader check hyperparameters`. Keep the names, the
parameters and the return values as documented: the grader calls them.
This file was generated from the reference by `grader generate hyperparameters`.
"""

# ruff: noqa: F401, F821 - imports and names for the code you write where it says YOUR CODE HERE

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


def sample_learning_rates(n: int, low: float = -4.0, high: float = 0.0, seed: int = 0) -> Array:
    """Draw ``n`` learning rates uniformly on a log scale between ``10**low`` and ``10**high``.

    Parameters
    ----------
    n : int
        Number of learning rates.
    low : float
        Exponent of the smallest rate (``-4.0``: 0.0001).
    high : float
        Exponent of the largest rate (``0.0``: 1).
    seed : int
        Seed of numpy's global generator.

    Returns
    -------
    learning_rates : ndarray of shape (n,)
        ``10 ** r`` for ``n`` exponents ``r`` drawn uniformly in ``[low, high)``.

    Notes
    -----
    Call ``np.random.seed(seed)``, then draw all the exponents at once:

    .. math:: r = \\texttt{np.random.uniform(low, high, n)}, \\qquad \\alpha = 10^{r}

    Each decade (0.0001 to 0.001, 0.001 to 0.01, ...) then gets the same
    share of the draws. ``np.random.uniform(10**low, 10**high, n)`` would
    put almost every rate in the top decade.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("sample_learning_rates is not implemented yet")
    return learning_rates


def sample_momentum_betas(n: int, low: float = 0.9, high: float = 0.999, seed: int = 0) -> Array:
    """Draw ``n`` momentum parameters ``beta`` in ``[low, high]``, with ``1 - beta`` on a log scale.

    Parameters
    ----------
    n : int
        Number of values.
    low : float
        Smallest beta (``0.9``: an average over about 10 steps).
    high : float
        Largest beta (``0.999``: an average over about 1000 steps).
    seed : int
        Seed of numpy's global generator.

    Returns
    -------
    betas : ndarray of shape (n,)
        ``1 - 10 ** r`` for ``n`` exponents ``r`` drawn uniformly in
        ``[log10(1 - high), log10(1 - low))``.

    Notes
    -----
    Call ``np.random.seed(seed)``, then draw all the exponents at once:

    .. math:: r = \\texttt{np.random.uniform}(\\log_{10}(1 - \\mathrm{high}), \\log_{10}(1 - \\mathrm{low}), n),
              \\qquad \\beta = 1 - 10^{r}

    A momentum average covers about :math:`1 / (1 - \\beta)` steps, so what
    matters is :math:`1 - \\beta`: 0.9 to 0.9005 changes almost nothing,
    0.999 to 0.9995 doubles the window. On this scale half of the default
    draws fall in ``[0.99, 0.999)``. Sampling :math:`\\beta` itself on a log
    scale (``10 ** uniform(log10(low), log10(high))``) is almost uniform
    over ``[0.9, 0.999]`` and puts only about 9% of the draws there.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("sample_momentum_betas is not implemented yet")
    return betas


def train_dev_split(X: Array, Y: Array, dev_fraction: float = 0.2,
                    seed: int = 0) -> tuple[Array, Array, Array, Array]:
    """Shuffle the examples and hold out a dev set.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Inputs, one example per column.
    Y : ndarray of shape (n_y, m)
        Labels, one example per column.
    dev_fraction : float
        Share of the examples held out for the dev set.
    seed : int
        Seed of numpy's global generator.

    Returns
    -------
    X_train : ndarray of shape (n_x, m - m_dev)
        The training inputs, in the shuffled order.
    Y_train : ndarray of shape (n_y, m - m_dev)
        Their labels.
    X_dev : ndarray of shape (n_x, m_dev)
        The dev inputs, in the shuffled order.
    Y_dev : ndarray of shape (n_y, m_dev)
        Their labels.

    Notes
    -----
    Call ``np.random.seed(seed)``, draw one ``permutation = np.random.permutation(m)``
    and shuffle the columns of ``X`` *and* ``Y`` with it (two permutations
    would pair inputs with other examples' labels). The first
    :math:`m_{dev}` shuffled columns are the dev set, the others the
    training set:

    .. math:: m_{dev} = \\texttt{int(round(m * dev\\_fraction))}

    with Python's ``round``, which rounds halves to the even integer:
    ``m = 10``, ``dev_fraction = 0.25`` gives ``round(2.5) = 2``. Return new
    arrays; ``X`` and ``Y`` stay as they were.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("train_dev_split is not implemented yet")
    return X_train, Y_train, X_dev, Y_dev


def best_trial(trials: list[dict[str, Any]]) -> dict[str, Any]:
    """Pick the trial with the highest dev accuracy.

    Parameters
    ----------
    trials : list of dict
        One dict per trial, each with a ``"dev_accuracy"`` key (and any
        others: the hyper-parameters tried, the training accuracy, ...).
        At least one trial.

    Returns
    -------
    best : dict
        The dict of ``trials`` with the highest ``"dev_accuracy"``, every key
        of it, not a copy with fewer keys; the first such dict on ties.

    Notes
    -----
    .. math:: \\mathrm{best} = \\mathrm{trials}[k], \\qquad
              k = \\min \\{ i : \\mathrm{acc}_i = \\max_j \\mathrm{acc}_j \\}

    Judge on the dev accuracy, not the training accuracy (that one rewards
    overfitting). Leave ``trials`` as it is: sorting it in place changes the
    caller's list.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("best_trial is not implemented yet")
    return best
