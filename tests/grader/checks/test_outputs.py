"""grader/checks/outputs.py: outputs and arguments selected by the reference's names."""

from __future__ import annotations

import numpy as np
import pytest

from grader.checks.outputs import SelectorError, argument_path, output_path, put, sparse

GRADS_COST = ({"dw": np.ones((2, 1)), "db": 0.5}, 0.25)


def test_outputs_by_return_name_then_dict_key_or_position():
    assert output_path("grads.dw", ("grads", "cost"), GRADS_COST) == (0, "dw")
    assert output_path("cost", ("grads", "cost"), GRADS_COST) == (1,)
    assert output_path("cache.1", ("Z", "cache"), (np.ones(2), (1, 2))) == (1, 1)
    assert output_path("d.w", ("d",), {"w": 1}) == ("w",)  # one return value: paths start inside it


def test_a_methods_outputs_are_named_with_a_dot():
    names = ("the returned value", "self.w_", "self.errors_")
    assert output_path("self.errors_", names, ("self", np.ones(3), [1, 0])) == (2,)
    assert output_path("self.errors_.0", names, ("self", np.ones(3), [1, 0])) == (2, 0)


@pytest.mark.parametrize(("selector", "message"), [
    ("grad.dw", "returns grads, cost"), ("grads.dW", "no key 'dW'"), ("cost.x", "cannot select 'x'"),
    ("grads..dw", "not a selector"),
])
def test_a_typo_is_an_authoring_error_that_lists_the_names(selector, message):
    with pytest.raises(SelectorError, match=message):
        output_path(selector, ("grads", "cost"), GRADS_COST)


def test_arguments_by_parameter_name():
    args = (np.ones(2), {"W1": np.ones((2, 2))}, ((1, 2), 3))
    assert argument_path("parameters.W1", ("x", "parameters", "cache"), args) == (1, "W1")
    assert argument_path("cache.0.1", ("x", "parameters", "cache"), args) == (2, 0, 1)
    with pytest.raises(SelectorError, match="parameters are x, parameters, cache"):
        argument_path("params.W1", ("x", "parameters", "cache"), args)


def test_put_copies_only_the_containers_on_the_path():
    args = (np.ones(2), {"W1": np.ones(1), "b1": np.zeros(1)})
    new = put(args, (1, "W1"), np.full(1, 7.0))
    assert new[1]["W1"][0] == 7.0 and args[1]["W1"][0] == 1.0 and new[1]["b1"] is args[1]["b1"]


def test_sparse_keeps_only_the_selected_values_in_the_same_containers():
    assert sparse(GRADS_COST, {(1,): 9.0}) == (None, 9.0)
    assert sparse(GRADS_COST, {(0, "db"): 1.0}) == ({"db": 1.0}, None)


def test_a_shape_check_restricted_to_some_outputs_ignores_the_others():
    from grader.checks.match import MatchShapes

    expected = ({"dw": np.ones((2, 1)), "db": 0.5}, 0.25)
    matcher = MatchShapes(expected, ("grads", "cost"), parts=((0, "dw"),))
    assert matcher.judge(({"dw": np.zeros((2, 1)), "db": "anything"}, None), (), None) is None
    assert "has shape (1, 2)" in matcher.judge(({"dw": np.zeros((1, 2))}, 0.25), (), None)
    assert MatchShapes.from_data(matcher.to_data()).parts == ((0, "dw"),)


def test_a_wrong_number_of_returned_values_is_counted():
    from grader.checks.match import MatchValues

    matcher = MatchValues((np.ones(2), 1.0, 2.0), ("a", "b", "c"), parts=((1,),))
    assert "should return 3 values (a, b, c), but it returned a tuple of 2 values" in matcher.judge(
        (np.ones(2), 1.0), (), None)
