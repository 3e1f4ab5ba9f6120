"""gradient_checking: numerical gradient checking, in 1-D and over the 3-layer network.

Instructors only. By kind:

- shapes (public): scalars, a cache and gradients of the right shapes, ``(n, 1)`` vectors;
- known values (public, ``worked_examples.py``): ``J = theta x``, a cost worked by hand, the vector
  order ``W1, b1, W2, b2, ...`` (from a dict that lists the biases first);
- gradient checks (public): ``backward_propagation`` and ``backward_propagation_n`` against central
  differences computed by the grader;
- the checkers are graded by their ``difference``: on right gradients at the default epsilon it is
  rounding noise, different for every correct way of writing the checker, so it must fall in
  [1e-16, 1e-7] (``KnownValue`` with a geometric tolerance window, see ``inputs.py``); on gradients with
  a planted bug (``dW2`` doubled, ``db1`` times 4, ...) and on right gradients with epsilon = 1e-2 it
  is a stable number, compared with the reference (relative tolerance 1e-5);
- the vector helpers are exact (hidden comparisons with relative tolerance 0);
- properties (hidden): exact types, float outputs, arguments left unchanged (a checker that
  perturbs ``parameters`` in place fails here).

While a checker is graded, the functions the reference's checker calls (forward passes, vector
helpers) are answered by the reference: a bug costs only its own function.
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
    grid,
    load_sibling,
    uniform,
)

I = load_sibling(__file__, "inputs")  # noqa: E741
W = load_sibling(__file__, "worked_examples")
EXERCISES = Path(__file__).with_name("exercises")

ONE_D = arguments(x=uniform(-4.0, 4.0), theta=uniform(-4.0, 4.0))
NETS = ((4, 5, 3, 1), (2, 3, 2, 1), (3, 4, 2, 1), (1, 2, 3, 1))
SIZES = (((4, 5, 3, 1), 3), ((2, 3, 2, 1), 1), ((3, 4, 2, 1), 6))


def nets(build, *extra, seeds=(0, 1, 2), sizes=SIZES):  # type: ignore[no-untyped-def]
    return grid(lambda s, dm, *e: build(s, dm[0], dm[1], *e), sizes, *[(e,) for e in extra], seeds=seeds)


def noise(name, points, args, description):  # type: ignore[no-untyped-def]
    """A right gradient at the default epsilon: the checker's difference must fall in [1e-16, 1e-7]."""
    return KnownValue(name, points, args, I.NOISE_CENTER, rtol=I.NOISE_RTOL, outputs=("difference",),
                      description=description + "; any difference in [1e-16, 1e-7] passes (rounding noise: "
                                                "its exact value depends on how the checker is written)")


CORRECT = I.check_n_inputs(0, (4, 5, 3, 1), 3)
CORRECT_M1 = I.check_n_inputs(1, (2, 3, 2, 1), 1)

