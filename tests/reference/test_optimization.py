"""The optimization reference: worked examples recomputed with exact fractions, mini-batches, decay, exercises."""

from __future__ import annotations

import contextlib
import copy
import importlib.util
import inspect
import io
import json
import re
import sys
import time
from fractions import Fraction
from pathlib import Path

import mpmath
import numpy as np
import pytest

from reference import optimization as ref

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = ROOT / "assignments" / "optimization"
FIXTURES = ROOT / "tests" / "fixtures" / "optimization"
FUNCTIONS = ("update_parameters_with_gd", "random_mini_batches", "initialize_velocity",
             "update_parameters_with_momentum", "initialize_adam", "update_parameters_with_adam", "update_lr",
             "schedule_lr_decay")
RTOL = 1e-12


def load_file(path: Path, name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


WE = load_file(ASSIGNMENT / "worked_examples.py", "optimization_worked_examples")


def close(actual, expected) -> bool:  # type: ignore[no-untyped-def]
    if isinstance(expected, dict):
        return isinstance(actual, dict) and set(actual) == set(expected) and all(
            close(actual[k], expected[k]) for k in expected)
    if isinstance(expected, list | tuple):
        return len(actual) == len(expected) and all(close(a, e) for a, e in zip(actual, expected, strict=True))
    return np.shape(actual) == np.shape(expected) and np.allclose(actual, expected, rtol=RTOL, atol=1e-15)


# ---------------------------------------------------------------- exact arithmetic, independent of numpy

def exact(d: dict[str, np.ndarray]) -> dict[str, list[Fraction]]:
    """Each array of a worked example as exact fractions of its decimal value (they are short decimals)."""
    return {k: [Fraction(repr(float(x))) for x in v.ravel()] for k, v in d.items()}


def as_float(d: dict[str, list], like: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {k: np.array([float(x) for x in v]).reshape(like[k].shape) for k, v in d.items()}


def adam_by_hand(params, grads, v, s, t, lr, b1, b2, eps):  # type: ignore[no-untyped-def]
    """One Adam step with Fractions for the moments and 40-digit mpmath for the square root."""
    mpmath.mp.dps = 40
    out_p, out_v, out_s, vc, sc = {}, {}, {}, {}, {}
    for key in grads:
        out_v[key] = [b1 * a + (1 - b1) * g for a, g in zip(v[key], grads[key], strict=True)]
        out_s[key] = [b2 * a + (1 - b2) * g * g for a, g in zip(s[key], grads[key], strict=True)]
        vc[key] = [a / (1 - b1**t) for a in out_v[key]]
        sc[key] = [a / (1 - b2**t) for a in out_s[key]]
        mp = lambda f: mpmath.mpf(f.numerator) / f.denominator  # noqa: E731
        out_p[key[1:]] = [mp(p) - mp(lr) * mp(a) / (mpmath.sqrt(mp(c)) + mp(eps))
                          for p, a, c in zip(params[key[1:]], vc[key], sc[key], strict=True)]
    return out_p, out_v, out_s, vc, sc


HYPER = (Fraction(1, 100), Fraction(9, 10), Fraction(999, 1000), Fraction(1, 10**8))


def test_gd_and_momentum_worked_values_are_exact():
    p, g = exact(WE.PARAMETERS), exact(WE.GRADS_1)
    lr = Fraction(1, 2)
    gd = {k: [a - lr * b for a, b in zip(p[k], g["d" + k], strict=True)] for k in p}
    assert close(WE.GD_AFTER, as_float(gd, WE.PARAMETERS))
    v0, beta, lr = exact(WE.MOMENTUM_V_IN), Fraction(9, 10), Fraction(1, 10)
    v = {k: [beta * a + (1 - beta) * b for a, b in zip(v0[k], g[k], strict=True)] for k in v0}
    after = {k: [a - lr * b for a, b in zip(p[k], v["d" + k], strict=True)] for k in p}
    assert close(WE.MOMENTUM_V_OUT, as_float(v, WE.GRADS_1))
    assert close(WE.MOMENTUM_AFTER, as_float(after, WE.PARAMETERS))


def test_adam_worked_values_at_t1_t2_and_large_epsilon_are_exact():
    zeros = exact(WE.ZEROS_V)
    p1, v1, s1, vc1, sc1 = adam_by_hand(exact(WE.PARAMETERS), exact(WE.GRADS_1), zeros, zeros, 1, *HYPER)
    for mine, theirs, like in ((p1, WE.ADAM_AFTER_1, WE.PARAMETERS), (v1, WE.ADAM_V_1, WE.GRADS_1),
                               (s1, WE.ADAM_S_1, WE.GRADS_1), (vc1, WE.ADAM_STEP_1[3], WE.GRADS_1),
                               (sc1, WE.ADAM_STEP_1[4], WE.GRADS_1)):
        assert close(theirs, as_float(mine, like))
    assert WE.ADAM_STEP_1[:3] == (WE.ADAM_AFTER_1, WE.ADAM_V_1, WE.ADAM_S_1)
    p2, v2, s2, vc2, sc2 = adam_by_hand(exact(WE.ADAM_AFTER_1), exact(WE.GRADS_2), v1, s1, 2, *HYPER)
    for mine, theirs in zip((p2, v2, s2, vc2, sc2), WE.ADAM_STEP_2, strict=True):
        assert close(theirs, as_float(mine, theirs))
    eps = adam_by_hand(exact(WE.PARAMETERS), exact(WE.GRADS_1), zeros, zeros, 1, *HYPER[:3], Fraction(1, 10))[0]
    assert close(WE.ADAM_AFTER_EPSILON, as_float(eps, WE.PARAMETERS))


def test_the_reference_reproduces_every_worked_example():
    assert close(ref.update_parameters_with_gd(WE.PARAMETERS, WE.GRADS_1, WE.GD_LEARNING_RATE), WE.GD_AFTER)
    assert close(ref.update_parameters_with_momentum(WE.PARAMETERS, WE.GRADS_1, WE.MOMENTUM_V_IN, WE.MOMENTUM_BETA,
                                                     WE.MOMENTUM_LEARNING_RATE), (WE.MOMENTUM_AFTER, WE.MOMENTUM_V_OUT))
    assert close(ref.update_parameters_with_adam(WE.PARAMETERS, WE.GRADS_1, WE.ZEROS_V, WE.ZEROS_S, 1), WE.ADAM_STEP_1)
    assert close(ref.update_parameters_with_adam(WE.ADAM_AFTER_1, WE.GRADS_2, WE.ADAM_V_1, WE.ADAM_S_1, 2),
                 WE.ADAM_STEP_2)
    assert close(ref.update_parameters_with_adam(WE.PARAMETERS, WE.GRADS_1, WE.ZEROS_V, WE.ZEROS_S, 1, 0.01, 0.9,
                                                 0.999, WE.ADAM_EPSILON)[0], WE.ADAM_AFTER_EPSILON)
    assert close(ref.random_mini_batches(WE.MINI_X, WE.MINI_Y, 2, 0), WE.MINI_BATCHES)
    for args, value in WE.UPDATE_LR:
        assert ref.update_lr(*args) == pytest.approx(value, rel=RTOL)
    for args, value in WE.SCHEDULE_LR:
        assert ref.schedule_lr_decay(*args) == pytest.approx(value, rel=RTOL)


def test_the_worked_examples_tell_the_classic_bugs_apart():
    """Each bug the brief names changes an output of a worked example by far more than the tolerance."""
    args = (WE.ADAM_AFTER_1, WE.GRADS_2, WE.ADAM_V_1, WE.ADAM_S_1)
    right = ref.update_parameters_with_adam(*args, 2)
    swapped = ref.update_parameters_with_adam(*args, 2, beta1=0.999, beta2=0.9)
    stuck_at_1 = ref.update_parameters_with_adam(*args, 1)
    assert not np.allclose(swapped[0]["W1"], right[0]["W1"], rtol=1e-4)
    assert not np.allclose(stuck_at_1[0]["W1"], right[0]["W1"], rtol=1e-4)
    inside = 0.5 - 0.01 * 0.2 / np.sqrt(0.04 + WE.ADAM_EPSILON)  # epsilon under the root
    assert abs(inside - WE.ADAM_AFTER_EPSILON["W1"][0, 0]) > 1e-3
    assert np.array_equal(np.random.RandomState(0).permutation(5), [2, 0, 1, 3, 4])


# ---------------------------------------------------------------- mini-batches

@pytest.mark.parametrize(("m", "size"), [(128, 64), (148, 64), (10, 64), (7, 2), (1, 1), (64, 64)],
                         ids=["multiple", "partial-last", "m-below-size", "odd", "single", "one-batch"])
def test_mini_batches_partition_a_shared_permutation(m, size):
    X = np.vstack([np.arange(m, dtype=float), -np.arange(m, dtype=float)])
    Y = (np.arange(m, dtype=float) % 3).reshape(1, m)
    batches = ref.random_mini_batches(X, Y, size, seed=4)
    sizes = [b[0].shape[1] for b in batches]
    assert sizes == [size] * (m // size) + ([m % size] if m % size else [])
    order = np.concatenate([b[0][0] for b in batches]).astype(int)
    np.random.seed(4)
    assert np.array_equal(order, np.random.permutation(m))
    for bx, by in batches:
        assert np.array_equal(by[0], bx[0] % 3) and np.array_equal(bx[1], -bx[0])  # columns stay together
    assert ref.random_mini_batches(X, Y, size, seed=4)[0][0].tolist() == batches[0][0].tolist()


def test_the_default_batch_size_is_64():
    X, Y = np.zeros((2, 150)), np.zeros((1, 150))
    assert [b[0].shape[1] for b in ref.random_mini_batches(X, Y)] == [64, 64, 22]


# ---------------------------------------------------------------- optimizers

def test_updates_work_on_copies_and_initializers_give_float_zeros():
    rng = np.random.default_rng(3)
    params = {"W1": rng.standard_normal((3, 2)), "b1": rng.standard_normal((3, 1)),
              "W2": rng.standard_normal((1, 3)), "b2": rng.standard_normal((1, 1))}
    grads = {"d" + k: rng.standard_normal(v.shape) for k, v in params.items()}
    before = copy.deepcopy((params, grads))
    v, s = ref.initialize_adam(params)
    assert v is not s and sorted(v) == sorted(s) == ["dW1", "dW2", "db1", "db2"]
    assert all(v[k].dtype == np.float64 and not v[k].any() and v[k].shape == params[k[1:]].shape for k in v)
    assert close(ref.initialize_velocity(params), v)
    ref.update_parameters_with_gd(params, grads, 0.1)
    ref.update_parameters_with_momentum(params, grads, v, 0.9, 0.1)
    ref.update_parameters_with_adam(params, grads, v, s, 1)
    assert close((params, grads), before) and not any(x.any() for x in (*v.values(), *s.values()))


def test_momentum_with_beta_zero_is_gradient_descent_and_adam_steps_are_about_the_learning_rate():
    params, grads = WE.PARAMETERS, WE.GRADS_1
    momentum, _ = ref.update_parameters_with_momentum(params, grads, WE.ZEROS_V, 0.0, 0.3)
    assert close(momentum, ref.update_parameters_with_gd(params, grads, 0.3))
    after = ref.update_parameters_with_adam(params, grads, WE.ZEROS_V, WE.ZEROS_S, 1, learning_rate=0.05)[0]
    for k in params:  # at t = 1 every entry moves by learning_rate * sign(g) (to 1e-6)
        assert np.allclose(params[k] - after[k], 0.05 * np.sign(grads["d" + k]), rtol=1e-6)


def test_decay_formulas():
    assert ref.update_lr(0.3, 0, 7.0) == 0.3
    assert isinstance(ref.update_lr(0.3, 4, 0.5), float)
    rates = [ref.schedule_lr_decay(1.0, e, 1.0, time_interval=10) for e in (0, 9, 10, 19, 20, 35)]
    assert rates == [1.0, 1.0, 0.5, 0.5, 1 / 3, 0.25]
    assert ref.schedule_lr_decay(1.0, 1999, 1.0) == 0.5 and ref.schedule_lr_decay(1.0, 2000, 1.0) == 1 / 3


def test_signatures_follow_the_course_api():
    def defaults(name: str) -> list[tuple[str, object]]:
        return [(p.name, p.default) for p in inspect.signature(getattr(ref, name)).parameters.values()]

    assert defaults("random_mini_batches")[2:] == [("mini_batch_size", 64), ("seed", 0)]
    assert defaults("update_parameters_with_adam")[4:] == [
        ("t", inspect.Parameter.empty), ("learning_rate", 0.01), ("beta1", 0.9), ("beta2", 0.999), ("epsilon", 1e-8)]
    assert defaults("schedule_lr_decay")[3:] == [("time_interval", 1000)]
    assert [n for n, _ in defaults("update_parameters_with_momentum")] == [
        "parameters", "grads", "v", "beta", "learning_rate"]


# ---------------------------------------------------------------- fixtures

MANIFEST = json.loads((FIXTURES / "manifest.json").read_text())


def test_fixture_files_and_manifest_agree():
    on_disk = {p.stem for p in (FIXTURES / "buggy").glob("*.py")}
    assert on_disk == set(MANIFEST["buggy"]) and len(on_disk) >= 15
    variants = {p.stem for p in (FIXTURES / "correct_variants").glob("*.py")}
    assert variants == set(MANIFEST["correct_variants"]) and len(variants) >= 5
    assert {entry["breaks"] for entry in MANIFEST["buggy"].values()} == set(FUNCTIONS)


# ---------------------------------------------------------------- notebook exercises

def run_exercises(monkeypatch, *names: str) -> str:  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    monkeypatch.syspath_prepend(str(ASSIGNMENT))
    monkeypatch.delitem(sys.modules, "opt_utils", raising=False)
    namespace = {n: getattr(ref, n) for n in FUNCTIONS}
    out = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out):
        for name in names:
            code = (ASSIGNMENT / "exercises" / f"{name}.py").read_text()
            exec(compile(code, f"{name}.py", "exec"), namespace)
    assert time.perf_counter() - start < 10
    plt.close("all")
    return out.getvalue()


def test_the_exercises_reach_what_their_introductions_promise(monkeypatch):
    intro = (ASSIGNMENT / "exercises" / "compare_optimizers.md").read_text()
    assert intro.startswith("## ") and "below 0.35" in intro and "below 0.1" in intro and "above 95%" in intro
    printed = run_exercises(monkeypatch, "compare_optimizers", "decay")
    runs = {name.strip(): (float(cost), float(acc)) for name, cost, acc in
            re.findall(r"^(.+?): cost [0-9.]+ -> ([0-9.]+).*training accuracy ([0-9.]+)%", printed, re.M)}
    assert runs["gd"][0] < 0.35 and runs["momentum"][0] < 0.35 and runs["adam"][0] < 0.1 and runs["adam"][1] > 95
    decay = (ASSIGNMENT / "exercises" / "decay.md").read_text()
    assert "above 0.3" in decay and "below 0.1" in decay
    assert runs["update_lr"][0] > 0.3 and runs["fixed rate"][0] < 0.1
    assert runs["schedule_lr_decay, every 100 epochs"][0] < 0.1
