"""Generate an nbgrader source notebook of an assignment from the reference.

One section per graded function: a markdown cell rendered from the
reference's numpydoc docstring (math as LaTeX), the function's source with
its ``### BEGIN SOLUTION`` / ``### END SOLUTION`` region (nbgrader turns it
into the stub), a cell that prints the student's feedback, and one
autograder test cell per declared check, worth that check's points, so the
notebook's total equals ``grader check``'s. Hidden checks sit inside
``### BEGIN HIDDEN TESTS`` / ``### END HIDDEN TESTS``. Test cells call
:func:`grader.notebook.run_check`, which grades in a child process.

Cells that are not the student's code (autograder tests, the assignment's ungraded exercises)
are left out when ``grader check`` reads the notebook (see
:mod:`grader.grading.submission`). Output is deterministic: same reference, same
bytes.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import inspect
import json
import re
from pathlib import Path
from typing import Any

import nbformat

from grader.checks.base import Check
from grader.course.model import Assignment, Function
from grader.grading.ipynb import SKIP_TAG
from grader.publish.docmarkdown import docstring_markdown, paragraphs
from grader.publish.stubs import collect, sort_imports

SCHEMA_VERSION = 3
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}



# ------------------------------------------------------------- ids


def slug(text: str) -> str:
    """Lower-case letters, digits and underscores only (nbgrader's grade_id alphabet)."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _short_id(text: str, limit: int = 64) -> str:
    if len(text) <= limit:
        return text
    digest = hashlib.sha1(text.encode()).hexdigest()[:8]
    return f"{text[: limit - 9]}_{digest}"


def _ident(function: str) -> str:
    """A graded name as it appears in ids: ``Perceptron.train`` -> ``Perceptron_train`` (cell ids take no dot)."""
    return function.replace(".", "_")


def grade_id(function: str, check: str) -> str:
    """The grade_id of the autograder cell of one check."""
    return _short_id(f"test_{_ident(function)}_{slug(check)}")


# ------------------------------------------------------------- docstrings to markdown


def _signature(fn: Any) -> str:
    return f"{fn.__name__}({', '.join(inspect.signature(fn).parameters)})"


def _points(x: float) -> str:
    return f"{x:g}"


def _q(text: str) -> str:
    """A double-quoted Python string literal."""
    return json.dumps(text)


def _checks_table(function: Function) -> str:
    rows = ["| check | points | visibility | what it verifies |", "|---|---|---|---|"]
    for check in function.checks:
        what = check.description or check.summary or check.kind
        rows.append(f"| {check.name} | {_points(check.points)} | {check.visibility} | "
                    f"{what.replace('|', '/')} |")
    return "\n".join(rows)


# ------------------------------------------------------------- code cells


def solution_source(source: str) -> str:
    """The function's source with its long docstring cut to the summary line.

    The markdown cell above carries the whole docstring; the solution
    markers stay, so nbgrader can turn the region into the stub. In a
    class (graded methods), the class's and each method's docstring are cut alike.
    """
    tree = ast.parse(source)
    node = tree.body[0]
    if not isinstance(node, ast.FunctionDef | ast.ClassDef) or not node.body:
        return source
    owners: list[ast.FunctionDef | ast.ClassDef] = [node]
    if isinstance(node, ast.ClassDef):
        owners += [n for n in node.body if isinstance(n, ast.FunctionDef) and n.body]
    lines = source.splitlines()
    for owner in reversed(owners):  # bottom up: the line numbers above stay valid
        first = owner.body[0]
        if not (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)):
            continue
        start, end = first.lineno - 1, first.end_lineno or first.lineno
        indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
        summary = inspect.cleandoc(first.value.value).splitlines()[0].replace('"""', "'''")
        lines[start:end] = [f'{indent}"""{summary} (See the explanation above.)"""']
    return "\n".join(lines)


