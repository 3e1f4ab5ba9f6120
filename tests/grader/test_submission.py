"""Reading a notebook submission: which cells become the graded module."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from grader.submission import SKIP_TAG, notebook_source


def _source(*cells) -> str:
    """The code of the cells that will run, one after the other."""
    nb = nbformat.v4.new_notebook(cells=list(cells))
    source = notebook_source(nbformat.writes(nb), Path("work.ipynb"))
    return "".join(code for _, code in source.cells)


def _test_cell(code: str, **meta):
    cell = nbformat.v4.new_code_cell(code)
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "grade_id": "t",
                                 "points": 1, "schema_version": 3, **meta}
    return cell


def test_autograder_test_cells_are_left_out():
    text = _source(nbformat.v4.new_code_cell("x = 1"), _test_cell("from grader.notebook import run_check\nrun_check()"))
    assert "run_check" not in text and "x = 1" in text


def test_a_graded_solution_cell_is_kept():
    text = _source(_test_cell("def f():\n    return 1", solution=True))
    assert "def f():" in text


def test_cells_tagged_skip_grading_are_left_out():
    cell = nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\nplt.plot([1])")
    cell.metadata["tags"] = [SKIP_TAG]
    assert "matplotlib" not in _source(cell, nbformat.v4.new_code_cell("y = 2"))


@pytest.mark.parametrize(("code", "kept"), [
    ("import grader\ngrader.check('relu')", []),
    ("from grader.notebook import check as c\nc()\nx = 1", ["x = 1"]),
    ("import grader.notebook\ngrader.notebook.check(\n    'relu',\n)\ndef f():\n    import grader\n    return 1",
     ["def f():", "    import grader", "    return 1"]),
    ("check('relu')", ["check('relu')"]),  # not imported from the grader: the student's own
    ("def broken(:\n    pass\nimport grader", ["def broken(:", "    pass", "import grader"]),
], ids=["import-and-call", "from-import", "multi-line-and-nested", "own-check", "syntax-error"])
def test_uses_of_the_grader_api_are_commented_out(code, kept):
    text = _source(nbformat.v4.new_code_cell(code))
    live = [line for line in text.splitlines() if line and not line.startswith(("pass  #", "# "))]
    assert live == kept


def test_names_imported_in_one_cell_are_known_in_the_next():
    text = _source(nbformat.v4.new_code_cell("import grader"), nbformat.v4.new_code_cell("grader.check()"))
    assert "pass  # not run when grading: grader.check()" in text


def test_cells_keep_their_numbers_and_lines():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# hi"),
                                         nbformat.v4.new_code_cell("import grader\ngrader.check()\nx = 1")])
    source = notebook_source(nbformat.writes(nb), Path("work.ipynb"))
    (number, code), = source.cells
    assert number == 2 and code.splitlines()[2] == "x = 1"
    assert source.where(3, "<cell 2>") == "cell 2, line 3"


def test_each_cell_runs_on_its_own(tmp_path):
    """A cell that raises is recorded and the next cells still run (as in Jupyter)."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import not_a_module"),
                                         nbformat.v4.new_code_cell("%time x = 1\ndef f():\n    return 41 + 1")])
    source = notebook_source(nbformat.writes(nb), Path("work.ipynb"))
    namespace: dict = {}
    exec(compile(source.text, "submission.py", "exec"), namespace)
    assert namespace["f"]() == 42
    assert namespace["__grader_cell_report__"]() == [[1, "ModuleNotFoundError", "No module named 'not_a_module'", 1]]
