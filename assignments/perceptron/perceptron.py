"""The perceptron and Adaline

Fill in every function below where it says YOUR CODE HERE, then check
your work with `grader check perceptron`. Keep the names, the
parameters and the return values as documented: the grader calls them.
This file was generated from the reference by `grader generate perceptron`.
"""

# ruff: noqa: F401, F821 - imports and names for the code you write where it says YOUR CODE HERE

from __future__ import annotations

from typing import Self

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


class Perceptron:
    """Rosenblatt's perceptron (1957), trained with the perceptron rule.

    Parameters
    ----------
    eta : float, default 0.01
        Learning rate, between 0 and 1.
    epochs : int, default 50
        Passes over the training set.

    Attributes
    ----------
    w_ : ndarray of shape (1 + n_features,)
        The weights after training, ``w_[0]`` the bias (float).
    errors_ : list of int
        The number of samples misclassified (updated) in each epoch, one int per epoch.
    """

    def __init__(self, eta: float = 0.01, epochs: int = 50) -> None:
        self.eta = eta
        self.epochs = epochs

    def train(self, X: Array, y: NDArray[np.int64]) -> Self:
        """Fit the weights with the perceptron rule, one sample at a time.

        Parameters
        ----------
        X : ndarray of shape (m, n_features)
            Training samples, one per row.
        y : ndarray of shape (m,)
            Target labels, -1 or 1.

        Returns
        -------
        self : Perceptron
            The object itself (``return self``), so that ``Perceptron(0.1, 10).train(X, y)`` is the trained
            perceptron. Training leaves behind ``self.w_`` and ``self.errors_``.

        Notes
        -----
        Start from ``w_ = np.zeros(1 + n_features)`` (floats) and ``errors_ = []``. For each of the
        ``epochs`` epochs, go through the samples in order; for sample :math:`x^{(i)}` with target
        :math:`y^{(i)}`, predict with the current weights (``self.predict(xi)``) and update

        .. math:: \\Delta = \\eta \\, (y^{(i)} - \\hat y^{(i)}), \\qquad w_{1:} := w_{1:} + \\Delta \\, x^{(i)},
            \\qquad w_0 := w_0 + \\Delta

        At the end of the epoch append to ``errors_`` the number of samples whose update
        :math:`\\Delta` was not zero (an int).

        The seeds' worked example (recomputed here): Iris samples 0-99 (setosa -1, versicolor 1),
        sepal length and petal length, ``Perceptron(eta=0.1, epochs=10)`` gives
        ``w_ = [-0.4, -0.68, 1.82]`` and ``errors_ = [2, 2, 3, 2, 1, 0, 0, 0, 0, 0]``: no error from the
        6th epoch on.
        """
        # YOUR CODE HERE: replace the next line with your implementation.
        raise NotImplementedError("Perceptron.train is not implemented yet")
        return self

    def net_input(self, X: Array) -> Array:
        """The weighted sum of the inputs plus the bias.

        Parameters
        ----------
        X : ndarray of shape (m, n_features)
            Samples, one per row (``predict`` also passes one sample of shape ``(n_features,)``).

        Returns
        -------
        z : ndarray of shape (m,)
            One net input per sample (a 0-d value for a single sample).

        Notes
        -----
        .. math:: z = X w_{1:} + w_0
        """
        # YOUR CODE HERE: replace the next line with your implementation.
        raise NotImplementedError("Perceptron.net_input is not implemented yet")
        return z

    def predict(self, X: Array) -> NDArray[np.int64]:
        """The class labels of the samples.

        Parameters
        ----------
        X : ndarray of shape (m, n_features)
            Samples, one per row (``train`` passes one sample of shape ``(n_features,)``).

        Returns
        -------
        labels : ndarray of shape (m,) of -1/1 labels
            1 where ``net_input(X) >= 0`` (a net input of exactly 0 gives 1), else -1; int or float.
        """
        # YOUR CODE HERE: replace the next line with your implementation.
        raise NotImplementedError("Perceptron.predict is not implemented yet")
        return labels


