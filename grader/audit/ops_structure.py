"""Mutation operators of a network's structure and state: activations, terms, copies, sizes, seeds.

Also the comparison, constant-scale and argument-order operators. Each
class is one operator (see :mod:`grader.audit.operators`).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import ClassVar

from grader.audit.operators import Operator, Site, calls, is_int, is_size, is_str, np_attr
from grader.audit.source import SYMBOLS, Edit, SourceText, drop_left, drop_right, replace_node, wrap

#: Activations (and their backward functions) a student may mix up, both ways.
ACTIVATION_SWAPS = {"sigmoid": "relu", "relu": "sigmoid", "sigmoid_backward": "relu_backward",
                    "relu_backward": "sigmoid_backward"}


class SwapActivation(Operator):
    name = "swap_activation"
    description = "sigmoid <-> relu (a function called, or the activation named by a string)"

    def edits(self, node: ast.AST, site: Site, src: SourceText) -> Iterator[Edit]:
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in ACTIVATION_SWAPS:
            yield replace_node(src, node, ACTIVATION_SWAPS[node.id])
        elif is_str(node) and isinstance(node, ast.Constant) and node.value in ACTIVATION_SWAPS:
            text = src.segment(node)
            yield replace_node(src, node, text.replace(node.value, ACTIVATION_SWAPS[node.value]))


class DropTerm(Operator):
    name = "drop_term"
    description = "a term of a sum is missing (a + b -> a or b; a - b -> a)"

    def edits(self, node: ast.AST, site: Site, src: SourceText) -> Iterator[Edit]:
        if not isinstance(node, ast.BinOp) or not isinstance(node.op, ast.Add | ast.Sub):
            return
        if is_str(node.left) or is_str(node.right) or is_int(node.right):  # keys; index shifts are off_by_one's
            return
        for edit in (drop_right(src, node), drop_left(src, node) if isinstance(node.op, ast.Add) else None):
            if edit is not None:
                yield edit


def _root(node: ast.AST) -> str | None:
    """The name an expression reads from (``params`` in ``params["W" + str(l)]``)."""
    while isinstance(node, ast.Subscript | ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


class InPlace(Operator):
    name = "in_place"
    description = "an argument is changed in place (a copy dropped, or X = X - d -> X -= d)"

    def edits(self, node: ast.AST, site: Site, src: SourceText) -> Iterator[Edit]:
        if isinstance(node, ast.Call):
            copied = self._copied(node)
            if copied is not None:
                yield replace_node(src, node, wrap(src.segment(copied), copied))
        elif (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.value, ast.BinOp)
              and isinstance(node.value.op, ast.Add | ast.Sub | ast.Mult | ast.Div)
              and not isinstance(node.targets[0], ast.Tuple)):
            target, value = node.targets[0], node.value
            symbol = SYMBOLS[type(value.op)]
            left, right = src.segment(value.left), src.segment(value.right)
            if src.segment(target) == left:
                yield replace_node(src, node, f"{left} {symbol}= {right}")
            elif _root(value.left) in site.params and isinstance(value.left, ast.Subscript | ast.Name):
                yield replace_node(src, node, f"{left} {symbol}= {right}; {src.segment(target)} = {left}")

    @staticmethod
    def _copied(node: ast.Call) -> ast.expr | None:
        """What a copying call copies: np.array(x, copy=True), np.copy(x), x.copy(), copy.copy(x), copy.deepcopy(x)."""
        func = node.func
        if np_attr(func, "array") and len(node.args) == 1 and any(
                k.arg == "copy" and isinstance(k.value, ast.Constant) and k.value.value is True
                for k in node.keywords):
            return node.args[0]
        if (np_attr(func, "copy") or (isinstance(func, ast.Attribute) and func.attr in ("copy", "deepcopy")
                                      and isinstance(func.value, ast.Name) and func.value.id == "copy")):
            return node.args[0] if len(node.args) == 1 else None
        if isinstance(func, ast.Attribute) and func.attr == "copy" and not node.args and not node.keywords:
            return func.value
        return None


#: The size written in when the value a size had on the check's inputs is unknown.
FALLBACK_SIZE = 2


class HardCodedSize(Operator):
    name = "hard_coded_size"
    description = "a size is hard-coded (Y.shape[1] or len(x) -> its value on the first public inputs)"

    def edits(self, node: ast.AST, site: Site, src: SourceText) -> Iterator[Edit]:
        if isinstance(node, ast.expr) and is_size(node):
            value = site.observe(site.name, node)
            yield replace_node(src, node, str(FALLBACK_SIZE if value is None else value))


class WrongSeed(Operator):
    name = "wrong_seed"
    description = "np.random.seed(k) -> np.random.seed(k + 1), or the seeding line removed"

    def edits(self, node: ast.AST, site: Site, src: SourceText) -> Iterator[Edit]:
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "seed"
                and _root(node.func) in ("np", "numpy") and len(node.args) == 1):
            return
        seed = node.args[0]
        if isinstance(seed, ast.Constant) and type(seed.value) is int:
            yield replace_node(src, seed, str(seed.value + 1))
        parent = site.parents.get(node)
        if isinstance(parent, ast.Expr):
            yield replace_node(src, parent, "pass")


#: A comparison's boundary moved: strict <-> not strict.
BOUNDARY_SWAPS = {ast.Gt: ">=", ast.GtE: ">", ast.Lt: "<=", ast.LtE: "<"}


class CompareBoundary(Operator):
    name = "compare_boundary"
    description = "a comparison's boundary moves (> <-> >=, < <-> <=), e.g. the ReLU kink at 0"

    def edits(self, node: ast.AST, site: Site, src: SourceText) -> Iterator[Edit]:
        if not isinstance(node, ast.Compare) or len(node.ops) != 1 or type(node.ops[0]) not in BOUNDARY_SWAPS:
            return
        token = src.token_between(node.left, node.comparators[0], SYMBOLS[type(node.ops[0])])
        if token is not None:
            yield Edit(*token, BOUNDARY_SWAPS[type(node.ops[0])])


class ScaleConstant(Operator):
    name = "scale_constant"
    description = "a scale factor is wrong: * 0.01 -> * 0.1, or dropped"

    def edits(self, node: ast.AST, site: Site, src: SourceText) -> Iterator[Edit]:
        if not isinstance(node, ast.BinOp) or not isinstance(node.op, ast.Mult):
            return
        for constant, drop in ((node.right, drop_right), (node.left, drop_left)):
            if isinstance(constant, ast.Constant) and type(constant.value) is float and constant.value not in (0, 1):
                yield replace_node(src, constant, repr(constant.value * 10))
                edit = drop(src, node)
                if edit is not None:
                    yield edit


class SwapArguments(Operator):
    name = "swap_arguments"
    description = "the operands of a non-commutative numpy call are swapped (np.dot(W, A) -> np.dot(A, W))"

    def edits(self, node: ast.AST, site: Site, src: SourceText) -> Iterator[Edit]:
        if calls(node, "dot", "matmul", "divide", "subtract") and isinstance(node, ast.Call) and len(node.args) == 2:
            first, second = node.args
            yield Edit(src.span(first)[0], src.span(second)[1],
                       f"{src.segment(second)}, {src.segment(first)}")


class SwapExtremum(Operator):
    name = "swap_extremum"
    description = "np.maximum <-> np.minimum (and np.max <-> np.min), e.g. a ReLU that clips the wrong side"

    SWAPS: ClassVar[dict[str, str]] = {"maximum": "minimum", "minimum": "maximum", "max": "min", "min": "max"}

    def edits(self, node: ast.AST, site: Site, src: SourceText) -> Iterator[Edit]:
        if isinstance(node, ast.Attribute) and np_attr(node, *self.SWAPS):
            _, end = src.span(node)
            yield Edit(end - len(node.attr), end, self.SWAPS[node.attr])


__all__ = ["SwapActivation", "DropTerm", "InPlace", "HardCodedSize", "WrongSeed", "CompareBoundary",
           "ScaleConstant", "SwapArguments", "SwapExtremum", "ACTIVATION_SWAPS", "FALLBACK_SIZE"]