def test_source(assignment: str, check: Check) -> str:
    """The autograder cell of one check; a hidden check's call is inside the hidden markers."""
    what = check.description or check.summary or check.kind
    call = f"run_check({_q(assignment)}, {_q(check.function)}, {_q(check.name)})"
    lines = [
        f"# Autograder test: {check.function}, {_q(check.name)} "
        f"({_points(check.points)} point{'s' if check.points != 1 else ''}, {check.visibility}).",
        f"# Checks {what}.",
        "from grader.notebook import run_check",
        "",
    ]
    if check.visibility == "hidden":
        lines += ["### BEGIN HIDDEN TESTS", call, "### END HIDDEN TESTS"]
    else:
        lines.append(call)
    return "\n".join(lines)


# ------------------------------------------------------------- cells


def _meta(grade_id_: str, *, solution: bool = False, grade: bool = False, locked: bool = False,
          points: float | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"grade": grade, "grade_id": grade_id_, "locked": locked,
                            "schema_version": SCHEMA_VERSION, "solution": solution, "task": False}
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def _markdown(cell_id: str, text: str, *, read_only: bool = True) -> Any:
    cell = nbformat.v4.new_markdown_cell(text, id=cell_id.replace("_", "-"))
    if read_only:
        cell.metadata.update(_meta(cell_id, locked=True))
    return cell


def _code(cell_id: str, text: str, metadata: dict[str, Any] | None = None) -> Any:
    cell = nbformat.v4.new_code_cell(text, id=cell_id.replace("_", "-"))
    cell.metadata.update(metadata or {})
    return cell


def _module_intro(module_name: str) -> str:
    doc = inspect.getdoc(importlib.import_module(module_name)) or module_name
    parts = paragraphs(doc.splitlines())
    return f"## {parts[0].rstrip('.')}\n\n" + "\n\n".join(parts[1:])


def _intro(assignment: Assignment) -> str:
    total = sum(f.points for f in assignment.functions)
    public = sum(c.points for f in assignment.functions for c in f.checks if c.visibility == "public")
    rows = ["| function | points |", "|---|---|"]
    rows += [f"| `{f.name}` | {_points(f.points)} |" for f in assignment.functions]
    return "\n".join([
        f"# {assignment.title}",
        "",
        "Write every function of this notebook where it says `YOUR CODE HERE` (replace the "
        "`raise NotImplementedError()` line), from the explanation and the math above it. Keep the "
        "names, the parameters and the return values as documented: the autograder calls them.",
        "",
        f"Run the cell below each function (`grader.check(...)`) to see the feedback of the public checks "
        f"({_points(public)} of the {_points(total)} points). The locked autograder cells add hidden checks "
        "when the notebook is graded. Each check is all or nothing; shape and property checks count once "
        "a value check of the same function passes. A bug in one function costs that function's points "
        "only: while a function is checked, the functions that its correct version calls are answered "
        "with their correct versions (any other function of yours it calls runs your own code), and each "
        "function is checked in a fresh process. `grader.check(\"all functions\")` runs your functions "
        "together (no points). Updating functions (`update_*`) may change the parameters they are given; "
        "every other function must leave its arguments unchanged.",
        "",
        "Do not add code outside the functions that needs more than numpy: the notebook is graded with "
        "numpy only. From a terminal, `grader check "
        f"{assignment.id} --submission {assignment.id}.ipynb` gives the same feedback.",
        "",
        *rows,
        f"| **total** | **{_points(total)}** |",
    ])


def _class_cells(number: int, cls: str, assignment: Assignment) -> list[Any]:
    """The markdown of a class with graded methods: its docstring, then each graded method's and its checks."""
    ref = assignment.reference
    graded = [f for f in assignment.functions if f.name.partition(".")[0] == cls]
    parts = [f"### {number}. `class {cls}` ({_points(sum(f.points for f in graded))} points)",
             docstring_markdown(ref.classes[cls])]
    for function in graded:
        fn = ref.functions[function.name]
        parts += [f"#### `{cls}.{_signature(fn).replace('(self, ', '(').replace('(self)', '()')}` "
                  f"({_points(function.points)} points)", docstring_markdown(fn),
                  "**Checks**\n\n" + _checks_table(function)]
    return [_markdown(f"explain_{cls}", "\n\n".join(parts))]


