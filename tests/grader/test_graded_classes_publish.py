"""Graded classes outside the grader's core: their notebook, a kernel's class read back, their mutants.

The cut-down perceptron of ``tests/fixtures/classes/counter`` is the example: the source notebook
writes the class once (one markdown and one solution cell) with a check cell and autograder cells per
graded method; ``grader.notebook.namespace_source`` rebuilds a class defined in a kernel cell; and
``grader audit`` mutates methods under their graded names.
"""

from __future__ import annotations

import inspect
import linecache
from pathlib import Path

from grader import notebook
from grader.audit.equivalence import EquivalenceFilter
from grader.audit.mutants import make_mutants
from grader.course.locate import load_declaration, load_suite
from grader.publish.nbgrader import build_notebook, grade_id, solution_source
from grader.publish.stubs import render_solution

COUNTER = Path(__file__).resolve().parents[1] / "fixtures" / "classes" / "counter"
METHODS = ["Perceptron.net_input", "Perceptron.predict", "Perceptron.train"]


def _gid(cell) -> str | None:  # type: ignore[no-untyped-def]
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def test_the_notebook_writes_a_class_once_with_cells_per_method():
    assignment = load_declaration(COUNTER)
    assert assignment.function_names == METHODS
    nb = build_notebook(assignment)
    solutions = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert [_gid(c) for c in solutions] == ["solution_Perceptron"]
    assert solutions[0].source.startswith("class Perceptron:") and "### BEGIN SOLUTION" in solutions[0].source
    explain = next(c for c in nb.cells if c.id == "explain-Perceptron")
    assert explain.source.startswith("### 1. `class Perceptron` (")
    assert "**Attributes**" in explain.source and "- `w_` (ndarray of shape (1 + n_features,))" in explain.source
    for method in ("net_input(X)", "predict(X)", "train(X, y)"):
        assert f"#### `Perceptron.{method}`" in explain.source
    checks = [c.source.splitlines()[-1] for c in nb.cells if c.id.startswith("check-")]
    assert checks == [f'grader.check("{m}")' for m in METHODS]
    graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert {_gid(c) for c in graded} == {grade_id(f.name, k.name) for f in assignment.functions for k in f.checks}
    assert all("." not in (_gid(c) or "") and "." not in c.id for c in nb.cells)
    assert sum(c.metadata["nbgrader"]["points"] for c in graded) == sum(f.points for f in assignment.functions)
    # the class appears before the first method's cells, once
    order = [c.id for c in nb.cells]
    assert order.index("solution-Perceptron") < order.index("check-Perceptron-net-input")


def test_a_class_solution_keeps_only_summaries_of_its_docstrings():
    source = inspect.getsource(__import__("tests.fixtures.classes.ref_perceptron", fromlist=["x"]).Perceptron)
    cut = solution_source(source)
    assert cut.count("(See the explanation above.)") == 4  # the class and its three documented methods
    assert "Attributes" not in cut and "### BEGIN SOLUTION" in cut


def test_namespace_source_rebuilds_a_class_defined_in_a_cell():
    code = ("class Perceptron:\n    def __init__(self, eta=0.01):\n        self.eta = eta\n\n"
            "    def net_input(self, X):\n        return X @ self.w_[1:] + OFFSET\n")
    filename = "<ipython-input-9001-test>"
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    ns: dict = {"__name__": "__main__", "OFFSET": 0.0}
    exec(compile(code, filename, "exec"), ns)
    source = notebook.namespace_source(ns, ["Perceptron.net_input", "Perceptron.train"])
    assert "class Perceptron:" in source.text and "OFFSET = 0.0" in source.text
    assert source.text.count("class Perceptron") == 1


def test_the_audit_mutates_methods_under_their_graded_names():
    assignment = load_declaration(COUNTER)
    solution = render_solution(assignment.id, assignment.title, assignment.modules, assignment.function_names)
    mutants = make_mutants(solution, METHODS)
    assert {m.function for m in mutants} == set(METHODS)
    judge = EquivalenceFilter(solution, load_suite(COUNTER))
    flipped = next(m for m in mutants if m.function == "Perceptron.predict" and m.operator == "flip_sign")
    assert not judge.judge(flipped).equivalent  # called behind its instance spec, like the reference
    transposed = next(m for m in mutants if m.function == "Perceptron.net_input" and "w_[1:].T" in m.mutated)
    assert judge.judge(transposed).equivalent  # .T of a 1-D array changes nothing
