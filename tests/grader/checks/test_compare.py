"""grader/checks/compare.py: every matcher rejects a wrong answer and accepts a right
one written differently, and says what to fix."""

from __future__ import annotations

import numpy as np
import pytest

from grader.checks.match import Matcher, MatchGradient, MatchProperties, MatchShapes, MatchValues
from grader.execution.child.protocol import Unsupported

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
    assert 'changed the array params["W1"] in place' in msg and "-=" in msg
    replaced = m.judge(params, before, after_bad, [(0, "W1")])
    assert 'replaced params["W1"] in the caller\'s dict params' in replaced and "copy the dict first" in replaced
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


# ------------------------------------------------------------- fail closed, every matcher

NONSENSE = {
    "1e200 (norms overflow)": np.full((3, 2), 1e200),
    "NaN": np.full((3, 2), np.nan),
    "inf": np.full((3, 2), np.inf),
    "-inf from an overflow": np.full((3, 2), -1e308) * np.float64(10) if False else np.full((3, 2), -np.inf),
}


@pytest.mark.parametrize("label", sorted(NONSENSE))
def test_values_and_gradients_fail_closed_on_nonsense(label):
    expected = np.arange(6.0).reshape(3, 2) + 1
    got = NONSENSE[label]
    matchers = [MatchValues(expected, ("dW",)), MatchGradient(expected, ("dW",))]
    if not np.isfinite(got).all():  # properties judge structure and finiteness, not values
        matchers.append(MatchProperties(expected, ("dW",), no_mutation=False))
    for matcher in matchers:
        message = matcher.judge(got, (), None)
        assert message is not None, (type(matcher).__name__, label)
    assert MatchGradient(expected, ("dW",)).judge(expected * (1 + 1e-9), (), None) is None


def test_a_huge_but_finite_answer_fails_the_gradient_check_by_its_relative_error():
    expected = np.ones((2, 2))
    message = MatchGradient(expected, ("dW",)).judge(np.full((2, 2), 1e200), (), None)
    assert "relative error 1.0e+00" in message


@pytest.mark.parametrize("matcher", [MatchShapes(np.ones(2), ("x",)), MatchValues(np.ones(2), ("x",)),
                                     MatchGradient(np.ones(2), ("x",)),
                                     MatchProperties(np.ones(2), ("x",), no_mutation=False)],
                         ids=["shapes", "values", "gradient", "properties"])
@pytest.mark.parametrize("got", [Unsupported("EqualsAnything"), np.array([1 + 1j, 2]), "[1, 1]", None,
                                 np.array(["a", "b"])], ids=["object", "complex", "string", "None", "str-array"])
def test_every_matcher_fails_closed_on_what_it_cannot_interpret(matcher, got):
    assert matcher.judge(got, (), None) is not None


def test_a_matcher_that_crashes_inside_fails_the_check_with_a_message():
    class Broken(MatchValues):
        def _check(self, *args):
            raise FloatingPointError("boom")

    message = Broken(np.ones(2), ("x",)).judge(np.ones(2), (), None)
    assert message.startswith("the grader could not interpret") and "boom" in message


def test_an_expected_value_that_is_not_finite_never_passes():
    assert MatchValues(np.array([np.nan]), ("x",)).judge(np.array([np.nan]), (), None) is not None


# ------------------------------------------------------------- right values, wrong places


def test_right_arrays_under_keys_one_layer_off_are_named():
    expected = {"dW1": np.ones((2, 3)), "db1": np.full((2, 1), 2.0), "dW2": np.full((1, 2), 3.0),
                "db2": np.full((1, 1), 4.0)}
    got = {"dW1": expected["dW2"], "db1": expected["db2"], "dW2": expected["dW1"], "db2": expected["db1"]}
    for matcher in (MatchValues(expected, ("grads",)), MatchGradient(expected, ("grads",))):
        message = matcher.judge(got, (), None)
        assert message.startswith("every array you returned is right, but stored under other keys"), message
        assert 'grads["dW2"] holds what belongs in grads["dW1"]' in message
    assert "every array" not in MatchValues(expected, ("grads",)).judge({**got, "dW1": expected["dW1"] * 2}, (), None)


def test_right_outputs_in_another_order_are_named():
    expected = (np.ones((2, 2)), np.full((2, 1), 3.0))
    message = MatchShapes(expected, ("dA_prev", "db")).judge((expected[1], expected[0]), (), None)
    assert "db holds what belongs in dA_prev" in message


