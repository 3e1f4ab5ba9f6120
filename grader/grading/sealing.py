"""Seal the oracle's answers a case will need, so a caller's callee calls cost no round trip.

See :mod:`grader.execution.child.sealed` for the scheme. For a case whose
function has substituted callees, the calls the reference's version makes
on the case's inputs are the calls a correct submission makes too; each
gets the reply the oracle would give (the value the reference returned), sealed
under the exact request bytes the child would send. Tables are computed
once per case and kept (bounded) for the rest of a batch; they travel in the
plans packed once per worker (:mod:`grader.grading.planning`), so every call
is sealed, however few a case makes.
"""

from __future__ import annotations

from collections.abc import Sequence

from grader.checks.base import Case
from grader.course.reference import Reference
from grader.execution.child import protocol
from grader.execution.child.sealed import seal

_NO_KWARGS = protocol.encode({})
_TABLES: dict[tuple[int, tuple[str, ...]], tuple[Case, dict[str, str]]] = {}
_MAX_TABLES = 5_000
#: A case's table holds at most this many answers (a longer training loop asks the grader for the rest).
MAX_SEALED_CALLS = 2_000


def oracle_request(function: str, args: Sequence[object]) -> bytes:
    """The exact frame the child sends to ask the oracle for ``function(*args)`` (no keywords)."""
    return protocol.pack({"op": "oracle", "function": function, "args": [protocol.encode(a) for a in args],
                          "kwargs": _NO_KWARGS})


def sealed_table(case: Case, substitute: Sequence[str], reference: Reference | None) -> dict[str, str]:
    """The sealed answers of the calls to ``substitute`` the reference makes on ``case``'s inputs."""
    if not substitute:
        return {}
    key = (id(case), tuple(substitute))
    hit = _TABLES.get(key)
    if hit is not None and hit[0] is case:
        return hit[1]
    calls = case.recorded if reference is None else reference.record(case.function, case.args)
    table: dict[str, str] = {}
    for call in calls[:MAX_SEALED_CALLS]:
        if call.function not in substitute:
            continue
        # the reference's own answer on these arguments: what the oracle answers (callees that draw from the
        # generator are never sealed, so the value does not depend on when it was drawn)
        try:
            reply = protocol.pack({"status": "ok", "value": protocol.encode(call.value)})
            name, sealed = seal(oracle_request(call.function, call.args), reply[protocol.HEADER_SIZE:])
        except (protocol.ProtocolError, ValueError, TypeError):
            continue
        table[name] = sealed
    if len(_TABLES) >= _MAX_TABLES:
        _TABLES.clear()
    _TABLES[key] = (case, table)
    return table
