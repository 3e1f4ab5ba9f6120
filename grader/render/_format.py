"""Small formatting helpers shared by the renderers.

Everything here is pure and deterministic: the same numbers always give the
same text, so rendered reports can be compared against golden files.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def format_points(value: float) -> str:
    """Format a number of points without float noise.

    Parameters
    ----------
    value : float
        Points, as stored in a report.

    Returns
    -------
    str
        ``"2"`` for ``2.0``, ``"0.5"`` for ``0.5``, ``"0.333333"`` for ``1/3``
        (rounded to six decimals, as :func:`grader.grading.results.summarize` does).
    """
    rounded = round(float(value), 6) + 0.0  # "+ 0.0" turns -0.0 into 0.0
    if rounded.is_integer():
        return str(int(rounded))
    return repr(rounded)


def format_percent(part: float, whole: float) -> str:
    """``part / whole`` as a percentage with at most one decimal (``"66.7%"``).

    A zero or negative ``whole`` gives ``"0%"``.
    """
    if whole <= 0:
        return "0%"
    return f"{round(100.0 * part / whole, 1):g}%"


def merge_orders(sequences: Iterable[Sequence[K]]) -> list[K]:
    """Merge several orderings of keys into one, keeping each one's relative order.

    A key is placed right after the key that precedes it in the first sequence
    that mentions it, so a function missing from one report does not move to
    the end of the gradebook.

    Parameters
    ----------
    sequences : iterable of sequences of hashable
        For example the function names of each report, in check order.

    Returns
    -------
    list
        Every key once, in a deterministic order.
    """
    order: list[K] = []
    seen: set[K] = set()
    for seq in sequences:
        position = -1
        for key in seq:
            if key in seen:
                position = order.index(key)
            else:
                position += 1
                order.insert(position, key)
                seen.add(key)
    return order
