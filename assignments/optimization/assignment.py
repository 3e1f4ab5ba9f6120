"""optimization: mini-batch gradient descent, momentum, Adam and learning-rate decay (chapter 2 §7).

Instructors only. Every check by kind:

- shapes (public): dict keys and array shapes on networks of 1, 2 and 3
  layers; the number and sizes of the mini-batches when ``m`` is a multiple
  of the batch size, when it is not (the last, partial batch) and when it
  is smaller than the batch size;
- known values (public), worked by hand in ``worked_examples.py``: one step
  of each optimizer on a tiny two-layer network, Adam at ``t = 1`` and
  ``t = 2`` (bias correction with ``beta1 ** t`` and ``beta2 ** t``) and
  with a large ``epsilon`` (outside the square root), mini-batches of a
  known permutation, decayed learning rates on either side of an interval;
- randomized comparisons with the reference (hidden): networks of 1 to 3
  layers, random hyper-parameters (``beta1`` and ``beta2`` swapped, a
  hard-coded default, a ``t`` off by one all show), optimizer states that
  are not zero, mini-batches of many sizes and seeds (X and Y shuffled by
  the same permutation);
- properties (hidden): exact types and keys, float zeros, finite values;
  ``initialize_*`` leave ``parameters`` unchanged, ``update_*`` may update
  in place (the course's rule).

No function calls another graded one, so there is nothing to cascade.
"""

from __future__ import annotations

from pathlib import Path

