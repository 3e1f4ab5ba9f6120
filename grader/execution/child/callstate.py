"""What a call did to its caller's state: which container entries it rebound, and numpy's generator.

A sibling of :mod:`harness` (standard library and numpy only, loaded as a plain file).
"""

from __future__ import annotations

from typing import Any

import numpy


def identities(value: Any, path: tuple[Any, ...] = (), depth: int = 0) -> dict[tuple[Any, ...], int]:
    """``{path: id(entry)}`` for every entry of the dicts and lists inside an argument."""
    out: dict[tuple[Any, ...], int] = {}
    if depth > 8:
        return out
    items: Any = ()
    if type(value) is dict:
        items = value.items()
    elif type(value) in (list, tuple):
        items = enumerate(value)
    for key, entry in items:
        out[(*path, key)] = id(entry)
        out.update(identities(entry, (*path, key), depth + 1))
    return out


def replaced(before: dict[tuple[Any, ...], int], args: list[Any]) -> list[list[Any]]:
    """Paths ``[argument index, key, ...]`` whose container entry is now another object."""
    after = identities(args)
    return [list(path) for path, ident in before.items()
            if type(path[0]) is int and len(path) > 1 and after.get(path) != ident][:50]


def get_rng() -> list[Any]:
    """numpy's global generator state as plain data: ``[keys, pos, has_gauss, cached_gaussian]``."""
    state: Any = numpy.random.get_state()
    return list(state[1:])


def set_rng(state: Any) -> None:
    """Continue numpy's global generator from the state a callee left (sent back by the grader)."""
    try:
        keys, pos, has_gauss, cached = state
        numpy.random.set_state(("MT19937", keys, int(pos), int(has_gauss), float(cached)))
    except (TypeError, ValueError):
        pass
