"""Mutation operators of numpy arithmetic: reductions, transposes, signs, scales, axes, indices.

Each class is one operator (see :mod:`grader.audit.operators`); its
``edits`` yields one edit per mutant it makes at a node.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from grader.audit.operators import Operator, Site, calls, is_int, is_size, is_str, np_attr
from grader.audit.source import ATOMS, Edit, SourceText, binop_token, drop_right, replace_node, wrap


class DropKeepdims(Operator):
    name = "drop_keepdims"
    description = "a reduction loses keepdims=True (a (n, 1) column becomes a (n,) vector)"

    def edits(self, node: ast.AST, site: Site, src: SourceText) -> Iterator[Edit]:
        if not isinstance(node, ast.Call):
            return
        items: list[ast.AST] = [*node.args, *node.keywords]
        for keyword in node.keywords:
            if keyword.arg == "keepdims" and isinstance(keyword.value, ast.Constant) and keyword.value.value is True:
                position = items.index(keyword)
                if position == 0:
                    continue
                yield Edit(src.span(items[position - 1])[1], src.span(keyword)[1], "")


class Transpose(Operator):
    name = "transpose"
    description = "a transpose is dropped (x.T -> x), or a matrix product's operand is transposed"

    def edits(self, node: ast.AST, site: Site, src: SourceText) -> Iterator[Edit]:
        if isinstance(node, ast.Attribute) and node.attr == "T" and isinstance(node.ctx, ast.Load):
            start, end = src.span(node)
            if src.text[end - 2 : end] == ".T":
                yield Edit(end - 2, end, "")
        operands: list[ast.expr] = []
        if calls(node, "dot", "matmul") and isinstance(node, ast.Call) and len(node.args) == 2:
            operands = list(node.args)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
            operands = [node.left, node.right]
        for operand in operands:
            if isinstance(operand, ast.Attribute) and operand.attr == "T":
                continue
            start, end = src.span(operand)
            if isinstance(operand, ATOMS):
                yield Edit(end, end, ".T")
            elif src.text[start - 1 : start] == "(" and src.text[end : end + 1] == ")":  # already parenthesized
                yield Edit(end + 1, end + 1, ".T")
            else:
                yield replace_node(src, operand, f"({src.segment(operand)}).T")


class FlipSign(Operator):
    name = "flip_sign"
    description = "a - b <-> a + b, or a unary minus is dropped (-x -> x, np.exp(-z) -> np.exp(z))"

    def edits(self, node: ast.AST, site: Site, src: SourceText) -> Iterator[Edit]:
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub):
            if is_str(node.left) or is_str(node.right):
                return
            token = binop_token(src, node)
            if token is not None:
                yield Edit(*token, "-" if isinstance(node.op, ast.Add) else "+")
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            start, _ = src.span(node)
            if src.text[start] == "-":
                yield Edit(start, src.after_token(start + 1), "")


def _is_count(node: ast.AST, site: Site) -> bool:
    """The number of examples: ``m``, a name assigned from a size, or a size itself."""
    return (isinstance(node, ast.Name) and (node.id == "m" or node.id in site.sizes)) or is_size(node)


class ScaleByM(Operator):
    name = "scale_by_m"
    description = "an average is wrong: / m -> / (2 * m) or dropped, np.mean <-> np.sum"

    def edits(self, node: ast.AST, site: Site, src: SourceText) -> Iterator[Edit]:
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and _is_count(node.right, site):
            yield replace_node(src, node.right, f"(2 * {src.segment(node.right)})")
            dropped = drop_right(src, node)
            if dropped is not None:
                yield dropped
        elif np_attr(node, "mean", "sum") and isinstance(node, ast.Attribute):
            _, end = src.span(node)
            yield Edit(end - len(node.attr), end, "sum" if node.attr == "mean" else "mean")


class SwapAxis(Operator):
    name = "swap_axis"
    description = "axis=0 <-> axis=1 in a reduction, or X.shape[0] <-> X.shape[1]"

    def edits(self, node: ast.AST, site: Site, src: SourceText) -> Iterator[Edit]:
        if isinstance(node, ast.keyword) and node.arg == "axis" and is_int(node.value):
            value = node.value
            if isinstance(value, ast.Constant) and value.value in (0, 1):
                yield replace_node(src, value, str(1 - value.value))
        elif isinstance(node, ast.Subscript) and is_size(node) and is_int(node.slice):
            index = node.slice
            if isinstance(index, ast.Constant) and index.value in (0, 1):
                yield replace_node(src, index, str(1 - index.value))


def _shifted(node: ast.expr, site: Site, src: SourceText) -> Iterator[Edit]:
    """``l`` -> ``l + 1`` / ``l - 1``; ``l + 1`` or ``l - 1`` -> ``l`` (for index names only)."""
    if isinstance(node, ast.Name) and node.id in site.index_names:
        yield replace_node(src, node, f"{node.id} + 1")
        yield replace_node(src, node, f"{node.id} - 1")
    elif (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub) and is_int(node.right)
          and isinstance(node.left, ast.Name) and node.left.id in site.index_names):
        yield replace_node(src, node, node.left.id)


class OffByOne(Operator):
    name = "off_by_one"
    description = "a layer index or loop bound is off by one (l -> l + 1, range(1, L) -> range(1, L + 1) or range(L))"

    def edits(self, node: ast.AST, site: Site, src: SourceText) -> Iterator[Edit]:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range" and node.args:
            stop = node.args[-1]
            if (isinstance(stop, ast.BinOp) and isinstance(stop.op, ast.Add | ast.Sub) and is_int(stop.right)):
                yield replace_node(src, stop, src.segment(stop.left))
            else:
                yield replace_node(src, stop, f"{wrap(src.segment(stop), stop)} + 1")
            if len(node.args) == 2:
                yield Edit(src.span(node.args[0])[0], src.span(stop)[0], "")
            elif len(node.args) == 1:
                start = src.span(stop)[0]
                yield Edit(start, start, "1, ")
            return
        targets: list[ast.expr] = []
        if isinstance(node, ast.Subscript) and not is_size(node):
            targets = [node.slice]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "str" and node.args:
            targets = [node.args[0]]
        elif isinstance(node, ast.FormattedValue):
            targets = [node.value]
        for target in targets:
            yield from _shifted(target, site, src)


__all__ = ["DropKeepdims", "Transpose", "FlipSign", "ScaleByM", "SwapAxis", "OffByOne"]
