"""A suite's case arguments, preloaded into a batch worker's sandbox: decoded once, not by every child.

Every submission of a class is graded on the same cases, so a worker sends
their encoded arguments to its sandbox's zygote once
(:meth:`~grader.execution.forkserver.ForkServer.want_preload`); the zygote
decodes them before it forks any child, and each child inherits them
(:mod:`grader.execution.child.preloaded`). A plan then names each case by
its index (:attr:`~grader.execution.plans.PackedBatch.refs`) instead of
carrying its arguments, which every child would otherwise decode again
(about a tenth of a deep_nn submission's grading). Sealed answers still
travel with each function's plan, never ahead.

Only the cases whose arguments hold no other graded function's expected
output are preloaded (:func:`grader.grading.exposure.preloadable`): a child
can read every preloaded case, not only those of the function it is graded
on. A plan names its cases only when all of them were; else it carries them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from grader.checks.base import Case
from grader.course.model import Suite
from grader.execution.child import protocol

_TABLES: dict[int, tuple[Suite, Table | None]] = {}


@dataclass(frozen=True)
class Table:
    """The preloaded cases of one suite: their key, each case's index (by ``id``) and the ``preload`` frame."""

    key: str
    frame: bytes = field(repr=False)
    index: dict[int, int] = field(repr=False)

    def refs(self, cases: list[Case]) -> list[int] | None:
        """The indexes of ``cases``; None when one of them was not preloaded."""
        found = [self.index.get(id(c)) for c in cases]
        return None if None in found else [i for i in found if i is not None]


def preload_table(suite: Suite) -> Table | None:
    """The table of ``suite``'s preloadable cases (made once per suite); None when there are none."""
    hit = _TABLES.get(id(suite))
    if hit is not None and hit[0] is suite:
        return hit[1]
    from grader.grading.exposure import preloadable

    safe = preloadable(suite)
    cases = [case for check in suite.checks for case in check.cases if id(case) in safe]
    table = None
    if cases:
        calls = [case.encoded_args for case in cases]
        key = hashlib.blake2b(protocol.pack({"calls": calls}), digest_size=12).hexdigest()
        table = Table(key, protocol.pack({"op": "preload", "key": key, "calls": calls}),
                      {id(case): i for i, case in enumerate(cases)})
    _TABLES.clear()  # a worker grades one suite: keep the last one only
    _TABLES[id(suite)] = (suite, table)
    return table


__all__ = ["Table", "preload_table"]
