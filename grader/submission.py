"""Read a submission file (.py or .ipynb) safely into Python source.

Everything here runs in the grader's process on untrusted *bytes*, never
executing them: size, encoding and JSON structure are checked. A
notebook becomes a module that runs its code cells one by one, each
compiled under the name ``<cell N>`` (IPython magics and shell lines are
commented out), so messages say "cell N, line K" and a failing cell does
not stop the cells after it.

A notebook may hold code that is not the student's answer: nbgrader's
autograder test cells, cells tagged ``skip-grading`` (a training demo
that plots with matplotlib), and uses of the grader's own in-notebook API
(``import grader``, ``grader.check(...)``). Those are left out of the
module, much as nbgrader runs each cell on its own: otherwise importing the
module would fail in the grading child (numpy only) and cost every point.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 2 * 1024 * 1024
SKIP_TAG = "skip-grading"
GRADER_PACKAGE = "grader"


class SubmissionError(Exception):
    """The file cannot be graded at all (the message says why)."""


@dataclass(frozen=True)
class Source:
    """Python source ready to hand to the child, and where its lines came from."""

    text: str
    origin: Path
    notebook: bool = False
    cells: tuple[tuple[int, str], ...] = ()  # a notebook's graded cells: (cell number, code)

    def where(self, line: int | None, file: str | None = None) -> str:
        """Describe a place in the student's own terms (``cell 3, line 2`` in a notebook)."""
        place = f"line {line}" if line is not None else "an unknown line"
        if file and file.startswith("<cell "):
            return f"cell {file[6:-1]}, {place}"
        return place


def _decode(raw: bytes, path: Path) -> str:
    if not raw.strip():
        raise SubmissionError(f"{path.name} is empty")
    if b"\x00" in raw:
        raise SubmissionError(f"{path.name} is a binary file, not Python source or a notebook")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SubmissionError(
            f"{path.name} is not UTF-8 text (byte {exc.start}): save it with UTF-8 encoding"
        ) from None


def read_source(path: Path) -> Source:
    """Load ``path`` as Python source, converting a notebook's code cells."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SubmissionError(f"cannot read {path}: {exc.strerror}") from None
    if size > MAX_BYTES:
        raise SubmissionError(f"{path.name} is {size} bytes, more than the {MAX_BYTES} allowed")
    text = _decode(path.read_bytes(), path)
    if path.suffix == ".ipynb":
        return notebook_source(text, path)
    return Source(text, path)


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
    """Turn a notebook's code cells into a module that runs them one by one."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SubmissionError(f"{path.name} is not a valid notebook: invalid JSON at line {exc.lineno}, "
                              f"column {exc.colno} ({exc.msg})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("cells"), list):
        raise SubmissionError(f"{path.name} is not a valid notebook: it has no list of cells")
    calls: list[str] = []
    kept: list[tuple[int, str]] = []
    grader_names: set[str] = set()
    for number, cell in enumerate(doc["cells"], 1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code" or not _is_student_code(cell):
            continue
        src = cell.get("source", "")
        if isinstance(src, list):
            src = "".join(s for s in src if isinstance(s, str))
        if not isinstance(src, str) or not src.strip():
            continue
        cell_lines = []
        for line in src.splitlines():
            stripped = line.lstrip()
            if stripped.startswith(("%", "!")):
                # a comment at the top level (so a later __future__ import stays legal),
                # ``pass`` inside a block (so the block is not left empty)
                indent = line[: len(line) - len(stripped)]
                line = indent + ("pass  # " if indent else "# ") + stripped
            cell_lines.append(line)
        code = "\n".join(_without_grader_api(cell_lines, grader_names)) + "\n"
        calls.append(f"__grader_run_cell__({number}, {code!r})\n")
        kept.append((number, code))
    return Source(CELL_RUNNER + "".join(calls), path, notebook=True, cells=tuple(kept))


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
