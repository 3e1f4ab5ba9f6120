"""Worked examples of activations, recomputed by hand.

Plain data: inputs and the exact expected outputs, with the arithmetic in
the comments. Every value was computed one entry at a time with Python's
``math`` module and cross-checked at 30 significant digits with mpmath;
``tests/reference/test_activation_functions.py`` checks each constant
against ``reference/activation_functions.py`` (relative tolerance 1e-12)
and against mpmath. Numbers are given to 16 or 17 significant digits.

What the seeds print, checked:
- seed 003's table (sigmoid ``a(1 - a)``, tanh ``1 - a^2``, ReLU 0 / 1,
  leaky ReLU 0.01 / 1, derivative 1 at z = 0 for both ReLUs) is right.
- seed 004's forward pass prints ``sigmoid(0.52) = 0.62``: it is
  0.6271477663131956, 0.63 to two decimals (the slide truncates). It
  prints ``0.55`` and ``sigmoid(0.55) = 0.63`` for the second hidden unit:
  from its own weights the sum is 0.04 + 0.15 - 0.09 + 0.1 = 0.20 and
  sigmoid(0.20) = 0.5498339973124779 (sigmoid(0.55) would be 0.6341).
  ``sigmoid(1.22) = 0.77`` (0.7720635494267837) and
  ``sigmoid(0.756) = 0.68`` (0.6804846612166018) are right for the sums
  printed.
- seed 004 writes "Leakly ReLu" and calls tanh "a scaled version" of the
  sigmoid: ``tanh(z) = 2 sigmoid(2z) - 1`` (scaled, shifted, argument doubled).
"""

from __future__ import annotations

import numpy as np

# --------------------------------------------------------------------------- sigmoid
# sigmoid(z) = 1 / (1 + e^-z), sigmoid'(z) = a (1 - a)
#   z = 0   : 1 / (1 + 1)                 = 0.5 exactly      ; 0.5 * 0.5 = 0.25 exactly (the maximum)
#   z = 2   : 1 / (1 + 0.1353352832366127) = 0.8807970779778824 ; * 0.1192029220221176 = 0.1049935854035065
#   z = -1  : 1 / (1 + 2.718281828459045)  = 0.2689414213699951 ; * 0.7310585786300049 = 0.1966119332414819
#   z = 0.52: 1 / (1 + 0.5945205479701944) = 0.6271477663131956 ; * 0.3728522336868044 = 0.2338334455215650
#             (seed 004 prints 0.62)
#   z = 0.20: 1 / (1 + 0.8187307530779818) = 0.5498339973124779 ; * 0.4501660026875221 = 0.2475165727118599
#             (seed 004 prints the sum as 0.55 and sigmoid as 0.63)
#   z = 5   : 1 / (1 + 0.006737946999085467) = 0.9933071490757151 ; * 0.006692850924284856 = 0.006648056670790155
#   z = -10 : 1 / (1 + 22026.46579480672)  = 4.539786870243439e-05 ; * 0.9999546021312976 = 4.539580773595167e-05
#   z = 10  : 0.9999546021312976 ; * 4.539786870243439e-05 = 4.539580773595167e-05 (as at -10: sigma' is even)
#   z = 1.22: 1 / (1 + 0.2952301669240142) = 0.7720635494267837 ; * 0.2279364505732163 = 0.1759814250733000
#             (seed 004 prints 0.77)
SIGMOID_Z = np.array([[0.0, 2.0, -1.0], [0.52, 0.20, 5.0], [-10.0, 10.0, 1.22]])
SIGMOID_A = np.array([[0.5, 0.8807970779778824, 0.2689414213699951],
                      [0.6271477663131956, 0.5498339973124779, 0.9933071490757151],
                      [4.539786870243439e-05, 0.9999546021312976, 0.7720635494267837]])
