"""Worked examples of gradient_checking, computed by hand.

The course's notebook prints ``difference = 2.919335883291695e-10`` for
``gradient_check(3, 4)``; that number is rounding noise, not a property of
the formula: our reference gets 7.8e-11 on the same inputs, and any correct
checker gets some value far below 1e-7. The checks accept any value in
[1e-16, 1e-7] there (see ``inputs.NOISE_WINDOW``). Seed 002 (section 2.6)
prints the slope as ``(f(a) - f(a + eps)) / eps``: the terms are swapped
(that is minus the slope); the checker uses ``(J(theta + eps) - J(theta - eps)) / (2 eps)``.
"""

from __future__ import annotations

import numpy as np

# 1-D: J = theta x = 4 * 3 = 12, dJ/dtheta = x = 3
X_1D, THETA_1D, J_1D, DTHETA_1D = 3.0, 4.0, 12.0, 3.0
# Gradient checks on noise: (x, theta) where grad - gradapprox < 0 (an absolute value left out of the
# numerator shows as a negative difference) and where x < 0 (left out of the denominator).
NEGATIVE_NUMERATOR = (0.7, -3.1)
NEGATIVE_X = (-2.5, 1.3)

# forward_propagation_n: X = [2, -1], 1-1-1-1 network (W1 0.5, b1 0, W2 2, b2 -1, W3 1, b3 -1), Y = [1, 0]:
# Z1 = [1, -0.5], A1 = [1, 0], Z2 = [1, -1], A2 = [1, 0], Z3 = [0, -1], A3 = [0.5, 0.2689414213699951]
# cost = -(ln 0.5 + ln(1 - 0.2689414213699951)) / 2 = (0.6931471805599453 + 0.3132616875182228) / 2
#      = 0.5032044340390841
N_X = np.array([[2.0, -1.0]])
N_Y = np.array([[1.0, 0.0]])
N_PARAMETERS = {"W1": np.array([[0.5]]), "b1": np.array([[0.0]]), "W2": np.array([[2.0]]),
                "b2": np.array([[-1.0]]), "W3": np.array([[1.0]]), "b3": np.array([[-1.0]])}
N_COST = 0.5032044340390841

# dictionary_to_vector on W1 = [[1, 2], [3, 4]], b1 = [5, 6], W2 = [[7, 8]], b2 = 9, W3 = 10, b3 = 11:
# rows of W1 first (C order), then b1, ...: 1, 2, ..., 11. The dict lists the biases first.
VECTOR_PARAMETERS = {"b1": np.array([[5.0], [6.0]]), "b2": np.array([[9.0]]), "b3": np.array([[11.0]]),
                     "W1": np.array([[1.0, 2.0], [3.0, 4.0]]), "W2": np.array([[7.0, 8.0]]),
                     "W3": np.array([[10.0]])}
VECTOR_DIMS = [2, 2, 1, 1]
THETA = np.arange(1.0, 12.0).reshape(11, 1)
VECTOR_GRADIENTS = {"dZ3": np.array([[0.5]]), **{f"d{k}": v for k, v in VECTOR_PARAMETERS.items()},
                    "dA1": np.array([[-1.0], [-2.0]])}
