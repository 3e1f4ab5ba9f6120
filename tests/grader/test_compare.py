"""grader/compare.py: every matcher rejects a wrong answer and accepts a right
one written differently, and says what to fix."""

from __future__ import annotations

import numpy as np
import pytest

from grader.compare import Matcher, MatchGradient, MatchProperties, MatchShapes, MatchValues
from grader.protocol import Unsupported

RNG = np.random.default_rng(0)
A = RNG.standard_normal((3, 4))
CACHE = (A, RNG.standard_normal((2, 3)), RNG.standard_normal((2, 1)))


def test_shapes_accepts_same_structure_with_other_values():
    m = MatchShapes((np.zeros((2, 4)), CACHE), ("Z", "cache"))
    assert m.judge((np.ones((2, 4)), tuple(x + 1 for x in CACHE)), (), None) is None


@pytest.mark.parametrize(
    "value, fragment",
    [
        ((np.zeros((2, 4)), list(CACHE)), "cache should be a tuple"),
        ((np.zeros((4, 2)), CACHE), "looks transposed"),
        ((np.zeros((2, 4)), CACHE[:2]), "has 2 items but should have 3"),
        (np.zeros((2, 4)), "should be a tuple of 2 items"),
        ((np.zeros((2, 4)).tolist(), CACHE), "should be a numpy array"),
        ((Unsupported("Fake"), CACHE), "object of type Fake"),
    ],
    ids=["list-cache", "transposed", "short-cache", "not-a-tuple", "list-not-array", "foreign"],
)
def test_shapes_rejects(value, fragment):
    message = MatchShapes((np.zeros((2, 4)), CACHE), ("Z", "cache")).judge(value, (), None)
    assert message is not None and fragment in message


def test_keepdims_hint():
    message = MatchShapes((np.zeros((3, 5)), np.zeros((3, 5)), np.zeros((3, 1))),
                          ("dA_prev", "dW", "db")).judge((np.zeros((3, 5)), np.zeros((3, 5)), np.zeros(3)), (), None)
    assert message == ("db has shape (3,) but expected (3, 1): keep the summed axis with keepdims=True "
                       "(or reshape) so the result stays (3, 1).")


def test_scalar_cost_hint():
    message = MatchShapes(0.5, ("cost",)).judge(np.array([[0.5]]), (), None)
    assert "np.squeeze" in message
    assert MatchShapes(0.5, ("cost",)).judge(np.float64(0.1), (), None) is None
    assert MatchShapes(0.5, ("cost",)).judge(np.array(0.1), (), None) is None


def test_values_accepts_roundoff_and_rejects_errors():
    exp = 1 / (1 + np.exp(-A))
    stable = np.where(A >= 0, 1 / (1 + np.exp(-np.abs(A))), np.exp(-np.abs(A)) / (1 + np.exp(-np.abs(A))))
    m = MatchValues((exp, A), ("A", "cache"))
    assert m.judge((stable, A.copy()), (), None) is None
    wrong = exp.copy()
    wrong[1, 2] += 1e-3
    msg = m.judge((wrong, A), (), None)
    assert msg.startswith("A is wrong at index (1, 2): yours")


def test_values_names_the_factor():
    dW = RNG.standard_normal((2, 3))
    m = MatchValues((np.zeros((3, 5)), dW, np.zeros((2, 1))), ("dA_prev", "dW", "db"), {"m": 5})
    assert "divide by m twice" in m.judge((np.zeros((3, 5)), dW / 5, np.zeros((2, 1))), (), None)
    assert "opposite sign" in m.judge((np.zeros((3, 5)), -dW, np.zeros((2, 1))), (), None)
    assert "forget to divide by m" in m.judge((np.zeros((3, 5)), dW * 5, np.zeros((2, 1))), (), None)


def test_values_parts_ignore_other_outputs():
    m = MatchValues((np.ones((1, 1)), None), ("A", "cache"), parts=(0,))
    assert m.judge((np.ones((1, 1)), ("anything",)), (), None) is None
    assert m.judge((np.zeros((1, 1)), None), (), None) is not None


def test_values_reject_nan_and_foreign_objects():
    m = MatchValues(np.ones((2, 2)), ("dZ",))
    bad = np.ones((2, 2))
    bad[0, 1] = np.nan
    assert "nan at index (0, 1)" in m.judge(bad, (), None)
    assert "object of type" in m.judge(Unsupported("EqualsAnything"), (), None)


def test_gradient_block_error():
    exp = {"dW1": RNG.standard_normal((2, 3)), "db1": RNG.standard_normal((2, 1))}
    m = MatchGradient(exp, ("grads",), {"m": 4})
    close = {k: v * (1 + 1e-9) for k, v in exp.items()}
    assert m.judge(close, (), None) is None
    msg = m.judge({"dW1": exp["dW1"] / 4, "db1": exp["db1"]}, (), None)
    assert 'grads["dW1"] fails the numerical gradient check' in msg and "divide by m twice" in msg
    single = MatchGradient(exp["dW1"], ("dZ",))
    assert single.judge(exp["dW1"] + 1e-12, (), None) is None
    assert single.judge(exp["dW1"] * 2, (), None) is not None


def test_properties_detects_mutation_and_keys():
    params = {"W1": np.ones((2, 2)), "b1": np.zeros((2, 1))}
    m = MatchProperties(params, ("parameters",), arg_names=("params", "grads", "learning_rate"))
    before = ({"W1": np.ones((2, 2))}, {}, 0.1)
    after_ok = ({"W1": np.ones((2, 2))}, {}, 0.1)
    after_bad = ({"W1": np.zeros((2, 2))}, {}, 0.1)
    assert m.judge({"W1": np.ones((2, 2)), "b1": np.ones((2, 1))}, before, after_ok) is None
    msg = m.judge(params, before, after_bad)
    assert 'changed its argument params["W1"] in place' in msg
    msg = m.judge({"W1": np.ones((2, 2))}, before, after_ok)
    assert "missing 'b1'" in msg
    ints = m.judge({"W1": np.ones((2, 2), dtype=int), "b1": np.ones((2, 1))}, before, after_ok)
    assert "should hold floats" in ints


@pytest.mark.parametrize(
    "matcher",
    [MatchShapes((np.zeros(2), 1.5), ("a", "b")), MatchValues(np.ones((2, 2)), ("x",), {"m": 2}, rtol=1e-5),
     MatchGradient({"dW1": np.ones(2)}, ("grads",), threshold=1e-7, parts=("dW1",)),
     MatchProperties({"k": np.ones(1)}, ("d",), no_mutation=False, arg_names=("p",))],
    ids=lambda m: m.kind,
)
def test_matchers_round_trip_as_data(matcher):
    import json

    back = Matcher.from_data(json.loads(json.dumps(matcher.to_data())))
    assert type(back) is type(matcher) and back.names == matcher.names
    assert back.params() == matcher.params()
