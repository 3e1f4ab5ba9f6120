"""Worked examples of logistic_regression, recomputed by hand.

Plain data: inputs and the exact expected outputs, with the arithmetic in the
comments. Every value was computed element by element with Python's ``math``
module (one example at a time, no numpy) and cross-checked at 30 significant
digits with mpmath; ``tests/reference/test_logistic_regression.py`` checks
each constant against ``reference/logistic_regression.py`` with a relative
tolerance of 1e-12. Numbers are given to 16 significant digits.

Where the seeds print something else:
- seed 004 prints ``db = 1/(2m) sum E`` and ``dlambda = 1/(2m) X E^T``; for the
  mean cross-entropy cost the factor is 1/m (a 1/(2m) would be the derivative
  of a cost that is also halved). The values below use 1/m.
- seed 004 prints ``logistic(X lambda^T + b) = 1 / (1 + e^(-X lambda^T + b))``:
  the minus applies to the whole of ``w^T x + b``.
- seed 001's vectorization slides print ``dz(i) = a(i) (1 - a(i))`` inside the
  loop; the derivative of the loss with respect to z is ``a(i) - y(i)`` (as its
  own derivation a few slides earlier concludes). The values below use a - y.
"""

from __future__ import annotations

import numpy as np

# --------------------------------------------------------------------------- sigmoid
# sigmoid(z) = 1 / (1 + e^-z)
#   z = 0 : 1 / (1 + 1)                          = 0.5 (exactly)
#   z = 2 : 1 / (1 + e^-2) = 1 / 1.135335283236613 = 0.8807970779778824
#   z = -1: 1 / (1 + e^1)  = 1 / 3.718281828459045 = 0.2689414213699951
#   z = 9 : 1 / (1 + e^-9) = 1 / 1.000123409804087 = 0.9998766054240138
SIGMOID_Z = np.array([[0.0, 2.0], [-1.0, 9.0]])
SIGMOID_S = np.array([[0.5, 0.8807970779778824], [0.2689414213699951, 0.9998766054240138]])

# --------------------------------------------------------------------------- propagate
# n_x = 2 features, m = 3 examples (X is not square), labels of both kinds.
W = np.array([[0.5], [-1.0]])
B = 0.25
X = np.array([[1.0, -2.0, 3.0],
              [0.5, 1.0, 2.0]])
Y = np.array([[1.0, 0.0, 1.0]])
# z = w^T X + b, column by column:
#   z1 = 0.5*1    + (-1)*0.5 + 0.25 =  0.5 - 0.5 + 0.25 =  0.25
#   z2 = 0.5*(-2) + (-1)*1   + 0.25 = -1   - 1   + 0.25 = -1.75
#   z3 = 0.5*3    + (-1)*2   + 0.25 =  1.5 - 2   + 0.25 = -0.25
# A = sigmoid(z):
#   a1 = 1 / (1 + e^-0.25) = 0.5621765008857981
#   a2 = 1 / (1 + e^1.75)  = 0.1480471980316895
#   a3 = 1 / (1 + e^0.25)  = 0.4378234991142019   (= 1 - a1)
PROPAGATE_A = np.array([[0.5621765008857981, 0.1480471980316895, 0.4378234991142019]])
# losses -(y log a + (1 - y) log(1 - a)):
#   L1 = -log(a1)     = log(1 + e^-0.25) = 0.5759394198788437   (y1 = 1)
#   L2 = -log(1 - a2) = log(1 + e^-1.75) = 0.1602241504380873   (y2 = 0)
#   L3 = -log(a3)     = log(1 + e^0.25)  = 0.8259394198788437   (y3 = 1; = L1 + 0.25)
# cost = (L1 + L2 + L3) / 3 = 1.562102990195775 / 3
PROPAGATE_COST = 0.5207009967319248
# dZ = A - Y = [a1 - 1, a2 - 0, a3 - 1] = [-0.4378234991142019, 0.1480471980316895, -0.5621765008857981]
# dw = X dZ^T / m:
#   dw1 = (1*(-0.4378234991142019) + (-2)*0.1480471980316895 + 3*(-0.5621765008857981)) / 3
#       = (-0.4378234991142019 - 0.2960943960633790 - 1.686529502657394) / 3 = -2.420447397834975 / 3
#   dw2 = (0.5*(-0.4378234991142019) + 1*0.1480471980316895 + 2*(-0.5621765008857981)) / 3
#       = (-0.2189117495571010 + 0.1480471980316895 - 1.124353001771596) / 3 = -1.195217553297008 / 3
PROPAGATE_DW = np.array([[-0.8068157992783250], [-0.3984058510990026]])
# db = sum(dZ) / m = (-0.4378234991142019 + 0.1480471980316895 - 0.5621765008857981) / 3
#    = -0.8519528019683105 / 3
PROPAGATE_DB = -0.2839842673227702
# What the slip of seed 004 would give: dw and db with 1/(2m) are half of these
# (dw = [-0.4034078996391625, -0.1992029255495013], db = -0.1419921336613851).

