"""The activations reference: worked values against mpmath, derivatives against central differences,
the convention at 0, types and shapes, arguments left unchanged, and the notebook exercises."""

from __future__ import annotations

import contextlib
import importlib.util
import inspect
import io
import re
import time
from pathlib import Path

import mpmath
import numpy as np
import pytest

from reference import activation_functions as ref

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = ROOT / "assignments" / "activations"
FUNCTIONS = ("sigmoid", "sigmoid_derivative", "tanh", "tanh_derivative", "relu", "relu_derivative",
             "leaky_relu", "leaky_relu_derivative")
PAIRS = [("sigmoid", "sigmoid_derivative"), ("tanh", "tanh_derivative"), ("relu", "relu_derivative"),
         ("leaky_relu", "leaky_relu_derivative")]
RTOL = 1e-12


def load_file(path: Path, name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


WE = load_file(ASSIGNMENT / "worked_examples.py", "activations_worked_examples")


def close(actual, expected) -> bool:  # type: ignore[no-untyped-def]
    return np.shape(actual) == np.shape(expected) and np.allclose(actual, expected, rtol=RTOL, atol=0)


# ---------------------------------------------------------------- worked values, recomputed with mpmath

mpmath.mp.dps = 40


def mp_sigmoid(z: float) -> mpmath.mpf:
    return 1 / (1 + mpmath.exp(-mpmath.mpf(z)))


def mp_values(f, z):  # type: ignore[no-untyped-def]
    return np.array([float(f(v)) for v in np.asarray(z, dtype=float).flat]).reshape(np.shape(z))


def test_sigmoid_worked_values_agree_with_mpmath_and_the_reference():
    assert close(mp_values(mp_sigmoid, WE.SIGMOID_Z), WE.SIGMOID_A)
    assert close(mp_values(lambda v: mp_sigmoid(v) * (1 - mp_sigmoid(v)), WE.SIGMOID_Z), WE.SIGMOID_DERIVATIVE)
    assert close(ref.sigmoid(WE.SIGMOID_Z), WE.SIGMOID_A)
    assert close(ref.sigmoid_derivative(WE.SIGMOID_Z), WE.SIGMOID_DERIVATIVE)
    assert ref.sigmoid(np.zeros(1))[0] == 0.5 and ref.sigmoid_derivative(np.zeros(1))[0] == 0.25


def test_the_slides_values_are_what_the_comments_say():
    # seed 004: sigmoid(0.52) printed 0.62 (truncated), the second unit's sum printed 0.55 (it is 0.20)
    assert round(float(ref.sigmoid(np.array([0.52]))[0]), 2) == 0.63
    assert np.isclose(0.2 * 0.2 + 0.5 * 0.3 + -0.9 * 0.1 + 0.1, 0.20)
    assert round(float(ref.sigmoid(np.array([0.20]))[0]), 4) == 0.5498
    assert round(float(ref.sigmoid(np.array([1.22]))[0]), 2) == 0.77
    assert round(float(ref.sigmoid(np.array([0.756]))[0]), 2) == 0.68
    # seed 004's "scaled version of the sigmoid": tanh(z) = 2 sigmoid(2z) - 1
    z = np.linspace(-4, 4, 33)
    assert np.allclose(ref.tanh(z), 2 * ref.sigmoid(2 * z) - 1, rtol=1e-12, atol=1e-15)


def test_tanh_worked_values_agree_with_mpmath_and_the_reference():
    assert close(mp_values(mpmath.tanh, WE.TANH_Z), WE.TANH_A)
    assert close(mp_values(lambda v: 1 - mpmath.tanh(v) ** 2, WE.TANH_Z), WE.TANH_DERIVATIVE)
    assert close(ref.tanh(WE.TANH_Z), WE.TANH_A)
    assert np.allclose(ref.tanh_derivative(WE.TANH_Z), WE.TANH_DERIVATIVE, rtol=1e-7, atol=0)  # 1 - a^2 at z = 10
    assert close(ref.tanh_derivative(WE.TANH_Z[:-1]), WE.TANH_DERIVATIVE[:-1])
    assert ref.tanh(np.zeros(1))[0] == 0.0 and ref.tanh_derivative(np.zeros(1))[0] == 1.0


def test_relu_and_leaky_relu_worked_values():
    assert np.array_equal(ref.relu(WE.RELU_Z), WE.RELU_A)
    assert np.array_equal(ref.relu_derivative(WE.RELU_Z), WE.RELU_DERIVATIVE)
    assert close(ref.leaky_relu(WE.RELU_Z), WE.LEAKY_A_DEFAULT)
    assert close(ref.leaky_relu(WE.RELU_Z, WE.LEAKY_ALPHA), WE.LEAKY_A_ALPHA)
    assert np.array_equal(ref.leaky_relu_derivative(WE.RELU_Z), WE.LEAKY_DERIVATIVE_DEFAULT)
    assert np.array_equal(ref.leaky_relu_derivative(WE.RELU_Z, WE.LEAKY_ALPHA), WE.LEAKY_DERIVATIVE_ALPHA)
    # max(alpha z, z), the seeds' formula, for 0 < alpha < 1
    for alpha in (0.01, 0.2, 0.5):
        assert close(ref.leaky_relu(WE.RELU_Z, alpha), np.maximum(alpha * WE.RELU_Z, WE.RELU_Z))


def test_the_convention_at_zero():
    """Seed 003's table: ReLU' and leaky ReLU' are 1 at z = 0 (ints and floats, -0.0 too); the functions are 0."""
    assert np.array_equal(ref.relu_derivative(WE.RELU_AT_ZERO_Z), WE.RELU_AT_ZERO_DERIVATIVE)
    assert np.array_equal(ref.leaky_relu_derivative(WE.RELU_AT_ZERO_Z), WE.LEAKY_AT_ZERO_DERIVATIVE)
    assert np.array_equal(ref.relu(WE.RELU_AT_ZERO_Z), WE.RELU_AT_ZERO_A)
    assert close(ref.leaky_relu(WE.RELU_AT_ZERO_Z), WE.LEAKY_AT_ZERO_A)
    zeros = np.array([0.0, -0.0])
    assert ref.relu_derivative(zeros).tolist() == [1.0, 1.0]
    assert ref.leaky_relu_derivative(zeros, 0.3).tolist() == [1.0, 1.0]
    assert ref.relu(zeros).tolist() == [0.0, 0.0] and ref.leaky_relu(zeros).tolist() == [0.0, 0.0]


# ---------------------------------------------------------------- derivatives against central differences


@pytest.mark.parametrize("function, derivative", PAIRS)
@pytest.mark.parametrize("shape", [(1,), (3, 4), (2, 3, 2)], ids=["1d", "2d", "3d"])
def test_each_derivative_matches_central_differences_away_from_zero(function, derivative, shape):
    rng = np.random.default_rng(11)
    z = rng.uniform(0.05, 6.0, shape) * rng.choice([-1.0, 1.0], shape)  # away from the kink at 0
    h = 1e-6
    extra = (0.15,) if function.startswith("leaky") else ()
    f = getattr(ref, function)
    numeric = (f(z + h, *extra) - f(z - h, *extra)) / (2 * h)
    analytic = getattr(ref, derivative)(z, *extra)
    assert analytic.shape == z.shape
    rel = np.linalg.norm(analytic - numeric) / (np.linalg.norm(analytic) + np.linalg.norm(numeric))
    assert rel < 1e-8


def test_saturation_figures_of_the_exercise():
    z = np.array([0.0, 5.0, -5.0, 10.0, -10.0])
    s, t = ref.sigmoid_derivative(z), ref.tanh_derivative(z)
    assert s[0] == 0.25 and t[0] == 1.0
    assert np.allclose(s[1:3], 0.006648056670790155) and np.allclose(t[1:3], 0.0001815832309438067)
    assert np.allclose(s[3:], 4.539580773595167e-05) and np.allclose(t[3:], 8.244614455767397e-09, rtol=1e-6)
    assert 0.25 ** 10 < 1e-6 < 0.25 ** 9 and 0.25 ** 8 < s[3] < 0.25 ** 7


# ---------------------------------------------------------------- types, shapes, no mutation


def call(name: str, z):  # type: ignore[no-untyped-def]
    return getattr(ref, name)(z)


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("z", [np.array([[-2, 0, 3], [1, -1, 0]]), np.arange(-3, 4), np.array([[[5]]])],
                         ids=["int-2d", "int-1d", "int-3d"])
def test_int_input_gives_a_new_float_array_and_z_is_left_unchanged(name, z):
    before = z.copy()
    out = call(name, z)
    assert isinstance(out, np.ndarray) and out.dtype == np.float64 and out.shape == z.shape
    assert np.array_equal(z, before) and z.dtype == before.dtype
    assert not np.shares_memory(out, z)
    assert np.array_equal(out, call(name, z.astype(float)))


@pytest.mark.parametrize("name", FUNCTIONS)
def test_float_input_gives_a_new_array_of_the_same_shape(name):
    z = np.random.default_rng(3).standard_normal((4, 5))
    before = z.copy()
    out = call(name, z)
    assert out.shape == z.shape and out.dtype == np.float64 and not np.shares_memory(out, z)
    assert np.array_equal(z, before)
    assert np.all(np.isfinite(out))


def test_large_inputs_stay_finite_without_overflow():
    z = np.array([-800.0, -40.0, 40.0, 800.0])
    with np.errstate(over="ignore", under="ignore"):  # sigmoid's e^800 overflows to inf, and 1 / inf is the right 0
        assert ref.sigmoid(z).tolist() == [0.0, pytest.approx(4.248354255291589e-18), 1.0, 1.0]
    assert ref.tanh(z).tolist() == [-1.0, -1.0, 1.0, 1.0]
    assert ref.tanh_derivative(z).tolist() == [0.0, 0.0, 0.0, 0.0]


def test_signatures_follow_the_course_api():
    for name in FUNCTIONS:
        params = inspect.signature(getattr(ref, name)).parameters
        expected = ["z", "alpha"] if name.startswith("leaky") else ["z"]
        assert list(params) == expected, name
        if name.startswith("leaky"):
            assert params["alpha"].default == 0.01
    assert ref.__all__ == list(FUNCTIONS)
    source = inspect.getsource(ref)
    assert re.search(r"def sigmoid_derivative.*?a = sigmoid\(z\)", source, re.S)
    assert re.search(r"def tanh_derivative.*?a = tanh\(z\)", source, re.S)


# ---------------------------------------------------------------- notebook exercises


@pytest.mark.parametrize("exercise", ["plot_activations", "saturation"])
def test_the_exercises_run_with_the_reference_in_under_five_seconds(exercise):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.close("all")  # figures other tests left open
    code = (ASSIGNMENT / "exercises" / f"{exercise}.py").read_text()
    intro = (ASSIGNMENT / "exercises" / f"{exercise}.md").read_text()
    assert intro.startswith("## ")
    out = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out):
        exec(compile(code, f"{exercise}.py", "exec"), {n: getattr(ref, n) for n in FUNCTIONS})
    assert time.perf_counter() - start < 5
    figures = [plt.figure(n) for n in plt.get_fignums()]
    assert len(figures) == 1
    axes = figures[0].axes
    plt.close("all")
    printed = out.getvalue()
    if exercise == "plot_activations":
        assert len(axes) == 4 and all(len(ax.lines) >= 2 for ax in axes)
        assert "sigmoid: g(0) = 0.5, g'(0) = 0.25" in printed and "tanh: g(0) = 0, g'(0) = 1" in printed
        assert "ReLU: g(0) = 0, g'(0) = 1" in printed
    else:
        assert len(axes) == 2 and "Drawbacks of Tanh and Sigmoid" in intro and "vanishing gradient" in intro
        assert "sigmoid: largest derivative 0.25 at z = 0" in printed
        assert "tanh: largest derivative 1 at z = 0" in printed
        assert "sigmoid: derivative at |z| = 5: 0.00665" in printed and "at |z| = 10: 4.54e-05" in printed
        assert "tanh: derivative at |z| = 5: 0.000182" in printed and "at |z| = 10: 8.24e-09" in printed
        assert "10 sigmoid layers" in printed
        # the introduction's figures are the ones printed
        assert "0.0066" in intro and "0.00018" in intro and "4.5 \\times 10^{-5}" in intro
