"""regularization: L2 regularization and inverted dropout on a 3-layer network.

Instructors only. The unregularized building blocks ship as the provided
module ``reg_utils.py`` (never graded). By kind:

- shapes (public): a scalar cost; every gradient of the shape of its array;
  the dropout cache's 14 entries, masks of the hidden layers' shapes;
- known values (public, ``worked_examples.py``): a cost and a backward
  pass worked by hand, and ``keep_prob = 1`` as the plain forward pass;
- gradient checks (public): each backward pass against central
  differences of its own cost (L2: the regularized cost; dropout: the
  cost with the cached masks held fixed), the forward pass recomputed
  from the weights in the cache, inputs 0.05 away from every ReLU kink;
- comparisons with the reference: public on the seeded masks
  (``np.random.seed(1)``, then ``rand < keep_prob`` for layers 1 and 2),
  hidden over m = 1, non-square layers, several lambdas and keep_probs;
- properties (hidden): exact types, float outputs (masks may be bool or
  0/1 ints), arguments left unchanged.

No graded function calls another, so a bug costs only its own function.
The seeds (000, 003: chapter 2 sections 4-5) name the topics and print no
formula or value.
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
    grid,
    load_sibling,
)

I = load_sibling(__file__, "inputs")  # noqa: E741
W = load_sibling(__file__, "worked_examples")

# (layer_dims, m): m = 1, square and non-square layers, one output unit
NETS = (((2, 3, 2, 1), 5), ((3, 4, 3, 1), 1), ((4, 2, 5, 1), 3), ((1, 3, 3, 1), 6))
SMALL = (((3, 4, 2, 1), 5), ((2, 2, 3, 1), 1))


def nets(build, *extra, seeds=(0, 1, 2), shapes=NETS):  # type: ignore[no-untyped-def]
    return grid(lambda s, dm, e: build(s, dm[0], dm[1], e), shapes, extra, seeds=seeds)


MASKS = ("cache.1", "cache.6")  # D1, D2: bool or 0/1 ints

ASSIGNMENT = Assignment(
    id="regularization",
    title="Regularization: L2 and dropout",
    student_file="regularization.py",
    modules=("reference.regularization",),
    provided=("reg_utils.py",),
    exercises=[Exercise.from_files(Path(__file__).with_name("exercises"), "three_models")],
    functions=[
        Function("compute_cost_with_regularization", [
            Shapes("scalar", 1, nets(I.cost_inputs, 0.7, seeds=(0,), shapes=SMALL)),
            KnownValue("worked example", 3, (W.COST_A3, W.COST_Y, W.COST_PARAMETERS, W.COST_LAMBD), W.COST,
                       context={"m": 3}, description="cross-entropy 0.27978 + 0.1 / (2 * 3) * 15.5; biases not "
                                                     "penalized"),
            KnownValue("lambd = 0", 1, (W.COST_A3, W.COST_Y, W.COST_PARAMETERS, 0.0), W.COST_NO_PENALTY,
                       context={"m": 3}, description="no penalty: the plain cross-entropy"),
            CompareToReference("randomized", 3, nets(I.cost_inputs, 0.1, 0.7, 3.0)),
            Properties("properties", 1, nets(I.cost_inputs, 0.7, seeds=(5,), shapes=SMALL)),
        ]),
        Function("backward_propagation_with_regularization", [
            Shapes("shape", 2, nets(I.backward_inputs, 0.7, seeds=(0,), shapes=SMALL)),
            KnownValue("worked example", 2, (W.BACKWARD_X, W.BACKWARD_Y, W.BACKWARD_CACHE, W.BACKWARD_LAMBD),
                       (*W.BACKWARD_DW, *W.BACKWARD_DB),
                       outputs=("gradients.dW1", "gradients.dW2", "gradients.dW3", "gradients.db1",
                                "gradients.db2", "gradients.db3"), context={"m": 1},
                       description="one example through a 1-1-1-1 network, worked by hand"),
            GradientCheck("gradient check", 5, nets(I.backward_inputs, 0.7, seeds=(1,), shapes=SMALL),
                          of=I.regularized_cost, wrt=I.wrt(I.PLAIN),
                          description="dW and db against central differences of the regularized cost"),
            CompareToReference("randomized", 3, nets(I.backward_inputs, 0.1, 1.5)),
            Properties("properties", 2, nets(I.backward_inputs, 0.7, seeds=(5,), shapes=SMALL)),
        ]),
        Function("forward_propagation_with_dropout", [
            Shapes("shape", 2, nets(I.forward_inputs, 0.8, seeds=(0,), shapes=SMALL)),
            KnownValue("keep_prob = 1", 2, (W.KEEP_ALL_X, W.KEEP_ALL_PARAMETERS, 1.0), W.KEEP_ALL_A3,
                       outputs=("A3",), description="every unit kept, nothing rescaled: the plain forward pass"),
            CompareToReference("values with seed 1", 3, nets(I.forward_inputs, 0.8, seeds=(1,), shapes=SMALL),
                               visibility="public",
                               description="masks drawn after np.random.seed(1): rand(n_1, m) < keep_prob, "
                                           "then rand(n_2, m) < keep_prob"),
            CompareToReference("randomized", 3, nets(I.forward_inputs, 0.5, 0.86)),
            Properties("properties", 2, nets(I.forward_inputs, 0.7, seeds=(5,), shapes=SMALL), labels=MASKS),
        ]),
        Function("backward_propagation_with_dropout", [
            Shapes("shape", 2, nets(I.dropout_backward_inputs, 0.8, seeds=(0,), shapes=SMALL)),
            GradientCheck("gradient check", 5, nets(I.dropout_backward_inputs, 0.8, seeds=(1,), shapes=SMALL),
                          of=I.dropout_cost, wrt=I.wrt(I.DROPOUT),
                          description="dW and db against central differences of the cost with the cached "
                                      "masks held fixed"),
            CompareToReference("randomized", 4, nets(I.dropout_backward_inputs, 0.5, 0.86)),
            Properties("properties", 2, nets(I.dropout_backward_inputs, 0.7, seeds=(5,), shapes=SMALL)),
        ]),
    ],
)