# --------------------------------------------------------------------------- optimize
# optimize(W, B, X, Y, num_iterations=2, learning_rate=0.1)
OPTIMIZE_LEARNING_RATE = 0.1
# step 1 from (W, B), with the gradients above:
#   w1 = 0.5  - 0.1*(-0.8068157992783250) = 0.5806815799278325
#   w2 = -1.0 - 0.1*(-0.3984058510990026) = -0.9601594148900997
#   b  = 0.25 - 0.1*(-0.2839842673227702) = 0.2783984267322770
OPTIMIZE_W_AFTER_1 = np.array([[0.5806815799278325], [-0.9601594148900997]])
OPTIMIZE_B_AFTER_1 = 0.2783984267322770
# step 2: propagate at the parameters after step 1:
#   z = [0.5806815799278325*1    - 0.9601594148900997*0.5 + 0.2783984267322770,
#        0.5806815799278325*(-2) - 0.9601594148900997*1   + 0.2783984267322770,
#        0.5806815799278325*3    - 0.9601594148900997*2   + 0.2783984267322770]
#     = [0.3790002992150597, -1.843124148013488, 0.1001243367355751]
#   A = [0.5936319646510885, 0.1366822238907828, 0.5250101939853673]
#   dZ = A - Y = [-0.4063680353489115, 0.1366822238907828, -0.4749898060146327]
#   cost = (0.5214957397730192 + 0.1469724330697382 + 0.6443375994640377) / 3 = 0.4376019241022651
#   dw = [(-0.4063680353489115 - 0.2733644477815655 - 1.424969418043898) / 3,
#         (-0.2031840176744558 + 0.1366822238907828 - 0.9499796120292654) / 3]
#      = [-0.7015673003914584, -0.3388271352709795]
#   db = (-0.4063680353489115 + 0.1366822238907828 - 0.4749898060146327) / 3 = -0.2482252058242538
OPTIMIZE_COST_AT_1 = 0.4376019241022651
OPTIMIZE_DW_AT_1 = np.array([[-0.7015673003914584], [-0.3388271352709795]])
OPTIMIZE_DB_AT_1 = -0.2482252058242538
#   w1 = 0.5806815799278325  - 0.1*(-0.7015673003914584) = 0.6508383099669783
#   w2 = -0.9601594148900997 - 0.1*(-0.3388271352709795) = -0.9262767013630018
#   b  = 0.2783984267322770  - 0.1*(-0.2482252058242538) = 0.3032209473147024
OPTIMIZE_W_AFTER_2 = np.array([[0.6508383099669783], [-0.9262767013630018]])
OPTIMIZE_B_AFTER_2 = 0.3032209473147024
# So optimize(..., num_iterations=1, learning_rate=0.1) returns
#   params = {"w": OPTIMIZE_W_AFTER_1, "b": OPTIMIZE_B_AFTER_1},
#   grads = {"dw": PROPAGATE_DW, "db": PROPAGATE_DB}, costs = [PROPAGATE_COST];
# and optimize(..., num_iterations=2, learning_rate=0.1) returns
#   params = {"w": OPTIMIZE_W_AFTER_2, "b": OPTIMIZE_B_AFTER_2},
#   grads = {"dw": OPTIMIZE_DW_AT_1, "db": OPTIMIZE_DB_AT_1} (the last iteration's, taken before
#   its step), costs = [PROPAGATE_COST] (only iteration 0 has i % 100 == 0).

# --------------------------------------------------------------------------- predict
# Two columns within 0.001 of the boundary z = 0 (A = 0.5), one each side, and two far from it.
PREDICT_W = np.array([[2.0], [-1.0]])
PREDICT_B = -0.5
PREDICT_X = np.array([[0.5, 0.5, 1.0, 0.0],
                      [0.499, 0.501, 0.0, 1.0]])
# z = 2*x1 - x2 - 0.5:
#   z1 = 1 - 0.499 - 0.5 =  0.001 -> A = 0.5002499999791667 > 0.5 -> 1
#   z2 = 1 - 0.501 - 0.5 = -0.001 -> A = 0.4997500000208333       -> 0
#   z3 = 2 - 0   - 0.5   =  1.5   -> A = 0.8175744761936437       -> 1
#   z4 = 0 - 1   - 0.5   = -1.5   -> A = 0.1824255238063563       -> 0
PREDICT_A = np.array([[0.5002499999791667, 0.4997500000208333, 0.8175744761936437, 0.1824255238063563]])
PREDICT_Y = np.array([[1.0, 0.0, 1.0, 0.0]])
# No example puts A at exactly 0.5 (z exactly 0): the API says "1 where A > 0.5", and a student's
# A >= 0.5 differs only on that tie, which random inputs never produce; it is not graded.

# --------------------------------------------------------------------------- the course's own example
# The inputs of the well-known course's propagate test, with the outputs recomputed here:
COURSE_W = np.array([[1.0], [2.0]])
COURSE_B = 2.0
COURSE_X = np.array([[1.0, 2.0, -1.0],
                     [3.0, 4.0, -3.2]])
COURSE_Y = np.array([[1.0, 0.0, 1.0]])
# z1 = 1*1 + 2*3 + 2 = 9; z2 = 1*2 + 2*4 + 2 = 12; z3 = 1*(-1) + 2*(-3.2) + 2 = -5.4
# A = [sigmoid(9), sigmoid(12), sigmoid(-5.4)] = [0.9998766054240138, 0.9999938558253978, 0.004496273160941178]
# losses: -log(0.9998766054240138) = 0.0001234021897233, -log(1 - 0.9999938558253978) = 12.00000614419469,
#         -log(0.004496273160941178) = 5.404506411799250; cost = 17.40463595818366 / 3
COURSE_COST = 5.801545319394553
# dZ = [-0.0001233945759863, 0.9999938558253978, -0.9955037268390589]
# dw1 = (1*(-0.0001233945759863) + 2*0.9999938558253978 + (-1)*(-0.9955037268390589)) / 3 = 2.995368043913868 / 3
# dw2 = (3*(-0.0001233945759863) + 4*0.9999938558253978 + (-3.2)*(-0.9955037268390589)) / 3 = 7.185217165458621 / 3
COURSE_DW = np.array([[0.9984560146379561], [2.395072388486207]])
# db = (-0.0001233945759863 + 0.9999938558253978 - 0.9955037268390589) / 3 = 0.004366734410353 / 3
COURSE_DB = 0.001455578136784208
