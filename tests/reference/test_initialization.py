"""The initialization reference: the worked examples recomputed without numpy's generator, shapes over
1-unit and non-square layers, the scales that tell He from its classic bugs, the symmetry of zeros, and
the notebook exercises."""

from __future__ import annotations

import contextlib
import importlib.util
import inspect
import io
import math
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from legacy_random import LegacyRandom

from reference import initialization as ref

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = ROOT / "assignments" / "initialization"
FUNCTIONS = ("initialize_parameters_zeros", "initialize_parameters_random", "initialize_parameters_he")
DIMS = [[1, 1], [3, 1], [4, 1, 3], [2, 3, 5, 4, 2, 1], [5, 7, 1], [1, 6, 1, 2, 1]]


def load_file(path: Path, name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


WE = load_file(ASSIGNMENT / "worked_examples.py", "initialization_worked_examples")


def expected_by_hand(dims: list[int], scale) -> dict[str, np.ndarray]:  # type: ignore[no-untyped-def]
    """W1, W2, ... filled row by row from a pure-Python seed-3 generator, times scale(n_prev, n)."""
    rng = LegacyRandom(3)
    out = {}
    for l in range(1, len(dims)):
        n_prev, n = dims[l - 1], dims[l]
        draws = [rng.gauss() for _ in range(n * n_prev)]
        out[f"W{l}"] = np.array(draws).reshape(n, n_prev) * scale(n_prev, n)
        out[f"b{l}"] = np.zeros((n, 1))
    return out


def assert_same(got: dict[str, np.ndarray], expected: dict[str, np.ndarray], rtol: float = 1e-13) -> None:
    assert list(got) == list(expected)
    for key in expected:
        assert got[key].shape == expected[key].shape, key
        np.testing.assert_allclose(got[key], expected[key], rtol=rtol, atol=0, err_msg=key)


# ---------------------------------------------------------------- worked examples, recomputed


def test_the_seed_3_draws_are_numpys_legacy_gaussians():
    rng = LegacyRandom(3)
    assert [rng.gauss() for _ in range(12)] == WE.SEED_3_DRAWS


def test_worked_examples_agree_with_the_pure_python_generator_and_the_reference():
    assert_same(WE.RANDOM, expected_by_hand(WE.RANDOM_DIMS, lambda p, n: 10))
    assert_same(WE.HE, expected_by_hand(WE.HE_DIMS, lambda p, n: math.sqrt(2 / p)))
    assert_same(ref.initialize_parameters_random(WE.RANDOM_DIMS), WE.RANDOM)
    assert_same(ref.initialize_parameters_he(WE.HE_DIMS), WE.HE)
    assert_same(ref.initialize_parameters_zeros(WE.ZEROS_DIMS), WE.ZEROS, rtol=0)
    assert WE.RANDOM["W1"][0, 0] == pytest.approx(17.886284734303186, rel=1e-15)
    assert WE.HE["W2"][0, 0] == pytest.approx(-0.04381816897592824 * math.sqrt(0.5), rel=1e-15)


def test_the_classic_he_bugs_give_other_values_on_both_layers():
    """sqrt(1 / n[l-1]) and sqrt(2 / n[l]) differ from He on W1 and on W2 of the [2, 4, 1] example."""
    for bug in (lambda p, n: math.sqrt(1 / p), lambda p, n: math.sqrt(2 / n)):
        wrong = expected_by_hand(WE.HE_DIMS, bug)
        for key in ("W1", "W2"):
            assert not np.allclose(wrong[key], WE.HE[key], rtol=1e-3), key
    assert expected_by_hand(WE.HE_DIMS, lambda p, n: math.sqrt(1 / p))["W2"][0, 0] == pytest.approx(-0.02190908448796412)
    assert expected_by_hand(WE.HE_DIMS, lambda p, n: math.sqrt(2 / n))["W2"][0, 0] == pytest.approx(-0.06196824884411371)
    assert expected_by_hand(WE.RANDOM_DIMS, lambda p, n: 0.01)["W1"][0, 0] == pytest.approx(0.017886284734303186)


def test_seed_003s_network_has_66_parameters():
    parameters = ref.initialize_parameters_he(WE.SLIDE_DIMS)
    assert len(parameters) == 2 * (len(WE.SLIDE_DIMS) - 1) == 10  # L = 5
    assert sum(v.size for v in parameters.values()) == WE.SLIDE_PARAMETER_COUNT == 66


# ---------------------------------------------------------------- every size, every function


@pytest.mark.parametrize("dims", DIMS, ids=str)
def test_random_and_he_draw_the_layers_in_order_from_seed_3(dims):
    assert_same(ref.initialize_parameters_random(dims), expected_by_hand(dims, lambda p, n: 10))
    assert_same(ref.initialize_parameters_he(dims), expected_by_hand(dims, lambda p, n: math.sqrt(2 / p)))
    assert_same(ref.initialize_parameters_zeros(dims), expected_by_hand(dims, lambda p, n: 0.0), rtol=0)


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("dims", DIMS, ids=str)
def test_keys_shapes_float_zeros_biases_and_layers_dims_unchanged(name, dims):
    given = list(dims)
    np.random.seed(0)
    parameters = getattr(ref, name)(given)
    assert given == dims
    assert list(parameters) == [f"{p}{l}" for l in range(1, len(dims)) for p in ("W", "b")]
    for l in range(1, len(dims)):
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        assert W.shape == (dims[l], dims[l - 1]) and b.shape == (dims[l], 1)
        assert W.dtype == b.dtype == np.float64
        assert not b.any()


@pytest.mark.parametrize("name", FUNCTIONS[1:])
def test_the_seeded_functions_do_not_depend_on_the_callers_seed(name):
    np.random.seed(123)
    first = getattr(ref, name)([3, 4, 2])
    np.random.seed(9)
    assert_same(getattr(ref, name)([3, 4, 2]), first, rtol=0)


def test_he_and_random_have_the_scales_they_claim():
    """On a large layer the sample standard deviation is close to sqrt(2 / n[l-1]) and to 10."""
    he = ref.initialize_parameters_he([800, 400])["W1"]
    assert he.std() == pytest.approx(math.sqrt(2 / 800), rel=0.01)
    assert ref.initialize_parameters_random([800, 400])["W1"].std() == pytest.approx(10, rel=0.01)


def test_signatures_follow_the_course_api():
    assert ref.__all__ == list(FUNCTIONS)
    for name in FUNCTIONS:
        assert list(inspect.signature(getattr(ref, name)).parameters) == ["layers_dims"]


# ---------------------------------------------------------------- the symmetry of zeros


@pytest.fixture(scope="module")
def init_utils():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ASSIGNMENT))
    try:
        yield load_file(ASSIGNMENT / "init_utils.py", "init_utils")
    finally:
        sys.path.remove(str(ASSIGNMENT))


