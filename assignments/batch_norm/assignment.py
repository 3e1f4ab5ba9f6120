"""batch_norm: batch normalization, forward (training and test mode), backward, running statistics.

Instructors only. Chapter 2 §6. Every check by kind:

- shapes (public): ``Z_tilde`` and the seven entries of the cache, the
  three gradients, the running statistics, for m = 1, n = 1 and non-square
  ``Z``;
- known values (public), worked by hand in ``worked_examples.py`` with
  ``epsilon = 4`` (so every value is a fraction) and with the default
  epsilon: a constant unit among them;
- a gradient check (public) of ``batchnorm_backward`` with respect to
  ``Z``, ``gamma`` and ``beta`` (``cache.0``, ``cache.4``, ``cache.5``)
  against central differences of ``sum(dZ_tilde * Z_tilde)``, the forward
  pass rebuilt from the cache;
- randomized comparisons with the reference (hidden): units with their own
  means and spreads, random ``epsilon`` and ``momentum``;
- properties (hidden): float arrays, finite values, the arguments left
  unchanged (``update_running_stats`` may update in place).

No graded function calls another, so there is nothing to cascade.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from grader.author import (
    Assignment,
    CompareToReference,
    Exercise,
    Function,
    GradientCheck,
    KnownValue,
    Properties,
    Shapes,
    arguments,
    load_sibling,
    normal,
    uniform,
)

W = load_sibling(__file__, "worked_examples")
I = load_sibling(__file__, "inputs")  # noqa: E741
EXERCISES = Path(__file__).with_name("exercises")

FORWARD = arguments(Z=I.units("n", "m"), gamma=uniform(0.5, 2.0, "n", 1), beta=normal("n", 1),
                    epsilon=uniform(1e-3, 0.5))
FORWARD_DEFAULT = arguments(Z=I.units("n", "m"), gamma=uniform(0.5, 2.0, "n", 1), beta=normal("n", 1))
RUNNING = arguments(running_mean=normal("n", 1), running_var=I.positive("n", 1), mu=normal("n", 1),
                    var=I.positive("n", 1), momentum=uniform(0.5, 0.99))
RUNNING_DEFAULT = arguments(running_mean=normal("n", 1), running_var=I.positive("n", 1), mu=normal("n", 1),
                            var=I.positive("n", 1))
TEST = arguments(Z=I.units("n", "m"), gamma=uniform(0.5, 2.0, "n", 1), beta=normal("n", 1),
                 running_mean=normal("n", 1), running_var=I.positive("n", 1), epsilon=uniform(1e-3, 0.5))
TEST_DEFAULT = arguments(Z=I.units("n", "m"), gamma=uniform(0.5, 2.0, "n", 1), beta=normal("n", 1),
                         running_mean=normal("n", 1), running_var=I.positive("n", 1))
GRID = {"n": (1, 3), "m": (1, 2, 7)}  # m = 1, n = 1, a column, non-square


def objective(dZ_tilde: np.ndarray, cache: tuple) -> float:
    """sum(dZ_tilde * Z_tilde), Z_tilde rebuilt from the cache's Z, gamma, beta and epsilon."""
    return float(np.sum(dZ_tilde * I.forward(cache[0], cache[4], cache[5], cache[6])))


ASSIGNMENT = Assignment(
    id="batch_norm",
    title="Batch normalization",
    student_file="batch_norm.py",
    modules=("reference.batch_norm",),
    provided=("bn_utils.py",),
    exercises=[Exercise.from_files(EXERCISES, "train_with_batch_norm")],
    functions=[
        Function("batchnorm_forward", [
            Shapes("shape", 1, [FORWARD(0, n=3, m=5), FORWARD(0, n=1, m=1), FORWARD_DEFAULT(0, n=4, m=2)],
                   description="Z_tilde and the cache (Z, Z_norm, mu, var, gamma, beta, epsilon)"),
            KnownValue("worked by hand, epsilon = 4", 2, (W.Z, W.GAMMA, W.BETA, W.EPSILON), (W.Z_TILDE, W.CACHE),
                       description="var + epsilon = 9, 16 and 4 (a constant unit): every value a fraction"),
            KnownValue("worked by hand, default epsilon", 1, (W.Z, W.GAMMA, W.BETA), W.Z_TILDE_DEFAULT_EPSILON,
                       outputs=("Z_tilde",), description="epsilon = 1e-5 when it is not given"),
            CompareToReference("randomized", 2, FORWARD.grid(**GRID) + FORWARD_DEFAULT.grid(seeds=(0,), **GRID)),
            Properties("properties", 1, [FORWARD(5, n=3, m=4)]),
        ]),
        Function("batchnorm_backward", [
            Shapes("shape", 1, [I.backward_inputs(0, 3, 5), I.backward_inputs(1, 1, 1)]),
            KnownValue("worked by hand", 2, (W.DZ_TILDE, W.CACHE), (W.DZ, W.DGAMMA, W.DBETA),
                       description="epsilon = 4, a constant unit among the three",
                       twin=I.backward_inputs(1000, 3, 4, 4.0)),  # a cache from a real forward pass
            GradientCheck("gradient check", 3, [I.backward_inputs(s, n, m) for s, n, m in
                                                ((1, 3, 4), (2, 1, 6), (3, 4, 2), (4, 2, 5))],
                          of=objective, wrt={"cache.0": "dZ", "cache.4": "dgamma", "cache.5": "dbeta"},
                          description="against central differences of sum(dZ_tilde * Z_tilde) "
                                      "with respect to Z, gamma and beta"),
            CompareToReference("randomized", 2, [I.backward_inputs(s, n, m) for s in (0, 1, 2)
                                                 for n, m in ((1, 1), (3, 1), (1, 5), (4, 7), (5, 2))]
                               + [I.backward_inputs(3, 3, 4, 1e-5)]),
            Properties("properties", 1, [I.backward_inputs(5, 3, 4)]),
        ]),
        Function("update_running_stats", [
            Shapes("shape", 0.5, [RUNNING(0, n=3), RUNNING_DEFAULT(0, n=1)]),
            KnownValue("worked by hand, default momentum", 1,
                       (W.RUNNING_MEAN, W.RUNNING_VAR, W.BATCH_MU, W.BATCH_VAR), W.RUNNING_AFTER,
                       description="0.9 * running + 0.1 * batch"),
            KnownValue("worked by hand, momentum = 0.5", 0.5,
                       (W.RUNNING_MEAN, W.RUNNING_VAR, W.BATCH_MU, W.BATCH_VAR, 0.5), W.RUNNING_AFTER_HALF),
            CompareToReference("randomized", 1.5, RUNNING.grid(n=(1, 4)) + RUNNING_DEFAULT.grid(n=(2,))),
            Properties("properties", 0.5, [RUNNING(5, n=3)]),
        ]),
        Function("batchnorm_forward_test", [
            Shapes("shape", 0.5, [TEST(0, n=3, m=5), TEST(0, n=2, m=1), TEST_DEFAULT(0, n=1, m=4)]),
            KnownValue("worked by hand", 1.5, (W.TEST_Z, W.TEST_GAMMA, W.TEST_BETA, W.TEST_MEAN, W.TEST_VAR, 4.0),
                       W.TEST_Z_TILDE, description="the running statistics, not the batch's own"),
            CompareToReference("randomized", 1.5, TEST.grid(**GRID) + TEST_DEFAULT.grid(seeds=(0,), **GRID)),
            Properties("properties", 0.5, [TEST(5, n=3, m=4)]),
        ]),
    ],
)
