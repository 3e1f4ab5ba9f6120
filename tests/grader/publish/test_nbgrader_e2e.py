"""The whole nbgrader flow with the real nbgrader, in a temporary course.

`grader notebooks` writes the source notebook; `nbgrader generate_assignment`
releases it; three students submit the released notebook (filled with the
solution, left unfilled, and with one broken function); `nbgrader autograde`
grades them in real kernels; the gradebook's scores must equal those of
`grader check --submission NOTEBOOK --format json`, cell by check.
"""

from __future__ import annotations

import csv
import functools
import json
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader_flow import course_with, solved
from nbgrader_flow import run as _run

from grader.publish.nbgrader import grade_id

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[3]
ASSIGNMENTS = REPO / "assignments"
DB_LINE = "db = np.sum(dZ, axis=1, keepdims=True) / m"
NOISY_CELL = """\
# a student's scratch cell: noisy, but not an answer
import sys
import warnings
warnings.simplefilter("always")
np.seterr(all="warn")
print("debugging output", file=sys.stderr)
import grader
grader.check()
"""
STUDENTS = ("alice", "bob", "carol")  # solution (with a noisy scratch cell), unfilled, broken linear_backward


def _submission(release: Path, source: Path, student: str) -> nbformat.NotebookNode:
    if student == "bob":
        return nbformat.read(release, as_version=4)
    nb = solved(release, source)
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if student == "carol" and gid == "solution_linear_backward":
            assert DB_LINE in cell.source
            cell.source = cell.source.replace(DB_LINE, "db = np.sum(dZ, axis=1) / m")
    if student == "alice":
        setup = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "setup")
        nb.cells.insert(setup + 1, nbformat.v4.new_code_cell(NOISY_CELL))
    return nb


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    students = {s: functools.partial(lambda release, source, s: _submission(release, source, s), s=s)
                for s in STUDENTS}
    return course_with(tmp_path_factory.mktemp("course"), "deep_nn", students, feedback=True)


def _gradebook(course: Path) -> dict[str, dict[str, tuple[float, float]]]:
    from nbgrader.api import Gradebook

    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in STUDENTS:
            nb = gb.find_submission_notebook("deep_nn", "deep_nn", student)
            scores[student] = {g.name: (g.score, g.max_score) for g in nb.grades}
    return scores


def _grader_check(course: Path, student: str) -> dict:
    notebook = course / "submitted" / student / "deep_nn" / "deep_nn.ipynb"
    proc = _run(sys.executable, "-m", "grader.cli", "check", "deep_nn", "--submission", str(notebook),
                "--format", "json", cwd=course)
    return json.loads(proc.stdout)


def test_release_has_stubs_and_no_hidden_tests(course):
    release = course / "release" / "deep_nn"
    assert (release / "public_checks.json").is_file()
    cells = nbformat.read(release / "deep_nn.ipynb", as_version=4).cells
    solutions = [c for c in cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert len(solutions) == 14
    assert all("raise NotImplementedError()" in c.source and "BEGIN SOLUTION" not in c.source for c in solutions)
    text = "\n".join(c.source for c in cells)
    assert "HIDDEN TESTS" not in text
    assert 'run_check("deep_nn", "linear_backward", "shape")' in text
    assert 'run_check("deep_nn", "linear_backward", "randomized")' not in text


def test_pytest_in_the_released_folder_checks_the_notebook(course, tmp_path):
    release = course / "release" / "deep_nn"
    assert (release / "test_deep_nn.py").is_file()
    command = (sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider")
    unfilled = _run(*command, cwd=release)
    assert unfilled.returncode == 1 and "31 failed" in unfilled.stdout
    work = tmp_path / "deep_nn"
    shutil.copytree(release, work)
    shutil.copyfile(course / "submitted" / "alice" / "deep_nn" / "deep_nn.ipynb", work / "deep_nn.ipynb")
    filled = _run(*command, cwd=work)
    assert filled.returncode == 0 and "31 passed" in filled.stdout


def test_exported_totals(course):
    with open(course / "grades.csv", newline="") as fh:
        rows = {r["student_id"]: r for r in csv.DictReader(fh)}
    assert {s: (float(rows[s]["score"]), float(rows[s]["max_score"])) for s in STUDENTS} == {
        "alice": (97.0, 97.0), "bob": (0.0, 97.0), "carol": (87.0, 97.0)}


@pytest.mark.parametrize("student", STUDENTS)
def test_nbgrader_scores_equal_grader_check(course, student):
    gradebook = _gradebook(course)[student]
    report = _grader_check(course, student)
    assert report["max_score"] == 97
    # the 0-point whole-module check has no autograder cell (students run grader.check("all functions"))
    by_cell = {grade_id(t["function"], t["name"]): (t["score"], t["max_score"]) for t in report["tests"]
               if t["function"] != "all functions"}
    assert gradebook == by_cell
    assert sum(score for score, _ in gradebook.values()) == report["score"]


def test_a_broken_function_loses_exactly_its_points(course):
    lost = {gid: (score, top) for gid, (score, top) in _gradebook(course)["carol"].items() if score != top}
    assert sorted(lost) == sorted(grade_id("linear_backward", c)
                                  for c in ("shape", "gradient check", "randomized", "properties"))
    assert sum(top for _, top in lost.values()) == 10 and all(score == 0 for score, _ in lost.values())


def test_no_stderr_or_errors_in_test_cells_of_a_correct_notebook(course):
    nb = nbformat.read(course / "autograded" / "alice" / "deep_nn" / "deep_nn.ipynb", as_version=4)
    tests = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")
             and not c.metadata["nbgrader"].get("solution")]
    assert len(tests) == 58
    for cell in tests:
        kinds = {(o.output_type, o.get("name")) for o in cell.outputs}
        assert kinds == {("stream", "stdout")}, (cell.metadata.nbgrader.grade_id, cell.outputs)
        assert "".join(o.text for o in cell.outputs).endswith(": passed\n")
    scratch = next(c for c in nb.cells if c.source == NOISY_CELL.rstrip("\n") or c.source == NOISY_CELL)
    assert any(o.get("name") == "stderr" for o in scratch.outputs)  # the noise happened, outside the tests


def test_feedback_pages(course):
    page = (course / "feedback" / "carol" / "deep_nn" / "deep_nn.html").read_text()
    assert "Score: 87.0 / 97.0" in page and "keep the summed axis with keepdims=True" in page


def test_training_cell_plots_the_cost(course):
    nb = nbformat.read(course / "autograded" / "alice" / "deep_nn" / "deep_nn.ipynb", as_version=4)
    train = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "train_model")
    assert any("image/png" in o.get("data", {}) for o in train.outputs)
    text = "".join(o.get("text", "") for o in train.outputs if o.output_type == "stream")
    accuracy = float(text.split("training accuracy: ")[1].split("%")[0])
    assert accuracy > 95