ASSIGNMENT = Assignment(
    id="gradient_checking",
    title="Gradient checking",
    student_file="gradient_checking.py",
    modules=("reference.gradient_checking",),
    exercises=[Exercise.from_files(EXERCISES, "epsilon_sweep"), Exercise.from_files(EXERCISES, "find_the_bug")],
    functions=[
        Function("forward_propagation", [
            Shapes("scalar", 0.5, [ONE_D(0)]),
            KnownValue("known value", 1, (W.X_1D, W.THETA_1D), W.J_1D, description="J = 4 * 3 = 12"),
            CompareToReference("randomized", 1, ONE_D.grid(seeds=(0, 1, 2, 3))),
            Properties("properties", 0.5, [ONE_D(5)]),
        ]),
        Function("backward_propagation", [
            Shapes("scalar", 0.5, [ONE_D(0)]),
            KnownValue("known value", 1, (W.X_1D, W.THETA_1D), W.DTHETA_1D, description="dJ/dtheta = x = 3"),
            GradientCheck("gradient check", 1, ONE_D.grid(seeds=(1, 2)), of=lambda x, theta: theta * x,
                          wrt={"theta": "dtheta"}),
            CompareToReference("randomized", 1, ONE_D.grid(seeds=(0, 1, 2, 3))),
            Properties("properties", 0.5, [ONE_D(5)]),
        ]),
        Function("gradient_check", [
            Shapes("scalar", 1, [ONE_D(0)]),
            KnownValue("x = 3, theta = 4", 1, (W.X_1D, W.THETA_1D), I.NOISE_CENTER, rtol=I.NOISE_RTOL,
                       description="the course's example; any difference in [1e-16, 1e-7] passes (rounding "
                                   "noise: the course printed 2.9e-10, the reference gets 7.8e-11)"),
            KnownValue("gradapprox above grad", 1.5, W.NEGATIVE_NUMERATOR, I.NOISE_CENTER, rtol=I.NOISE_RTOL,
                       description="x = 0.7, theta = -3.1: grad - gradapprox < 0, the numerator needs abs(); any "
                                   "difference in [1e-16, 1e-7] passes"),
            KnownValue("negative x", 1.5, W.NEGATIVE_X, I.NOISE_CENTER, rtol=I.NOISE_RTOL,
                       description="x = -2.5, theta = 1.3: |grad| + |gradapprox| in the denominator; any "
                                   "difference in [1e-16, 1e-7] passes"),
            Properties("properties", 1, [ONE_D(5)]),
        ]),
        Function("forward_propagation_n", [
            Shapes("shape", 1, nets(I.forward_n_inputs, seeds=(0,))),
            KnownValue("worked example", 2, (W.N_X, W.N_Y, W.N_PARAMETERS), W.N_COST, outputs=("cost",),
                       context={"m": 2}, description="a 1-1-1-1 network on two examples, worked by hand"),
            CompareToReference("randomized", 2, nets(I.forward_n_inputs)),
            Properties("properties", 1, nets(I.forward_n_inputs, seeds=(5,))),
        ]),
        Function("backward_propagation_n", [
            Shapes("shape", 1, nets(I.backward_n_inputs, seeds=(0,))),
            GradientCheck("gradient check", 3, nets(I.backward_n_inputs, seeds=(1,)), of=I.cost_from_cache,
                          wrt={f"cache.{i}": f"gradients.d{k}" for k, i in
                               zip(("W1", "b1", "W2", "b2", "W3", "b3"), (2, 3, 6, 7, 10, 11), strict=True)},
                          description="dW and db against central differences of the cost"),
            CompareToReference("randomized", 2, nets(I.backward_n_inputs)),
            Properties("properties", 1, nets(I.backward_n_inputs, seeds=(5,))),
        ]),
        Function("dictionary_to_vector", [
            Shapes("shape", 0.5, [I.parameters_inputs(0, d) for d in NETS[:2]]),
            KnownValue("known values", 1.5, (W.VECTOR_PARAMETERS,), W.THETA, rtol=0.0,
                       description="W1, b1, W2, b2, W3, b3 in that order, rows first, from a dict listing the "
                                   "biases first"),
            CompareToReference("randomized", 1.5, grid(I.parameters_inputs, NETS, (False, True)), rtol=0.0),
            Properties("properties", 0.5, [I.parameters_inputs(5, NETS[0], True)]),
        ]),
        Function("vector_to_dictionary", [
            Shapes("shape", 0.5, [I.vector_inputs(0, d) for d in NETS[:2]]),
            KnownValue("known values", 1.5, (W.THETA, W.VECTOR_DIMS), W.VECTOR_PARAMETERS, rtol=0.0,
                       description="the inverse of dictionary_to_vector's example",
                       twin=I.vector_inputs(7, W.VECTOR_DIMS)),  # theta's size must match layer_dims
            CompareToReference("randomized", 1.5, grid(I.vector_inputs, NETS), rtol=0.0),
            Properties("properties", 0.5, [I.vector_inputs(5, NETS[0])]),
        ]),
        Function("gradients_to_vector", [
            Shapes("shape", 0.5, [I.gradients_inputs(0, d, 2) for d in NETS[:2]]),
            KnownValue("known values", 1.5, (W.VECTOR_GRADIENTS,), W.THETA, rtol=0.0,
                       description="dW1, db1, ..., db3 only (dZ3 and dA1 left out), in layer order"),
            CompareToReference("randomized", 1.5, grid(I.gradients_inputs, NETS, (1, 4)), rtol=0.0),
            Properties("properties", 0.5, [I.gradients_inputs(5, NETS[0], 3)]),
        ]),
        Function("gradient_check_n", [
            Shapes("scalar", 1, [CORRECT]),
            noise("right gradients", 2, CORRECT.build(), "the gradients of a right backward pass, 4-5-3-1, m = 3"),
            noise("right gradients, m = 1", 1, CORRECT_M1.build(), "a right backward pass, 2-3-2-1, m = 1"),
            CompareToReference("planted bugs", 3, [I.check_n_inputs(0, (4, 5, 3, 1), 3, "both"),
                                                   I.check_n_inputs(1, (2, 3, 2, 1), 1, "dW2 doubled")],
                               visibility="public", rtol=1e-5,
                               description="dW2 doubled and db1 times 4: a difference of 1e-2 to 0.3, compared "
                                           "with the reference within 1e-5"),
            CompareToReference("epsilon = 1e-2", 2, [I.check_n_inputs(2, (3, 4, 2, 1), 6, "", 1e-2)],
                               visibility="public", rtol=1e-5,
                               description="right gradients with a large step: the central difference's error "
                                           "(of order epsilon^2) gives a stable difference"),
            CompareToReference("randomized", 3, nets(I.check_n_inputs, "db1 times 4")
                               + nets(I.check_n_inputs, "dW3 sign", seeds=(3,))
                               + nets(I.check_n_inputs, "", 1e-2, seeds=(4,)), rtol=1e-5),
            Properties("properties", 1, [I.check_n_inputs(5, (3, 4, 2, 1), 2, "dW2 doubled")]),
        ]),
    ],
)
