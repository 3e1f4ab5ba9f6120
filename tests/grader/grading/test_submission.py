"""Reading a notebook submission: which cells become the graded module."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.grading.ipynb import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_NOTEBOOK_DEPTH,
    MAX_NUMBER_CHARS,
    SKIP_TAG,
    notebook_source,
)
from grader.grading.source import MAX_BYTES, SubmissionError
from grader.grading.submission import read_source


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


# ---------------------------------------------------------------- hostile notebooks: limits and fuzzing


def _notebook_text(*codes: str, **metadata) -> str:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in codes])
    nb.metadata.update(metadata)
    return nbformat.writes(nb)


def _nested(levels: int) -> list:
    value: list = []
    for _ in range(levels - 1):
        value = [value]
    return value


def test_json_nesting_limit():
    # the notebook object and its metadata are two levels
    notebook_source(_notebook_text("x = 1", deep=_nested(MAX_NOTEBOOK_DEPTH - 2)), Path("work.ipynb"))
    with pytest.raises(SubmissionError, match=f"nested more than {MAX_NOTEBOOK_DEPTH}"):
        notebook_source(_notebook_text("x = 1", deep=_nested(MAX_NOTEBOOK_DEPTH - 1)), Path("work.ipynb"))
    text = '{"cells": [], "metadata": {"x": ' + "[" * 5000 + "]" * 5000 + "}}"
    with pytest.raises(SubmissionError, match="nested"):
        notebook_source(text, Path("work.ipynb"))


def test_number_length_limit():
    at = "1" * MAX_NUMBER_CHARS
    source = notebook_source(_notebook_text("x = 1").replace('"nbformat": 4', f'"nbformat": 4, "n": {at}'),
                             Path("work.ipynb"))
    assert source.cells
    for literal in ("1" * (MAX_NUMBER_CHARS + 1), "7" * 5000):
        text = _notebook_text("x = 1").replace('"nbformat": 4', f'"nbformat": 4, "n": {literal}')
        with pytest.raises(SubmissionError, match=f"more than {MAX_NUMBER_CHARS} characters"):
            notebook_source(text, Path("work.ipynb"))


def test_cell_count_limit():
    assert len(notebook_source(_notebook_text(*["x = 1"] * MAX_CELLS), Path("w.ipynb")).cells) == MAX_CELLS
    with pytest.raises(SubmissionError, match=f"more than the {MAX_CELLS} allowed"):
        notebook_source(_notebook_text(*["x = 1"] * (MAX_CELLS + 1)), Path("w.ipynb"))


def test_cell_length_limit():
    at = "#" * (MAX_CELL_CHARS - 1) + "\n"
    assert notebook_source(_notebook_text(at), Path("w.ipynb")).cells
    with pytest.raises(SubmissionError, match="cell 1 holds"):
        notebook_source(_notebook_text(at + "x"), Path("w.ipynb"))


def test_file_size_limit(tmp_path):
    at = tmp_path / "at.py"
    at.write_bytes(b"#" * (MAX_BYTES - 1) + b"\n")
    assert len(read_source(at).text) == MAX_BYTES
    over = tmp_path / "over.py"
    over.write_bytes(b"#" * MAX_BYTES + b"\n")
    with pytest.raises(SubmissionError, match="more than the"):
        read_source(over)


def test_a_lone_surrogate_in_a_cell_reads_as_the_replacement_character():
    text = _notebook_text('s = "SURROGATE"').replace("SURROGATE", "\\\\ud800".replace("\\\\", "\\"))
    assert "\\ud800" in text
    source = notebook_source(text, Path("w.ipynb"))
    assert '"\ufffd"' in source.cells[0][1]
    source.text.encode("utf-8")  # the module the child gets can be written out


NOTEBOOK_TOKENS = ['{"cells": [', "]", "}", "{", "[", '"cell_type": "code"', '"source": ', '"x = 1\\n"', ",", ":",
                   '"metadata": {}', "7" * 5000, "[" * 200, "\\ud800", '"', "\\", "1e400", "null", "NaN", "\udc80"]


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.binary(max_size=500).map(lambda b: b.decode("utf-8", "replace")),
                 st.lists(st.sampled_from(NOTEBOOK_TOKENS), max_size=40).map("".join)))
def test_any_text_is_a_notebook_or_a_submission_error(text):
    try:
        source = notebook_source(text, Path("w.ipynb"))
    except SubmissionError as exc:
        assert "w.ipynb" in str(exc)
    else:
        source.text.encode("utf-8")


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_any_file_is_source_or_a_submission_error(tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("fuzz") / "work.ipynb"
    path.write_bytes(raw)
    for suffix in (".ipynb", ".py"):
        target = path.with_suffix(suffix)
        path.replace(target)
        path = target
        try:
            read_source(path)
        except SubmissionError:
            pass
