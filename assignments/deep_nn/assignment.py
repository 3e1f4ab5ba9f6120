"""deep_nn: a deep neural network, built step by step.

Instructors only. Declares every graded function of the assignment and its
checks: points, visibility, inputs. Public checks are compiled into
``public_checks.json`` for the student's copy by ``grader generate deep_nn``;
hidden checks are compiled from the reference at grading time.

Points (97 in all): public checks cover shapes, worked examples and
numerical gradient checks; hidden checks compare with the reference over
randomized inputs (m = 1, non-square layers, 1 to 4 layers, several seeds)
and check properties (exact types and keys, finite values, scalars, no
mutation of the caller's arguments).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from grader.checks import CompareToReference, GradientCheck, KnownValue, Properties, Shapes, Together
from grader.course.locate import load_sibling
from grader.course.model import Assignment, Exercise, Function

I = load_sibling(__file__, "inputs")  # noqa: E741  (builders and gradient recipes)
T = load_sibling(__file__, "together")  # the whole-module check's driver

SEEDS = (0, 1, 2)
# (n, m) pairs for element-wise functions: a column, a row, m = 1, non-square.
ELEMENTWISE = ((1, 1), (3, 1), (1, 6), (4, 7), (5, 2))
# (n, n_prev, m) for a single layer: m = 1, non-square both ways, a square one.
LAYERS = ((3, 5, 1), (4, 2, 6), (1, 3, 4), (5, 5, 3), (2, 7, 1))
# whole networks, 1 to 4 layers, with m values including 1.
NETWORKS = (((3, 1), 4), ((4, 3, 1), 1), ((5, 4, 3, 1), 6), ((2, 5, 3, 2, 1), 3), ((6, 1), 1))

# The worked example of the slides (seed 004): input (0.2, 0.5, -0.9) through a 3-3-1 sigmoid network
# with hidden weight rows [1.2, 0.9, 0.3], [0.2, 0.3, 0.1], [1.3, 1.9, 0.1], output weights [0.2, 0.6, 0.2]
# and every bias 0.1. The slides print 0.55 / sigmoid 0.63 for the second hidden unit and 0.756 / 0.68 for
# the output; from the stated weights the second unit is 0.04 + 0.15 - 0.09 + 0.1 = 0.20 (sigmoid 0.5498),
# so the output is 0.70974 (sigmoid 0.67034). These are the true values, recomputed by hand.
SLIDE_X = np.array([[0.2], [0.5], [-0.9]])
SLIDE_W1 = np.array([[1.2, 0.9, 0.3], [0.2, 0.3, 0.1], [1.3, 1.9, 0.1]])
SLIDE_B1 = np.full((3, 1), 0.1)
SLIDE_W2 = np.array([[0.2, 0.6, 0.2]])
SLIDE_B2 = np.full((1, 1), 0.1)
SLIDE_Z1 = np.array([[0.52], [0.20], [1.22]])
SLIDE_A1 = np.array([[0.6271477663131956], [0.549833997312478], [0.7720635494267837]])
SLIDE_A2 = np.array([[0.6703442949220304]])


def _elementwise(build, seeds=SEEDS):  # type: ignore[no-untyped-def]
    return [build(s, n, m) for s in seeds for n, m in ELEMENTWISE]


def _layers(build, *extra, seeds=SEEDS):  # type: ignore[no-untyped-def]
    return [build(s, n, p, m, *extra) for s in seeds for n, p, m in LAYERS]


def _networks(build, *extra, seeds=SEEDS):  # type: ignore[no-untyped-def]
    return [build(s, dims, m, *extra) for s in seeds for dims, m in NETWORKS]


ASSIGNMENT = Assignment(
    id="deep_nn",
    title="Deep neural network, step by step",
    student_file="deep_nn.py",
    modules=("reference.activations", "reference.deep_nn"),
    exercises=[Exercise.from_files(Path(__file__).with_name("exercises"), "train_model")],
    together=[
        Together("your functions work together", 0, T.train_a_few_iterations,
                 [T.training_inputs(0, [4, 3, 1], 6, 3), T.training_inputs(1, [3, 5, 2, 1], 1, 2)],
                 returns=("parameters", "costs"),
                 description="a few training iterations from initialize_parameters_deep to update_parameters, "
                             "all your own functions (no points: a bug costs only its own function)"),
    ],
    functions=[
        Function("sigmoid", [
            Shapes("shape", 1, [I.activation_inputs(0, 4, 3), I.activation_inputs(1, 1, 1)]),
            KnownValue("known values", 1, (np.array([[-1.0, 0.0, 2.0]]),),
                       (np.array([[0.2689414213699951, 0.5, 0.8807970779778823]]), np.array([[-1.0, 0.0, 2.0]]))),
            CompareToReference("randomized", 1.5, _elementwise(I.activation_inputs)),
            Properties("properties", 0.5, [I.activation_inputs(5, 3, 4)]),
        ]),
        Function("relu", [
            Shapes("shape", 1, [I.activation_inputs(0, 4, 3), I.activation_inputs(1, 1, 1)]),
            KnownValue("known values", 1, (np.array([[-2.0, 0.5], [3.0, -0.1]]),),
                       (np.array([[0.0, 0.5], [3.0, 0.0]]), np.array([[-2.0, 0.5], [3.0, -0.1]]))),
            CompareToReference("randomized", 1.5, _elementwise(I.activation_inputs)),
            Properties("properties", 0.5, [I.activation_inputs(5, 3, 4)]),
        ]),
        Function("sigmoid_backward", [
            Shapes("shape", 1, [I.activation_backward_inputs(0, 3, 4)]),
            GradientCheck("gradient check", 2, [I.activation_backward_inputs(1, 3, 4),
                                                I.activation_backward_inputs(2, 2, 1)],
                          I.numeric_activation_backward("sigmoid")),
            CompareToReference("randomized", 2, _elementwise(I.activation_backward_inputs)),
            Properties("properties", 1, [I.activation_backward_inputs(4, 4, 3)]),
        ]),
        Function("relu_backward", [
            Shapes("shape", 1, [I.activation_backward_inputs(0, 3, 4)]),
            GradientCheck("gradient check", 2, [I.activation_backward_inputs(1, 3, 4),
                                                I.activation_backward_inputs(2, 2, 1)],
                          I.numeric_activation_backward("relu")),
            CompareToReference("randomized", 2, _elementwise(I.activation_backward_inputs)),
            Properties("properties", 1, [I.activation_backward_inputs(4, 4, 3)]),
        ]),
        Function("initialize_parameters", [
            Shapes("shape", 1.5, [I.init_inputs(3, 2, 1), I.init_inputs(2, 4, 1)]),
            CompareToReference("values with seed 1", 2, [I.init_inputs(3, 2, 1)], visibility="public"),
            CompareToReference("randomized", 1, [I.init_inputs(5, 3, 2), I.init_inputs(1, 1, 1),
                                                 I.init_inputs(4, 7, 3)]),
            Properties("properties", 0.5, [I.init_inputs(4, 3, 2)]),
        ]),
        Function("initialize_parameters_deep", [
            Shapes("shape", 1.5, [I.init_deep_inputs([5, 4, 3]), I.init_deep_inputs([3, 1])]),
            CompareToReference("values with seed 3", 2, [I.init_deep_inputs([5, 4, 3])], visibility="public"),
            CompareToReference("randomized", 2, [I.init_deep_inputs(d) for d in
                                                 ([2, 1], [4, 3, 1], [6, 5, 4, 3, 1], [3, 7, 2], [1, 1, 1])]),
            Properties("properties", 0.5, [I.init_deep_inputs([4, 5, 2, 1])]),
        ]),
        Function("linear_forward", [
            Shapes("shape", 1, [I.linear_inputs(0, 3, 5, 2), I.linear_inputs(1, 1, 2, 1)]),
            KnownValue("slide example: hidden layer Z", 2, (SLIDE_X, SLIDE_W1, SLIDE_B1),
                       SLIDE_Z1, outputs=("Z",),
                       description="seed 004's worked example; the slide's 0.55 for unit 2 is wrong: it is 0.20"),
            CompareToReference("randomized", 2, _layers(I.linear_inputs)),
            Properties("properties", 1, [I.linear_inputs(3, 4, 3, 5)]),
        ]),
        Function("linear_activation_forward", [
            Shapes("shape", 1.5, [I.layer_inputs(0, 3, 5, 2, "relu"), I.layer_inputs(1, 1, 3, 1, "sigmoid")]),
            KnownValue("slide example: hidden layer", 1, (SLIDE_X, SLIDE_W1, SLIDE_B1, "sigmoid"),
                       SLIDE_A1, outputs=("A",),
                       description="the slide prints sigmoid 0.63 for unit 2; the true value is 0.5498"),
            KnownValue("slide example: output layer", 1, (SLIDE_A1, SLIDE_W2, SLIDE_B2, "sigmoid"),
                       SLIDE_A2, outputs=("A",),
                       description="the slide prints 0.756 -> 0.68; the true value is 0.70974 -> 0.67034"),
            KnownValue("relu layer", 1, (np.array([[1.0, -2.0], [0.5, 3.0]]), np.array([[1.0, 2.0], [-1.0, 0.5]]),
                                         np.array([[0.5], [-0.25]]), "relu"),
                       np.array([[2.5, 4.5], [0.0, 3.25]]), outputs=("A",)),
            CompareToReference("randomized", 2.5, _layers(I.layer_inputs, "relu") + _layers(I.layer_inputs, "sigmoid")),
            Properties("properties", 1, [I.layer_inputs(4, 3, 2, 5, "relu")]),
        ]),
        Function("L_model_forward", [
            Shapes("shape", 2, [I.model_inputs(0, (4, 3, 1), 5), I.model_inputs(1, (3, 1), 1)]),
            CompareToReference("values on a 3-layer network", 2, [I.model_inputs(2, (5, 4, 2, 1), 3)],
                               visibility="public"),
            CompareToReference("randomized", 4, _networks(I.model_inputs)),
            Properties("properties", 2, [I.model_inputs(3, (4, 3, 2, 1), 4)]),
        ]),
        Function("compute_cost", [
            Shapes("scalar", 1, [I.cost_inputs(0, 5), I.cost_inputs(1, 1)]),
            KnownValue("known value", 2, (np.array([[0.8, 0.9, 0.4]]), np.array([[1.0, 1.0, 0.0]])),
                       0.2797765635793423, description="-(ln 0.8 + ln 0.9 + ln 0.6) / 3", context={"m": 3}),
            CompareToReference("randomized", 2, [I.cost_inputs(s, m) for s in SEEDS for m in (1, 2, 7)]),
            Properties("properties", 1, [I.cost_inputs(4, 6)]),
        ]),
        Function("linear_backward", [
            Shapes("shape", 2, [I.linear_backward_inputs(0, 3, 5, 4), I.linear_backward_inputs(1, 2, 3, 1)]),
            GradientCheck("gradient check", 3, [I.linear_backward_inputs(2, 3, 4, 5),
                                                I.linear_backward_inputs(3, 4, 2, 1)],
                          I.numeric_linear_backward),
            CompareToReference("randomized", 3, _layers(I.linear_backward_inputs)),
            Properties("properties", 2, [I.linear_backward_inputs(4, 3, 2, 3)]),
        ]),
        Function("linear_activation_backward", [
            Shapes("shape", 1.5, [I.layer_backward_inputs(0, 3, 5, 2, "relu"),
                                  I.layer_backward_inputs(1, 1, 3, 1, "sigmoid")]),
            GradientCheck("gradient check", 2.5, [I.layer_backward_inputs(2, 4, 3, 5, "relu"),
                                                  I.layer_backward_inputs(3, 2, 4, 1, "sigmoid")],
                          I.numeric_layer_backward),
            CompareToReference("randomized", 2.5, _layers(I.layer_backward_inputs, "relu")
                               + _layers(I.layer_backward_inputs, "sigmoid")),
            Properties("properties", 1.5, [I.layer_backward_inputs(4, 3, 2, 4, "relu")]),
        ]),
        Function("L_model_backward", [
            Shapes("shape", 2, [I.model_backward_inputs(0, (4, 3, 1), 5),
                                I.model_backward_inputs(1, (3, 1), 1)]),
            GradientCheck("gradient check", 4, [I.model_backward_inputs(2, (5, 4, 2, 1), 3),
                                                I.model_backward_inputs(3, (3, 2, 1), 1)],
                          I.numeric_model_backward),
            CompareToReference("randomized", 4, _networks(I.model_backward_inputs)),
            Properties("properties", 2, [I.model_backward_inputs(4, (4, 3, 2, 1), 4)]),
        ]),
        Function("update_parameters", [
            Shapes("shape", 1, [I.update_inputs(0, (4, 3, 1), 5, 0.1)]),
            CompareToReference("values", 2, [I.update_inputs(1, (3, 2, 1), 2, 0.5)], visibility="public"),
            CompareToReference("randomized", 2, _networks(I.update_inputs, 0.075)),
            Properties("properties", 1, [I.update_inputs(2, (4, 3, 2, 1), 3, 0.01)]),
        ]),
    ],
)
