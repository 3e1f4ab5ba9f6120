"""grader/grading/exposure.py, and the runner's fresh child for an exposed function.

Unit tests build small suites by hand: ``F`` exposes ``G`` when ``F``'s
arguments, sent to the child before ``G`` is graded, hold the inputs of
one of ``G``'s cases and its answer. End to end, the fixture assignment
``tests/fixtures/exposure/pair`` grades ``backward(cache)`` before
``forward(x, w)``, each cache being ``(x, w, x @ w)``: a submission whose
``backward`` keeps its caches where the snapshot does not look, and whose
``forward`` answers from them, must not get ``forward``'s points (and does
get them when the runner is told nothing is exposed: the test can fail).
"""

from __future__ import annotations

import dataclasses
import textwrap
import types
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from grader.checks.base import Case, CompiledCheck
from grader.checks.match.matchers import MatchValues
from grader.course.locate import assignment_folders, load_suite
from grader.course.model import Suite
from grader.execution.interface import Limits
from grader.execution.sandbox import available, choose_launcher, own_user_launcher
from grader.grading import runner
from grader.grading.exposure import arrays, exposing
from grader.grading.submission import Source

REPO = Path(__file__).resolve().parents[3]
PAIR = REPO / "tests" / "fixtures" / "exposure" / "pair"
FAST = Limits(call_seconds=5, import_seconds=10)

RNG = np.random.default_rng(0)
X, W = RNG.standard_normal((2, 3)), RNG.standard_normal((3, 4))
Z = X @ W


def _suite(*functions: tuple[str, list[tuple[tuple[Any, ...], Any]]]) -> Suite:
    """A suite whose functions are graded in the order given, each with one check of ``(args, expected)`` cases."""
    checks = tuple(CompiledCheck("randomized", name, "reference", 1.0, "hidden",
                                 tuple(Case(name, f"case {i}", args, MatchValues(expected, ("out",)))
                                       for i, (args, expected) in enumerate(cases)))
                   for name, cases in functions)
    return Suite("handmade", "Hand-made", "handmade.py", (), checks)


def test_a_cache_holding_the_inputs_and_the_output_exposes_the_forward_function():
    suite = _suite(("backward", [(((X, W, Z),), Z @ W.T)]), ("forward", [((X, W), Z)]))
    assert exposing(suite) == {"forward": frozenset({"backward"})}


def test_the_same_output_without_the_inputs_is_a_coincidence():
    other = RNG.standard_normal((2, 3))
    suite = _suite(("backward", [(((other, W, Z),), Z @ W.T)]), ("forward", [((X, W), Z)]))
    assert exposing(suite) == {}


def test_an_output_that_is_one_of_the_inputs_looks_nothing_up():
    suite = _suite(("backward", [(((X, W, Z),), Z @ W.T)]), ("first", [((X, W), X)]))
    assert exposing(suite) == {}


def test_inputs_returned_beside_the_answer_do_not_hide_it():
    """``linear_forward`` returns ``(Z, (A_prev, W, b))``: the echoed inputs are ignored, not the whole case."""
    held = _suite(("backward", [(((X, W, Z),), Z @ W.T)]), ("forward", [((X, W), (Z, (X, W)))]))
    assert exposing(held) == {"forward": frozenset({"backward"})}
    echo_only = _suite(("backward", [(((X, W),), X @ W)]), ("forward", [((X, W), (Z, (X, W)))]))
    assert exposing(echo_only) == {}


def test_only_functions_graded_before_expose():
    suite = _suite(("forward", [((X, W), Z)]), ("backward", [(((X, W, Z),), Z @ W.T)]))
    assert exposing(suite) == {}


def test_values_are_compared_within_tolerance_and_shape():
    near = _suite(("backward", [(((X + 1e-12, W, Z * (1 + 1e-9)),), 0.0)]), ("forward", [((X, W), Z)]))
    assert exposing(near) == {"forward": frozenset({"backward"})}
    far = _suite(("backward", [(((X, W, Z + 1e-3),), 0.0)]), ("forward", [((X, W), Z)]))
    assert exposing(far) == {}
    reshaped = _suite(("backward", [(((X, W, Z.reshape(4, 2)),), 0.0)]), ("forward", [((X, W), Z)]))
    assert exposing(reshaped) == {}


