"""Worked examples of the regularization assignment, recomputed by hand.

Seeds 000 and 003 (chapter 2, sections 4 "Regularization" and 5
"Dropout") name the two topics in their tables of contents and print no
formula or value for them, so nothing here corrects a slide; every value was
computed with Python's ``math`` one term at a time and is checked against the
reference in ``tests/reference/test_regularization.py``.
"""

from __future__ import annotations

import numpy as np

# ------------------------------------------------------------------ compute_cost_with_regularization
# n_x = 2, n_1 = 2, n_2 = 1, m = 3.
# cross-entropy: -(ln 0.8 + ln 0.9 + ln(1 - 0.4)) / 3 = (0.2231435513 + 0.1053605157 + 0.5108256238) / 3
#              = 0.8393296908 / 3 = 0.2797765635793423
# squares: W1 1 + 1 + 4 + 0 = 6, W2 0.25 + 0.25 = 0.5, W3 9 -> 15.5 (the biases are not penalized)
# penalty: lambd / (2 m) * 15.5 = 0.1 / 6 * 15.5 = 0.2583333333333333
# total: 0.5381098969126756
COST_A3 = np.array([[0.8, 0.9, 0.4]])
COST_Y = np.array([[1.0, 1.0, 0.0]])
COST_PARAMETERS = {"W1": np.array([[1.0, -1.0], [2.0, 0.0]]), "b1": np.array([[1.0], [2.0]]),
                   "W2": np.array([[0.5, -0.5]]), "b2": np.array([[-3.0]]),
                   "W3": np.array([[3.0]]), "b3": np.array([[4.0]])}
COST_LAMBD = 0.1
COST = 0.5381098969126756
# with lambd = 0 only the cross-entropy is left
COST_NO_PENALTY = 0.2797765635793423

# ------------------------------------------------------------------ backward_propagation_with_regularization
# One example (m = 1), n_x = 1, n_1 = 1, n_2 = 1: X = 2, W1 = 0.5, b1 = 0 -> Z1 = A1 = 1;
# W2 = 2, b2 = -1 -> Z2 = A2 = 1; W3 = 1, b3 = -1 -> Z3 = 0, A3 = 0.5; Y = 1.
# dZ3 = -0.5; dW3 = dZ3 * A2 + lambd W3 = -0.5 + 0.4 * 1 = -0.1; db3 = -0.5
# dA2 = W3 dZ3 = -0.5; dZ2 = -0.5 (A2 > 0); dW2 = dZ2 * A1 + 0.4 * 2 = 0.3; db2 = -0.5
# dA1 = W2 dZ2 = -1; dZ1 = -1; dW1 = dZ1 * X + 0.4 * 0.5 = -1.8; db1 = -1
BACKWARD_X = np.array([[2.0]])
BACKWARD_Y = np.array([[1.0]])
BACKWARD_CACHE = (np.array([[1.0]]), np.array([[1.0]]), np.array([[0.5]]), np.array([[0.0]]),
                  np.array([[1.0]]), np.array([[1.0]]), np.array([[2.0]]), np.array([[-1.0]]),
                  np.array([[0.0]]), np.array([[0.5]]), np.array([[1.0]]), np.array([[-1.0]]))
BACKWARD_LAMBD = 0.4
BACKWARD_DW = (np.array([[-1.8]]), np.array([[0.3]]), np.array([[-0.1]]))
BACKWARD_DB = (np.array([[-1.0]]), np.array([[-0.5]]), np.array([[-0.5]]))

# ------------------------------------------------------------------ forward_propagation_with_dropout
# keep_prob = 1 keeps every unit and divides by 1: the plain forward pass. The network above, on
# X = [2, -1]: Z1 = [1, -0.5], A1 = [1, 0], Z2 = [1, -1], A2 = [1, 0], Z3 = [0, -1],
# A3 = [sigmoid(0), sigmoid(-1)] = [0.5, 1 / (1 + e)] = [0.5, 0.2689414213699951]
KEEP_ALL_X = np.array([[2.0, -1.0]])
KEEP_ALL_PARAMETERS = {"W1": np.array([[0.5]]), "b1": np.array([[0.0]]), "W2": np.array([[2.0]]),
                       "b2": np.array([[-1.0]]), "W3": np.array([[1.0]]), "b3": np.array([[-1.0]])}
KEEP_ALL_A3 = np.array([[0.5, 0.2689414213699951]])
