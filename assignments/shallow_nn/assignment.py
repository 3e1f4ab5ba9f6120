"""shallow_nn: a neural network with one hidden tanh layer, on the planar "flower" data set.

Instructors only. Every check by kind: shapes (b of shape (n_h, 1), not
(n_h, m)), worked examples on a tiny network computed by hand
(``worked_examples.py``), a gradient check of ``backward_propagation``
against the cost of a forward pass, randomized comparisons with the
reference (hidden) over m = 1, n_x = 1 and non-square layers, and
properties (hidden): exact types and keys, 0/1 predictions of any dtype,
arguments left unchanged (``update_parameters`` may update in place).

``nn_model`` is graded with 2 to 50 iterations (not 10000): its callees are
answered by the reference, so each case costs little; n_h = 1, 3 and 5 show
a model that takes n_h from ``layer_sizes`` (always 4).

While ``nn_model`` is graded, the reference answers its call to
``initialize_parameters`` drawing from the generator state the student's
``nn_model`` left (the grader sends it with the question), so a missing or
wrong ``np.random.seed(3)`` costs ``nn_model``'s points and nothing else.
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
    GradientCheck,
    Inputs,
    KnownValue,
    Properties,
    Shapes,
    Together,
    arguments,
    labels,
    load_sibling,
    normal,
    probabilities,
    seeded,
    size,
)
from reference import shallow_nn as ref

W = load_sibling(__file__, "worked_examples")
T = load_sibling(__file__, "together")
EXERCISES = Path(__file__).with_name("exercises")

# ------------------------------------------------------------------ inputs


def _parameters(rng: np.random.Generator, n_x: int, n_h: int, n_y: int, scale: float = 1.0) -> dict[str, Any]:
    """Weights of order 1 (tanh and sigmoid neither saturated nor linear), biases of either sign, never 0."""
    return {"W1": rng.standard_normal((n_h, n_x)) / np.sqrt(n_x) * scale,
            "b1": rng.uniform(0.1, 0.6, (n_h, 1)) * rng.choice([-1.0, 1.0], (n_h, 1)),
            "W2": rng.standard_normal((n_y, n_h)) / np.sqrt(n_h) * scale,
            "b2": rng.uniform(0.1, 0.6, (n_y, 1)) * rng.choice([-1.0, 1.0], (n_y, 1))}


def _labels(rng: np.random.Generator, n_y: int, m: int) -> Any:
    Y = (rng.uniform(size=(n_y, m)) < 0.5).astype(np.float64)
    Y[:, 0] = 1.0
    if m > 1:
        Y[:, 1] = 0.0  # both classes
    return Y


def _label(**facts: Any) -> str:
    return ", ".join(f"{k}={v}" for k, v in facts.items())


@seeded
def forward_inputs(seed: int, n_x: int, n_h: int, m: int, n_y: int = 1) -> Inputs:
    """``(X, parameters)``."""
    def build() -> tuple[Any, ...]:
        rng = np.random.default_rng([seed, n_x, n_h, m, n_y])
        return rng.standard_normal((n_x, m)), _parameters(rng, n_x, n_h, n_y)

    return Inputs(_label(seed=seed, n_x=n_x, n_h=n_h, n_y=n_y, m=m), build, {"m": m})


@seeded
def backward_inputs(seed: int, n_x: int, n_h: int, m: int) -> Inputs:
    """``(parameters, cache, X, Y)``, the cache from the reference's forward pass on X with these parameters."""
    def build() -> tuple[Any, ...]:
        rng = np.random.default_rng([seed, n_x, n_h, m, 17])
        X = rng.standard_normal((n_x, m))
        parameters = _parameters(rng, n_x, n_h, 1)
        _, cache = ref.forward_propagation(X, parameters)
        return parameters, cache, X, _labels(rng, 1, m)

    return Inputs(_label(seed=seed, n_x=n_x, n_h=n_h, m=m), build, {"m": m})


@seeded
def update_inputs(seed: int, n_x: int, n_h: int, m: int, learning_rate: float | None = None) -> Inputs:
    """``(parameters, grads[, learning_rate])`` with the gradients of a real backward pass."""
    def build() -> tuple[Any, ...]:
        parameters, cache, X, Y = backward_inputs(seed, n_x, n_h, m).build()
        grads = ref.backward_propagation(parameters, cache, X, Y)
        return (parameters, grads) if learning_rate is None else (parameters, grads, learning_rate)

    rate = "default" if learning_rate is None else learning_rate
    return Inputs(_label(seed=seed, n_x=n_x, n_h=n_h, m=m, learning_rate=rate), build, {"m": m})


