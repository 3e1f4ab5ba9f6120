"""The batch_norm reference: worked examples recomputed with exact fractions, gradients, running statistics."""

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

from reference import batch_norm as ref

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = ROOT / "assignments" / "batch_norm"
FIXTURES = ROOT / "tests" / "fixtures" / "batch_norm"
FUNCTIONS = ("batchnorm_forward", "batchnorm_backward", "update_running_stats", "batchnorm_forward_test")
RTOL = 1e-12


def load_file(path: Path, name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


WE = load_file(ASSIGNMENT / "worked_examples.py", "batch_norm_worked_examples")


def close(actual, expected) -> bool:  # type: ignore[no-untyped-def]
    if isinstance(expected, list | tuple):
        return len(actual) == len(expected) and all(close(a, e) for a, e in zip(actual, expected, strict=True))
    return np.shape(actual) == np.shape(expected) and np.allclose(actual, expected, rtol=RTOL, atol=1e-15)


def rows(a: np.ndarray) -> list[list[Fraction]]:
    return [[Fraction(repr(float(x))) for x in row] for row in np.atleast_2d(a)]


def isqrt_exact(x: Fraction) -> Fraction:
    """The square root of a perfect square of a fraction (every var + epsilon of the worked example)."""
    num, den = mpmath.sqrt(x.numerator), mpmath.sqrt(x.denominator)
    root = Fraction(int(num), int(den))
    assert root * root == x
    return root


# ---------------------------------------------------------------- worked examples, by hand

def test_forward_and_backward_worked_values_are_exact():
    eps = Fraction(4)
    z_norm, z_tilde, dz, dgamma, dbeta = [], [], [], [], []
    for z, g, b, d in zip(rows(WE.Z), rows(WE.GAMMA), rows(WE.BETA), rows(WE.DZ_TILDE), strict=True):
        m = len(z)
        mu = sum(z) / m
        var = sum((x - mu) ** 2 for x in z) / m
        root = isqrt_exact(var + eps)
        zn = [(x - mu) / root for x in z]
        z_norm.append(zn)
        z_tilde.append([g[0] * x + b[0] for x in zn])
        dn = [g[0] * x for x in d]
        s1, s2 = sum(dn), sum(a * x for a, x in zip(dn, zn, strict=True))
        dz.append([(m * a - s1 - x * s2) / (m * root) for a, x in zip(dn, zn, strict=True)])
        dgamma.append([sum(a * x for a, x in zip(d, zn, strict=True))])
        dbeta.append([sum(d)])
        assert sum(dz[-1]) == 0  # shifting a whole unit changes nothing after normalization
    floats = lambda r: np.array([[float(x) for x in row] for row in r])  # noqa: E731
    assert close(WE.Z_NORM, floats(z_norm)) and close(WE.Z_TILDE, floats(z_tilde))
    assert close(WE.MU, WE.Z.mean(axis=1, keepdims=True)) and close(WE.VAR, WE.Z.var(axis=1, keepdims=True))
    assert close((WE.DZ, WE.DGAMMA, WE.DBETA), (floats(dz), floats(dgamma), floats(dbeta)))


def test_default_epsilon_worked_values_at_30_digits():
    mpmath.mp.dps = 30
    for i in range(2):
        z = [mpmath.mpf(repr(float(x))) for x in WE.Z[i]]
        mu = sum(z) / len(z)
        var = sum((x - mu) ** 2 for x in z) / len(z)
        expected = [float((x - mu) / mpmath.sqrt(var + mpmath.mpf("1e-5"))) for x in z]
        assert np.allclose(WE.Z_NORM_DEFAULT_EPSILON[i], expected, rtol=1e-15)


def test_running_statistics_and_test_mode_worked_values_are_exact():
    for momentum, after in ((Fraction(9, 10), WE.RUNNING_AFTER), (Fraction(1, 2), WE.RUNNING_AFTER_HALF)):
        for running, batch, value in ((WE.RUNNING_MEAN, WE.BATCH_MU, after[0]), (WE.RUNNING_VAR, WE.BATCH_VAR, after[1])):
            exact = [[momentum * r[0] + (1 - momentum) * b[0]] for r, b in zip(rows(running), rows(batch), strict=True)]
            assert close(value, np.array([[float(x[0])] for x in exact]))
    out = []
    for z, g, b, mu, var in zip(rows(WE.TEST_Z), rows(WE.TEST_GAMMA), rows(WE.TEST_BETA), rows(WE.TEST_MEAN),
                                rows(WE.TEST_VAR), strict=True):
        root = isqrt_exact(var[0] + 4)
        out.append([float(g[0] * (x - mu[0]) / root + b[0]) for x in z])
    assert close(WE.TEST_Z_TILDE, np.array(out))


def test_the_reference_reproduces_every_worked_example():
    Z_tilde, cache = ref.batchnorm_forward(WE.Z, WE.GAMMA, WE.BETA, WE.EPSILON)
    assert close((Z_tilde, cache), (WE.Z_TILDE, WE.CACHE))
    assert close(ref.batchnorm_forward(WE.Z, WE.GAMMA, WE.BETA)[0], WE.Z_TILDE_DEFAULT_EPSILON)
    assert close(ref.batchnorm_backward(WE.DZ_TILDE, WE.CACHE), (WE.DZ, WE.DGAMMA, WE.DBETA))
    stats = (WE.RUNNING_MEAN, WE.RUNNING_VAR, WE.BATCH_MU, WE.BATCH_VAR)
    assert close(ref.update_running_stats(*stats), WE.RUNNING_AFTER)
    assert close(ref.update_running_stats(*stats, momentum=0.5), WE.RUNNING_AFTER_HALF)
    assert close(ref.batchnorm_forward_test(WE.TEST_Z, WE.TEST_GAMMA, WE.TEST_BETA, WE.TEST_MEAN, WE.TEST_VAR, 4.0),
                 WE.TEST_Z_TILDE)


# ---------------------------------------------------------------- properties of the reference

def numeric_gradient(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:  # type: ignore[no-untyped-def]
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        plus = f()
        x[idx] = old - h
        minus = f()
        x[idx] = old
        grad[idx] = (plus - minus) / (2 * h)
    return grad


@pytest.mark.parametrize(("n", "m", "epsilon"), [(3, 5, 1e-5), (1, 2, 0.1), (4, 9, 1e-3)],
                         ids=["default-eps", "m-2", "wide"])
def test_backward_matches_central_differences(n, m, epsilon):
    rng = np.random.default_rng(n * 100 + m)
    Z = rng.normal(rng.uniform(-2, 2, (n, 1)), rng.uniform(0.5, 2, (n, 1)), (n, m))
    gamma, beta, dZ_tilde = rng.uniform(0.5, 2, (n, 1)), rng.standard_normal((n, 1)), rng.standard_normal((n, m))
    objective = lambda: float(np.sum(dZ_tilde * ref.batchnorm_forward(Z, gamma, beta, epsilon)[0]))  # noqa: E731
    dZ, dgamma, dbeta = ref.batchnorm_backward(dZ_tilde, ref.batchnorm_forward(Z, gamma, beta, epsilon)[1])
    for analytic, x in ((dZ, Z), (dgamma, gamma), (dbeta, beta)):
        numeric = numeric_gradient(objective, x)
        assert np.linalg.norm(analytic - numeric) / (np.linalg.norm(analytic) + np.linalg.norm(numeric)) < 1e-7
    assert np.allclose(dZ.sum(axis=1), 0, atol=1e-12)


def test_forward_normalizes_each_unit_and_leaves_its_arguments_alone():
    rng = np.random.default_rng(8)
    Z = rng.normal(5.0, 3.0, (4, 50))
    gamma, beta = np.ones((4, 1)), np.zeros((4, 1))
    before = copy.deepcopy((Z, gamma, beta))
    Z_tilde, cache = ref.batchnorm_forward(Z, gamma, beta)
    assert np.allclose(Z_tilde.mean(axis=1), 0, atol=1e-12) and np.allclose(Z_tilde.var(axis=1), 1, atol=1e-5)
    assert close((Z, gamma, beta), before) and cache[0] is Z and cache[6] == 1e-5
    one = ref.batchnorm_forward(Z[:, :1], gamma, beta)  # m = 1: the variance is 0, Z_norm = 0
    assert np.array_equal(one[0], beta) and np.array_equal(one[1][3], np.zeros((4, 1)))


def test_test_mode_with_the_batch_statistics_is_training_mode():
    rng = np.random.default_rng(9)
    Z, gamma, beta = rng.standard_normal((3, 6)), rng.standard_normal((3, 1)), rng.standard_normal((3, 1))
    Z_tilde, (_, _, mu, var, *_) = ref.batchnorm_forward(Z, gamma, beta)
    assert np.allclose(ref.batchnorm_forward_test(Z, gamma, beta, mu, var), Z_tilde, rtol=1e-12)
    single = ref.batchnorm_forward_test(Z[:, 2:3], gamma, beta, mu, var)  # one example at a time
    assert np.allclose(single, Z_tilde[:, 2:3], rtol=1e-12)


def test_signatures_follow_the_course_api():
    def defaults(name: str) -> list[tuple[str, object]]:
        return [(p.name, p.default) for p in inspect.signature(getattr(ref, name)).parameters.values()]

    assert defaults("batchnorm_forward")[3:] == [("epsilon", 1e-5)]
    assert defaults("update_running_stats")[4:] == [("momentum", 0.9)]
    assert defaults("batchnorm_forward_test")[5:] == [("epsilon", 1e-5)]


# ---------------------------------------------------------------- fixtures and the notebook

MANIFEST = json.loads((FIXTURES / "manifest.json").read_text())


def test_fixture_files_and_manifest_agree():
    on_disk = {p.stem for p in (FIXTURES / "buggy").glob("*.py")}
    assert on_disk == set(MANIFEST["buggy"]) and len(on_disk) >= 15
    variants = {p.stem for p in (FIXTURES / "correct_variants").glob("*.py")}
    assert variants == set(MANIFEST["correct_variants"]) and len(variants) >= 5
    assert {entry["breaks"] for entry in MANIFEST["buggy"].values()} == set(FUNCTIONS)


def test_the_exercise_reaches_what_its_introduction_promises(monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    intro = (ASSIGNMENT / "exercises" / "train_with_batch_norm.md").read_text()
    assert intro.startswith("## ") and "below 0.5" in intro and "above 80%" in intro and "near 50%" in intro
    monkeypatch.syspath_prepend(str(ASSIGNMENT))
    monkeypatch.delitem(sys.modules, "bn_utils", raising=False)
    out = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), np.errstate(all="ignore"):
        code = (ASSIGNMENT / "exercises" / "train_with_batch_norm.py").read_text()
        exec(compile(code, "train_with_batch_norm.py", "exec"), {n: getattr(ref, n) for n in FUNCTIONS})
    assert time.perf_counter() - start < 10
    plt.close("all")
    runs = {(w, lr): (float(c), float(a)) for w, lr, c, a in re.findall(
        r"(with|without) batch norm, learning rate ([0-9.]+): cost [0-9.]+ -> ([0-9.]+).* ([0-9.]+)%", out.getvalue())}
    assert runs[("without", "0.3")][0] < 0.5 and runs[("with", "0.3")][0] < 0.5
    assert runs[("without", "2.0")][0] > 0.6 and 40 < runs[("without", "2.0")][1] < 60
    assert runs[("with", "2.0")][0] < 0.5 and runs[("with", "2.0")][1] > 80