SIGMOID_DERIVATIVE = np.array([[0.25, 0.1049935854035065, 0.1966119332414819],
                               [0.2338334455215650, 0.2475165727118599, 0.006648056670790155],
                               [4.539580773595167e-05, 4.539580773595167e-05, 0.1759814250733000]])

# --------------------------------------------------------------------------- tanh
# tanh(z) = (e^z - e^-z) / (e^z + e^-z), tanh'(z) = 1 - a^2
#   z = 0   : 0 exactly                      ; 1 - 0 = 1 exactly (the maximum)
#   z = 1   : (2.718281828459045 - 0.3678794411714423) / (3.086161269630488) = 0.7615941559557649
#             ; 1 - 0.5800256583859738 = 0.4199743416140261
#   z = -0.5: -0.4621171572600098 ; 1 - 0.2135522676807093 = 0.7864477329659274
#   z = 2   : 0.9640275800758169  ; 1 - 0.9293491751464 = 0.07065082485316447
#   z = -3  : -0.9950547536867305 ; 0.009866037165440191
#   z = 5   : 0.9999092042625951  ; 0.0001815832309438067
#   z = 10  : 0.9999999958776928  ; 8.244614455767397e-09
TANH_Z = np.array([0.0, 1.0, -0.5, 2.0, -3.0, 5.0, 10.0])
TANH_A = np.array([0.0, 0.7615941559557649, -0.4621171572600098, 0.9640275800758169, -0.9950547536867305,
                   0.9999092042625951, 0.9999999958776928])
TANH_DERIVATIVE = np.array([1.0, 0.4199743416140261, 0.7864477329659274, 0.07065082485316447,
                            0.009866037165440191, 0.0001815832309438067, 8.244614455767397e-09])

# --------------------------------------------------------------------------- ReLU
# max(0, z); derivative 0 where z < 0, 1 where z >= 0 (1 at z = 0: the seeds' convention)
RELU_Z = np.array([[-2.0, 0.5, 3.0], [-0.1, 1.5, -4.0]])
RELU_A = np.array([[0.0, 0.5, 3.0], [0.0, 1.5, 0.0]])
RELU_DERIVATIVE = np.array([[0.0, 1.0, 1.0], [0.0, 1.0, 0.0]])
# exact zeros, ints: relu of an int array is a float array
RELU_AT_ZERO_Z = np.array([[0, -1, 2], [0, 3, 0]])
RELU_AT_ZERO_A = np.array([[0.0, 0.0, 2.0], [0.0, 3.0, 0.0]])
RELU_AT_ZERO_DERIVATIVE = np.array([[1.0, 0.0, 1.0], [1.0, 1.0, 1.0]])

# --------------------------------------------------------------------------- leaky ReLU
# max(alpha z, z); derivative alpha where z < 0, 1 where z >= 0
# default alpha = 0.01: -2 -> -0.02, 0.5 -> 0.5, 3 -> 3, -0.1 -> -0.001, 1.5 -> 1.5, -4 -> -0.04
LEAKY_A_DEFAULT = np.array([[-0.02, 0.5, 3.0], [-0.001, 1.5, -0.04]])
LEAKY_DERIVATIVE_DEFAULT = np.array([[0.01, 1.0, 1.0], [0.01, 1.0, 0.01]])
# alpha = 0.2: -2 -> -0.4, -0.1 -> -0.02, -4 -> -0.8
LEAKY_ALPHA = 0.2
LEAKY_A_ALPHA = np.array([[-0.4, 0.5, 3.0], [-0.02, 1.5, -0.8]])
LEAKY_DERIVATIVE_ALPHA = np.array([[0.2, 1.0, 1.0], [0.2, 1.0, 0.2]])
# at exact zeros (the default alpha): 0 -> 0 and derivative 1
LEAKY_AT_ZERO_A = np.array([[0.0, -0.01, 2.0], [0.0, 3.0, 0.0]])
LEAKY_AT_ZERO_DERIVATIVE = np.array([[1.0, 0.01, 1.0], [1.0, 1.0, 1.0]])
