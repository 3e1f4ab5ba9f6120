"""Worked examples of the three initializations, the arithmetic in the comments.

Plain data. ``np.random.seed(3)`` followed by ``np.random.randn`` draws, in
order, the standard normal values ``SEED_3_DRAWS`` below (numpy's legacy
MT19937 generator and its polar Box-Muller method, unchanged since numpy
1.0). ``tests/reference/test_initialization.py`` recomputes them with a
pure-Python MT19937 (no numpy) and checks every constant here against them
and against ``reference/initialization.py``.

What the seeds print, checked: seed ``000`` says to initialize the weights
"to 0 or small random numbers" (right for its one-layer perceptron, wrong
for any network with a hidden layer: see ``ZEROS_*``); seed ``003`` gives
``b[l]`` the shape ``(n[l], m)`` in its table of dimensions: it is
``(n[l], 1)``. Seed ``003``'s example network ``[2, 3, 5, 4, 2, 1]`` has
``L = 5`` layers and 66 parameters, as it says.
"""

from __future__ import annotations

import numpy as np

# The first twelve draws of np.random.randn after np.random.seed(3).
SEED_3_DRAWS = [1.7886284734303186, 0.43650985051198943, 0.09649746807200862, -1.8634927033644908,
                -0.27738820251439905, -0.35475897926898675, -0.08274148148245977, -0.6270006768238473,
                -0.04381816897592824, -0.47721803035950267, -1.3138647533626822, 0.8846223804995846]

# --------------------------------------------------------------------------- zeros
# [3, 2, 1]: W1 (2, 3), b1 (2, 1), W2 (1, 2), b2 (1, 1), all float zeros.
ZEROS_DIMS = [3, 2, 1]
ZEROS = {"W1": np.zeros((2, 3)), "b1": np.zeros((2, 1)), "W2": np.zeros((1, 2)), "b2": np.zeros((1, 1))}

# --------------------------------------------------------------------------- random, times 10
# [3, 2, 1]: W1 = 10 x the first 6 draws (row by row), W2 = 10 x the next 2.
#   W1 = [[17.886284734303186, 4.3650985051198943, 0.9649746807200862],
#         [-18.634927033644908, -2.7738820251439905, -3.5475897926898675]]
#   W2 = [[-0.8274148148245977, -6.270006768238473]]
# (times 0.01, the small-random bug, they would be 1000 times smaller: W1[0, 0] = 0.017886...)
RANDOM_DIMS = [3, 2, 1]
RANDOM = {
    "W1": 10 * np.array([SEED_3_DRAWS[0:3], SEED_3_DRAWS[3:6]]),
    "b1": np.zeros((2, 1)),
    "W2": 10 * np.array([SEED_3_DRAWS[6:8]]),
    "b2": np.zeros((1, 1)),
}

# --------------------------------------------------------------------------- He
# [2, 4, 1]: W1 = sqrt(2 / 2) = 1 x the first 8 draws (4 rows of 2), W2 = sqrt(2 / 4) x the next 4:
#   W1 = [[1.7886284734303186, 0.43650985051198943], [0.09649746807200862, -1.8634927033644908],
#         [-0.27738820251439905, -0.35475897926898675], [-0.08274148148245977, -0.6270006768238473]]
#   W2 = 0.7071067811865476 x [-0.04381817, -0.47721803, -1.31386475, 0.88462238]
#      = [[-0.03098412442205686, -0.33744410537169206, -0.9290426766647434, 0.6255224840406426]]
# The classic bugs give other values on both layers:
#   sqrt(1 / n[l-1]) (Xavier's scale): W1 x 0.7071 (W1[0, 0] = 1.2647633...), W2 x 0.5 (W2[0, 0] = -0.0219090...)
#   sqrt(2 / n[l]) (the layer's own size): W1 x sqrt(2 / 4) = 0.7071, W2 x sqrt(2 / 1) (W2[0, 0] = -0.0619682...)
HE_DIMS = [2, 4, 1]
HE = {
    "W1": np.array([SEED_3_DRAWS[0:2], SEED_3_DRAWS[2:4], SEED_3_DRAWS[4:6], SEED_3_DRAWS[6:8]]),
    "b1": np.zeros((4, 1)),
    "W2": np.array([[-0.03098412442205686, -0.33744410537169206, -0.9290426766647434, 0.6255224840406426]]),
    "b2": np.zeros((1, 1)),
}

# --------------------------------------------------------------------------- seed 003's network
# n[0] = 2, n[1] = 3, n[2] = 5, n[3] = 4, n[4] = 2, n[5] = 1: L = 5 layers,
# 3*2 + 3 + 5*3 + 5 + 4*5 + 4 + 2*4 + 2 + 1*2 + 1 = 9 + 20 + 24 + 10 + 3 = 66 parameters.
SLIDE_DIMS = [2, 3, 5, 4, 2, 1]
SLIDE_PARAMETER_COUNT = 66
