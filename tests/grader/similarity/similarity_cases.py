"""Submissions made from the deep_nn fixtures: renamed and reformatted copies, one function swapped in."""

from __future__ import annotations

import ast
import io
import json
import random
import tokenize
from pathlib import Path

from grader.similarity.tokens import KEPT_NAMES

ROOT = Path(__file__).resolve().parents[3]
VARIANTS = ROOT / "tests" / "fixtures" / "submissions" / "correct_variants"
DEEP_NN = ROOT / "assignments" / "deep_nn"
STUB = DEEP_NN / "deep_nn.py"
#: Correct solutions written independently of each other (the other variants are edits of plain_dot.py).
INDEPENDENT = ("at_operator", "einsum_loops", "matmul", "mean_where", "stable_sigmoid", "plain_dot")
#: Variants made by editing plain_dot.py (one or two functions differ).
DERIVED = ("plain_dot", "old_template_rebinds", "update_in_place", "inlines_and_helpers")


def variant(name: str) -> str:
    return (VARIANTS / f"{name}.py").read_text(encoding="utf-8")


def disguise(code: str, tag: str) -> str:
    """``code`` with every own identifier renamed, comments dropped and added, and the layout changed."""
    out: list[tuple[int, str]] = []
    previous = ""
    for tok in tokenize.generate_tokens(io.StringIO(code).readline):
        if tok.type == tokenize.COMMENT:
            continue
        text = tok.string
        if tok.type == tokenize.NAME and text not in KEPT_NAMES and previous != "." and text not in {"np", "copy"}:
            text = f"{text.lower()}_{tag}"
        if tok.type == tokenize.NEWLINE:
            out.append((tokenize.COMMENT, f"# {tag}: my own work"))
        out.append((tok.type, text))
        previous = tok.string
    return tokenize.untokenize(out)


def function_lines(code: str, name: str) -> tuple[int, int]:
    for node in ast.parse(code).body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            assert node.end_lineno is not None
            return node.lineno, node.end_lineno
    raise LookupError(name)


def swap_function(into: str, source: str, name: str) -> str:
    """``into`` with its function ``name`` replaced by the one of ``source``."""
    a, b = function_lines(into, name)
    c, d = function_lines(source, name)
    mine, theirs = into.splitlines(), source.splitlines()
    return "\n".join(mine[: a - 1] + theirs[c - 1 : d] + mine[b:]) + "\n"


def notebook(code: str, *, split_at: str) -> str:
    """A notebook of ``code`` in two code cells (split before ``def <split_at>``) after a markdown cell."""
    rows = code.splitlines(keepends=True)
    at = next(i for i, row in enumerate(rows) if row.startswith(f"def {split_at}"))
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "# My deep network"}]
    for part in ("".join(rows[:at]), "".join(rows[at:])):
        cells.append({"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": part})
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def _expression(rng: random.Random, names: list[str], depth: int) -> str:
    if depth == 0 or rng.random() < 0.2:
        return rng.choice(names)
    kind = rng.randrange(3)
    left, right = _expression(rng, names, depth - 1), _expression(rng, names, depth - 1)
    if kind == 0:
        return f"({left} {rng.choice(['+', '-', '*', '/'])} {right})"
    if kind == 1:
        return f"np.{rng.choice(['sum', 'abs', 'tanh', 'maximum', 'dot', 'exp'])}({left}, {right})"
    return f"{left}[{right}]"


def own_helper(rng: random.Random, tag: str) -> str:
    """A helper function no other student wrote: ten lines of random expressions over random names."""
    names = [f"{tag}_{i}" for i in range(4)]
    body = [f"    {names[0]} = {names[1]} = {names[2]} = {names[3]} = x"]
    for i in range(10):
        body.append(f"    {names[i % 4]} = {_expression(rng, names, 3)}")
    body.append(f"    return {names[-1]}")
    return f"\n\ndef helper_{tag}(x):\n" + "\n".join(body) + "\n"


def functions_of(code: str) -> dict[str, str]:
    """Each top-level function of ``code``, by name, as written."""
    rows = code.splitlines()
    return {node.name: "\n".join(rows[node.lineno - 1 : node.end_lineno])
            for node in ast.parse(code).body if isinstance(node, ast.FunctionDef)}


def generated_class(n: int, seed: int = 0) -> dict[str, str]:
    """``n`` submissions, each function drawn from a random independent variant, disguised, with a helper of its own."""
    rng = random.Random(seed)
    pools = [functions_of(variant(name)) for name in INDEPENDENT]
    names = list(pools[-1])
    out = {}
    for i in range(n):
        parts = ["import numpy as np"]
        for name in names:
            choices = [pool[name] for pool in pools if name in pool]
            parts.append(rng.choice(choices))
        code = "\n\n\n".join(parts) + own_helper(rng, f"s{i}")
        out[f"student{i:03d}"] = disguise(code, f"s{i}")
    return out