from grader.author import (
    Arguments,
    Assignment,
    CompareToReference,
    Exercise,
    Function,
    Inputs,
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
I = load_sibling(__file__, "inputs")  # noqa: E741
EXERCISES = Path(__file__).with_name("exercises")

# Layer sizes of networks of 1, 2 and 3 layers: a single unit, non-square weights, n[l-1] = 1.
DIMS = {1: ("n0", "n1"), 2: ("n0", "n1", "n2"), 3: ("n0", "n1", "n2", "n3")}
SIZES = {1: {"n0": (1, 3), "n1": (2,)}, 2: {"n0": (4,), "n1": (1, 3), "n2": (1,)},
         3: {"n0": (3,), "n1": (5,), "n2": (2,), "n3": (1,)}}


def params(depth: int) -> Arguments:
    return arguments(parameters=I.layers(*DIMS[depth]))


def gd(depth: int) -> Arguments:
    return arguments(parameters=I.layers(*DIMS[depth]), grads=I.layers(*DIMS[depth], prefix="d"),
                     learning_rate=uniform(0.01, 1.0))


def momentum(depth: int) -> Arguments:
    d = DIMS[depth]
    return arguments(parameters=I.layers(*d), grads=I.layers(*d, prefix="d"),
                     v=I.layers(*d, prefix="d", scale=0.5), beta=uniform(0.5, 0.99),
                     learning_rate=uniform(0.01, 1.0))


def adam(depth: int) -> Arguments:
    """Random state and hyper-parameters (``t`` from the grid)."""
    d = DIMS[depth]
    return arguments(parameters=I.layers(*d), grads=I.layers(*d, prefix="d"),
                     v=I.layers(*d, prefix="d", scale=0.3), s=I.layers(*d, prefix="d", scale=0.3, positive=True),
                     t=size("t"), learning_rate=uniform(0.001, 0.1), beta1=uniform(0.6, 0.95),
                     beta2=uniform(0.95, 0.9999), epsilon=uniform(1e-3, 0.3))


def adam_defaults(depth: int) -> Arguments:
    """Only the five positional arguments: the default hyper-parameters."""
    d = DIMS[depth]
    return arguments(parameters=I.layers(*d), grads=I.layers(*d, prefix="d"),
                     v=I.layers(*d, prefix="d", scale=0.3), s=I.layers(*d, prefix="d", scale=0.3, positive=True),
                     t=size("t"))


def every_depth(make, seeds=(0, 1, 2), **extra) -> list[Inputs]:  # type: ignore[no-untyped-def]
    return [i for depth in (1, 2, 3) for i in make(depth).grid(seeds=seeds, **SIZES[depth], **extra)]


def one_of_each(make, seed: int = 0, **extra) -> list[Inputs]:  # type: ignore[no-untyped-def]
    return [make(depth)(seed, **{k: v[-1] for k, v in SIZES[depth].items()}, **extra) for depth in (1, 2, 3)]


MINI = arguments(X=normal("n_x", "m"), Y=labels(1, "m"), mini_batch_size=size("b"), seed=size("k"))
MINI_DEFAULTS = arguments(X=normal("n_x", "m"), Y=labels(1, "m"))
# (m, batch size): a multiple, not a multiple (the last batch), m < batch size, batches of 1, m = 1
MINI_SHAPES = [MINI(0, n_x=3, m=m, b=b, k=1) for m, b in ((8, 4), (11, 4), (3, 8), (3, 1), (1, 2))]
MINI_RANDOM = [MINI(s, n_x=n, m=m, b=b, k=k) for s, (n, m, b, k) in enumerate(
    ((2, 128, 64, 0), (3, 148, 64, 3), (1, 10, 64, 7), (4, 7, 2, 11), (2, 6, 3, 5), (3, 33, 8, 2),
     (1, 1, 1, 4), (5, 20, 16, 9)))]

LR = arguments(learning_rate0=uniform(0.01, 1.0), epoch_num=I.integer(0, 300), decay_rate=uniform(0.1, 2.0))
SCHEDULE = arguments(learning_rate0=uniform(0.01, 1.0), epoch_num=I.integer(0, 300),
                     decay_rate=uniform(0.1, 2.0), time_interval=I.integer(3, 40))
SCHEDULE_DEFAULT = arguments(learning_rate0=uniform(0.01, 1.0), epoch_num=I.integer(0, 4500),
                             decay_rate=uniform(0.1, 2.0))
SEEDS = tuple(range(6))

ADAM_1 = (W.PARAMETERS, W.GRADS_1, W.ZEROS_V, W.ZEROS_S, 1)
ADAM_2 = (W.ADAM_AFTER_1, W.GRADS_2, W.ADAM_V_1, W.ADAM_S_1, 2)

ASSIGNMENT = Assignment(
    id="optimization",
    title="Optimization: mini-batches, momentum, Adam and learning-rate decay",
    student_file="optimization.py",
    modules=("reference.optimization",),
    provided=("opt_utils.py",),
    exercises=[Exercise.from_files(EXERCISES, "compare_optimizers"), Exercise.from_files(EXERCISES, "decay")],
    functions=[
        Function("update_parameters_with_gd", [
            Shapes("shape", 1, one_of_each(gd)),
            KnownValue("one step worked by hand", 2, (W.PARAMETERS, W.GRADS_1, W.GD_LEARNING_RATE), W.GD_AFTER,
                       description="W := W - 0.5 dW on a two-layer network"),
            CompareToReference("randomized", 2, every_depth(gd)),
            Properties("properties", 1, one_of_each(gd, seed=5)),
        ]),
        Function("random_mini_batches", [
            Shapes("shape", 2, MINI_SHAPES,
                   description="m a multiple of the batch size, not a multiple, smaller, batches of 1, m = 1"),
            KnownValue("a known permutation", 2, (W.MINI_X, W.MINI_Y, 2, 0), W.MINI_BATCHES,
                       description="seed 0 shuffles 5 columns into the order 2, 0, 1, 3, 4: batches "
                                   "[2, 0], [1, 3] and the last one [4]"),
            CompareToReference("randomized", 2, MINI_RANDOM,
                               description="X and Y shuffled by one permutation, every batch size"),
            CompareToReference("defaults", 1, [MINI_DEFAULTS(0, n_x=2, m=150), MINI_DEFAULTS(1, n_x=3, m=64)],
                               description="mini_batch_size = 64 and seed = 0 when they are not given"),
            Properties("properties", 1, [MINI(5, n_x=3, m=10, b=4, k=2)]),
        ]),
        Function("initialize_velocity", [
            Shapes("shape", 1, one_of_each(params)),
            CompareToReference("zeros", 1, one_of_each(params, seed=1), visibility="public"),
            Properties("properties", 1, one_of_each(params, seed=2)),
        ]),
        Function("update_parameters_with_momentum", [
            Shapes("shape", 1, one_of_each(momentum)),
            KnownValue("one step worked by hand", 2, (W.PARAMETERS, W.GRADS_1, W.MOMENTUM_V_IN, W.MOMENTUM_BETA,
                                                      W.MOMENTUM_LEARNING_RATE),
                       (W.MOMENTUM_AFTER, W.MOMENTUM_V_OUT),
                       description="beta = 0.9 from a velocity that is not zero; the step uses the new velocity"),
            CompareToReference("randomized", 3, every_depth(momentum),
                               description="random beta, learning rate and velocities"),
            Properties("properties", 1, one_of_each(momentum, seed=5)),
        ]),
        Function("initialize_adam", [
            Shapes("shape", 1, one_of_each(params)),
            CompareToReference("zeros", 1, one_of_each(params, seed=1), visibility="public"),
            Properties("properties", 1, one_of_each(params, seed=2)),
        ]),
        Function("update_parameters_with_adam", [
            Shapes("shape", 1, one_of_each(adam_defaults, t=1)),
            KnownValue("first step (t = 1) worked by hand", 2, ADAM_1, W.ADAM_STEP_1,
                       description="from v = s = 0: v_corrected = g and s_corrected = g^2"),
            KnownValue("second step (t = 2) worked by hand", 2, ADAM_2, W.ADAM_STEP_2,
                       description="the corrections divide by 1 - 0.9^2 = 0.19 and 1 - 0.999^2 = 0.001999"),
            KnownValue("epsilon = 0.1 worked by hand", 1, (*ADAM_1, 0.01, 0.9, 0.999, W.ADAM_EPSILON),
                       W.ADAM_AFTER_EPSILON, outputs=("parameters",),
                       description="epsilon is added to the square root, not under it"),
            CompareToReference("randomized, default hyper-parameters", 2,
                               every_depth(adam_defaults, seeds=(0, 1), t=(1, 3, 10))),
            CompareToReference("randomized hyper-parameters", 2, every_depth(adam, seeds=(0, 1), t=(2, 5)),
                               description="random beta1, beta2, epsilon and learning rate, moments not zero"),
            Properties("properties", 1, one_of_each(adam, seed=5, t=4)),
        ]),
        Function("update_lr", [
            Shapes("scalar", 0.5, [LR(0)]),
            *[KnownValue(f"known value {k + 1}", 0.5, args, value, description=f"update_lr{args} = {value:.6g}")
              for k, (args, value) in enumerate(W.UPDATE_LR)],
            CompareToReference("randomized", 1, [LR(s) for s in SEEDS]),
            Properties("properties", 0.5, [LR(7)]),
        ]),
        Function("schedule_lr_decay", [
            Shapes("scalar", 0.5, [SCHEDULE(0)]),
            *[KnownValue(f"known value {k + 1}", 0.5, args, value,
                         description=f"schedule_lr_decay{args} = {value:.6g}")
              for k, (args, value) in enumerate(W.SCHEDULE_LR)],
            CompareToReference("randomized", 1, [SCHEDULE(s) for s in SEEDS], description="random time intervals"),
            CompareToReference("default interval", 0.5, [SCHEDULE_DEFAULT(s) for s in SEEDS],
                               description="time_interval = 1000 when it is not given"),
            Properties("properties", 0.5, [SCHEDULE(7), SCHEDULE_DEFAULT(8)]),
        ]),
    ],
)