class AdalineGD:
    """Adaptive linear neuron (Widrow and Hoff, 1960), trained by batch gradient descent.

    Parameters
    ----------
    alpha : float, default 0.01
        Learning rate. (The seeds call ``AdalineGD(epochs=15, eta=0.01)`` once: a slip, the parameter
        is ``alpha``.)
    epochs : int, default 50
        Passes (gradient steps) over the training set.

    Attributes
    ----------
    w_ : ndarray of shape (1 + n_features,)
        The weights after training, ``w_[0]`` the bias.
    cost_ : list of float
        The sum of squared errors of each epoch, computed before that epoch's update.
    """

    def __init__(self, alpha: float = 0.01, epochs: int = 50) -> None:
        self.alpha = alpha
        self.epochs = epochs

    def train(self, X: Array, y: Array) -> Self:
        """Fit the weights by gradient descent on the sum of squared errors, all samples at once.

        Parameters
        ----------
        X : ndarray of shape (m, n_features)
            Training samples, one per row.
        y : ndarray of shape (m,)
            Target labels, -1 or 1.

        Returns
        -------
        self : AdalineGD
            The object itself (``return self``). Training leaves behind ``self.w_`` and ``self.cost_``.

        Notes
        -----
        Start from ``w_ = np.zeros(1 + n_features)`` and ``cost_ = []``. In each epoch compute the
        linear output of every sample with the current weights (``self.net_input(X)``), then

        .. math:: e = y - X w_{1:} - w_0, \\qquad w_{1:} := w_{1:} + \\alpha X^T e,
            \\qquad w_0 := w_0 + \\alpha \\sum_i e_i

        and append the cost of that output, :math:`J = \\frac{1}{2} \\sum_i e_i^2` (a sum, not a mean),
        to ``cost_``. This is :math:`w := w - \\alpha \\nabla J(w)`, with
        :math:`\\partial J / \\partial w_j = -\\sum_i e_i x_j^{(i)}`.

        On the raw Iris features (sepal and petal length, samples 0-99) :math:`\\alpha = 0.01` is too
        large: the cost grows every epoch (from 50 to about 7.8e28 in 10 epochs, the slides plot its
        log10); :math:`\\alpha = 0.0001` descends, slowly (from 50 to about 40.3 in 10 epochs). After
        :func:`standardize`, :math:`\\alpha = 0.01` converges (about 2.58 after 15 epochs, every sample
        classified right).
        """
        # YOUR CODE HERE: replace the next line with your implementation.
        raise NotImplementedError("AdalineGD.train is not implemented yet")
        return self

    def net_input(self, X: Array) -> Array:
        """The weighted sum of the inputs plus the bias.

        Parameters
        ----------
        X : ndarray of shape (m, n_features)
            Samples, one per row.

        Returns
        -------
        z : ndarray of shape (m,)
            One net input per sample.

        Notes
        -----
        .. math:: z = X w_{1:} + w_0
        """
        # YOUR CODE HERE: replace the next line with your implementation.
        raise NotImplementedError("AdalineGD.net_input is not implemented yet")
        return z

    def activation(self, X: Array) -> Array:
        """Adaline's linear activation: the identity on the net input.

        Parameters
        ----------
        X : ndarray of shape (m, n_features)
            Samples, one per row.

        Returns
        -------
        a : ndarray of shape (m,)
            :math:`g(z) = z` with ``z = net_input(X)``.
        """
        # YOUR CODE HERE: replace the next line with your implementation.
        raise NotImplementedError("AdalineGD.activation is not implemented yet")
        return a

    def predict(self, X: Array) -> NDArray[np.int64]:
        """The class labels of the samples, from the activation.

        Parameters
        ----------
        X : ndarray of shape (m, n_features)
            Samples, one per row.

        Returns
        -------
        labels : ndarray of shape (m,) of -1/1 labels
            1 where ``activation(X) >= 0`` (an activation of exactly 0 gives 1), else -1; int or float.
        """
        # YOUR CODE HERE: replace the next line with your implementation.
        raise NotImplementedError("AdalineGD.predict is not implemented yet")
        return labels


