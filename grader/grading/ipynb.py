"""A submitted notebook (.ipynb) as Python source: its code cells, run one by one.

A notebook becomes a module that runs its code cells one by one, each
compiled under the name ``<cell N>`` (IPython magics and shell lines are
commented out), so messages say "cell N, line K" and a failing cell does
not stop the cells after it.

A notebook may hold code that is not the student's answer: nbgrader's
autograder test cells, cells tagged ``skip-grading`` (a training demo
that plots with matplotlib), and uses of the grader's own in-notebook API
(``import grader``, ``grader.check(...)``). Those are left out of the
module, much as nbgrader runs each cell on its own: otherwise importing the
module would fail in the grading child (numpy only) and cost every point.

Limits
------
A notebook is untrusted bytes, so it is read under the limits below (all
module constants); breaking one is a :class:`~grader.grading.source.SubmissionError`
with a message the student can act on, never another exception: its JSON
nests at most :data:`MAX_NOTEBOOK_DEPTH` levels deep (checked on the bytes
before :func:`json.loads`, which recurses), its number literals are at most
:data:`MAX_NUMBER_CHARS` characters (checked before ``int()`` sees them),
and it has at most :data:`MAX_CELLS` cells of at most :data:`MAX_CELL_CHARS`
characters each.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

from grader.execution.child import wirejson
from grader.grading.source import MAX_BYTES, Source, SubmissionError

#: Deepest nesting of a notebook's JSON (nbformat itself needs 5 levels; outputs and metadata add a few).
MAX_NOTEBOOK_DEPTH = 64


#: Longest number literal in a notebook's JSON, in characters.
MAX_NUMBER_CHARS = 64


#: Most cells in a notebook (code, markdown and raw together).
MAX_CELLS = 2_000


#: Most characters of source in one cell.
MAX_CELL_CHARS = 200_000


SKIP_TAG = "skip-grading"


GRADER_PACKAGE = "grader"


#: Runs each notebook cell on its own, like Jupyter: a cell that raises (a
#: plot, ``import matplotlib``, a leftover experiment) is recorded and the
#: next cell still runs, so the functions the other cells define are graded.
CELL_RUNNER = """\
import __future__ as __grader_future__
import linecache as __grader_linecache__
__grader_cell_errors__ = []
__grader_flags__ = [0]


def __grader_run_cell__(number, code):
    mask = 0
    for feature in __grader_future__.all_feature_names:
        mask |= getattr(__grader_future__, feature).compiler_flag
    name = "<cell %d>" % number
    __grader_linecache__.cache[name] = (len(code), None, code.splitlines(True), name)
    try:
        compiled = compile(code, name, "exec", flags=__grader_flags__[0], dont_inherit=True)
        __grader_flags__[0] |= compiled.co_flags & mask
        exec(compiled, globals())
    except Exception as exc:
        line = exc.lineno if isinstance(exc, SyntaxError) else None
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == name:
                line = tb.tb_lineno
            tb = tb.tb_next
        __grader_cell_errors__.append([number, type(exc).__name__, str(exc)[:300], line])


def __grader_cell_report__():
    return [list(e) for e in __grader_cell_errors__]


