"""Worked examples of optimization, computed by hand.

Plain data: inputs and the exact expected outputs, with the arithmetic in the
comments. Every update was computed entry by entry with exact fractions (the
square roots at 40 digits with mpmath); ``tests/reference/test_optimization.py``
recomputes each constant with ``fractions.Fraction`` and checks it against
``reference/optimization.py`` (relative tolerance 1e-12).

The tiny network: W1 (1 x 2), b1, W2 (1 x 1), b2, two layers, so that a loop
that stops after layer 1 or updates only the weights is visible.

The seeds (000, 003) have no worked optimizer numbers to check (§7 is only a
title there); what seed 000 says about gradient descent is discussed in the
reference's module docstring.
"""

from __future__ import annotations

import numpy as np


def net(w1: list[float], b1: float, w2: float, b2: float, prefix: str = "") -> dict[str, np.ndarray]:
    """A parameter (or gradient, with prefix "d") dict of the tiny network."""
    return {f"{prefix}W1": np.array([w1]), f"{prefix}b1": np.array([[b1]]),
            f"{prefix}W2": np.array([[w2]]), f"{prefix}b2": np.array([[b2]])}


PARAMETERS = net([0.5, -0.3], 0.1, 0.8, -0.2)
GRADS_1 = net([0.2, -0.1], 0.05, -0.4, 0.3, "d")
GRADS_2 = net([-0.1, -0.1], 0.05, 0.2, 0.0, "d")
ZEROS_V = net([0.0, 0.0], 0.0, 0.0, 0.0, "d")  # two dicts: v and s are never the same object
ZEROS_S = net([0.0, 0.0], 0.0, 0.0, 0.0, "d")

# --------------------------------------------------------------------------- gradient descent
# W := W - 0.5 dW: 0.5 - 0.1 = 0.4, -0.3 + 0.05 = -0.25; b1 0.1 - 0.025 = 0.075; W2 0.8 + 0.2 = 1.0;
# b2 -0.2 - 0.15 = -0.35
GD_LEARNING_RATE = 0.5
GD_AFTER = net([0.4, -0.25], 0.075, 1.0, -0.35)

# --------------------------------------------------------------------------- momentum
# beta = 0.9, learning rate 0.1, from the velocity V_IN:
# v := 0.9 v + 0.1 dW: W1 0.09 + 0.02 = 0.11, 0.18 - 0.01 = 0.17; b1 -0.09 + 0.005 = -0.085;
#                      W2 0 - 0.04 = -0.04; b2 0.45 + 0.03 = 0.48
# W := W - 0.1 v     : W1 0.5 - 0.011 = 0.489, -0.3 - 0.017 = -0.317; b1 0.1 + 0.0085 = 0.1085;
#                      W2 0.8 + 0.004 = 0.804; b2 -0.2 - 0.048 = -0.248
# (the seed-free classic slip v := 0.9 v + dW would give v = 0.29, 0.08, ...)
MOMENTUM_V_IN = net([0.1, 0.2], -0.1, 0.0, 0.5, "d")
MOMENTUM_BETA, MOMENTUM_LEARNING_RATE = 0.9, 0.1
MOMENTUM_V_OUT = net([0.11, 0.17], -0.085, -0.04, 0.48, "d")
MOMENTUM_AFTER = net([0.489, -0.317], 0.1085, 0.804, -0.248)