def test_a_subclass_does_not_take_over_its_parents_kind_in_the_registry():
    from grader.checks.match import MATCHERS

    class Quiet(MatchValues):
        pass

    assert MATCHERS["values"] is MatchValues


def test_an_array_right_where_it_is_is_not_called_misplaced():
    expected = {"W1": np.zeros((1, 1)), "b1": np.zeros((1, 1))}
    message = MatchValues(expected, ("parameters",)).judge({"W1": np.zeros((1, 1)), "b1": np.zeros(1)}, (), None)
    assert "every array" not in message and "(1,)" in message


# ------------------------------------------------------------------ diagnoses

_DW = np.arange(1.0, 16.0).reshape(3, 5)


@pytest.mark.parametrize(("matcher", "got", "code"), [
    (MatchShapes(np.zeros((3, 1)), ("db",)), np.zeros(3), "keepdims"),
    (MatchShapes(np.zeros((3, 5)), ("dW",)), np.zeros((5, 3)), "transposed"),
    (MatchShapes(0.5, ("cost",)), np.array([[0.5]]), "scalar_expected"),
    (MatchShapes(np.zeros((3, 5)), ("W2",)), np.zeros((4, 5)), "wrong_rows"),
    (MatchShapes(np.zeros((3, 5)), ("A",)), np.zeros((3, 4)), "wrong_columns"),
    (MatchValues(_DW, ("dW",), {"m": 5}), _DW / 5, "factor_m"),
    (MatchValues(_DW, ("dW",), {"m": 5}), _DW * 5, "factor_m"),
    (MatchValues(_DW, ("dW",), {"m": 5}), -_DW, "sign"),
    (MatchValues(_DW, ("dW",), {"m": 5}), 3 * _DW, "scaled"),
    (MatchValues(_DW, ("dW",)), _DW + np.eye(3, 5), "wrong_value"),
    (MatchValues(np.arange(9.0).reshape(3, 3), ("W",)), np.arange(9.0).reshape(3, 3).T, "transposed"),
    (MatchValues(np.ones((2, 2)), ("A",)), np.array([[1.0, np.nan], [1.0, 1.0]]), "not_finite"),
    (MatchValues({"W1": np.ones((2, 2)), "W2": np.zeros((2, 2))}, ("parameters",)),
     {"W1": np.zeros((2, 2)), "W2": np.ones((2, 2))}, "misplaced"),
    (MatchShapes({"W1": np.ones((2, 2))}, ("parameters",)), {"W2": np.ones((2, 2))}, "wrong_keys"),
    (MatchShapes((np.ones(2), np.ones(2)), ("A", "cache")), (np.ones(2),), "wrong_length"),
    (MatchShapes(np.ones((2, 2)), ("A",)), [[1.0, 1.0], [1.0, 1.0]], "wrong_type"),
    (MatchGradient(_DW, ("dW",), {"m": 5}), -_DW, "sign"),
    (MatchGradient(_DW, ("dW",), {"m": 5}), _DW / 5, "factor_m"),
    (MatchValues(0.5, ("cost",), {"m": 4}), 0.25, "wrong_value"),  # one number: no pattern to see
], ids=["keepdims", "transposed-shape", "scalar", "rows", "columns", "1/m-twice", "1/m-missing", "sign", "scaled",
        "wrong-value", "transposed-values", "nan", "misplaced", "keys", "length", "type", "grad-sign", "grad-1/m",
        "one-number"])
def test_a_wrong_answer_gets_its_diagnosis(matcher, got, code):
    verdict = matcher.verdict(got, (), None)
    assert verdict is not None and verdict.diagnosis == code, verdict
    assert verdict.message == matcher.judge(got, (), None)


def test_mutation_is_diagnosed():
    matcher = MatchProperties(np.ones(2), ("A",), arg_names=("Z",))
    before, after = [np.array([-1.0, 1.0])], [np.array([0.0, 1.0])]
    assert matcher.verdict(np.ones(2), before, after).diagnosis == "mutation"
    assert matcher.verdict(np.ones(2), before, before) is None


def test_every_diagnosis_has_words():
    from grader.checks.match import DIAGNOSES, describe_diagnosis

    assert describe_diagnosis("raised:KeyError") == "raised KeyError"
    assert all(describe_diagnosis(code) == text for code, text in DIAGNOSES.items())