"""


CELL_REPORT = "__grader_cell_report__"


def notebook_source(text: str, path: Path) -> Source:
    """Turn a notebook's code cells into a module that runs them one by one.

    Raises
    ------
    SubmissionError
        If the text is not a notebook within the limits (see the module's docstring).
    """
    cells = _notebook_cells(text, path)
    calls: list[str] = []
    kept: list[tuple[int, str]] = []
    grader_names: set[str] = set()
    for number, cell in enumerate(cells, 1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code" or not _is_student_code(cell):
            continue
        src = cell.get("source", "")
        if isinstance(src, list):
            src = "".join(s for s in src if isinstance(s, str))
        if not isinstance(src, str) or not src.strip():
            continue
        if len(src) > MAX_CELL_CHARS:
            raise SubmissionError(f"{path.name}: cell {number} holds {len(src)} characters of code, more than "
                                  f"the {MAX_CELL_CHARS} allowed (move data out of the notebook)")
        code = "\n".join(_without_grader_api(_without_magics(src), grader_names)) + "\n"
        calls.append(f"__grader_run_cell__({number}, {code!r})\n")
        kept.append((number, code))
    return Source(CELL_RUNNER + "".join(calls), path, notebook=True, cells=tuple(kept))


def _notebook_int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise SubmissionError(f"a number of more than {MAX_NUMBER_CHARS} characters")
    return int(text)


def _notebook_json(text: str, path: Path) -> Any:
    """The notebook's JSON document, parsed within the limits."""
    invalid = f"{path.name} is not a valid notebook"
    try:
        body = text.encode("utf-8")
    except UnicodeEncodeError:
        raise SubmissionError(f"{invalid}: it is not valid Unicode text") from None
    try:
        wirejson.scan_json(body, max_depth=MAX_NOTEBOOK_DEPTH, max_items=MAX_BYTES)
    except wirejson.ProtocolError:
        raise SubmissionError(f"{invalid}: its JSON is nested more than {MAX_NOTEBOOK_DEPTH} levels deep") from None
    try:
        return json.loads(wirejson.replace_lone_surrogates(body).decode("utf-8"), parse_int=_notebook_int)
    except json.JSONDecodeError as exc:
        raise SubmissionError(f"{invalid}: invalid JSON at line {exc.lineno}, "
                              f"column {exc.colno} ({exc.msg})") from None
    except SubmissionError as exc:
        raise SubmissionError(f"{invalid}: its JSON holds {exc}") from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise SubmissionError(f"{invalid}: unreadable JSON ({type(exc).__name__})") from None


def _notebook_cells(text: str, path: Path) -> list[Any]:
    """The notebook's list of cells, if it is a notebook within the limits."""
    doc = _notebook_json(text, path)
    if not isinstance(doc, dict) or not isinstance(doc.get("cells"), list):
        raise SubmissionError(f"{path.name} is not a valid notebook: it has no list of cells")
    cells: list[Any] = doc["cells"]
    if len(cells) > MAX_CELLS:
        raise SubmissionError(f"{path.name} has {len(cells)} cells, more than the {MAX_CELLS} allowed")
    return cells


def _without_magics(src: str) -> list[str]:
    """The cell's lines with IPython magics and shell lines commented out."""
    cell_lines = []
    for line in src.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")):
            # a comment at the top level (so a later __future__ import stays legal),
            # ``pass`` inside a block (so the block is not left empty)
            indent = line[: len(line) - len(stripped)]
            line = indent + ("pass  # " if indent else "# ") + stripped
        cell_lines.append(line)
    return cell_lines


def _is_student_code(cell: dict[str, object]) -> bool:
    """False for nbgrader's autograder test cells and for cells tagged ``skip-grading``."""
    meta = cell.get("metadata")
    if not isinstance(meta, dict):
        return True
    nbgrader = meta.get("nbgrader")
    if isinstance(nbgrader, dict) and nbgrader.get("grade") and not nbgrader.get("solution"):
        return False
    tags = meta.get("tags")
    return not (isinstance(tags, list) and SKIP_TAG in tags)


def _imports_grader(node: ast.stmt) -> list[str] | None:
    """The names a top-level ``import grader...`` binds, or None for any other statement."""
    if isinstance(node, ast.Import):
        if all(a.name.split(".")[0] == GRADER_PACKAGE for a in node.names):
            return [a.asname or a.name.split(".")[0] for a in node.names]
    elif isinstance(node, ast.ImportFrom):
        if node.level == 0 and (node.module or "").split(".")[0] == GRADER_PACKAGE:
            return [a.asname or a.name for a in node.names]
    return None


def _calls_grader(node: ast.stmt, names: set[str]) -> bool:
    """True for an expression statement calling something imported from the grader."""
    if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)):
        return False
    func = node.value.func
    while isinstance(func, ast.Attribute):
        func = func.value
    return isinstance(func, ast.Name) and func.id in names


def _without_grader_api(lines: list[str], names: set[str]) -> list[str]:
    """Comment out a cell's top-level imports of the grader and calls of what they bound.

    ``names`` carries the bound names from cell to cell. The cell is only
    parsed here, never run; one that does not parse is left as it is (the
    child reports the syntax error with its cell and line).
    """
    try:
        tree = ast.parse("\n".join(lines))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return lines
    out = list(lines)
    for node in tree.body:
        bound = _imports_grader(node)
        if bound is None and not _calls_grader(node, names):
            continue
        names.update(bound or ())
        start, end = node.lineno - 1, node.end_lineno or node.lineno
        for i in range(start, end):
            out[i] = ("pass  # not run when grading: " if i == start else "# ") + lines[i]
    return out


__all__ = ["CELL_REPORT", "CELL_RUNNER", "MAX_CELLS", "MAX_CELL_CHARS", "MAX_NOTEBOOK_DEPTH", "MAX_NUMBER_CHARS",
           "SKIP_TAG", "notebook_source"]
