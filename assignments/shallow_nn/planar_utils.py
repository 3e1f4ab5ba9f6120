"""The planar data sets of the shallow network assignment, and a plotting helper (provided, not graded).

Every set is generated in code, the same on every run and every machine: each
loader draws from its own ``np.random.RandomState`` (never numpy's global
generator, which it leaves untouched), so no file and no download are needed.

- :func:`load_planar_dataset`: the "flower", 400 points in 2-D, two classes.
- :func:`load_extra_datasets`: noisy circles, noisy moons, blobs, Gaussian
  quantiles and a set with no structure, generated with numpy only.
- :func:`plot_decision_boundary`: colour the plane by a model's predictions.
- :func:`sigmoid`: the logistic function, for the output layer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[Any]


def sigmoid(x: Any) -> Any:
    """The logistic function ``1 / (1 + exp(-x))``, element-wise."""
    return 1 / (1 + np.exp(-x))


def load_planar_dataset() -> tuple[Array, Array]:
    """The planar "flower": two classes of 200 points on the petals of ``r = 4 sin(4t)``.

    Returns
    -------
    X : ndarray of shape (2, 400), float64
        The points, one per column (row 0 is x1, row 1 is x2).
    Y : ndarray of shape (1, 400), uint8
        The labels: 0 for the first 200 points (red), 1 for the last 200 (blue).

    Notes
    -----
    Class ``j`` (0 or 1) takes 200 angles ``t`` evenly spaced over
    ``[3.12 j, 3.12 (j + 1)]`` plus Gaussian noise of standard deviation
    0.2, radii ``r = 4 sin(4t)`` plus noise of standard deviation 0.2, and
    the points ``(r sin t, r cos t)``. The noise comes from
    ``np.random.RandomState(1)``, drawn in the same order as the course's
    original loader (which called ``np.random.seed(1)``), so the points are
    the same as theirs; numpy's global generator is not touched.
    """
    rng = np.random.RandomState(1)
    m = 400
    N = m // 2  # points per class
    X = np.zeros((m, 2))
    Y = np.zeros((m, 1), dtype="uint8")
    a = 4  # the largest radius of a petal
    for j in range(2):
        ix = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + rng.randn(N) * 0.2  # angle
        r = a * np.sin(4 * t) + rng.randn(N) * 0.2  # radius
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    return X.T, Y.T


def _circles(rng: np.random.RandomState, n: int, factor: float, noise: float) -> tuple[Array, Array]:
    """Two concentric circles (radius 1 and ``factor``), labels 0 (outer) and 1 (inner)."""
    n_out = n // 2
    n_in = n - n_out
    angle_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    angle_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    X = np.vstack([np.c_[np.cos(angle_out), np.sin(angle_out)],
                   factor * np.c_[np.cos(angle_in), np.sin(angle_in)]])
    y = np.hstack([np.zeros(n_out, dtype=np.int64), np.ones(n_in, dtype=np.int64)])
    return X + rng.normal(scale=noise, size=X.shape), y


def _moons(rng: np.random.RandomState, n: int, noise: float) -> tuple[Array, Array]:
    """Two interleaving half circles, labels 0 (upper) and 1 (lower)."""
    n_out = n // 2
    n_in = n - n_out
    angle_out = np.linspace(0, np.pi, n_out)
    angle_in = np.linspace(0, np.pi, n_in)
    X = np.vstack([np.c_[np.cos(angle_out), np.sin(angle_out)],
                   np.c_[1 - np.cos(angle_in), 1 - np.sin(angle_in) - 0.5]])
    y = np.hstack([np.zeros(n_out, dtype=np.int64), np.ones(n_in, dtype=np.int64)])
    return X + rng.normal(scale=noise, size=X.shape), y


def _blobs(rng: np.random.RandomState, n: int, centers: int) -> tuple[Array, Array]:
    """``centers`` Gaussian blobs (standard deviation 1) centred in the box [-10, 10]^2, labels 0..centers-1."""
    middles = rng.uniform(-10, 10, (centers, 2))
    y = np.arange(n, dtype=np.int64) % centers
    return middles[y] + rng.normal(size=(n, 2)), y


def _gaussian_quantiles(rng: np.random.RandomState, n: int, variance: float) -> tuple[Array, Array]:
    """Points of a centred Gaussian; label 1 for the half farthest from the centre, else 0."""
    X = rng.normal(scale=np.sqrt(variance), size=(n, 2))
    order = np.argsort(np.sum(X**2, axis=1), kind="stable")
    y = np.zeros(n, dtype=np.int64)
    y[order[n // 2:]] = 1
    return X, y


def load_extra_datasets() -> tuple[tuple[Array, Array], ...]:
    """Five other 2-D data sets of 200 points each, to try the network on.

    Returns
    -------
    noisy_circles, noisy_moons, blobs, gaussian_quantiles, no_structure : tuple of (X, y)
        Each ``X`` is an ndarray of shape (200, 2), **one point per row**,
        and each ``y`` an ndarray of shape (200,) of int labels, as the
        course's loader (scikit-learn's generators) returned them: use
        ``X.T`` and ``y.reshape(1, -1)`` to get the network's ``(2, m)`` and
        ``(1, m)``. ``blobs`` has 6 classes, 0 to 5 (take ``y % 2`` for two
        classes); the others have labels 0 and 1 (``no_structure``'s are
        random: nothing to learn).

    Notes
    -----
    Generated with numpy only, from ``np.random.RandomState(3)``, the same
    every time; numpy's global generator is not touched. Circles: radius 1
    and 0.5, noise 0.3; moons: noise 0.2; blobs: 6 centres in
    [-10, 10]^2; Gaussian quantiles: variance 0.5 per axis, split at the
    median distance from the centre; no structure: uniform points in the
    unit square.
    """
    rng = np.random.RandomState(3)
    N = 200
    noisy_circles = _circles(rng, N, factor=0.5, noise=0.3)
    noisy_moons = _moons(rng, N, noise=0.2)
    blobs = _blobs(rng, N, centers=6)
    gaussian_quantiles = _gaussian_quantiles(rng, N, variance=0.5)
    no_structure = (rng.rand(N, 2), (rng.rand(N) < 0.5).astype(np.int64))
    return noisy_circles, noisy_moons, blobs, gaussian_quantiles, no_structure


def plot_decision_boundary(model: Callable[[Array], Array], X: Array, y: Array, h: float = 0.02) -> None:
    """Colour the plane by the class ``model`` predicts, and draw the points of ``X`` over it.

    Parameters
    ----------
    model : callable
        Takes an ndarray of shape (k, 2), **one point per row**, and returns
        k labels (any shape with k entries), e.g.
        ``lambda x: predict(parameters, x.T)``.
    X : ndarray of shape (2, m)
        The points, one per column.
    y : ndarray of m labels
        Their classes (shape (1, m) or (m,)), used as colours.
    h : float, default 0.02
        The step of the grid of points on which ``model`` is evaluated.

    Notes
    -----
    Draws on the current matplotlib axes; call ``plt.show()`` (or
    ``plt.title(...)``) afterwards as you like.
    """
    import matplotlib.pyplot as plt

    x_min, x_max = X[0, :].min() - 1, X[0, :].max() + 1
    y_min, y_max = X[1, :].min() - 1, X[1, :].max() + 1
    xx, yy = np.meshgrid(np.arange(x_min, x_max, h), np.arange(y_min, y_max, h))
    Z = np.asarray(model(np.c_[xx.ravel(), yy.ravel()]), dtype=np.float64).reshape(xx.shape)
    plt.contourf(xx, yy, Z, cmap=plt.cm.Spectral)
    plt.ylabel("x2")
    plt.xlabel("x1")
    plt.scatter(X[0, :], X[1, :], c=np.ravel(y), cmap=plt.cm.Spectral, s=12)
