"""Hints behind a failure: a transposed shape, a missing keepdims, a factor of m, arrays in the wrong places.

Also the numerics every matcher shares (finiteness, the relative error of a
block), so a hint and a verdict always measure the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from grader.checks.match.naming import Mismatch, Path, index_text, path_name

#: Every diagnosis code, with the mistake it names (what the class summary shows).
#: Matchers attach one to each failure (:class:`~grader.checks.match.naming.Mismatch`);
#: the runner adds its own for calls that returned nothing to judge.
DIAGNOSES: dict[str, str] = {
    # a wrong answer, from the matchers
    "keepdims": "a summed axis dropped (keepdims=True missing)",
    "transposed": "transposed (the order of a matrix product or a missing .T)",
    "scalar_expected": "an array where a scalar is expected",
    "wrong_rows": "the wrong number of rows (an off-by-one layer size)",
    "wrong_columns": "the wrong number of columns (one per example)",
    "wrong_shape": "another wrong shape",
    "sign": "the opposite sign",
    "factor_m": "a factor of m: 1/m missing or applied twice",
    "scaled": "right up to a constant factor",
    "misplaced": "right arrays under the wrong keys or indices (an off-by-one layer?)",
    "wrong_keys": "a dict with the wrong keys",
    "wrong_length": "a tuple or list with the wrong number of items",
    "wrong_type": "a value of the wrong type or dtype",
    "not_finite": "NaN or infinity",
    "mutation": "an argument changed in place (or an entry replaced)",
    "wrong_value": "wrong values (no simpler pattern)",
    "fresh_inputs": "right on the published inputs only",
    "values_first": "right structure, but no value check passes yet",
    "uninterpretable": "a returned value the grader could not interpret",
    # a call that returned nothing to judge, from the runner
    "not_implemented": "not implemented yet",
    "callee_not_implemented": "calls a function of theirs not implemented yet",
    "raised": "raised an exception",
    "timeout": "timed out",
    "crashed": "the process crashed",
    "unreadable_return": "returned a value the grader cannot read",
    "missing": "function missing from the file",
    "signature": "wrong signature",
    "import_error": "the file does not import",
    "unreadable": "the file could not be read",
    "assignment_error": "an error of the assignment, not of the student",
    "grader_error": "an internal error of the grader",
}


def describe_diagnosis(code: str) -> str:
    """The words of a diagnosis code (``raised:KeyError`` names the exception type)."""
    head, _, detail = code.partition(":")
    text = DIAGNOSES.get(head, code)
    return f"raised {detail}" if head == "raised" and detail else text


def shape_diagnosis(got: tuple[int, ...], expected: tuple[int, ...]) -> tuple[str, str]:
    """``(hint, code)`` of a shape mismatch: the words that end the message, and the diagnosis."""
    squeezed = tuple(s for s in expected if s != 1)
    if got == squeezed and got != expected:
        return (": keep the summed axis with keepdims=True (or reshape) so the result stays "
                f"{expected}", "keepdims")
    if got == expected[::-1]:
        return ": it looks transposed (check the order of the matrix product or a missing .T)", "transposed"
    if expected == () and len(got) > 0 and int(np.prod(got)) == 1:
        return ": return a scalar, e.g. np.squeeze(cost) or float(cost)", "scalar_expected"
    if len(got) == len(expected) and got[-1:] == expected[-1:] and got[:-1] != expected[:-1]:
        return ": the number of rows is wrong (check which layer's size you used)", "wrong_rows"
    if len(got) == len(expected) and got[:1] == expected[:1]:
        return ": the number of columns is wrong (one column per example, m columns)", "wrong_columns"
    return "", "scalar_expected" if expected == () else "wrong_shape"


def shape_hint(got: tuple[int, ...], expected: tuple[int, ...]) -> str:
    return shape_diagnosis(got, expected)[0]


def ratio_diagnosis(got: np.ndarray, expected: np.ndarray, context: dict[str, Any]) -> tuple[str, str]:
    """``(hint, code)`` when every entry is the expected one times the same constant, else ``("", "")``."""
    mask = np.abs(expected) > 1e-12 * max(1.0, float(np.max(np.abs(expected), initial=0.0)))
    if not mask.any():
        return "", ""
    ratios = got[mask] / expected[mask]
    c = float(np.median(ratios))
    if not np.all(np.abs(ratios - c) <= 1e-6 * max(1.0, abs(c))) or abs(c - 1) < 1e-9:
        return "", ""
    m = context.get("m")
    if abs(c + 1) < 1e-6:
        return " Every entry has the opposite sign: check the sign (+/-) in your formula.", "sign"
    if m and m > 1 and abs(c * m - 1) < 1e-6:
        return (f" Every entry is 1/m times the expected value (m = {m}): did you divide by m twice?",
                "factor_m")
    if m and m > 1 and abs(c - m) < 1e-6:
        return (f" Every entry is m times the expected value (m = {m}): did you forget to divide by m?",
                "factor_m")
    # one number is always some multiple of another: that says nothing about the mistake
    return f" Every entry is {c:.6g} times the expected value.", "scaled" if int(mask.sum()) > 1 else "wrong_value"


def ratio_hint(got: np.ndarray, expected: np.ndarray, context: dict[str, Any]) -> str:
    return ratio_diagnosis(got, expected, context)[0]


def require_finite(g: np.ndarray, e: np.ndarray, where: object) -> None:
    """Fail closed: any NaN or infinity, in the answer or (an authoring error) in the expectation."""
    bad_g = ~np.isfinite(g)
    if bad_g.any():
        bad = tuple(int(i) for i in np.argwhere(bad_g)[0]) if g.ndim else ()
        raise Mismatch(f"{where} contains {g[bad]} at index {index_text(bad)} where a finite number is expected."
                       if g.ndim else f"{where} is {float(g)} where a finite number is expected.", "not_finite")
    if not np.isfinite(e).all():
        raise Mismatch(f"the expected value of {where} is not finite, so this check cannot pass "
                       "(an error of the assignment: tell your instructor).", "assignment_error")


def relative_error(g: np.ndarray, e: np.ndarray) -> float:
    """``||g - e|| / (||g|| + ||e||)`` (Frobenius norms), computed without overflow; 0 when both are 0."""
    unit = max(float(np.max(np.abs(g), initial=0.0)), float(np.max(np.abs(e), initial=0.0)))
    if unit == 0.0:
        return 0.0
    gs, es = g / unit, e / unit
    return float(np.linalg.norm(gs - es)) / float(np.linalg.norm(gs) + np.linalg.norm(es))


def _leaves(value: Any, path: Path = (), depth: int = 0) -> dict[Path, np.ndarray]:
    """Every non-scalar numeric array inside ``value``, by path."""
    out: dict[Path, np.ndarray] = {}
    if depth > 8:
        return out
    if isinstance(value, np.ndarray):
        if value.ndim > 0 and value.dtype.kind in "biuf" and value.size:
            out[path] = value
    elif isinstance(value, dict):
        for k, v in value.items():
            out.update(_leaves(v, (*path, k), depth + 1))
    elif isinstance(value, tuple | list):
        for i, v in enumerate(value):
            out.update(_leaves(v, (*path, i), depth + 1))
    return out


def _close(a: np.ndarray, b: np.ndarray, rtol: float) -> bool:
    if a.shape != b.shape:
        return False
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    if not (np.isfinite(a64).all() and np.isfinite(b64).all()):
        return False
    return relative_error(a64, b64) <= rtol


def misplaced(got: Any, expected: Any, rtol: float = 1e-6) -> list[tuple[Path, Path]] | None:
    """``[(where it is, where it belongs), ...]`` when every expected array is in ``got``, some elsewhere.

    None unless at least one array is out of place and every expected array
    that is not right where it belongs is found, right, at another path.
    """
    exp_leaves, got_leaves = _leaves(expected), _leaves(got)
    if len(exp_leaves) < 2 or not got_leaves:
        return None
    moves: list[tuple[Path, Path]] = []
    taken: set[Path] = set()
    for path, e in exp_leaves.items():
        here = got_leaves.get(path)
        if here is not None and _close(here, e, rtol):
            continue
        found = next((p for p, g in got_leaves.items() if p != path and p not in taken and _close(g, e, rtol)
                      # an array right where it is (W1 and b1 both zeros) was not stored in the wrong place
                      and not (p in exp_leaves and _close(g, exp_leaves[p], rtol))), None)
        if found is None:
            return None
        taken.add(found)
        moves.append((found, path))
    return moves or None


def explain_misplaced(exc: Mismatch, got: Any, expected: Any, names: Sequence[str], base: Path = (),
                      rtol: float = 1e-6) -> Mismatch:
    """``exc``, or a plainer mismatch (diagnosis ``misplaced``) when the right arrays are only stored
    in the wrong places."""
    message = with_misplaced(str(exc), got, expected, names, base, rtol)
    return Mismatch(message, exc.diagnosis if message == str(exc) else "misplaced")


def with_misplaced(message: str, got: Any, expected: Any, names: Sequence[str], base: Path = (),
                    rtol: float = 1e-6) -> str:
    """``message``, or a plainer one when the right arrays are only stored in the wrong places."""
    try:
        moves = misplaced(got, expected, rtol)
    except Exception:  # noqa: BLE001 - a hint is never worth a crash
        return message
    if not moves:
        return message
    pairs = "; ".join(f"{path_name((*base, *src), names)} holds what belongs in {path_name((*base, *dst), names)}"
                      for src, dst in moves[:4])
    more = f" (and {len(moves) - 4} more)" if len(moves) > 4 else ""
    return (f"every array you returned is right, but stored under other keys or in another order: {pairs}{more}. "
            "Check the keys or indices you store them under (an index one layer off?).")
