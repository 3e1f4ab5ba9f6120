"""Checking from inside a notebook kernel: grader.check() and run_check().

A small stand-in for IPython runs "cells" the way IPython does (each cell's
source registered in linecache under its own file name), so the functions'
source can be read back. The real kernel is exercised by the nbgrader
end-to-end test.
"""

from __future__ import annotations

import itertools
import linecache
import re
import shutil
import warnings
from pathlib import Path

import nbformat
import pytest

import grader
from grader import notebook
from grader.course.locate import load_declaration
from grader.grading.runner import grade_submission
from grader.publish.nbgrader import build_notebook
from grader.publish.stubs import keep_solution

DEEP_NN = Path(__file__).resolve().parents[2] / "assignments" / "deep_nn"
_COUNTER = itertools.count(1)


class Kernel:
    """Runs cells into one namespace, keeping their source where IPython keeps it."""

    def __init__(self) -> None:
        self.ns: dict = {"__name__": "__main__"}
        self.cells: list[str] = []

    def run(self, code: str) -> None:
        filename = f"<ipython-input-{next(_COUNTER)}-test>"
        linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
        self.cells.append(code)
        exec(compile(code, filename, "exec"), self.ns)

    def notebook(self, path: Path) -> Path:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in self.cells])
        nbformat.write(nb, path)
        return path


