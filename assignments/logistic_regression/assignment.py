"""logistic_regression: logistic regression as a one-neuron neural network.

Instructors only. Every check by kind: shapes, worked examples computed by
hand (``worked_examples.py``), a gradient check of ``propagate`` against
its own cost, randomized comparisons with the reference over m = 1 and
non-square data (hidden), and properties (hidden): exact types, 0/1
predictions of any numeric dtype, arguments left unchanged (``optimize``
may update in place).
"""

from __future__ import annotations

from pathlib import Path

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
    labels,
    load_sibling,
    normal,
    size,
    uniform,
)

W = load_sibling(__file__, "worked_examples")

SIGMOID = arguments(z=normal("n", "m", scale=4.0))
ZEROS = arguments(dim=size("n"))
PROPAGATE = arguments(w=normal("n_x", 1, scale=0.5), b=uniform(-1.0, 1.0), X=normal("n_x", "m"), Y=labels(1, "m"))
OPTIMIZE = arguments(w=normal("n_x", 1, scale=0.1), b=uniform(-0.5, 0.5), X=normal("n_x", "m"), Y=labels(1, "m"),
                     num_iterations=size("steps"), learning_rate=0.05)
PREDICT = arguments(w=normal("n_x", 1), b=uniform(-1.0, 1.0), X=normal("n_x", "m"))
MODEL = arguments(X_train=normal("n_x", "m"), Y_train=labels(1, "m"), X_test=normal("n_x", "k"),
                  Y_test=labels(1, "k"), num_iterations=size("steps"), learning_rate=0.1)
DATA = {"n_x": (1, 4), "m": (1, 6)}  # m = 1 and non-square X

WORKED = (W.W, W.B, W.X, W.Y)

ASSIGNMENT = Assignment(
    id="logistic_regression",
    title="Logistic regression as a neural network",
    student_file="logistic_regression.py",
    modules=("reference.logistic_regression",),
    provided=("lr_utils.py",),
    exercises=[Exercise.from_files(Path(__file__).with_name("exercises"), "train_model"),
               Exercise.from_files(Path(__file__).with_name("exercises"), "learning_rates")],
    functions=[
        Function("sigmoid", [
            Shapes("shape", 0.5, SIGMOID.grid(seeds=(0,), n=(1, 3), m=(1, 4))),
            KnownValue("known values", 1, (W.SIGMOID_Z,), W.SIGMOID_S,
                       description="sigmoid of 0, 2, -1 and 9"),
            CompareToReference("randomized", 1, SIGMOID.grid(n=(1, 3), m=(1, 5))),
            Properties("properties", 0.5, [SIGMOID(5, n=3, m=4)]),
        ]),
        Function("initialize_with_zeros", [
            Shapes("shape", 0.5, [ZEROS(0, n=1), ZEROS(0, n=5)]),
            CompareToReference("values", 0.5, [ZEROS(0, n=3)], visibility="public"),
            CompareToReference("randomized", 0.5, ZEROS.grid(seeds=(0,), n=(1, 2, 7))),
            Properties("properties", 0.5, [ZEROS(0, n=4)]),
        ]),
        Function("propagate", [
            Shapes("shape", 1, PROPAGATE.grid(seeds=(0,), n_x=(3,), m=(1, 4))),
            KnownValue("worked example", 2, WORKED, (W.PROPAGATE_DW, W.PROPAGATE_DB, W.PROPAGATE_COST),
                       outputs=("grads.dw", "grads.db", "cost"), context={"m": 3},
                       description="n_x = 2, m = 3, worked by hand in worked_examples.py"),
            GradientCheck("gradient check", 2, PROPAGATE.grid(seeds=(1,), n_x=(1, 3), m=(1, 5)),
                          of="cost", wrt={"w": "grads.dw", "b": "grads.db"}),
            CompareToReference("randomized", 2, PROPAGATE.grid(**DATA)),
            Properties("properties", 1, [PROPAGATE(4, n_x=3, m=5)]),
        ]),
        Function("optimize", [
            Shapes("shape", 1, [OPTIMIZE(0, n_x=2, m=3, steps=101)]),
            KnownValue("two steps worked by hand", 2, (*WORKED, 2, W.OPTIMIZE_LEARNING_RATE),
                       (W.OPTIMIZE_W_AFTER_2, W.OPTIMIZE_B_AFTER_2, W.OPTIMIZE_DW_AT_1, W.OPTIMIZE_DB_AT_1),
                       outputs=("params.w", "params.b", "grads.dw", "grads.db"), context={"m": 3},
                       description="the parameters after 2 steps and the gradients of the last step"),
            CompareToReference("randomized", 2, OPTIMIZE.grid(seeds=(1,), n_x=(1, 4), m=(1, 6), steps=(1, 101))),
            Properties("properties", 1, [OPTIMIZE(2, n_x=3, m=4, steps=2)]),
        ]),
        Function("predict", [
            Shapes("shape", 0.5, PREDICT.grid(seeds=(0,), n_x=(2,), m=(1, 5))),
            KnownValue("known values", 1, (W.PREDICT_W, W.PREDICT_B, W.PREDICT_X), W.PREDICT_Y,
                       description="probabilities 0.50025 and 0.49975 fall on either side of 0.5"),
            CompareToReference("randomized", 1, PREDICT.grid(n_x=(1, 4), m=(1, 6, 40)),
                               description="random data, m = 40 puts some probabilities just above 0.5"),
            Properties("properties", 0.5, [PREDICT(3, n_x=3, m=6)]),
        ]),
        Function("model", [
            Shapes("shape", 1, [MODEL(0, n_x=3, m=5, k=2, steps=101)]),
            CompareToReference("values", 1, [MODEL(1, n_x=2, m=4, k=3, steps=3)], visibility="public"),
            CompareToReference("randomized", 2, MODEL.grid(seeds=(2,), n_x=(1, 4), m=(1, 6), k=(2,), steps=(101,))),
            Properties("properties", 1, [MODEL(3, n_x=3, m=4, k=2, steps=2)],
                       labels=("d.Y_prediction_test", "d.Y_prediction_train")),
        ]),
    ],
)