def build_notebook(assignment: Assignment) -> Any:
    """The nbgrader source notebook of ``assignment`` (an nbformat 4.5 notebook)."""
    imports, aliases, found = collect(assignment.modules, assignment.function_names)
    sources = {f.name: f for f in found}
    functions = {f.name: f for f in assignment.functions}
    ref = assignment.reference
    cells = [_markdown("intro", _intro(assignment))]
    setup = sort_imports(imports) + ("\n\n" + "\n".join(aliases) if aliases else "")
    cells.append(_code("setup", "# Setup: run this cell first.\n" + setup, _meta("setup", locked=True)))
    module = None
    number = 0
    written: set[str] = set()
    for name in assignment.function_names:
        top = name.partition(".")[0]  # a graded method's class: written once, before its first method's cells
        if sources[top].module != module:
            module = sources[top].module
            cells.append(_markdown(f"part_{slug(module)}", _module_intro(module)))
        fn = ref.functions[name]
        function = functions[name]
        if top not in written:
            written.add(top)
            number += 1
            cells += _class_cells(number, top, assignment) if top != name else [
                _markdown(f"explain_{name}", f"### {number}. `{_signature(fn)}` ({_points(function.points)} points)"
                          "\n\n" + docstring_markdown(fn) + "\n\n**Checks**\n\n" + _checks_table(function))]
            cells.append(_code(f"solution_{top}", solution_source(sources[top].source),
                               _meta(f"solution_{top}", solution=True)))
        cells.append(_code(f"check_{_ident(name)}",
                           f"# Your feedback on {name} (public checks). Not graded: run it as often as you like.\n"
                           f"import grader\n\ngrader.check({_q(name)})"))
        for check in function.checks:
            gid = grade_id(name, check.name)
            cells.append(_code(gid, test_source(assignment.id, check),
                               _meta(gid, grade=True, locked=True, points=check.points)))
    for exercise in assignment.exercises:
        cells.append(_markdown(f"{exercise.id}_intro", exercise.markdown.rstrip("\n")))
        cell = _code(exercise.id, exercise.code.rstrip("\n"), _meta(exercise.id, locked=True))
        cell.metadata["tags"] = [SKIP_TAG]
        cells.append(cell)
    nb = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": dict(KERNELSPEC),
        "language_info": {"name": "python"},
    })
    nb.nbformat_minor = 5
    nbformat.validate(nb)
    return nb


def render_notebook(assignment: Assignment) -> str:
    """The source notebook as text (deterministic)."""
    return nbformat.writes(build_notebook(assignment))


NBGRADER_CONFIG = '''\
"""nbgrader configuration of this course (written by `grader notebooks`; edit freely)."""

c = get_config()  # noqa: F821
c.CourseDirectory.course_id = {course_id!r}
# Each autograder cell grades in a child process; allow slow student code some room.
c.Execute.timeout = 120
'''


def write_course(folder: Path, course: Path, extra_files: dict[str, str]) -> list[Path]:
    """Write ``course/source/ID/ID.ipynb``, ``extra_files`` and the provided files beside it; an
    nbgrader_config.py if missing.

    nbgrader releases every file of the source folder with the notebook (the provided modules the
    notebook imports too), and autograde runs it in the student's folder, where they are.
    Returns the paths written.
    """
    from grader.course.locate import load_declaration, provided_files

    assignment = load_declaration(folder)
    target = course / "source" / assignment.id
    target.mkdir(parents=True, exist_ok=True)
    written = []
    notebook = target / f"{assignment.id}.ipynb"
    notebook.write_text(render_notebook(assignment), encoding="utf-8")
    written.append(notebook)
    for name, text in {**extra_files, **dict(provided_files(folder, assignment))}.items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_text(text, encoding="utf-8")
        written.append(target / name)
    config = course / "nbgrader_config.py"
    if not config.exists():
        config.write_text(NBGRADER_CONFIG.format(course_id=course.resolve().name), encoding="utf-8")
        written.append(config)
    return written


__all__ = ["build_notebook", "docstring_markdown", "grade_id", "render_notebook", "write_course"]
