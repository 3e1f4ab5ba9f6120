"""initialization: zeros, large random (x10) and He initialization of an L-layer network.

Instructors only. Each function takes ``layers_dims``, a list of 2 to 6
layer sizes, and the checks try lists with 1-unit layers (input, hidden and
output), non-square layers and seed 003's ``[2, 3, 5, 4, 2, 1]``. By kind:

- shapes (public): the keys ``W1, b1, ..., WL, bL`` and every shape, biases
  ``(n[l], 1)``;
- known values (public): worked out in ``worked_examples.py`` from the
  first draws of ``np.random.seed(3)``; the He example ``[2, 4, 1]`` tells
  ``sqrt(2 / n[l-1])`` from ``sqrt(1 / n[l-1])`` and from ``sqrt(2 / n[l])``
  on both layers, the random one ``x 10`` from ``x 0.01``;
- exact comparisons with the reference (the two random ones seed 3
  themselves, so every value is reproducible): one list public, lists of
  every length from 2 to 6 hidden, drawn at random by the seed of the case
  (its hidden twin is another list);
- properties (hidden): float arrays, exact keys, ``layers_dims`` left
  unchanged.

The three functions are independent: no graded function calls another,
so nothing can cascade.
"""

from __future__ import annotations

from pathlib import Path

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
    load_sibling,
    seeded,
)

W = load_sibling(__file__, "worked_examples")
EXERCISES = Path(__file__).with_name("exercises")


def given(dims: list[int]) -> Inputs:
    """One fixed ``layers_dims``."""
    frozen = tuple(dims)
    return Inputs(f"layers_dims={list(frozen)}", lambda: (list(frozen),))


@seeded
def drawn(seed: int, length: int) -> Inputs:
    """A ``layers_dims`` of ``length`` sizes in 1..6 drawn by ``seed``, with a 1-unit layer and a non-square one."""
    rng = np.random.default_rng([seed, length, 3])
    dims = [int(n) for n in rng.integers(1, 7, length)]
    dims[int(rng.integers(0, length))] = 1
    if len(set(dims)) == 1:  # every layer the same size: make one layer non-square
        dims[0] += 2
    frozen = tuple(dims)
    return Inputs(f"seed={seed}, layers_dims={list(frozen)}", lambda: (list(frozen),))


# [1, 1] last: there W1 and b1 are both zeros of shape (1, 1), and the grader's message for a wrong
# shape there (a 1-D bias) calls W1 a misplaced b1 instead of naming the shape (reported upstream).
SHAPES = [given([3, 1]), given([4, 1, 3]), given(W.SLIDE_DIMS), given([5, 7, 1]), given([1, 1])]
RANDOMIZED = [drawn(seed, length) for seed in (0, 1, 2) for length in (2, 3, 4, 5, 6)]
PROPERTIES = [given([3, 4, 1]), given([2, 1])]


def initialization_checks(known: tuple[str, float, list[int], dict[str, np.ndarray], str],
                          randomized: float) -> list:  # type: ignore[type-arg]
    """The checks of a random initialization: shapes, a worked example, exact values, properties."""
    name, points, dims, expected, description = known
    return [
        Shapes("shape", 1, SHAPES),
        KnownValue(name, points, (dims,), expected, description=description),
        CompareToReference("values", 1, [drawn(7, 4)], visibility="public",
                           description="exactly the reference's values: seeded with 3, drawn W1, W2, ... in order"),
        CompareToReference("randomized", randomized, RANDOMIZED,
                           description="layers_dims of 2 to 6 sizes, 1-unit and non-square layers"),
        Properties("properties", 0.5, PROPERTIES),
    ]


ASSIGNMENT = Assignment(
    id="initialization",
    title="Initialization: zeros, large random values and He",
    student_file="initialization.py",
    modules=("reference.initialization",),
    provided=("init_utils.py",),
    exercises=[Exercise.from_files(EXERCISES, "compare_initializations"),
               Exercise.from_files(EXERCISES, "zero_symmetry")],
    functions=[
        Function("initialize_parameters_zeros", [
            Shapes("shape", 1, SHAPES),
            KnownValue("known values", 1, (W.ZEROS_DIMS,), W.ZEROS, description="[3, 2, 1]: every entry 0"),
            CompareToReference("randomized", 1, RANDOMIZED,
                               description="layers_dims of 2 to 6 sizes, 1-unit and non-square layers"),
            Properties("properties", 1, PROPERTIES),
        ]),
        Function("initialize_parameters_random", initialization_checks(
            ("seed 3, times 10", 1.5, W.RANDOM_DIMS, W.RANDOM,
             "[3, 2, 1]: the first draws of np.random.seed(3), times 10 (not 0.01)"),
            randomized=2)),
        Function("initialize_parameters_he", initialization_checks(
            ("seed 3, He scaling", 2, W.HE_DIMS, W.HE,
             "[2, 4, 1]: times sqrt(2 / n[l-1]) = 1 for W1 and sqrt(2 / 4) for W2"),
            randomized=2.5)),
    ],
)
