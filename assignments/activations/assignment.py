"""activations: sigmoid, tanh, ReLU and leaky ReLU, and their derivatives (seeds 003 and 004).

Instructors only. Every function is element-wise on arrays of any shape, so
every check runs on a column, a row, a 1 x 1, non-square matrices, a 1-D
and a 3-D array. By kind:

- shapes (public): the output has the input's shape;
- known values (public): worked by hand in ``worked_examples.py`` (the
  seeds' slide values among them, with what the slides got wrong);
- the convention at 0 (public): exact zeros, where both ReLU derivatives
  are 1 (seed 003's table);
- gradient checks (public): each derivative against central differences of
  its function, on inputs kept away from 0 (the ReLU kink);
- randomized comparisons with the reference (hidden), int inputs with
  zeros among them, leaky ReLU with random ``alpha``;
- properties (hidden): float output for int input, finite values, ``z``
  left unchanged.

No graded function depends on another one's points: the reference's
derivatives call ``sigmoid`` and ``tanh``, and the grader answers those
calls with the reference's values.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from grader.author import (
    Assignment,
    CompareToReference,
    Draw,
    Exercise,
    Function,
    GradientCheck,
    Inputs,
    KnownValue,
    Properties,
    Shapes,
    arguments,
    away_from_zero,
    load_sibling,
    normal,
    uniform,
)

W = load_sibling(__file__, "worked_examples")
EXERCISES = Path(__file__).with_name("exercises")


def integers(*shape: int | str, low: int = -3, high: int = 3) -> Draw:
    """Int values in [low, high], zeros included (the int input a student may be given)."""
    def sample(rng: np.random.Generator, s: tuple[int, ...]) -> np.ndarray:
        z = rng.integers(low, high + 1, s)
        z.flat[0] = 0  # at least one exact 0: the convention of the ReLU derivatives
        return z

    return Draw(shape, sample, f"integers{shape}")


SIZES = {"n": (1, 3), "m": (1, 5)}  # a 1 x 1, a column, a row and a non-square matrix
FLOATS = arguments(z=normal("n", "m", scale=2.5))
FLAT = arguments(z=normal("m", scale=2.5))  # 1-D
CUBE = arguments(z=normal(2, "n", "m", scale=2.5))  # 3-D
INTS = arguments(z=integers("n", "m"))
KINK_FREE = arguments(z=away_from_zero("n", "m", low=0.1, high=5.0))
LEAKY = arguments(z=normal("n", "m", scale=2.5), alpha=uniform(0.05, 0.5))
LEAKY_FLAT = arguments(z=normal("m", scale=2.5), alpha=uniform(0.05, 0.5))
LEAKY_INTS = arguments(z=integers("n", "m"), alpha=uniform(0.05, 0.5))
LEAKY_KINK_FREE = arguments(z=away_from_zero("n", "m", low=0.1, high=5.0), alpha=uniform(0.05, 0.5))


def shapes() -> list[Inputs]:
    return [FLOATS(0, n=1, m=1), FLOATS(0, n=4, m=1), FLOATS(0, n=1, m=6), FLOATS(0, n=3, m=5),
            FLAT(0, m=7), CUBE(0, n=3, m=4)]


def randomized(*extra: list[Inputs]) -> list[Inputs]:
    """Floats of every shape of the grid, a 1-D and a 3-D array, and ints with zeros."""
    return [*FLOATS.grid(**SIZES), FLAT(1, m=6), CUBE(2, n=2, m=3), *INTS.grid(seeds=(0, 1), **SIZES), *extra]


def properties() -> list[Inputs]:
    """Floats and ints (the output must be floats either way), z left unchanged."""
    return [FLOATS(5, n=3, m=4), INTS(5, n=3, m=4), FLAT(5, m=5)]


def leaky_shapes() -> list[Inputs]:
    return [LEAKY(0, n=1, m=1), LEAKY(0, n=4, m=1), LEAKY(0, n=3, m=5), LEAKY_FLAT(0, m=7), FLOATS(0, n=2, m=3)]


def leaky_randomized() -> list[Inputs]:
    """Random alpha (not only the default 0.01), ints with zeros, and the default alpha."""
    return [*LEAKY.grid(**SIZES), LEAKY_FLAT(1, m=6), *LEAKY_INTS.grid(seeds=(0, 1), **SIZES),
            FLOATS(3, n=3, m=5), CUBE(3, n=2, m=3)]


def leaky_properties() -> list[Inputs]:
    return [LEAKY(5, n=3, m=4), LEAKY_INTS(5, n=3, m=4), INTS(6, n=2, m=3)]


# The objectives of the gradient checks: each function's own forward math, summed. The derivative of
# sum(g(z)) with respect to z_ij is g'(z_ij), so the gradient is the element-wise derivative.
def sum_of_sigmoid(z: np.ndarray) -> float:
    return float(np.sum(1 / (1 + np.exp(-z))))


def sum_of_tanh(z: np.ndarray) -> float:
    return float(np.sum(np.tanh(z)))


def sum_of_relu(z: np.ndarray) -> float:
    return float(np.sum(np.maximum(z, 0.0)))


def sum_of_leaky_relu(z: np.ndarray, alpha: float) -> float:
    return float(np.sum(np.where(z >= 0, z, alpha * z)))


GRADIENT_SIZES = {"seeds": (1, 2), "n": (1, 3), "m": (1, 4)}

ASSIGNMENT = Assignment(
    id="activations",
    title="Activation functions and their derivatives",
    student_file="activations.py",
    modules=("reference.activation_functions",),
    exercises=[Exercise.from_files(EXERCISES, "plot_activations"), Exercise.from_files(EXERCISES, "saturation")],
    functions=[
        Function("sigmoid", [
            Shapes("shape", 0.5, shapes()),
            KnownValue("known values", 1.5, (W.SIGMOID_Z,), W.SIGMOID_A,
                       description="sigmoid of 0, 2, -1, +-10 and seed 004's sums 0.52, 0.20 and 1.22"),
            CompareToReference("randomized", 1.5, randomized()),
            Properties("properties", 0.5, properties()),
        ]),
        Function("sigmoid_derivative", [
            Shapes("shape", 0.5, shapes()),
            KnownValue("known values", 1, (W.SIGMOID_Z,), W.SIGMOID_DERIVATIVE,
                       description="a (1 - a): 0.25 at 0, 4.54e-05 at +-10"),
            GradientCheck("gradient check", 1.5, KINK_FREE.grid(**GRADIENT_SIZES), of=sum_of_sigmoid,
                          wrt={"z": "g_prime"},
                          description="against central differences of the sigmoid"),
            CompareToReference("randomized", 1.5, randomized()),
            Properties("properties", 0.5, properties()),
        ]),
        Function("tanh", [
            Shapes("shape", 0.5, shapes()),
            KnownValue("known values", 1.5, (W.TANH_Z,), W.TANH_A, description="tanh of 0, 1, -0.5, 2, -3, 5, 10"),
            CompareToReference("randomized", 1.5, randomized()),
            Properties("properties", 0.5, properties()),
        ]),
        Function("tanh_derivative", [
            Shapes("shape", 0.5, shapes()),
            KnownValue("known values", 1, (W.TANH_Z,), W.TANH_DERIVATIVE,
                       description="1 - a^2: 1 at 0, 8.2e-09 at 10"),
            GradientCheck("gradient check", 1.5, KINK_FREE.grid(**GRADIENT_SIZES), of=sum_of_tanh,
                          wrt={"z": "g_prime"}, description="against central differences of tanh"),
            CompareToReference("randomized", 1.5, randomized()),
            Properties("properties", 0.5, properties()),
        ]),
        Function("relu", [
            Shapes("shape", 0.5, shapes()),
            KnownValue("known values", 1, (W.RELU_Z,), W.RELU_A),
            KnownValue("int input with zeros", 0.5, (W.RELU_AT_ZERO_Z,), W.RELU_AT_ZERO_A,
                       description="relu(0) = 0; values only (the float type is a hidden property)"),
            CompareToReference("randomized", 1.5, randomized()),
            Properties("properties", 0.5, properties()),
        ]),
        Function("relu_derivative", [
            Shapes("shape", 0.5, shapes()),
            KnownValue("known values", 1, (W.RELU_Z,), W.RELU_DERIVATIVE, description="0 where z < 0, 1 where z > 0"),
            KnownValue("derivative at 0", 1, (W.RELU_AT_ZERO_Z,), W.RELU_AT_ZERO_DERIVATIVE,
                       description="the convention of seed 003's table: 1 at z = 0"),
            GradientCheck("gradient check", 1, KINK_FREE.grid(**GRADIENT_SIZES), of=sum_of_relu,
                          wrt={"z": "g_prime"}, description="against central differences of ReLU, away from 0"),
            CompareToReference("randomized", 1, randomized()),
            Properties("properties", 0.5, properties()),
        ]),
        Function("leaky_relu", [
            Shapes("shape", 0.5, leaky_shapes()),
            KnownValue("known values, default alpha", 1, (W.RELU_Z,), W.LEAKY_A_DEFAULT,
                       description="alpha = 0.01 when it is not given"),
            KnownValue("known values, alpha = 0.2", 1, (W.RELU_Z, W.LEAKY_ALPHA), W.LEAKY_A_ALPHA),
            CompareToReference("randomized", 2, leaky_randomized()),
            Properties("properties", 0.5, leaky_properties()),
        ]),
        Function("leaky_relu_derivative", [
            Shapes("shape", 0.5, leaky_shapes()),
            KnownValue("known values, default alpha", 1, (W.RELU_Z,), W.LEAKY_DERIVATIVE_DEFAULT,
                       description="alpha = 0.01 when it is not given"),
            KnownValue("known values, alpha = 0.2", 0.5, (W.RELU_Z, W.LEAKY_ALPHA), W.LEAKY_DERIVATIVE_ALPHA),
            KnownValue("derivative at 0", 1, (W.RELU_AT_ZERO_Z,), W.LEAKY_AT_ZERO_DERIVATIVE,
                       description="the convention of seed 003's table: 1 at z = 0"),
            GradientCheck("gradient check", 1, LEAKY_KINK_FREE.grid(**GRADIENT_SIZES), of=sum_of_leaky_relu,
                          wrt={"z": "g_prime"},
                          description="against central differences of leaky ReLU, away from 0"),
            CompareToReference("randomized", 1.5, leaky_randomized()),
            Properties("properties", 0.5, leaky_properties()),
        ]),
    ],
)
