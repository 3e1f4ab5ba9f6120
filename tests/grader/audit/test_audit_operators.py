"""grader/audit operators and mutant generation: each operator's mutated lines, and none where it does not apply."""

from __future__ import annotations

import textwrap

import pytest

from grader.audit.catalog import UnknownOperator, describe, selected
from grader.audit.mutants import make_mutants
from grader.audit.operators import OPERATORS

HEADER = "import copy\n\nimport numpy as np\n\n\n"


def module(body: str, params: str = "X, Y, W, b, dA, params, grads") -> str:
    return HEADER + f"def f({params}):\n" + textwrap.indent(textwrap.dedent(body).strip("\n"), "    ") + "\n"


def mutated_lines(operator: str, body: str) -> list[str]:
    return [m.mutated for m in make_mutants(module(body), ["f"], [operator])]


CASES = [
    ("drop_keepdims", "db = np.sum(dA, axis=1, keepdims=True)", ["db = np.sum(dA, axis=1)"]),
    ("transpose", "Z = np.dot(W, X.T)", ["Z = np.dot(W.T, X.T)", "Z = np.dot(W, X)"]),
    ("transpose", "Z = W @ (X + b)", ["Z = W.T @ (X + b)", "Z = W @ (X + b).T"]),
    ("flip_sign", "Z = X - Y", ["Z = X + Y"]),
    ("flip_sign", "A = 1.0 / (1.0 + np.exp(-X))", ["A = 1.0 / (1.0 - np.exp(-X))", "A = 1.0 / (1.0 + np.exp(X))"]),
    ("scale_by_m", "m = Y.shape[1]\ndW = np.dot(dA, X.T) / m",
     ["dW = np.dot(dA, X.T) / (2 * m)", "dW = np.dot(dA, X.T)"]),
    ("scale_by_m", "c = np.mean(X)", ["c = np.sum(X)"]),
    ("swap_axis", "s = np.sum(X, axis=0)\nm = X.shape[1]", ["s = np.sum(X, axis=1)", "m = X.shape[0]"]),
    ("off_by_one", "L = len(params) // 2\nfor l in range(1, L):\n    W = params['W' + str(l)]",
     ["for l in range(1, L + 1):", "for l in range(L):", "W = params['W' + str(l + 1)]",
      "W = params['W' + str(l - 1)]"]),
    ("off_by_one", "for l in reversed(range(len(X) - 1)):\n    g = X[l + 1]",
     ["for l in reversed(range(len(X))):", "for l in reversed(range(1, len(X) - 1)):", "g = X[l]"]),
    ("off_by_one", "for l in range(3):\n    k = f'W{l}'", ["for l in range(3 + 1):", "for l in range(1, 3):",
                                                       "k = f'W{l + 1}'", "k = f'W{l - 1}'"]),
    ("swap_activation", "A = sigmoid(X)\nd = relu_backward(dA, X)\nif b == \"relu\":\n    pass",
     ["A = relu(X)", "d = sigmoid_backward(dA, X)", 'if b == "sigmoid":']),
    ("drop_term", "c = -np.sum(Y * np.log(X) + (1 - Y) * np.log(1 - X))",
     ["c = -np.sum(Y * np.log(X))", "c = -np.sum((1 - Y) * np.log(1 - X))", "c = -np.sum(Y * np.log(X) + (1) * np.log(1 - X))",
      "c = -np.sum(Y * np.log(X) + (1 - Y) * np.log(1))"]),
    ("in_place", "dZ = np.array(dA, copy=True)\nP = copy.copy(params)\nV = X.copy()",
     ["dZ = dA", "P = params", "V = X"]),
    ("in_place", "X = X - b\nW2 = W - 0.1 * b", ["X -= b", "W -= 0.1 * b; W2 = W"]),
    ("hard_coded_size", "m = Y.shape[1]\nL = len(params)", ["m = 2", "L = 2"]),
    ("wrong_seed", "np.random.seed(3)", ["np.random.seed(4)", "pass"]),
    ("compare_boundary", "dA[X <= 0] = 0\nk = X > b", ["dA[X < 0] = 0", "k = X >= b"]),
    ("scale_constant", "W = np.random.randn(3, 2) * 0.01", ["W = np.random.randn(3, 2) * 0.1", "W = np.random.randn(3, 2)"]),
    ("swap_arguments", "Z = np.dot(W, X)\nR = np.divide(Y, X)", ["Z = np.dot(X, W)", "R = np.divide(X, Y)"]),
    ("swap_extremum", "A = np.maximum(0, X)", ["A = np.minimum(0, X)"]),
]


@pytest.mark.parametrize(("operator", "body", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_operator_makes_the_expected_mutated_lines(operator, body, expected):
    assert sorted(mutated_lines(operator, body)) == sorted(expected)


INAPPLICABLE = "key = 'W' + str(3)\nZ = np.tanh(b) * 2\nreturn {key: Z}"


@pytest.mark.parametrize("operator", sorted(OPERATORS))
def test_operator_leaves_code_it_does_not_apply_to(operator):
    assert mutated_lines(operator, INAPPLICABLE) == []


def test_every_built_in_operator_is_tested():
    assert {c[0] for c in CASES} == set(OPERATORS)


def test_docstring_and_signature_are_never_mutated():
    source = HEADER + 'def f(X: "np.ndarray" = -1):\n    """X - 1, sigmoid, axis=0."""\n    return X\n'
    assert make_mutants(source, ["f"]) == []


def test_mutant_records_operator_function_line_and_diff():
    [mutant] = make_mutants(module("Z = X - Y\nreturn Z"), ["f"], ["flip_sign"])
    assert (mutant.operator, mutant.function, mutant.line) == ("flip_sign", "f", 7)
    assert (mutant.original, mutant.mutated) == ("Z = X - Y", "Z = X + Y")
    assert mutant.source.splitlines()[6] == "    Z = X + Y"


def test_only_graded_functions_are_mutated():
    source = module("return X - Y") + "\n\ndef helper(X, Y):\n    return X - Y\n"
    assert {m.function for m in make_mutants(source, ["f"])} == {"f"}


def test_the_same_mutants_in_the_same_order_every_time():
    body = "m = Y.shape[1]\nreturn -np.sum(Y * np.log(X) + (1 - Y) * np.log(1 - X), axis=1, keepdims=True) / m"
    first = make_mutants(module(body), ["f"])
    assert first == make_mutants(module(body), ["f"])
    assert [m.index for m in first] == list(range(len(first)))
    assert len({m.source for m in first}) == len(first)  # duplicates across operators are made once


def test_unknown_operator_is_refused_and_every_operator_is_described():
    with pytest.raises(UnknownOperator, match="no_such"):
        selected(["no_such"])
    assert [name for name, _ in describe()] == list(OPERATORS)
    assert all(text for _, text in describe())
