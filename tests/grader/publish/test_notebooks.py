"""The generated nbgrader source notebook: metadata, points, hidden markers, golden copy."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbgrader.nbgraderformat import MetadataValidator

from grader.course.locate import load_declaration
from grader.grading.ipynb import SKIP_TAG, notebook_source
from grader.publish.docmarkdown import docstring_markdown, rst_inline
from grader.publish.nbgrader import grade_id, render_notebook

DEEP_NN = Path(__file__).resolve().parents[3] / "assignments" / "deep_nn"


@pytest.fixture(scope="module")
def assignment():
    return load_declaration(DEEP_NN)


@pytest.fixture(scope="module")
def text(assignment):
    return render_notebook(assignment)


@pytest.fixture(scope="module")
def nb(text):
    return nbformat.reads(text, as_version=4)


def _nbgrader(cell):
    return cell.metadata.get("nbgrader", {})


def _tests(nb):
    return [c for c in nb.cells if _nbgrader(c).get("grade") and not _nbgrader(c).get("solution")]


def test_matches_golden(text, golden):
    golden("deep_nn_source.ipynb", text)


def test_output_is_deterministic(assignment, text):
    assert render_notebook(assignment) == text


def test_valid_nbformat_and_nbgrader_schema_3(nb):
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    MetadataValidator().validate_nb(nb)
    for cell in nb.cells:
        meta = _nbgrader(cell)
        if meta:
            assert meta["schema_version"] == 3
            assert set(meta) >= {"grade", "grade_id", "locked", "solution", "task"}


def test_grade_ids_are_unique_and_nbgrader_safe(nb):
    ids = [_nbgrader(c)["grade_id"] for c in nb.cells if _nbgrader(c)]
    assert len(ids) == len(set(ids))
    assert all(i.replace("_", "").replace("-", "").isalnum() and len(i) <= 64 for i in ids)
    cell_ids = [c.id for c in nb.cells]
    assert len(cell_ids) == len(set(cell_ids))


def test_one_test_cell_per_check_and_points_sum_to_the_suite(nb, assignment):
    tests = _tests(nb)
    checks = [(f.name, c) for f in assignment.functions for c in f.checks]
    assert len(tests) == len(checks) == 58
    for cell, (function, check) in zip(tests, checks, strict=True):
        assert _nbgrader(cell)["grade_id"] == grade_id(function, check.name)
        assert _nbgrader(cell)["points"] == check.points
        assert _nbgrader(cell)["locked"] is True
        assert f'run_check("deep_nn", "{function}", "{check.name}")' in cell.source
    assert sum(_nbgrader(c)["points"] for c in tests) == 97
    assert sum(_nbgrader(c).get("points") or 0 for c in nb.cells) == 97


def test_hidden_markers_surround_exactly_the_hidden_checks(nb, assignment):
    visibility = {grade_id(f.name, c.name): c.visibility for f in assignment.functions for c in f.checks}
    for cell in nb.cells:
        hidden = "### BEGIN HIDDEN TESTS" in cell.source
        if cell in _tests(nb) and visibility[_nbgrader(cell)["grade_id"]] == "hidden":
            lines = cell.source.splitlines()
            begin, end = lines.index("### BEGIN HIDDEN TESTS"), lines.index("### END HIDDEN TESTS")
            assert [line for line in lines[begin + 1:end]] == [lines[begin + 1]]
            assert lines[begin + 1].startswith("run_check(")
            assert not any(line.startswith("run_check(") for line in lines[:begin] + lines[end + 1:])
        else:
            assert not hidden and "### END HIDDEN TESTS" not in cell.source
    assert sum("### BEGIN HIDDEN TESTS" in c.source for c in nb.cells) == 28


def test_solution_cells_hold_the_reference_regions(nb, assignment):
    solutions = [c for c in nb.cells if _nbgrader(c).get("solution")]
    assert [_nbgrader(c)["grade_id"] for c in solutions] == [f"solution_{n}" for n in assignment.function_names]
    for cell, name in zip(solutions, assignment.function_names, strict=True):
        assert cell.cell_type == "code" and not _nbgrader(cell)["locked"] and not _nbgrader(cell)["grade"]
        assert cell.source.startswith(f"def {name}(")
        assert cell.source.count("### BEGIN SOLUTION") == cell.source.count("### END SOLUTION") >= 1


def test_explanations_carry_the_docstring_math(nb):
    explain = {c.id: c.source for c in nb.cells if c.cell_type == "markdown"}
    text = explain["explain-linear-backward"]
    assert text.startswith("### 11. `linear_backward(dZ, cache)` (10 points)")
    assert "$$\ndW = \\frac{1}{m} dZ \\, A_{prev}^T, \\quad" in text
    assert "- `db` (ndarray of shape (n, 1)): Gradient of the cost with respect to `b`." in text
    assert "| shape | 2 | public |" in text and "| randomized | 3 | hidden |" in text
    assert "$\\odot$" in explain["explain-sigmoid-backward"]


def test_docstring_markdown_of_a_small_function():
    def f(x, y):
        """Add two things.

        Parameters
        ----------
        x : ndarray of shape (n, 1)
            The first, see :func:`g`.
        y : float
            The second,
            on two lines.

        Returns
        -------
        z : ndarray of shape (n, 1)
            ``x + y``.

        Notes
        -----
        .. math:: z = x + y

        with :math:`y` broadcast.
        """

    assert docstring_markdown(f) == "\n\n".join([
        "Add two things.",
        "**Parameters**\n\n- `x` (ndarray of shape (n, 1)): The first, see `g()`.\n"
        "- `y` (float): The second, on two lines.",
        "**Returns**\n\n- `z` (ndarray of shape (n, 1)): `x + y`.",
        "**Notes**",
        "$$\nz = x + y\n$$",
        "with $y$ broadcast.",
    ])


def test_rst_inline():
    assert rst_inline("``a`` :math:`b^2` :func:`~c`") == "`a` $b^2$ `c()`"


def test_training_cell_plots_and_is_left_out_of_grading(nb):
    train = next(c for c in nb.cells if c.id == "train-model")
    assert SKIP_TAG in train.metadata.tags and _nbgrader(train)["locked"]
    assert "import matplotlib.pyplot as plt" in train.source and "plt.show()" in train.source
    assert "L_model_backward(" in train.source and "costs.append" in train.source


def test_grading_the_source_notebook_sees_only_the_students_code(text, tmp_path):
    path = tmp_path / "deep_nn.ipynb"
    path.write_text(text)
    module = notebook_source(text, path).text
    assert "run_check" not in module and "matplotlib" not in module
    assert "pass  # not run when grading: import grader" in module
    assert "def L_model_backward(" in module and "import numpy as np" in module
    compile(module, "deep_nn", "exec")


def test_check_cells_follow_each_solution(nb, assignment):
    checks = [c for c in nb.cells if c.id.startswith("check-")]
    assert [c.source.splitlines()[-1] for c in checks] == [f"grader.check({json.dumps(n)})"
                                                           for n in assignment.function_names]
    assert all(not _nbgrader(c) for c in checks)


def test_cli_writes_the_course_layout(tmp_path):
    from click.testing import CliRunner

    from grader.cli import main

    result = CliRunner().invoke(main, ["notebooks", "deep_nn", "--course", str(tmp_path)])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "source" / "deep_nn"
    assert sorted(p.name for p in folder.iterdir()) == ["README.md", "deep_nn.ipynb", "nn_grader-0.1.0-py3-none-any.whl",
                                                        "public_checks.json", "test_deep_nn.py"]
    for name in ("public_checks.json", "test_deep_nn.py"):
        assert (folder / name).read_text() == (DEEP_NN / name).read_text()
    config = (tmp_path / "nbgrader_config.py").read_text()
    assert "c.CourseDirectory.course_id" in config
    (tmp_path / "nbgrader_config.py").write_text("# mine\n")
    assert CliRunner().invoke(main, ["notebooks", "deep_nn", "--course", str(tmp_path)]).exit_code == 0
    assert (tmp_path / "nbgrader_config.py").read_text() == "# mine\n"