def _planar(rng: np.random.Generator, n_x: int, m: int) -> tuple[Any, Any]:
    """A small data set that needs a hidden layer: the label is the sign of x1 * x2 (XOR-like)."""
    X = rng.standard_normal((n_x, m))
    Y = ((X[:1] * X[-1:]) > 0).astype(np.float64)
    Y[0, 0], Y[0, -1] = 1.0, 0.0
    return X, Y


@seeded
def model_inputs(seed: int, n_x: int, m: int, n_h: int, num_iterations: int) -> Inputs:
    """``(X, Y, n_h, num_iterations)``."""
    def build() -> tuple[Any, ...]:
        X, Y = _planar(np.random.default_rng([seed, n_x, m, 23]), n_x, m)
        return X, Y, n_h, num_iterations

    return Inputs(_label(seed=seed, n_x=n_x, m=m, n_h=n_h, iterations=num_iterations), build, {"m": m})


@seeded
def predict_inputs(seed: int, n_x: int, n_h: int, m: int) -> Inputs:
    """``(parameters, X)`` with output probabilities spread on both sides of 0.5."""
    def build() -> tuple[Any, ...]:
        rng = np.random.default_rng([seed, n_x, n_h, m, 29])
        return _parameters(rng, n_x, n_h, 1, scale=2.0), rng.standard_normal((n_x, m))

    return Inputs(_label(seed=seed, n_x=n_x, n_h=n_h, m=m), build, {"m": m})


def reference_cost(parameters: Any, cache: Any, X: Any, Y: Any) -> float:
    """The cost of the reference's forward pass on X: what backward_propagation differentiates."""
    A2, _ = ref.forward_propagation(X, parameters)
    return ref.compute_cost(A2, Y)


LAYER_SIZES = arguments(X=normal("n_x", "m"), Y=labels("n_y", "m"))
INIT = arguments(n_x=size("n_x"), n_h=size("n_h"), n_y=size("n_y"))
COST = arguments(A2=probabilities(1, "m"), Y=labels(1, "m"))
SEEDS = (0, 1, 2)
# (n_x, n_h, m): m = 1, n_x = 1, n_h = 1, and no square matrix where one would hide a missing transpose.
SIZES = ((2, 4, 5), (3, 1, 1), (1, 3, 4), (5, 2, 3), (2, 5, 1))
GRADS = {f"parameters.{p}": f"grads.d{p}" for p in ("W1", "b1", "W2", "b2")}


def _sized(build: Any, *extra: Any, seeds: tuple[int, ...] = SEEDS) -> list[Inputs]:
    return [build(s, n_x, n_h, m, *extra) for s in seeds for n_x, n_h, m in SIZES]


