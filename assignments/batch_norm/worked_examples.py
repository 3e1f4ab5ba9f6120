"""Worked examples of batch normalization, computed by hand.

Plain data: inputs and the exact expected outputs, with the arithmetic in the
comments. ``epsilon = 4`` is chosen so that every ``var + epsilon`` is a perfect
square (9, 16, 4) and every value is a fraction; ``tests/reference/
test_batch_norm.py`` recomputes each constant with ``fractions.Fraction`` and
checks it against ``reference/batch_norm.py`` (relative tolerance 1e-12).

The seeds' formula for standardizing, ``(x_j - mu_j) / sigma_j`` with numpy's
``.std()`` (seed 000), is right and uses the biased variance, as here; it has no
epsilon (a constant feature would divide 0 by 0: unit 3 below).
"""

from __future__ import annotations

import numpy as np

# --------------------------------------------------------------------------- forward, training mode
# n = 3 units, m = 4 examples, epsilon = 4:
#   unit 1: 1, 3, 5, 7    mu = 16 / 4 = 4   deviations -3, -1, 1, 3   var = (9 + 1 + 1 + 9) / 4 = 5
#           sqrt(5 + 4) = 3: Z_norm = -1, -1/3, 1/3, 1; gamma 2, beta 0.5: Z_tilde = -1.5, -1/6, 7/6, 2.5
#   unit 2: 5, -3, -3, -3 mu = -4 / 4 = -1  deviations 6, -2, -2, -2  var = (36 + 4 + 4 + 4) / 4 = 12
#           sqrt(12 + 4) = 4: Z_norm = 1.5, -0.5, -0.5, -0.5; gamma 0.5, beta -1: Z_tilde = -0.25, -1.25 (x3)
#   unit 3: 2, 2, 2, 2    mu = 2, var = 0 (a constant unit): sqrt(0 + 4) = 2, Z_norm = 0; Z_tilde = beta = 1
# The unbiased variance would be 20/3 and 16 (sqrt(32/3), sqrt(20): no fractions); epsilon outside the
# square root would divide by sqrt(5) + 4 = 6.236 and sqrt(12) + 4 = 7.464.
Z = np.array([[1.0, 3.0, 5.0, 7.0], [5.0, -3.0, -3.0, -3.0], [2.0, 2.0, 2.0, 2.0]])
GAMMA = np.array([[2.0], [0.5], [3.0]])
BETA = np.array([[0.5], [-1.0], [1.0]])
EPSILON = 4.0
MU = np.array([[4.0], [-1.0], [2.0]])
VAR = np.array([[5.0], [12.0], [0.0]])
Z_NORM = np.array([[-1.0, -1 / 3, 1 / 3, 1.0], [1.5, -0.5, -0.5, -0.5], [0.0, 0.0, 0.0, 0.0]])
Z_TILDE = np.array([[-1.5, -1 / 6, 7 / 6, 2.5], [-0.25, -1.25, -1.25, -1.25], [1.0, 1.0, 1.0, 1.0]])
CACHE = (Z, Z_NORM, MU, VAR, GAMMA, BETA, EPSILON)

# The same Z with the default epsilon = 1e-5: Z_norm = deviation / sqrt(var + 1e-5)
#   unit 1: sqrt(5.00001) = 2.236070213566649: 1 / ... = 0.4472131482870333, 3 / ... = 1.341639444861100
#   unit 2: sqrt(12.00001) = 3.464103058513127: 2 / ... = 0.5773500286271640, 6 / ... = 1.732050085881492
#   unit 3: 0 / sqrt(1e-5) = 0
# (to 16 digits with mpmath at 30 digits)
Z_NORM_DEFAULT_EPSILON = np.array([
    [-1.341639444861100, -0.4472131482870333, 0.4472131482870333, 1.341639444861100],
    [1.732050085881492, -0.5773500286271640, -0.5773500286271640, -0.5773500286271640],
    [0.0, 0.0, 0.0, 0.0]])
Z_TILDE_DEFAULT_EPSILON = GAMMA * Z_NORM_DEFAULT_EPSILON + BETA