def test_zeros_keep_every_hidden_unit_equal_and_only_the_output_bias_moves(init_utils):
    X, Y, _, _ = init_utils.load_circles()
    parameters, costs = init_utils.model(X, Y, ref.initialize_parameters_zeros, num_iterations=300)
    assert costs[0] == pytest.approx(math.log(2), rel=1e-12)
    for key in ("W1", "b1", "W2", "b2", "W3"):
        assert not parameters[key].any(), key  # every gradient that reaches them is exactly 0
    assert init_utils.accuracy(X, Y, parameters) == 0.5  # one class everywhere, half of each class


def test_a_constant_start_stays_symmetric_while_he_does_not(init_utils):
    X, Y, _, _ = init_utils.load_circles()

    def constant(dims):  # type: ignore[no-untyped-def]
        return {k: v + 0.5 if k.startswith("W") else v for k, v in ref.initialize_parameters_zeros(dims).items()}

    symmetric, _ = init_utils.model(X, Y, constant, num_iterations=300)
    assert len(np.unique(symmetric["W1"], axis=0)) == 1 and len(np.unique(symmetric["W2"], axis=0)) == 1
    assert symmetric["W1"].std() > 0  # it did learn: the columns moved, the rows stayed equal
    he, _ = init_utils.model(X, Y, ref.initialize_parameters_he, num_iterations=300)
    assert len(np.unique(he["W1"], axis=0)) == 10


def test_the_circles_are_balanced_and_the_costs_stay_finite_with_weights_times_10(init_utils):
    X, Y, Xt, Yt = init_utils.load_circles()
    assert X.shape == (2, 300) and Y.shape == (1, 300) and Xt.shape == (2, 100) and Yt.shape == (1, 100)
    assert Y.mean() == 0.5 and Yt.mean() == 0.5
    _, costs = init_utils.model(X, Y, ref.initialize_parameters_random, num_iterations=101)
    assert np.isfinite(costs).all() and costs[0] > 100  # saturated sigmoid: a huge but finite first cost


# ---------------------------------------------------------------- notebook exercises


def run_exercise(name: str) -> tuple[str, list]:  # type: ignore[type-arg]
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.close("all")
    code = (ASSIGNMENT / "exercises" / f"{name}.py").read_text()
    assert (ASSIGNMENT / "exercises" / f"{name}.md").read_text().startswith("## ")
    out = io.StringIO()
    sys.path.insert(0, str(ASSIGNMENT))
    sys.modules.pop("init_utils", None)
    start = time.perf_counter()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, f"{name}.py", "exec"), {n: getattr(ref, n) for n in FUNCTIONS})
    finally:
        sys.path.remove(str(ASSIGNMENT))
    assert time.perf_counter() - start < 20
    axes = [ax for n in plt.get_fignums() for ax in plt.figure(n).axes]
    plt.close("all")
    return out.getvalue(), axes


def test_the_comparison_exercise_trains_three_networks_and_plots_costs_and_boundaries():
    printed, axes = run_exercise("compare_initializations")
    assert "zeros: cost 0.6931 -> 0.6931, train accuracy 50.0%, test accuracy 50.0%" in printed
    random_line = next(line for line in printed.splitlines() if line.startswith("random x 10"))
    assert float(random_line.split("cost ")[1].split(" ")[0]) > 100
    he_line = next(line for line in printed.splitlines() if line.startswith("He"))
    assert float(he_line.split("test accuracy ")[1].rstrip("%")) >= 95
    assert len(axes) == 4 and len(axes[0].lines) == 3 and axes[0].get_yscale() == "log"


def test_the_symmetry_exercise_counts_one_distinct_unit_for_symmetric_starts():
    printed, axes = run_exercise("zero_symmetry")
    assert "zeros: distinct units in layer 1: 1 of 10, in layer 2: 1 of 5" in printed
    assert "all weights 0.5: distinct units in layer 1: 1 of 10, in layer 2: 1 of 5" in printed
    assert "He: distinct units in layer 1: 10 of 10, in layer 2: 5 of 5" in printed
    assert len([ax for ax in axes if ax.images]) == 3
