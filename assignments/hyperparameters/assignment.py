"""hyperparameters: sampling on a log scale, the train/dev split, picking the best trial.

Instructors only. By kind:

- shapes (public): arrays of shape ``(n,)``, the four parts of a split with
  ``m_dev = int(round(m * dev_fraction))`` columns in the dev set (an empty
  dev set when it rounds to 0), the best trial a dict with every key;
- known values (public), worked out in ``worked_examples.py``: the
  defaults (seed 0), halves rounded to even (``m = 10``: 2.5 -> 2;
  ``m = 14``: 3.5 -> 4), ties won by the first trial, the dev accuracy
  rather than the training accuracy;
- exact comparisons with the reference: the seed is an argument, so one
  case is public (with a seed other than 0: the grader seeds numpy with 0
  before every call, so a function that ignores ``seed`` would pass a
  seed-0 case) and many hidden ones with random seeds, bounds and sizes;
- properties (hidden): float arrays, exact keys, the arguments left
  unchanged (``X``, ``Y``, the list of trials).

No graded function calls another: nothing can cascade.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from grader.author import (
    Assignment,
    CompareToReference,
    Draw,
    Exercise,
    Function,
    Inputs,
    KnownValue,
    Properties,
    Shapes,
    arguments,
    fixed,
    labels,
    load_sibling,
    normal,
    seeded,
    size,
    uniform,
)

W = load_sibling(__file__, "worked_examples")
EXERCISES = Path(__file__).with_name("exercises")


def a_seed() -> Draw:
    """A seed for the function's own ``np.random.seed`` call, never 0 (the grader's own seed)."""
    return Draw((), lambda rng, s: int(rng.integers(1, 100_000)), "a seed")


RATES = arguments(n=size("n"), low=uniform(-6.0, -2.0), high=uniform(-1.5, 0.5), seed=a_seed())
BETAS = arguments(n=size("n"), low=uniform(0.5, 0.9), high=uniform(0.95, 0.9999), seed=a_seed())
SPLIT = arguments(X=normal("n_x", "m"), Y=labels("n_y", "m"), dev_fraction=uniform(0.1, 0.5), seed=a_seed())
# m * dev_fraction exactly half an integer: 2.5 -> 2, 3.5 -> 4, 0.5 -> 0, 7.5 -> 8
HALVES = arguments(X=normal("n_x", "m"), Y=labels("n_y", "m"), dev_fraction=fixed(0.25), seed=a_seed())
HALF = arguments(X=normal("n_x", "m"), Y=labels("n_y", "m"), dev_fraction=fixed(0.5), seed=a_seed())

KEYS = ("learning_rate", "n_h", "beta", "train_accuracy", "dev_accuracy")


@seeded
def trials(seed: int, k: int) -> Inputs:
    """``k`` trials with dev accuracies on a coarse grid (ties are likely) and a training accuracy
    that never picks the same trial as the dev accuracy."""
    rng = np.random.default_rng([seed, k, 8])
    made: list[dict[str, Any]] = []
    for _ in range(k):
        dev = float(rng.integers(10, 20)) / 20
        made.append({"learning_rate": float(10 ** rng.uniform(-4, 0)), "n_h": int(rng.integers(1, 21)),
                     "beta": float(1 - 10 ** rng.uniform(-3, -1)), "train_accuracy": 1.0 - dev / 2,
                     "dev_accuracy": dev})
    if k > 1:  # a tie at the top, not in the first position
        top = max(t["dev_accuracy"] for t in made)
        made[-1]["dev_accuracy"] = made[int(rng.integers(1, k))]["dev_accuracy"] = top
    frozen = tuple(tuple(t.items()) for t in made)
    return Inputs(f"seed={seed}, {k} trials", lambda: ([dict(t) for t in frozen],))


def one_trial(dev: float, **extra: Any) -> Inputs:
    frozen = {**extra, "dev_accuracy": dev}
    return Inputs(f"1 trial {frozen}", lambda: ([dict(frozen)],))


ASSIGNMENT = Assignment(
    id="hyperparameters",
    title="Searching hyper-parameters",
    student_file="hyperparameters.py",
    modules=("reference.hyperparameters",),
    provided=("hyper_utils.py",),
    exercises=[Exercise.from_files(EXERCISES, "sampling_scales"), Exercise.from_files(EXERCISES, "random_search")],
    functions=[
        Function("sample_learning_rates", [
            Shapes("shape", 0.5, [RATES(0, n=1), RATES(0, n=5)]),
            KnownValue("defaults", 1, (W.LEARNING_RATES_N,), W.LEARNING_RATES,
                       description="n = 3, low = -4, high = 0, seed = 0: 10 ** (-4 + 4 u)"),
            CompareToReference("values", 1, [RATES(1, n=4)], visibility="public",
                               description="another seed and other bounds"),
            CompareToReference("randomized", 2, RATES.grid(n=(1, 2, 7)),
                               description="random n, bounds and seeds"),
            Properties("properties", 0.5, [RATES(5, n=3)]),
        ]),
        Function("sample_momentum_betas", [
            Shapes("shape", 0.5, [BETAS(0, n=1), BETAS(0, n=5)]),
            KnownValue("defaults", 1.5, (W.BETAS_N,), W.BETAS,
                       description="n = 3, low = 0.9, high = 0.999, seed = 0: 1 - beta on a log scale"),
            CompareToReference("values", 1, [BETAS(1, n=4)], visibility="public",
                               description="another seed and other bounds"),
            CompareToReference("randomized", 1.5, BETAS.grid(n=(1, 2, 7)),
                               description="random n, bounds and seeds"),
            Properties("properties", 0.5, [BETAS(5, n=3)]),
        ]),
        Function("train_dev_split", [
            Shapes("shape", 1, [SPLIT(0, n_x=2, n_y=1, m=10), SPLIT(0, n_x=3, n_y=2, m=7),
                                HALVES(0, n_x=1, n_y=1, m=2)],
                   description="m_dev columns in the dev set, an empty one when it rounds to 0"),
            KnownValue("m = 10, round(2.5) = 2", 1.5, (W.SPLIT_X, W.SPLIT_Y, W.SPLIT_FRACTION), W.SPLIT,
                       description="seed 0: one permutation for X and Y, the dev set first, halves to even"),
            KnownValue("m = 14, round(3.5) = 4", 1, (W.SPLIT14_X, W.SPLIT14_Y, W.SPLIT_FRACTION, W.SPLIT14_SEED),
                       W.SPLIT14, description="seed 3: 4 dev examples, not int(3.5) = 3"),
            CompareToReference("randomized", 2,
                               [*SPLIT.grid(seeds=(0, 1), n_x=(1, 3), n_y=(1, 2), m=(1, 6, 13)),
                                HALVES(2, n_x=2, n_y=1, m=10), HALVES(3, n_x=2, n_y=1, m=14),
                                HALF(4, n_x=1, n_y=1, m=5), HALF(5, n_x=2, n_y=2, m=15)],
                               description="random sizes, fractions and seeds; m * dev_fraction = 2.5, 3.5, 7.5"),
            Properties("properties", 1, [SPLIT(5, n_x=3, n_y=1, m=8)]),
        ]),
        Function("best_trial", [
            Shapes("shape", 0.5, [trials(0, 4), one_trial(0.5, learning_rate=0.1)]),
            KnownValue("first of the best", 1.5, (W.TRIALS,), W.BEST,
                       description="trials 1 and 2 tie at 0.9: trial 1, every key of it"),
            CompareToReference("randomized", 1.5, [trials(s, k) for s in (0, 1, 2) for k in (1, 2, 5, 9)],
                               description="ties at the top, extra keys"),
            Properties("properties", 1, [trials(5, 6)]),
        ]),
    ],
)