def test_dicts_lists_and_plain_objects_are_searched():
    cache = types.SimpleNamespace(inputs={"x": X, "w": [W]}, z=Z)
    suite = _suite(("backward", [((cache,), 0.0)]), ("forward", [((X, W), Z)]))
    assert exposing(suite) == {"forward": frozenset({"backward"})}


def test_only_floating_arrays_of_two_values_or_more_count():
    found = list(arrays((X, np.arange(6), np.ones(1), 3.0, "x", {"b": [X > 0, W.astype(np.float32)]})))
    assert sorted(a.shape for a in found) == [(2, 3), (3, 4)]


def test_every_earlier_function_that_holds_a_lookup_is_named():
    suite = _suite(("backward", [(((X, W, Z),), 0.0)]), ("other", [((X,), 0.0)]),
                   ("update", [(((Z, X, W),), 0.0)]), ("forward", [((X, W), Z)]))
    assert exposing(suite) == {"forward": frozenset({"backward", "update"})}


def test_computed_once_per_suite_object():
    suite = _suite(("backward", [(((X, W, Z),), 0.0)]), ("forward", [((X, W), Z)]))
    assert exposing(suite) is exposing(suite)
    copy = dataclasses.replace(suite, checks=suite.checks[::-1])
    assert exposing(copy) == {}


#: Every real assignment's exposures (see the module docstring of grader/grading/exposure.py).
REAL = {
    # backward_propagation_with_regularization's cache holds Z1 = W1 X + b1 of forward_propagation_with_dropout's
    # cases (the same seeds: the same X and parameters); dropout changes everything after Z1, so nothing the
    # whole output is compared with can be looked up, but Z1 is one of its expected arrays.
    "regularization": {"forward_propagation_with_dropout": frozenset({"backward_propagation_with_regularization"})},
}


@pytest.mark.parametrize("assignment", sorted(assignment_folders([REPO / "assignments"])))
def test_the_exposures_of_every_real_assignment(assignment):
    suite = load_suite(REPO / "assignments" / assignment)
    assert exposing(suite) == REAL.get(assignment, {})


# ---------------------------------------------------------------- end to end

HONEST = """
import numpy as np


def backward(cache):
    x, w, z = cache
    return z @ w.T


def double(x):
    return 2.0 * x


def forward(x, w):
    return x @ w
"""

#: ``backward`` keeps its caches; ``forward`` returns the kept ``z`` for the same ``x`` and ``w``, else garbage.
ANSWERS = """

def _answer(kept, x, w):
    for kx, kw, kz in kept:
        if kx.shape == x.shape and kw.shape == w.shape and np.array_equal(kx, x) and np.array_equal(kw, w):
            return kz
    return np.full((x.shape[0], w.shape[1]), 7.0)
"""
CHEATS = {
    "closure": """
import numpy as np


def _pair():
    kept = []

    def backward(cache):
        kept.append(cache)
        x, w, z = cache
        return z @ w.T

    def forward(x, w):
        return _answer(kept, x, w)

    return backward, forward


backward, forward = _pair()


def double(x):
    return 2.0 * x
""",
    "another module's class": """
import collections
import numpy as np


def backward(cache):
    collections.Counter.kept = [*getattr(collections.Counter, "kept", []), cache]
    x, w, z = cache
    return z @ w.T


def double(x):
    return 2.0 * x


def forward(x, w):
    return _answer(getattr(collections.Counter, "kept", []), x, w)
""",
}
#: ``double`` missing: not graded, so the child's restore is still pending when ``forward`` comes.
CHEATS["another module's class, a function missing between"] = CHEATS["another module's class"].replace(
    "def double(x):\n    return 2.0 * x\n", "")


@pytest.fixture(scope="module")
def pair_suite() -> Suite:
    return load_suite(PAIR)