@pytest.fixture(scope="module")
def cells():
    """The setup cell and the solution of every function, as in the generated notebook."""
    nb = build_notebook(load_declaration(DEEP_NN))
    setup = next(c.source for c in nb.cells if c.id == "setup")
    solutions = {c.metadata["nbgrader"]["grade_id"].removeprefix("solution_"): keep_solution(c.source)
                 for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")}
    return setup, solutions


def _kernel(cells, replace: dict[str, str] | None = None, drop: tuple[str, ...] = ()) -> Kernel:
    setup, solutions = cells
    kernel = Kernel()
    kernel.run(setup)
    for name, source in solutions.items():
        if name not in drop:
            kernel.run((replace or {}).get(name, source))
    return kernel


BROKEN_DB = {"linear_backward": """\
def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1) / m
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db
"""}


@pytest.fixture(autouse=True)
def fresh_cache():
    notebook._CACHE.clear()
    yield
    notebook._CACHE.clear()


def test_namespace_source_rebuilds_what_the_functions_use():
    kernel = Kernel()
    kernel.run("import numpy as np\nimport math as m\nfrom numpy import exp as E\nEPS = 1e-12\nLABEL = 'x'\n"
               "big = np.zeros(3)\nunused = 5\n")
    kernel.run("def helper(Z):\n    return 1.0 / (1.0 + E(-Z)) + EPS * m.pi * 0\n")
    kernel.run("def sigmoid(Z):\n    return helper(Z), Z\n\ndef relu(Z):\n    return big, Z\n")
    source = notebook.namespace_source(kernel.ns, ["sigmoid", "relu", "compute_cost"])
    assert source.text == "\n".join([
        "from __future__ import annotations",
        "from numpy import exp as E",
        "import math as m",
        "EPS = 1e-12",
        "", "",
        "def sigmoid(Z):", "    return helper(Z), Z",
        "", "",
        "def relu(Z):", "    return big, Z",
        "", "",
        "def helper(Z):", "    return 1.0 / (1.0 + E(-Z)) + EPS * m.pi * 0",
    ]) + "\n"
    assert source.where(16) == "line 2 of the cell defining helper"
    assert source.where(11) == "line 4 of the cell defining relu"


def test_check_prints_the_clis_feedback_for_one_function(cells, capsys):
    kernel = _kernel(cells, replace=BROKEN_DB)
    kernel.run("import grader\ngrader.check('linear_backward', assignment='deep_nn')")
    out = capsys.readouterr()
    assert out.err == ""
    assert out.out.startswith("deep_nn: Deep neural network, step by step\n"
                              "(submission this notebook, public and hidden checks)\n\nlinear_backward  0/10\n")
    assert "  FAIL shape" in out.out and "keep the summed axis with keepdims=True" in out.out
    assert out.out.endswith("Total: 0/10 (0 passed, 4 failed, 0 errors)\n")


@pytest.mark.parametrize("replace", [{}, BROKEN_DB], ids=["solution", "linear_backward-broken"])
def test_kernel_results_equal_grader_check_on_the_notebook(cells, replace, tmp_path, deep_nn_suite):
    kernel = _kernel(cells, replace=replace)
    _, report = notebook.report_for(assignment="deep_nn", namespace=kernel.ns)
    cli = grade_submission(deep_nn_suite, kernel.notebook(tmp_path / "work.ipynb"))
    def rows(tests):  # a traceback's place is named per source ("cell 8, line 3" vs "line 3 of the cell ...")
        return [(t.function, t.name, t.status, t.score, re.sub(r"\((cell \d+, )?line \d+[^,]*, in ", "(", t.message))
                for t in tests]

    assert rows(report.tests) == rows(cli.tests)
    assert report.score == cli.score == (97 if not replace else 87)


def test_run_check_passes_quietly_and_fails_with_the_message(cells, capsys):
    kernel = _kernel(cells, replace=BROKEN_DB)
    notebook.run_check("deep_nn", "linear_forward", "shape", kernel.ns)
    assert capsys.readouterr().out == "linear_forward: shape 1/1: passed\n"
    with pytest.raises(AssertionError, match=r"^linear_backward: randomized 0/3: db has shape \(3,\) but expected"):
        notebook.run_check("deep_nn", "linear_backward", "randomized", kernel.ns)


def test_run_check_uses_the_callers_globals(cells, capsys):
    kernel = _kernel(cells)
    kernel.run("from grader.notebook import run_check\nrun_check('deep_nn', 'relu', 'known values')")
    assert capsys.readouterr().out == "relu: known values 1/1: passed\n"


@pytest.mark.parametrize(("replace", "drop", "fragment"), [
    ({}, ("compute_cost",), "compute_cost is not defined"),
    ({"compute_cost": "def compute_cost(AL, Y):\n    raise NotImplementedError()\n"}, (), "not implemented"),
    ({"compute_cost": "def compute_cost(AL):\n    return 0.0\n"}, (), "has the wrong signature"),
    ({"compute_cost": "def compute_cost(AL, Y):\n    while True:\n        pass\n"}, (), "timed out"),
], ids=["missing", "not-implemented", "wrong-signature", "infinite-loop"])
def test_unusable_functions_fail_the_cell_not_the_kernel(cells, replace, drop, fragment, monkeypatch):
    monkeypatch.setattr(notebook, "grade_source", _with_short_timeout(notebook.grade_source))
    kernel = _kernel(cells, replace=replace, drop=drop)
    with pytest.raises(AssertionError, match=fragment):
        notebook.run_check("deep_nn", "compute_cost", "known value", kernel.ns)
    notebook.run_check("deep_nn", "linear_forward", "shape", kernel.ns)


def _with_short_timeout(grade_source):
    from grader.execution.interface import Limits

    def short(*args, **kwargs):
        return grade_source(*args, limits=Limits(call_seconds=1.0), **kwargs)

    return short


def test_a_broken_callee_costs_only_its_own_points(cells):
    broken = {"sigmoid": "def sigmoid(Z):\n    return 1 / (1 + np.exp(Z)), Z\n"}
    kernel = _kernel(cells, replace=broken)
    with pytest.raises(AssertionError):
        notebook.run_check("deep_nn", "sigmoid", "known values", kernel.ns)
    notebook.run_check("deep_nn", "linear_activation_forward", "slide example: hidden layer", kernel.ns)


def test_each_function_is_graded_once_per_source(cells, monkeypatch):
    calls = []
    real = notebook.grade_source

    def counting(suite, source, *args, checks=None, **kwargs):
        calls.append(sorted({c.function for c in checks}))
        return real(suite, source, *args, checks=checks, **kwargs)

    monkeypatch.setattr(notebook, "grade_source", counting)
    kernel = _kernel(cells)
    for check in ("shape", "gradient check", "randomized", "properties"):
        notebook.run_check("deep_nn", "linear_backward", check, kernel.ns)
    assert calls == [["linear_backward"]]
    kernel.run("def linear_backward(dZ, cache):\n    raise NotImplementedError\n")
    with pytest.raises(AssertionError):
        notebook.run_check("deep_nn", "linear_backward", "shape", kernel.ns)
    assert len(calls) == 2


def test_no_warning_or_stderr_output_while_grading(cells, capfd):
    kernel = _kernel(cells)
    kernel.run("import warnings\nwarnings.simplefilter('always')\nnp.seterr(all='warn')\n")
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        notebook.run_check("deep_nn", "sigmoid", "randomized", kernel.ns)
        notebook.check("compute_cost", assignment="deep_nn", namespace=kernel.ns)
    assert capfd.readouterr().err == ""


def test_students_copy_has_public_checks_only(cells, tmp_path, monkeypatch, capsys):
    shutil.copy(DEEP_NN / "public_checks.json", tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(notebook, "_declaration_folder", lambda assignment: None)
    kernel = _kernel(cells, replace=BROKEN_DB)
    with pytest.raises(AssertionError, match="keepdims"):
        notebook.run_check("deep_nn", "linear_backward", "shape", kernel.ns)
    with pytest.raises(notebook.ChecksUnavailable, match="hidden checks of deep_nn need"):
        notebook.run_check("deep_nn", "linear_backward", "randomized", kernel.ns)
    grader.check("linear_backward", namespace=kernel.ns)  # the assignment comes from public_checks.json
    out = capsys.readouterr().out
    assert "(submission this notebook, public checks only)" in out and "(hidden)" not in out
    assert "Total: 0/5 (0 passed, 2 failed, 0 errors)" in out


def test_unknown_function_or_check(cells):
    kernel = _kernel(cells)
    with pytest.raises(ValueError, match="no graded function 'softmax'"):
        notebook.check("softmax", assignment="deep_nn", namespace=kernel.ns)
    with pytest.raises(notebook.ChecksUnavailable, match="no check 'nope' of relu"):
        notebook.run_check("deep_nn", "relu", "nope", kernel.ns)


def test_assignment_is_inferred_from_the_function(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert notebook.infer_assignment("L_model_backward") == "deep_nn"
    with pytest.raises(notebook.ChecksUnavailable, match="cannot tell which assignment"):
        notebook.infer_assignment("softmax")