# --------------------------------------------------------------------------- backward
# dZ_norm = gamma * dZ_tilde; dZ = (m dZ_norm - sum dZ_norm - Z_norm sum(dZ_norm Z_norm)) / (m sqrt(var + eps))
#   unit 1: dZ_tilde 1, 0, 0, 0 -> dZ_norm 2, 0, 0, 0; sum 2; sum(dZ_norm Z_norm) = 2 * (-1) = -2
#           dZ = ((8, 0, 0, 0) - 2 + 2 (-1, -1/3, 1/3, 1)) / 12 = (4, -8/3, -4/3, 0) / 12 = 1/3, -2/9, -1/9, 0
#           dgamma = sum(dZ_tilde Z_norm) = -1, dbeta = sum(dZ_tilde) = 1
#   unit 2: dZ_tilde 0, 2, -2, 4 -> dZ_norm 0, 1, -1, 2; sum 2; sum(dZ_norm Z_norm) = -0.5 + 0.5 - 1 = -1
#           dZ = ((0, 4, -4, 8) - 2 + (1.5, -0.5, -0.5, -0.5)) / 16 = (-0.5, 1.5, -6.5, 5.5) / 16
#              = -1/32, 3/32, -13/32, 11/32;  dgamma = -1 + 1 - 2 = -2, dbeta = 4
#   unit 3: dZ_tilde 1, -1, 3, 1 -> dZ_norm 3, -3, 9, 3; sum 12; Z_norm = 0
#           dZ = ((12, -12, 36, 12) - 12) / 8 = 0, -3, 3, 0;  dgamma = 0, dbeta = 4
# Each row of dZ sums to 0 (shifting a whole unit changes nothing after normalization). Treating mu and
# var as constants would give dZ = dZ_norm / sqrt(var + eps) = 2/3, 0, 0, 0 for unit 1; an extra 1/m on
# dgamma and dbeta would give -1/4 and 1/4.
DZ_TILDE = np.array([[1.0, 0.0, 0.0, 0.0], [0.0, 2.0, -2.0, 4.0], [1.0, -1.0, 3.0, 1.0]])
DZ = np.array([[1 / 3, -2 / 9, -1 / 9, 0.0], [-1 / 32, 3 / 32, -13 / 32, 11 / 32], [0.0, -3.0, 3.0, 0.0]])
DGAMMA = np.array([[-1.0], [-2.0], [0.0]])
DBETA = np.array([[1.0], [4.0], [4.0]])

# --------------------------------------------------------------------------- running statistics
# momentum 0.9: 0.9 * running + 0.1 * batch
#   mean: 0.9 * 0 + 0.1 * 2 = 0.2;  0.9 * 1 + 0.1 * (-3) = 0.6
#   var : 0.9 * 1 + 0.1 * 5 = 1.4;  0.9 * 2 + 0.1 * 0.5 = 1.85
# momentum 0.5: the plain average: mean 1, -1; var 3, 1.25
# (the weights swapped, 0.1 running + 0.9 batch, would give 1.8, -2.6 and 4.6, 0.65)
RUNNING_MEAN = np.array([[0.0], [1.0]])
RUNNING_VAR = np.array([[1.0], [2.0]])
BATCH_MU = np.array([[2.0], [-3.0]])
BATCH_VAR = np.array([[5.0], [0.5]])
RUNNING_AFTER = (np.array([[0.2], [0.6]]), np.array([[1.4], [1.85]]))
RUNNING_AFTER_HALF = (np.array([[1.0], [-1.0]]), np.array([[3.0], [1.25]]))

# --------------------------------------------------------------------------- forward, test mode
# running mean 2, 0; running var 5, 12; epsilon 4: sqrt(9) = 3, sqrt(16) = 4
#   unit 1: Z 1, 4 -> (1 - 2) / 3 = -1/3, (4 - 2) / 3 = 2/3; gamma 2, beta 0: -2/3, 4/3
#   unit 2: Z 0, -2 -> 0 / 4 = 0, -2 / 4 = -0.5; gamma 1, beta 1: 1, 0.5
# The batch's own statistics (mean 2.5 and -1, variance 2.25 and 1) would give other values.
TEST_Z = np.array([[1.0, 4.0], [0.0, -2.0]])
TEST_GAMMA = np.array([[2.0], [1.0]])
TEST_BETA = np.array([[0.0], [1.0]])
TEST_MEAN = np.array([[2.0], [0.0]])
TEST_VAR = np.array([[5.0], [12.0]])
TEST_Z_TILDE = np.array([[-2 / 3, 4 / 3], [1.0, 0.5]])