@pytest.fixture(scope="module", params=["own user", "bwrap"])
def launcher(request):
    """``grade_source``'s own launcher (a zygote, as in test_snapshot.py), and the sandbox a batch grades in.

    Not :class:`~grader.execution.local.LocalLauncher`: its children never report a clean restore, so every
    function gets a fresh child there anyway (and the leak cannot be shown).
    """
    if request.param == "own user":
        yield own_user_launcher()
        return
    if not available(request.param):
        pytest.skip(f"isolation {request.param!r} is not available here")
    chosen = choose_launcher(request.param, [str(REPO / "tests" / "fixtures" / "exposure")])
    yield chosen
    chosen.close()


def _grade(suite: Suite, launcher: Any, text: str) -> dict[str, float]:
    report = runner.grade_source(suite, Source(textwrap.dedent(text), Path("pair.py")), launcher, FAST)
    return {function: score for function, (score, _) in report.function_scores().items()}


def test_an_honest_submission_gets_full_marks_forward_in_a_fresh_child(pair_suite, launcher, child_starts):
    assert _grade(pair_suite, launcher, HONEST) == {"backward": 2, "double": 1, "forward": 3}
    assert child_starts["n"] == 2  # backward and double share one; forward gets its own


@pytest.mark.parametrize("cheat", list(CHEATS))
def test_a_forward_answering_from_kept_caches_gets_nothing(pair_suite, launcher, child_starts, cheat):
    scores = _grade(pair_suite, launcher, CHEATS[cheat] + ANSWERS)
    assert scores["backward"] == 2 and scores["forward"] == 0
    assert child_starts["n"] == 2


@pytest.mark.parametrize("cheat", list(CHEATS))
def test_without_the_fresh_child_the_cheat_would_get_forwards_points(pair_suite, monkeypatch, child_starts, cheat):
    """What the tests above guard against: told nothing is exposed, the runner restores the child, which keeps
    the caches (the snapshot does not see them), and ``forward`` answers every case from them."""
    monkeypatch.setattr(runner, "exposing", lambda suite: {})
    scores = _grade(pair_suite, own_user_launcher(), CHEATS[cheat] + ANSWERS)
    assert scores["backward"] == 2 and scores["forward"] == 3
    assert child_starts["n"] == 1


def test_a_caller_graded_before_its_callee_exposes_it():
    """While the caller is graded, the reference answers its calls of the callee: that child may keep them."""
    from grader.course.model import FunctionInfo

    suite = _suite(("caller", [((X, W), Z)]), ("callee", [((X, W), Z + 1)]))
    callee_first = _suite(("callee", [((X, W), Z + 1)]), ("caller", [((X, W), Z)]))
    infos = (FunctionInfo("caller", ("x", "w"), ("out",), calls=("callee",)), FunctionInfo("callee", ("x", "w"), ("out",)))
    assert exposing(dataclasses.replace(suite, functions=infos)) == {"callee": frozenset({"caller"})}
    assert exposing(dataclasses.replace(callee_first, functions=infos)) == {}


def test_a_case_holding_another_functions_answer_is_not_preloaded_whatever_the_order():
    """Preloaded cases are in every child from the start: only a case holding no other function's answer is."""
    from grader.grading.exposure import preloadable

    for order in ((0, 1), (1, 0)):
        functions = [("forward", [((X, W), Z)]), ("backward", [(((X, W, Z),), Z @ W.T), (((X, W),), X)])]
        suite = _suite(*(functions[i] for i in order))
        forward, backward = (next(c for c in suite.checks if c.function == f) for f in ("forward", "backward"))
        assert preloadable(suite) == {id(forward.cases[0]), id(backward.cases[1])}, order


def test_a_case_holding_its_own_functions_answer_may_be_preloaded():
    """A function's own plan carries all its cases at once anyway."""
    from grader.grading.exposure import preloadable

    suite = _suite(("update", [((X,), X * 2), ((X * 2,), X * 4)]))
    assert preloadable(suite) == {id(c) for c in suite.checks[0].cases}


def test_a_public_suite_is_graded_without_the_guard(pair_suite, child_starts):
    """In a public suite the student holds every answer already (public_checks.json): no fresh child is spent."""
    public = dataclasses.replace(pair_suite, mode="public")
    assert exposing(public)  # the suite would be guarded in full mode
    assert _grade(public, own_user_launcher(), HONEST) == {"backward": 2, "double": 1, "forward": 3}
    assert child_starts["n"] == 1