class AdalineSGD:
    """Adaptive linear neuron trained by stochastic gradient descent: one update per sample.

    Parameters
    ----------
    alpha : float, default 0.01
        Learning rate.
    epochs : int, default 50
        Passes over the training set.

    Attributes
    ----------
    w_ : ndarray of shape (1 + n_features,)
        The weights after training, ``w_[0]`` the bias.
    cost_ : list of float
        The sum of squared errors over the whole training set at the end of each epoch.
    """

    def __init__(self, alpha: float = 0.01, epochs: int = 50) -> None:
        self.alpha = alpha
        self.epochs = epochs

    def train(self, X: Array, y: Array, reinitialize_weights: bool = True) -> Self:
        """Fit the weights by stochastic gradient descent, the samples in order (no shuffling).

        Parameters
        ----------
        X : ndarray of shape (m, n_features)
            Training samples, one per row.
        y : ndarray of shape (m,)
            Target labels, -1 or 1.
        reinitialize_weights : bool, default True
            Start from zero weights and an empty ``cost_``. With False, continue from the current
            ``w_`` and append to the current ``cost_`` (more epochs, or new data, online learning).

        Returns
        -------
        self : AdalineSGD
            The object itself (``return self``). Training leaves behind ``self.w_`` and ``self.cost_``.

        Notes
        -----
        When ``reinitialize_weights`` is true, set ``w_ = np.zeros(1 + n_features)`` and ``cost_ = []``
        first. In each epoch, for each sample in order, with the current weights
        (``self.net_input(xi)``):

        .. math:: e^{(i)} = y^{(i)} - x^{(i)} \\cdot w_{1:} - w_0, \\qquad w_{1:} := w_{1:} + \\alpha \\,
            e^{(i)} x^{(i)}, \\qquad w_0 := w_0 + \\alpha \\, e^{(i)}

        then append the cost over the whole training set with the weights at the end of the epoch,
        :math:`\\frac{1}{2} \\sum_i (y^{(i)} - g(z^{(i)}))^2` (``self.activation(X)``). The seeds show two
        versions of this class; the second resets ``cost_`` even when the weights are kept. Here, as in
        the first, ``cost_`` is only reset with the weights.
        """
        # YOUR CODE HERE: replace the next line with your implementation.
        raise NotImplementedError("AdalineSGD.train is not implemented yet")
        return self

    def net_input(self, X: Array) -> Array:
        """The weighted sum of the inputs plus the bias.

        Parameters
        ----------
        X : ndarray of shape (m, n_features)
            Samples, one per row (``train`` also passes one sample of shape ``(n_features,)``).

        Returns
        -------
        z : ndarray of shape (m,)
            One net input per sample (a 0-d value for a single sample).

        Notes
        -----
        .. math:: z = X w_{1:} + w_0
        """
        # YOUR CODE HERE: replace the next line with your implementation.
        raise NotImplementedError("AdalineSGD.net_input is not implemented yet")
        return z

    def activation(self, X: Array) -> Array:
        """Adaline's linear activation: the identity on the net input.

        Parameters
        ----------
        X : ndarray of shape (m, n_features)
            Samples, one per row.

        Returns
        -------
        a : ndarray of shape (m,)
            :math:`g(z) = z` with ``z = net_input(X)``.
        """
        # YOUR CODE HERE: replace the next line with your implementation.
        raise NotImplementedError("AdalineSGD.activation is not implemented yet")
        return a

    def predict(self, X: Array) -> NDArray[np.int64]:
        """The class labels of the samples, from the activation.

        Parameters
        ----------
        X : ndarray of shape (m, n_features)
            Samples, one per row.

        Returns
        -------
        labels : ndarray of shape (m,) of -1/1 labels
            1 where ``activation(X) >= 0`` (an activation of exactly 0 gives 1), else -1; int or float.
        """
        # YOUR CODE HERE: replace the next line with your implementation.
        raise NotImplementedError("AdalineSGD.predict is not implemented yet")
        return labels


def standardize(X: Array) -> Array:
    """Scale every feature (column) to mean 0 and standard deviation 1.

    Parameters
    ----------
    X : ndarray of shape (m, n_features)
        Samples, one per row.

    Returns
    -------
    X_std : ndarray of shape (m, n_features)
        A new float array; ``X`` itself is left unchanged.

    Notes
    -----
    .. math:: x_{j,std} = \\frac{x_j - \\mu_j}{\\sigma_j}

    with :math:`\\mu_j` the mean of column :math:`j` and :math:`\\sigma_j` its standard deviation
    (numpy's default ``ddof=0``: divide by :math:`m`, not :math:`m - 1`), as in the seeds
    (``X[:, 0].std()``). Every column at once, no loop over columns needed.
    """
    # YOUR CODE HERE: replace the next line with your implementation.
    raise NotImplementedError("standardize is not implemented yet")
    return X_std
