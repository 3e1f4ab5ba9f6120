"""The hyperparameters reference: the worked examples recomputed with a pure-Python generator and mpmath,
Python's round on halves, one permutation for X and Y, the first of equal trials, the log-scale claims of
the docstrings, and the notebook exercises."""

from __future__ import annotations

import contextlib
import importlib.util
import inspect
import io
import sys
import time
from pathlib import Path

import mpmath
import numpy as np
import pytest
from legacy_random import LegacyRandom

from reference import hyperparameters as ref

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = ROOT / "assignments" / "hyperparameters"
FUNCTIONS = ("sample_learning_rates", "sample_momentum_betas", "train_dev_split", "best_trial")
mpmath.mp.dps = 40


def load_file(path: Path, name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


WE = load_file(ASSIGNMENT / "worked_examples.py", "hyperparameters_worked_examples")


def exponents(seed: int, n: int, low: float, high: float) -> list[float]:
    rng = LegacyRandom(seed)
    return [rng.uniform(low, high) for _ in range(n)]


# ---------------------------------------------------------------- worked examples, recomputed


def test_the_seed_0_draws_are_numpys_legacy_doubles():
    rng = LegacyRandom(0)
    assert [rng.double() for _ in range(3)] == WE.SEED_0_UNIFORM


def test_learning_rates_worked_example_with_mpmath():
    expected = [float(mpmath.power(10, mpmath.mpf(r))) for r in exponents(0, 3, -4.0, 0.0)]
    np.testing.assert_allclose(WE.LEARNING_RATES, expected, rtol=1e-14, atol=0)
    np.testing.assert_allclose(ref.sample_learning_rates(3), WE.LEARNING_RATES, rtol=1e-14, atol=0)


def test_betas_worked_example_with_mpmath_from_the_float_bounds():
    low, high = float(mpmath.log10(mpmath.mpf(1 - 0.999))), float(mpmath.log10(mpmath.mpf(1 - 0.9)))
    assert (low, high) == (-2.9999999999999996, -1.0)  # 1 - 0.999 is not exactly 0.001 in float64
    expected = [float(1 - mpmath.power(10, mpmath.mpf(r))) for r in exponents(0, 3, low, high)]
    np.testing.assert_allclose(WE.BETAS, expected, rtol=1e-14, atol=0)
    np.testing.assert_allclose(ref.sample_momentum_betas(3), WE.BETAS, rtol=1e-14, atol=0)


def test_the_log_of_beta_bug_gives_the_values_the_comment_says():
    wrong = [10 ** r for r in exponents(0, 3, float(np.log10(0.9)), float(np.log10(0.999)))]
    assert [round(w, 4) for w in wrong] == [0.9531, 0.9697, 0.9584]


@pytest.mark.parametrize("seed, m", [(0, 10), (3, 14), (5, 1), (11, 37)])
def test_the_permutations_are_numpys_legacy_shuffle(seed, m):
    np.random.seed(seed)
    assert np.random.permutation(m).tolist() == LegacyRandom(seed).permutation(m)


@pytest.mark.parametrize("args, expected, seed", [
    ((WE.SPLIT_X, WE.SPLIT_Y, WE.SPLIT_FRACTION), WE.SPLIT, 0),
    ((WE.SPLIT14_X, WE.SPLIT14_Y, WE.SPLIT_FRACTION, WE.SPLIT14_SEED), WE.SPLIT14, WE.SPLIT14_SEED),
], ids=["m=10", "m=14"])
def test_split_worked_examples(args, expected, seed):
    X, Y = args[0], args[1]
    m = X.shape[1]
    order = LegacyRandom(seed).permutation(m)
    m_dev = {10: 2, 14: 4}[m]  # round(2.5) = 2, round(3.5) = 4
    by_hand = (X[:, order[m_dev:]], Y[:, order[m_dev:]], X[:, order[:m_dev]], Y[:, order[:m_dev]])
    for got, want, hand in zip(ref.train_dev_split(*args), expected, by_hand, strict=True):
        assert np.array_equal(got, want) and np.array_equal(want, hand)
    assert WE.SPLIT[2].tolist() == [[2.0, 8.0], [12.0, 18.0]] and WE.SPLIT[3].tolist() == [[0.0, 0.0]]


def test_best_trial_worked_example():
    trials = [dict(t) for t in WE.TRIALS]
    assert ref.best_trial(trials) is trials[1] and trials[1] == WE.BEST


# ---------------------------------------------------------------- the split


@pytest.mark.parametrize("m, fraction, m_dev", [(10, 0.25, 2), (14, 0.25, 4), (2, 0.25, 0), (5, 0.5, 2),
                                                (15, 0.5, 8), (1, 0.2, 0), (7, 0.3, 2), (100, 0.25, 25)])
def test_the_dev_set_size_is_pythons_round_halves_to_even(m, fraction, m_dev):
    X = np.arange(3.0 * m).reshape(3, m)
    Y = (np.arange(m) % 2).reshape(1, m).astype(float)
    X_train, Y_train, X_dev, Y_dev = ref.train_dev_split(X, Y, fraction, seed=4)
    assert X_dev.shape == (3, m_dev) and Y_dev.shape == (1, m_dev)
    assert X_train.shape == (3, m - m_dev) and Y_train.shape == (1, m - m_dev)


def test_one_permutation_keeps_every_example_with_its_label_and_leaves_the_arguments_unchanged():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((4, 23))
    Y = np.vstack([np.arange(23.0), -np.arange(23.0)])  # n_y = 2: the label names the column
    X0, Y0 = X.copy(), Y.copy()
    X_train, Y_train, X_dev, Y_dev = ref.train_dev_split(X, Y, 0.3, seed=8)
    assert np.array_equal(X, X0) and np.array_equal(Y, Y0)
    columns = np.concatenate([Y_dev[0], Y_train[0]]).astype(int)
    assert sorted(columns) == list(range(23)) and columns.tolist() != list(range(23))
    assert np.array_equal(np.hstack([X_dev, X_train]), X[:, columns])
    assert not np.shares_memory(X_dev, X) and not np.shares_memory(X_train, X)


# ---------------------------------------------------------------- sampling


def test_samplers_are_seeded_by_their_argument_only():
    np.random.seed(99)
    first = ref.sample_learning_rates(5, seed=7)
    np.random.seed(1)
    assert np.array_equal(ref.sample_learning_rates(5, seed=7), first)
    assert not np.array_equal(ref.sample_learning_rates(5, seed=8), first)
    assert np.array_equal(ref.sample_momentum_betas(4, seed=7), ref.sample_momentum_betas(4, seed=7))


def test_the_log_scale_claims_of_the_docstrings():
    rates = ref.sample_learning_rates(20000, seed=1)
    assert rates.shape == (20000,) and rates.min() >= 1e-4 and rates.max() < 1
    shares = [np.mean((rates >= 10.0**k) & (rates < 10.0 ** (k + 1))) for k in range(-4, 0)]
    assert all(abs(s - 0.25) < 0.015 for s in shares)
    assert 0.9 / (1 - 1e-4) == pytest.approx(0.9, abs=1e-4)  # uniform on [1e-4, 1): nine in ten above 0.1
    betas = ref.sample_momentum_betas(20000, seed=1)
    assert betas.min() >= 0.9 and betas.max() <= 0.999
    assert np.mean(betas >= 0.99) == pytest.approx(0.5, abs=0.015)
    beta_on_log_scale = 10 ** np.random.default_rng(1).uniform(np.log10(0.9), np.log10(0.999), 20000)
    assert np.mean(beta_on_log_scale >= 0.99) == pytest.approx(0.09, abs=0.01)


def test_bounds_and_sizes_are_respected():
    assert ref.sample_learning_rates(1, low=-2, high=-1, seed=3).shape == (1,)
    lr = ref.sample_learning_rates(50, low=-6.0, high=-2.0, seed=3)
    assert lr.min() >= 1e-6 and lr.max() < 1e-2
    betas = ref.sample_momentum_betas(50, low=0.5, high=0.99, seed=3)
    assert betas.min() >= 0.5 - 1e-12 and betas.max() <= 0.99 + 1e-12


# ---------------------------------------------------------------- the best trial


def test_the_first_of_equal_trials_wins_and_the_list_is_left_alone():
    trials = [{"dev_accuracy": 0.7, "n_h": 1}, {"dev_accuracy": 0.8, "n_h": 2}, {"dev_accuracy": 0.8, "n_h": 3}]
    before = [dict(t) for t in trials]
    order = [id(t) for t in trials]
    assert ref.best_trial(trials) is trials[1]
    assert trials == before and [id(t) for t in trials] == order
    assert ref.best_trial(trials[:1]) is trials[0]
    assert ref.best_trial([{"dev_accuracy": 0.1}, {"dev_accuracy": 0.9}])["dev_accuracy"] == 0.9


def test_signatures_follow_the_course_api():
    assert ref.__all__ == list(FUNCTIONS)
    expected = {"sample_learning_rates": [("n", None), ("low", -4.0), ("high", 0.0), ("seed", 0)],
                "sample_momentum_betas": [("n", None), ("low", 0.9), ("high", 0.999), ("seed", 0)],
                "train_dev_split": [("X", None), ("Y", None), ("dev_fraction", 0.2), ("seed", 0)],
                "best_trial": [("trials", None)]}
    for name, params in expected.items():
        got = inspect.signature(getattr(ref, name)).parameters.values()
        assert [(p.name, None if p.default is p.empty else p.default) for p in got] == params, name


# ---------------------------------------------------------------- notebook exercises


def test_the_exercises_run_in_order_with_the_reference_and_plot_what_they_say():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.close("all")
    namespace = {n: getattr(ref, n) for n in FUNCTIONS}
    sys.path.insert(0, str(ASSIGNMENT))
    sys.modules.pop("hyper_utils", None)
    printed, axes = {}, {}
    try:
        for name in ("sampling_scales", "random_search"):
            assert (ASSIGNMENT / "exercises" / f"{name}.md").read_text().startswith("## ")
            out = io.StringIO()
            start = time.perf_counter()
            with contextlib.redirect_stdout(out):
                exec(compile((ASSIGNMENT / "exercises" / f"{name}.py").read_text(), name, "exec"), namespace)
            assert time.perf_counter() - start < 20, name
            printed[name] = out.getvalue()
            axes[name] = [ax for n in plt.get_fignums() for ax in plt.figure(n).axes]
            plt.close("all")
    finally:
        sys.path.remove(str(ASSIGNMENT))
    assert "betas, 1 - beta on a log scale: 48% in [0.99, 0.999)" in printed["sampling_scales"]
    assert "learning rates, uniform: 1e-4..1e-3: 0%, 1e-3..1e-2: 1%, 1e-2..1e-1: 9%, 1e-1..1e0: 90%" in printed["sampling_scales"]
    assert all(ax.get_xscale() == "log" for ax in axes["sampling_scales"])
    assert "300 training examples, 100 dev examples" in printed["random_search"]
    coarse, fine = namespace["coarse"], namespace["fine"]
    assert len(coarse) == 16 and len(fine) == 12
    best = namespace["best"]
    assert best is ref.best_trial(coarse + fine) and best["dev_accuracy"] >= namespace["best_coarse"]["dev_accuracy"]
    assert best["dev_accuracy"] >= 0.85
    assert min(t["dev_accuracy"] for t in coarse if t["learning_rate"] < 0.03) < 0.6
    plots = [ax for ax in axes["random_search"] if ax.get_xscale() == "log"]
    assert len(plots) == 2 and plots[0].get_ylabel() == "dev accuracy"
