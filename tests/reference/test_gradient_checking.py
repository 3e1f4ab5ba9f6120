"""The gradient_checking reference: the 1-D check, the vector helpers, the checker on right gradients
(rounding noise) and on planted bugs, and the exercises (values recomputed independently)."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import numpy as np
import pytest

from reference import gradient_checking as ref

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = ROOT / "assignments" / "gradient_checking"


def load_file(path: Path, name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


WE = load_file(ASSIGNMENT / "worked_examples.py", "gc_worked_examples")


def network(seed, dims=(4, 5, 3, 1), m=3):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((dims[0], m))
    Y = (np.arange(m) % 2 == 0).astype(float).reshape(1, m)
    p = {}
    for l in range(1, 4):
        p[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) / 2
        p[f"b{l}"] = rng.standard_normal((dims[l], 1)) * 0.3
    return X, Y, p


def test_one_d():
    assert ref.forward_propagation(3.0, 4.0) == 12.0 and ref.backward_propagation(3.0, 4.0) == 3.0


@pytest.mark.parametrize("x, theta", [(3.0, 4.0), WE.NEGATIVE_NUMERATOR, WE.NEGATIVE_X])
def test_one_d_check_is_rounding_noise_inside_the_window(x, theta):
    d = ref.gradient_check(x, theta)
    assert 1e-14 < d < 1e-8  # well inside [1e-16, 1e-7], on both sides


def test_the_chosen_1d_inputs_expose_a_missing_abs():
    x, theta = WE.NEGATIVE_NUMERATOR
    gradapprox = (x * (theta + 1e-7) - x * (theta - 1e-7)) / 2e-7
    assert x - gradapprox < 0
    assert WE.NEGATIVE_X[0] < 0


def test_the_noise_window_accepts_exactly_its_interval():
    I = load_file(ASSIGNMENT / "inputs.py", "gc_inputs")  # noqa: E741
    e, r = I.NOISE_CENTER, I.NOISE_RTOL
    assert math.isclose((1 - r) * e, 1e-16, rel_tol=1e-9) and math.isclose(e / (1 - r), 1e-7, rel_tol=1e-9)


def test_worked_cost_by_hand():
    a = 1 / (1 + math.e)
    cost = (math.log(2) - math.log(1 - a)) / 2
    assert math.isclose(cost, WE.N_COST, rel_tol=1e-15)
    assert math.isclose(ref.forward_propagation_n(WE.N_X, WE.N_Y, WE.N_PARAMETERS)[0], cost, rel_tol=1e-14)


def test_vector_helpers_order_and_round_trip():
    theta = ref.dictionary_to_vector(WE.VECTOR_PARAMETERS)
    assert np.array_equal(theta, np.arange(1.0, 12.0).reshape(11, 1))
    back = ref.vector_to_dictionary(theta, WE.VECTOR_DIMS)
    assert all(np.array_equal(back[k], WE.VECTOR_PARAMETERS[k]) for k in WE.VECTOR_PARAMETERS)
    assert np.array_equal(ref.gradients_to_vector(WE.VECTOR_GRADIENTS), theta)
    _, _, p = network(0)
    assert np.array_equal(ref.dictionary_to_vector(ref.vector_to_dictionary(ref.dictionary_to_vector(p), [4, 5, 3, 1])),
                          ref.dictionary_to_vector(p))


def test_backward_n_against_an_independent_central_difference():
    X, Y, p = network(1)
    g = ref.backward_propagation_n(X, Y, ref.forward_propagation_n(X, Y, p)[1])
    for k in ("W1", "b1", "W2", "b2", "W3", "b3"):
        num = np.zeros_like(p[k])
        for i in np.ndindex(p[k].shape):
            old = p[k][i]
            p[k][i] = old + 1e-6
            fp = ref.forward_propagation_n(X, Y, p)[0]
            p[k][i] = old - 1e-6
            fm = ref.forward_propagation_n(X, Y, p)[0]
            p[k][i] = old
            num[i] = (fp - fm) / 2e-6
        assert np.allclose(g["d" + k], num, rtol=1e-5, atol=1e-9), k


def test_the_checker_separates_right_gradients_from_planted_bugs():
    X, Y, p = network(2)
    before = {k: v.copy() for k, v in p.items()}
    g = ref.backward_propagation_n(X, Y, ref.forward_propagation_n(X, Y, p)[1])
    assert ref.gradient_check_n(p, g, X, Y) < 1e-8
    bug = {**g, "dW2": g["dW2"] * 2, "db1": g["db1"] * 4}
    assert ref.gradient_check_n(p, bug, X, Y) > 1e-3
    assert all(np.array_equal(p[k], before[k]) for k in p)
    # epsilon = 1e-2: the central difference's O(eps^2) error, far above noise and far below a one-sided error
    assert 1e-9 < ref.gradient_check_n(p, g, X, Y, 1e-2) < 1e-4


def test_print_msg(capsys):
    ref.gradient_check(3.0, 4.0, print_msg=True)
    assert "works perfectly fine" in capsys.readouterr().out


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("exercise", ["epsilon_sweep", "find_the_bug"])
def test_the_exercises_run_with_the_reference(exercise, capsys):
    import matplotlib

    matplotlib.use("Agg")
    ns = {name: getattr(ref, name) for name in dir(ref) if not name.startswith("_")}
    exec((ASSIGNMENT / "exercises" / f"{exercise}.py").read_text(), ns)
    out = capsys.readouterr().out
    if exercise == "find_the_bug":
        errors = dict(line.split(": ") for line in out.splitlines()[1:])
        assert float(errors["W2"]) > 0.3 and float(errors["b1"]) > 0.5 and float(errors["W1"]) < 1e-6
