"""perceptron: Rosenblatt's perceptron, Adaline by batch and stochastic gradient descent, standardization.

Instructors only. Graded methods (``Perceptron.train``, ...) are checked on
what they return and on the attributes they leave behind (``w_``,
``errors_``, ``cost_``), each on an object built from an instance spec
(``{"init": [constructor arguments], "state": {attribute: value}}``). While
``train`` is graded, the methods the reference's ``train`` calls
(``predict``, ``net_input``, ``activation``) are answered by the reference:
a bug in one method costs only its own points.

Every check by kind: shapes on non-square data (a train that reads ``X`` as
``(n_features, m)`` gets ``w_`` of the wrong shape), worked examples (by
hand, and the seeds' Iris example recomputed), randomized comparisons with
the reference over sizes (m = 1 included), learning rates and epoch counts
(hidden), and properties (hidden): float weights, -1/1 labels of any
numeric dtype, arguments left unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from grader.author import (
    Assignment,
    CompareToReference,
    Exercise,
    Function,
    Inputs,
    KnownValue,
    Properties,
    Shapes,
    grid,
    load_sibling,
    seeded,
)

IRIS = load_sibling(__file__, "iris")
EXERCISES = Path(__file__).with_name("exercises")


def _data(rng: np.random.Generator, m: int, n: int, scale: float = 1.0) -> tuple[Any, Any]:
    """``X`` of shape (m, n) and -1/1 int labels from a noisy linear rule (both classes when m > 1)."""
    X = rng.standard_normal((m, n)) * scale + rng.uniform(-1.0, 1.0, n)
    y = np.where(X @ rng.standard_normal(n) + rng.normal(0.0, 0.5, m) >= 0, 1, -1)
    if m > 1:
        y[0], y[1] = 1, -1
    return X, y


@seeded
def training(seed: int, m: int, n: int, rate: float, epochs: int) -> Inputs:
    """A fresh object (constructor ``(rate, epochs)``) and training data of ``m`` samples, ``n`` features."""
    def build() -> tuple[Any, ...]:
        rng = np.random.default_rng([seed, m, n, epochs])
        X, y = _data(rng, m, n)
        return {"init": [rate, epochs]}, X, y

    return Inputs(f"seed={seed}, m={m}, n_features={n}, rate={rate}, epochs={epochs}", build, {"m": m})


@seeded
def continuing(seed: int, m: int, n: int, rate: float, epochs: int, reinitialize: bool) -> Inputs:
    """An AdalineSGD trained before (weights and costs set), trained again with ``reinitialize_weights``."""
    def build() -> tuple[Any, ...]:
        rng = np.random.default_rng([seed, m, n, epochs, int(reinitialize)])
        X, y = _data(rng, m, n)
        state = {"w_": rng.standard_normal(n + 1) * 0.3, "cost_": [float(c) for c in rng.uniform(1, 5, 2)]}
        return {"init": [rate, epochs], "state": state}, X, y, reinitialize

    label = f"seed={seed}, m={m}, n_features={n}, rate={rate}, epochs={epochs}, reinitialize_weights={reinitialize}"
    return Inputs(label, build, {"m": m})


@seeded
def trained(seed: int, m: int, n: int, rate: str = "eta", single: bool = False) -> Inputs:
    """An object with weights set (no constructor call) and samples: ``(m, n)``, or one ``(n,)`` sample."""
    def build() -> tuple[Any, ...]:
        rng = np.random.default_rng([seed, m, n, int(single)])
        X = rng.standard_normal(n) if single else rng.standard_normal((m, n))
        return {"state": {"w_": rng.standard_normal(n + 1), rate: 0.1, "epochs": 3}}, X

    shape = f"one sample of {n} features" if single else f"m={m}, n_features={n}"
    return Inputs(f"seed={seed}, {shape}", build, {} if single else {"m": m})


@seeded
def features(seed: int, m: int, n: int) -> Inputs:
    """Features on different scales and offsets, as raw measurements are."""
    def build() -> tuple[Any, ...]:
        rng = np.random.default_rng([seed, m, n])
        return (rng.standard_normal((m, n)) * rng.uniform(0.5, 20.0, n) + rng.uniform(-10.0, 10.0, n),)

    return Inputs(f"seed={seed}, m={m}, n_features={n}", build, {"m": m})


# ---------------------------------------------------------------- worked examples (by hand)

STATE = {"w_": np.array([-1.0, 0.5, 0.25]), "eta": 0.1, "epochs": 3}
# z = -1 + 0.5 x1 + 0.25 x2 = [0, 0, -0.25, -1, 1.5]: the first two sit exactly on the boundary (label 1).
X_BOUNDARY = np.array([[2.0, 0.0], [0.0, 4.0], [1.0, 1.0], [0.0, 0.0], [3.0, 4.0]])
Z_BOUNDARY = np.array([0.0, 0.0, -0.25, -1.0, 1.5])
LABELS_BOUNDARY = np.array([1, 1, -1, -1, 1])

# The perceptron, eta 0.5, w = 0, on three samples. Epoch 1: sample 1 (z = 0 -> 1, right), sample 2
# (z = 0 -> 1, target -1: update -1, w = [-1, 1, 0.5]), sample 3 (z = -1 + 0.5 - 1 = -1.5 -> -1, right);
# epoch 2: z = 1, -2.25, -1.5: all right. w_ = [-1, 1, 0.5], errors_ = [1, 0].
X_PPN = np.array([[1.0, 2.0], [-1.0, -0.5], [0.5, -2.0]])
Y_PPN = np.array([1, -1, -1])

# Adaline, alpha 0.1, on X = [[1, 0], [0, 1], [1, 1]], y = [1, -1, 1], w = 0.
# AdalineGD, epoch 1: output 0, e = [1, -1, 1], cost 3/2 = 1.5, X^T e = [2, 0]: w = [0.1, 0.2, 0];
# epoch 2: output [0.3, 0.1, 0.3], e = [0.7, -1.1, 0.7], cost (0.49 + 1.21 + 0.49)/2 = 1.095,
# X^T e = [1.4, -0.4], sum e = 0.3: w = [0.13, 0.34, -0.04].
# AdalineSGD, one epoch: sample 1 e = 1 -> w = [0.1, 0.1, 0]; sample 2 z = 0.1, e = -1.1 -> w = [-0.01, 0.1, -0.11];
# sample 3 z = -0.02, e = 1.02 -> w = [0.092, 0.202, -0.008]; then outputs [0.294, 0.084, 0.286],
# errors [0.706, -1.084, 0.714], cost (0.498436 + 1.175056 + 0.509796)/2 = 1.091644.
X_ADA = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
Y_ADA = np.array([1, -1, 1])

# standardize: column 0 [1, 2, 3] has mean 2 and std sqrt(2/3); column 1 [10, 20, 60] has mean 30 and std
# sqrt(1400/3). ddof=1 would divide by sqrt(1) and sqrt(700) instead.
X_STD_IN = np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 60.0]])
X_STD_OUT = np.column_stack([np.array([-1.0, 0.0, 1.0]) / np.sqrt(2 / 3),
                             np.array([-20.0, -10.0, 30.0]) / np.sqrt(1400 / 3)])

# The seeds' Iris example: samples 0-99, sepal and petal length, setosa -1 and versicolor 1.
X_IRIS, Y_IRIS = IRIS.setosa_versicolor()
# AdalineGD(alpha=0.0001, epochs=10) on the raw features: the slow descent of the slides (recomputed).
IRIS_GD_COST = [50.0, 48.06916269, 46.75624785, 45.67588153, 44.69132935, 43.75388836, 42.84602749,
                41.96125761, 41.09700496, 40.25208795]


def _methods(cls: str, rate: str) -> list[Function]:
    """``net_input``, ``activation`` and ``predict`` of an Adaline class (the same checks for both)."""
    single = [trained(7, 1, 3, rate, single=True)] if cls == "AdalineSGD" else []
    return [
        Function(f"{cls}.net_input", [
            Shapes("shape", 0.5, [trained(0, 1, 2, rate), trained(0, 5, 2, rate)]),
            KnownValue("known values", 1, ({"state": {**STATE, "alpha": 0.1}}, X_BOUNDARY), Z_BOUNDARY,
                       description="w_ = [-1, 0.5, 0.25]: z = -1 + 0.5 x1 + 0.25 x2 on five samples"),
            CompareToReference("randomized", 1, [*grid(lambda s, m, n: trained(s, m, n, rate), (1, 6), (1, 4),
                                                       seeds=(1, 2)), *single]),
            Properties("properties", 0.5, [trained(3, 4, 3, rate)]),
        ]),
        Function(f"{cls}.activation", [
            Shapes("shape", 0.5, [trained(0, 1, 2, rate), trained(0, 5, 2, rate)]),
            CompareToReference("values", 0.5, [trained(4, 3, 2, rate)], visibility="public"),
            CompareToReference("randomized", 0.5, grid(lambda s, m, n: trained(s, m, n, rate), (1, 6), (3,),
                                                       seeds=(1, 2))),
            Properties("properties", 0.5, [trained(3, 4, 3, rate)]),
        ]),
        Function(f"{cls}.predict", [
            Shapes("shape", 0.5, [trained(0, 1, 2, rate), trained(0, 5, 2, rate)]),
            KnownValue("known values", 1, ({"state": {**STATE, "alpha": 0.1}}, X_BOUNDARY), LABELS_BOUNDARY,
                       description="activations 0, 0, -0.25, -1, 1.5: an activation of exactly 0 gives 1"),
            CompareToReference("randomized", 1, grid(lambda s, m, n: trained(s, m, n, rate), (1, 8), (2, 3),
                                                     seeds=(1, 2))),
            Properties("properties", 0.5, [trained(3, 6, 2, rate)]),
        ]),
    ]


TRAIN_OUTPUTS = ("self.w_", "self.cost_")

ASSIGNMENT = Assignment(
    id="perceptron",
    title="The perceptron and Adaline",
    student_file="perceptron.py",
    modules=("reference.perceptron",),
    provided=("iris.py",),
    exercises=[Exercise.from_files(EXERCISES, name) for name in (
        "perceptron_iris", "adaline_learning_rates", "adaline_standardized", "adaline_sgd")],
    functions=[
        Function("Perceptron.net_input", [
            Shapes("shape", 0.5, [trained(0, 1, 2), trained(0, 5, 2)]),
            KnownValue("known values", 1, ({"state": STATE}, X_BOUNDARY), Z_BOUNDARY,
                       description="w_ = [-1, 0.5, 0.25]: z = -1 + 0.5 x1 + 0.25 x2 on five samples"),
            CompareToReference("randomized", 1, [*grid(trained, (1, 6), (1, 4), seeds=(1, 2)),
                                                 trained(7, 1, 3, single=True)]),
            Properties("properties", 0.5, [trained(3, 4, 3)]),
        ]),
        Function("Perceptron.predict", [
            Shapes("shape", 0.5, [trained(0, 1, 2), trained(0, 5, 2)]),
            KnownValue("known values", 1, ({"state": STATE}, X_BOUNDARY), LABELS_BOUNDARY,
                       description="net inputs 0, 0, -0.25, -1, 1.5: a net input of exactly 0 gives 1"),
            CompareToReference("randomized", 1, grid(trained, (1, 8), (2, 3), seeds=(1, 2))),
            Properties("properties", 0.5, [trained(3, 6, 2)]),
        ]),
        Function("Perceptron.train", [
            Shapes("shape", 0.5, [training(0, 5, 2, 0.1, 2), training(0, 1, 3, 0.1, 2)],
                   description="w_ of shape (1 + n_features,) on 5 samples of 2 features, and on 1 sample"),
            KnownValue("two epochs by hand", 1, ({"init": [0.5, 2]}, X_PPN, Y_PPN),
                       (np.array([-1.0, 1.0, 0.5]), [1, 0]), outputs=("self.w_", "self.errors_"),
                       description="eta 0.5 on three samples, worked in the declaration's comments"),
            KnownValue("the seeds' Iris example", 1.5, ({"init": [0.1, 10]}, X_IRIS, Y_IRIS),
                       (np.array([-0.4, -0.68, 1.82]), [2, 2, 3, 2, 1, 0, 0, 0, 0, 0]),
                       outputs=("self.w_", "self.errors_"),
                       description="Iris samples 0-99, sepal and petal length, eta 0.1, 10 epochs"),
            CompareToReference("randomized", 2, [
                *grid(lambda s, m, n: training(s, m, n, 0.1, 4), (1, 7), (1, 3), seeds=(1, 2)),
                training(3, 20, 2, 0.01, 6), training(4, 12, 4, 1.0, 3)]),
            Properties("properties", 0.5, [training(5, 6, 2, 0.1, 3)]),
        ]),
        *_methods("AdalineGD", "alpha"),
        Function("AdalineGD.train", [
            Shapes("shape", 0.5, [training(0, 5, 2, 0.01, 2), training(0, 1, 3, 0.01, 2)],
                   description="w_ of shape (1 + n_features,) on 5 samples of 2 features, and on 1 sample"),
            KnownValue("two epochs by hand", 1, ({"init": [0.1, 2]}, X_ADA, Y_ADA),
                       (np.array([0.13, 0.34, -0.04]), [1.5, 1.095]), outputs=TRAIN_OUTPUTS,
                       description="alpha 0.1 on three samples, worked in the declaration's comments"),
            KnownValue("the seeds' Iris example", 1, ({"init": [0.0001, 10]}, X_IRIS, Y_IRIS), IRIS_GD_COST,
                       outputs=("self.cost_",), description="Iris, raw features, alpha 0.0001: a slow descent"),
            CompareToReference("randomized", 2, [
                *grid(lambda s, m, n: training(s, m, n, 0.05, 5), (1, 7), (1, 3), seeds=(1, 2)),
                training(3, 20, 2, 0.001, 8), training(4, 10, 3, 0.3, 4)],
                description="random data; rates 0.001 to 0.3 (0.3 diverges)"),
            Properties("properties", 0.5, [training(5, 6, 2, 0.05, 3)]),
        ]),
        *_methods("AdalineSGD", "alpha"),
        Function("AdalineSGD.train", [
            Shapes("shape", 0.5, [training(0, 5, 2, 0.01, 2), training(0, 1, 3, 0.01, 2)],
                   description="w_ of shape (1 + n_features,) on 5 samples of 2 features, and on 1 sample"),
            KnownValue("one epoch by hand", 1, ({"init": [0.1, 1]}, X_ADA, Y_ADA),
                       (np.array([0.092, 0.202, -0.008]), [1.091644]), outputs=TRAIN_OUTPUTS,
                       description="alpha 0.1 on three samples, worked in the declaration's comments"),
            CompareToReference("continues from its weights", 1, [continuing(0, 4, 2, 0.1, 1, False)],
                               visibility="public",
                               description="reinitialize_weights=False: from the current w_, cost_ appended to"),
            CompareToReference("randomized", 2, [
                *grid(lambda s, m, n: training(s, m, n, 0.05, 4), (1, 7), (1, 3), seeds=(1, 2)),
                training(3, 20, 2, 0.001, 6), training(4, 10, 3, 0.2, 3)],
                description="random data; rates 0.001 to 0.2"),
            CompareToReference("randomized, trained before", 1, [
                continuing(s, 6, 3, 0.05, 3, reinitialize) for s in (1, 2) for reinitialize in (False, True)],
                description="an object trained before: reinitialize_weights True starts over, False continues"),
            Properties("properties", 0.5, [training(5, 6, 2, 0.05, 3)]),
        ]),
        Function("standardize", [
            Shapes("shape", 0.5, [features(0, 5, 2), features(0, 3, 1)]),
            KnownValue("known values", 1, (X_STD_IN,), X_STD_OUT,
                       description="columns [1, 2, 3] and [10, 20, 60]: ddof=0 (divide by m)"),
            CompareToReference("randomized", 1, grid(features, (2, 9), (1, 4), seeds=(1, 2))),
            Properties("properties", 1, [features(3, 6, 3)],
                       description="a new float array, X left unchanged"),
        ]),
    ],
)