# --------------------------------------------------------------------------- Adam, t = 1 (default hyper-parameters)
# learning rate 0.01, beta1 0.9, beta2 0.999, epsilon 1e-8, from v = s = 0:
# v = 0.1 g          : W1 0.02, -0.01; b1 0.005; W2 -0.04; b2 0.03
# s = 0.001 g^2      : W1 4e-5, 1e-5; b1 2.5e-6; W2 1.6e-4; b2 9e-5
# v_corrected = v / (1 - 0.9^1) = v / 0.1 = g ; s_corrected = s / (1 - 0.999^1) = s / 0.001 = g^2
# step = 0.01 g / (|g| + 1e-8) = 0.01 sign(g) / (1 + 1e-8 / |g|):
#   W1[0]: 0.5  - 0.01 / (1 + 5e-8)   = 0.5  - 0.0099999995     = 0.4900000005
#   W1[1]: -0.3 + 0.01 / (1 + 1e-7)   = -0.3 + 0.009999999      = -0.290000001
#   b1   : 0.1  - 0.01 / (1 + 2e-7)   = 0.1  - 0.009999998      = 0.090000002
#   W2   : 0.8  + 0.01 / (1 + 2.5e-8) = 0.8  + 0.00999999975    = 0.80999999975
#   b2   : -0.2 - 0.01 / (1 + 3.3e-8) = -0.2 - 0.0099999996667 = -0.2099999996667
# (each to 1e-17; the next terms of 1 / (1 + x) = 1 - x + x^2 are below that)
ADAM_V_1 = net([0.02, -0.01], 0.005, -0.04, 0.03, "d")
ADAM_S_1 = net([4e-5, 1e-5], 2.5e-6, 1.6e-4, 9e-5, "d")
ADAM_AFTER_1 = net([0.4900000005, -0.290000001], 0.090000002, 0.80999999975, -0.2099999996666667)
ADAM_STEP_1 = (ADAM_AFTER_1, ADAM_V_1, ADAM_S_1, GRADS_1,
               net([0.04, 0.01], 0.0025, 0.16, 0.09, "d"))

# --------------------------------------------------------------------------- Adam, t = 2
# From the state after step 1 with the gradients GRADS_2 (dW1 -0.1, -0.1; db1 0.05; dW2 0.2; db2 0):
# v = 0.9 v1 + 0.1 g : W1 0.018 - 0.01 = 0.008, -0.009 - 0.01 = -0.019; b1 0.0045 + 0.005 = 0.0095;
#                      W2 -0.036 + 0.02 = -0.016; b2 0.027 + 0 = 0.027
# s = 0.999 s1 + 0.001 g^2: W1 3.996e-5 + 1e-5 = 4.996e-5, 9.99e-6 + 1e-5 = 1.999e-5;
#                      b1 2.4975e-6 + 2.5e-6 = 4.9975e-6; W2 1.5984e-4 + 4e-5 = 1.9984e-4; b2 8.991e-5
# v_corrected = v / (1 - 0.81) = v / 0.19: W1 4/95 = 0.042105263..., -0.1; b1 0.05; W2 -8/95; b2 27/190
# s_corrected = s / (1 - 0.998001) = s / 0.001999: W1 1249/49975 = 0.024992496..., 0.01; b1 0.0025;
#                      W2 4996/49975 = 0.099969984...; b2 8991/199900 = 0.044977488...
# step = 0.01 v_corrected / (sqrt(s_corrected) + 1e-8):
#   W1[0]: 0.4900000005 - 0.01 * 0.0421052632 / 0.1580901450 = 0.4873366302718676
#   W1[1]: -0.290000001 + 0.01 * 0.1 / (0.1 + 1e-8)           = -0.2800000019999998
#   b1   : 0.090000002  - 0.01 * 0.05 / (0.05 + 1e-8)         = 0.0800000039999992
#   W2   : 0.80999999975 + 0.01 * 0.0842105263 / 0.3161802900 = 0.8126633700623682
#   b2   : -0.2099999996667 - 0.01 * 0.1421052632 / 0.2120789662 = -0.2167005818920846
# (A t stuck at 1 would divide by 0.1 and 0.001 again; (1 - beta1)^t would divide by 0.01.)
ADAM_AFTER_2 = net([0.4873366302718676, -0.2800000019999998], 0.0800000039999992, 0.8126633700623682,
                   -0.2167005818920846)