ASSIGNMENT = Assignment(
    id="shallow_nn",
    title="Planar data classification with one hidden layer",
    student_file="shallow_nn.py",
    modules=("reference.shallow_nn",),
    provided=("planar_utils.py",),
    exercises=[Exercise.from_files(EXERCISES, "train_flower"),
               Exercise.from_files(EXERCISES, "hidden_sizes")],
    together=[
        Together("your functions work together", 0, T.train_and_predict,
                 [T.training_inputs(0, 2, 3, 8, 3), T.training_inputs(1, 3, 4, 1, 2)],
                 returns=("parameters", "costs", "predictions"),
                 description="a few iterations from initialize_parameters to predict, all your own functions "
                             "(no points: a bug costs only its own function)"),
    ],
    functions=[
        Function("layer_sizes", [
            Shapes("three sizes", 0.5, LAYER_SIZES.grid(seeds=(0,), n_x=(2,), n_y=(1,), m=(3,))),
            KnownValue("known values", 0.5, (W.LAYER_SIZES_X, W.LAYER_SIZES_Y), W.LAYER_SIZES_WIDE,
                       description="X (5, 3) and Y (2, 3): n_x = 5, n_h = 4, n_y = 2 (m = 3 is no layer)"),
            CompareToReference("randomized", 0.5, LAYER_SIZES.grid(seeds=(0,), n_x=(1, 3), n_y=(1, 2), m=(1, 4))),
            Properties("properties", 0.5, [LAYER_SIZES(3, n_x=4, n_y=1, m=6)]),
        ]),
        Function("initialize_parameters", [
            Shapes("shape", 1, [INIT(0, n_x=2, n_h=4, n_y=1), INIT(0, n_x=3, n_h=1, n_y=2)]),
            CompareToReference("values with seed 0", 1, [INIT(0, n_x=2, n_h=4, n_y=1)], visibility="public",
                               description="the grader seeds 0 first: W1, then W2, drawn in that order"),
            CompareToReference("randomized", 1, INIT.grid(seeds=(0,), n_x=(1, 5), n_h=(1, 3), n_y=(1, 2))),
            Properties("properties", 1, [INIT(0, n_x=3, n_h=5, n_y=1)]),
        ]),
        Function("forward_propagation", [
            Shapes("shape", 1, [forward_inputs(0, 2, 4, 5), forward_inputs(1, 3, 1, 1)]),
            KnownValue("worked example", 2, (W.X, W.parameters()), (W.A2, W.Z1, W.A1, W.Z2, W.A2),
                       outputs=("A2", "cache.Z1", "cache.A1", "cache.Z2", "cache.A2"), context={"m": 3},
                       description="n_x = 2, n_h = 3, m = 3, worked by hand in worked_examples.py"),
            CompareToReference("randomized", 2, _sized(forward_inputs)),
            Properties("properties", 1, [forward_inputs(4, 3, 4, 5)]),
        ]),
        Function("compute_cost", [
            Shapes("scalar", 0.5, COST.grid(seeds=(0,), m=(1, 4))),
            KnownValue("worked example", 1.5, (W.A2, W.Y), W.COST, context={"m": 3},
                       description="-(log 0.3191 + log(1 - 0.7085) + log 0.2876) / 3"),
            CompareToReference("randomized", 1, COST.grid(m=(1, 2, 7))),
            Properties("properties", 1, [COST(4, m=6)]),
        ]),
        Function("backward_propagation", [
            Shapes("shape", 1.5, [backward_inputs(0, 2, 4, 5), backward_inputs(1, 3, 2, 1)],
                   description="every gradient has its parameter's shape: db1 is (n_h, 1), not (n_h, m)"),
            KnownValue("worked example", 2, (W.parameters(), {"Z1": W.Z1, "A1": W.A1, "Z2": W.Z2, "A2": W.A2},
                                             W.X, W.Y),
                       {"dW1": W.DW1, "db1": W.DB1, "dW2": W.DW2, "db2": W.DB2}, context={"m": 3},
                       description="n_x = 2, n_h = 3, m = 3, worked by hand in worked_examples.py",
                       twin=backward_inputs(1007, 2, 3, 3)),  # a consistent forward pass, not a perturbed cache
            GradientCheck("gradient check", 2.5, [backward_inputs(s, n_x, n_h, m) for s in (5, 6)
                                                  for n_x, n_h, m in ((2, 3, 4), (3, 2, 1))],
                          of=reference_cost, wrt=GRADS,
                          description="each gradient against central differences of the cost of a forward pass"),
            CompareToReference("randomized", 2, _sized(backward_inputs)),
            Properties("properties", 1, [backward_inputs(4, 3, 4, 5)]),
        ]),
        Function("update_parameters", [
            Shapes("shape", 0.5, [update_inputs(0, 2, 4, 5)]),
            KnownValue("worked example, default learning rate", 1.5, (W.parameters(), W.grads()),
                       {"W1": W.UPDATED_W1, "b1": W.UPDATED_B1, "W2": W.UPDATED_W2, "b2": W.UPDATED_B2},
                       description="one step with learning_rate = 1.2 from the worked gradients"),
            CompareToReference("randomized", 1.5, _sized(update_inputs) + _sized(update_inputs, 0.05, seeds=(0,))),
            Properties("properties", 0.5, [update_inputs(4, 3, 4, 5)]),
        ]),
        Function("nn_model", [
            Shapes("shape", 1, [model_inputs(0, 2, 6, 3, 2)]),
            CompareToReference("values", 2, [model_inputs(1, 2, 8, 4, 2)], visibility="public",
                               description="2 iterations from the initial parameters drawn after np.random.seed(3)"),
            CompareToReference("randomized", 2, [model_inputs(2, n_x, m, n_h, steps) for n_x, m, n_h, steps in
                                                 ((2, 12, 1, 50), (3, 1, 5, 2), (1, 7, 3, 20), (2, 10, 4, 50))]),
            Properties("properties", 1, [model_inputs(3, 2, 5, 3, 2)]),
        ]),
        Function("predict", [
            Shapes("shape", 0.5, [predict_inputs(0, 2, 4, 5), predict_inputs(1, 3, 2, 1)]),
            KnownValue("worked example", 0.5, (W.parameters(), W.X), W.PREDICT_WORKED,
                       description="probabilities 0.319, 0.709, 0.288"),
            KnownValue("near the boundary", 1, (W.PREDICT_PARAMETERS, W.PREDICT_X), W.PREDICT_Y,
                       description="probabilities 0.50025 and 0.49975 fall on either side of 0.5"),
            CompareToReference("randomized", 1.5, _sized(predict_inputs) + [predict_inputs(3, 2, 5, 40)]),
            Properties("properties", 0.5, [predict_inputs(4, 3, 4, 6)]),
        ]),
    ],
)
