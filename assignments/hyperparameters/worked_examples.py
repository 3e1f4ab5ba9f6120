"""Worked examples of the hyper-parameter search, the arithmetic in the comments.

Plain data. ``np.random.seed(0)`` followed by ``np.random.uniform`` uses the
uniform draws ``SEED_0_UNIFORM`` below (numpy's legacy MT19937, 53-bit
doubles), and ``np.random.permutation(m)`` a Fisher-Yates shuffle of
``arange(m)`` driven by the same generator.
``tests/reference/test_hyperparameters.py`` recomputes the draws and the
permutations with a pure-Python MT19937 (no numpy), the powers of 10 with
mpmath, and checks every constant here against them and against
``reference/hyperparameters.py``.
"""

from __future__ import annotations

import numpy as np

# The first three uniform draws in [0, 1) after np.random.seed(0).
SEED_0_UNIFORM = [0.5488135039273248, 0.7151893663724195, 0.6027633760716439]

# --------------------------------------------------------------------------- learning rates
# sample_learning_rates(3): low = -4, high = 0, seed = 0.
#   r = -4 + 4 u = [-1.804745984290701, -1.139242534510322, -1.5889464957134245]
#   alpha = 10 ** r = [0.01567667719550606, 0.07257005721594274, 0.02576638574613588]
# (uniform on a linear scale, np.random.uniform(1e-4, 1, 3), would give 0.5489, 0.7152, 0.6028)
LEARNING_RATES_N = 3
LEARNING_RATES = np.array([0.01567667719550606, 0.07257005721594274, 0.02576638574613588])

# --------------------------------------------------------------------------- momentum
# sample_momentum_betas(3): low = 0.9, high = 0.999, seed = 0.
#   log10(1 - 0.999) = -2.9999999999999996 (1 - 0.999 is 0.0010000000000000009 in float64),
#   log10(1 - 0.9) = -1.0 (1 - 0.9 = 0.09999999999999998)
#   r = a + (b - a) u = [-1.9023729921453503, -1.5696212672551608, -1.794473247856712]
#   beta = 1 - 10 ** r = [0.9874793461850006, 0.9730611698071459, 0.9839480886664124]
# (beta itself on a log scale, 10 ** uniform(log10 0.9, log10 0.999), would give 0.9531, 0.9697, 0.9584)
BETAS_N = 3
BETAS = np.array([0.9874793461850006, 0.9730611698071459, 0.9839480886664124])

# --------------------------------------------------------------------------- train / dev split
# m = 10 examples, X[0] = 0..9, X[1] = 10..19, Y = 1 where X[0] is a multiple of 3.
# np.random.seed(0); np.random.permutation(10) = [2, 8, 4, 9, 1, 6, 7, 3, 0, 5]
# dev_fraction = 0.25: m * 0.25 = 2.5 and round(2.5) = 2 (halves go to the even integer; int(2.5 + 0.5)
# and ceil would give 3): the dev set is columns 2 and 8, the training set 4, 9, 1, 6, 7, 3, 0, 5.
SPLIT_X = np.vstack([np.arange(10.0), np.arange(10.0, 20.0)])
SPLIT_Y = (np.arange(10) % 3 == 0).astype(np.float64).reshape(1, 10)
SPLIT_FRACTION = 0.25
_ORDER = [2, 8, 4, 9, 1, 6, 7, 3, 0, 5]
SPLIT = (SPLIT_X[:, _ORDER[2:]], SPLIT_Y[:, _ORDER[2:]], SPLIT_X[:, _ORDER[:2]], SPLIT_Y[:, _ORDER[:2]])
#   X_dev = [[2, 8], [12, 18]], Y_dev = [[0, 0]];
#   X_train = [[4, 9, 1, 6, 7, 3, 0, 5], [14, 19, 11, 16, 17, 13, 10, 15]], Y_train = [[0, 1, 0, 1, 0, 1, 1, 0]]

# m = 14, dev_fraction = 0.25, seed = 3: m * 0.25 = 3.5 and round(3.5) = 4 (int(3.5) would give 3).
# np.random.seed(3); np.random.permutation(14) = [7, 4, 1, 2, 13, 6, 5, 0, 11, 12, 3, 9, 8, 10]
SPLIT14_X = np.vstack([np.arange(14.0), -np.arange(14.0) - 1])
SPLIT14_Y = (np.arange(14) % 2).astype(np.float64).reshape(1, 14)
SPLIT14_SEED = 3
_ORDER14 = [7, 4, 1, 2, 13, 6, 5, 0, 11, 12, 3, 9, 8, 10]
SPLIT14 = (SPLIT14_X[:, _ORDER14[4:]], SPLIT14_Y[:, _ORDER14[4:]], SPLIT14_X[:, _ORDER14[:4]],
           SPLIT14_Y[:, _ORDER14[:4]])

# --------------------------------------------------------------------------- best trial
# Dev accuracies 0.85, 0.90, 0.90, 0.60: the best is 0.90, first reached by trial 1 (trial 2 ties it).
# Trial 0 has the best *training* accuracy (0.99, overfitting), trial 3 the lowest dev accuracy.
TRIALS = [
    {"learning_rate": 0.1, "n_h": 4, "train_accuracy": 0.99, "dev_accuracy": 0.85},
    {"learning_rate": 0.01, "n_h": 8, "train_accuracy": 0.92, "dev_accuracy": 0.9},
    {"learning_rate": 0.3, "n_h": 2, "train_accuracy": 0.95, "dev_accuracy": 0.9},
    {"learning_rate": 0.001, "n_h": 16, "train_accuracy": 0.61, "dev_accuracy": 0.6},
]
BEST = {"learning_rate": 0.01, "n_h": 8, "train_accuracy": 0.92, "dev_accuracy": 0.9}