ADAM_V_2 = net([0.008, -0.019], 0.0095, -0.016, 0.027, "d")
ADAM_S_2 = net([4.996e-5, 1.999e-5], 4.9975e-6, 1.9984e-4, 8.991e-5, "d")
ADAM_STEP_2 = (ADAM_AFTER_2, ADAM_V_2, ADAM_S_2,
               net([4 / 95, -0.1], 0.05, -8 / 95, 27 / 190, "d"),
               net([1249 / 49975, 0.01], 0.0025, 4996 / 49975, 8991 / 199900, "d"))

# --------------------------------------------------------------------------- Adam, t = 1, epsilon = 0.1
# epsilon large enough to see where it goes: step = 0.01 g / (|g| + 0.1) (v_corrected = g, s_corrected = g^2)
#   W1[0]: 0.5  - 0.002 / 0.3  = 0.5  - 0.00666... = 0.49333...
#   W1[1]: -0.3 + 0.001 / 0.2  = -0.3 + 0.005      = -0.295
#   b1   : 0.1  - 0.0005 / 0.15 = 0.1 - 0.00333... = 0.09666...
#   W2   : 0.8  + 0.004 / 0.5  = 0.8  + 0.008      = 0.808
#   b2   : -0.2 - 0.003 / 0.4  = -0.2 - 0.0075     = -0.2075
# inside the square root it would be 0.01 g / sqrt(g^2 + 0.1): W1[0] 0.5 - 0.002 / 0.374 = 0.49465
ADAM_EPSILON = 0.1
ADAM_AFTER_EPSILON = net([0.5 - 0.02 / 3, -0.295], 0.1 - 0.01 / 3, 0.808, -0.2075)

# --------------------------------------------------------------------------- mini-batches
# np.random.seed(0); np.random.permutation(5) is [2, 0, 1, 3, 4] (numpy's legacy Mersenne Twister, the
# same on every platform). Columns are numbered so that the shuffle can be read off: column j of X is
# (j, 10 + j), Y = [0, 1, 0, 1, 1]. Batches of 2: columns [2, 0], [1, 3], then the last one, [4].
MINI_X = np.array([[0.0, 1.0, 2.0, 3.0, 4.0], [10.0, 11.0, 12.0, 13.0, 14.0]])
MINI_Y = np.array([[0.0, 1.0, 0.0, 1.0, 1.0]])
MINI_BATCHES = [
    (np.array([[2.0, 0.0], [12.0, 10.0]]), np.array([[0.0, 0.0]])),
    (np.array([[1.0, 3.0], [11.0, 13.0]]), np.array([[1.0, 1.0]])),
    (np.array([[4.0], [14.0]]), np.array([[1.0]])),
]

# --------------------------------------------------------------------------- learning-rate decay
# update_lr: lr0 / (1 + decay_rate * epoch_num)
#   (0.5, epoch 2, decay 1)   : 0.5 / 3   = 0.16666666666666666
#   (0.1, epoch 10, decay 0.3): 0.1 / 4   = 0.025
#   (0.2, epoch 0, decay 5)   : 0.2 / 1   = 0.2
UPDATE_LR = [((0.5, 2, 1.0), 0.5 / 3), ((0.1, 10, 0.3), 0.025), ((0.2, 0, 5.0), 0.2)]
# schedule_lr_decay: lr0 / (1 + decay_rate * floor(epoch_num / time_interval))
#   (0.5, epoch 999, decay 1)        : floor(0.999) = 0, 0.5 / 1 = 0.5
#   (0.5, epoch 1000, decay 1)       : floor(1) = 1,    0.5 / 2 = 0.25
#   (0.5, epoch 2999, decay 0.5)     : floor(2.999) = 2, 0.5 / 2 = 0.25
#   (0.1, epoch 25, decay 0.3, interval 10): floor(2.5) = 2, 0.1 / 1.6 = 0.0625
SCHEDULE_LR = [((0.5, 999, 1.0), 0.5), ((0.5, 1000, 1.0), 0.25), ((0.5, 2999, 0.5), 0.25),
               ((0.1, 25, 0.3, 10), 0.0625)]
