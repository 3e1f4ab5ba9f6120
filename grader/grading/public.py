"""The student's copy of the checks: public cases stored as data.

``public_checks.json`` holds, for every public check, its cases (inputs),
the matcher with the expected values, and the calls the reference made to
other graded functions on those inputs (so a caller can still be graded
without the reference and without cascading a callee's bug). It holds no
code and nothing of the hidden checks.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, overload

from grader.checks.base import Case, CompiledCheck, RecordedCall
from grader.checks.match import Matcher
from grader.course.model import Assignment, FunctionInfo, Suite, compile_suite
from grader.course.released import public_doc
from grader.execution.child import protocol

#: 3: the arguments and recorded values are stored once each, in ``values``, and named by their index.
FORMAT_VERSION = 3


class _Pool:
    """The document's ``values``: each distinct encoded value once, named by its index.

    A callee's recorded calls repeat the same inputs many times (gradient
    checking calls the forward pass twice per parameter, on the same ``X``
    and ``Y``): pooled, gradient_checking's file is under a third of its size
    (1.1 MB instead of 3.7) and ``grader check`` parses it that much faster.
    """

    def __init__(self) -> None:
        self.values: list[Any] = []
        self._index: dict[str, int] = {}

    def add(self, value: Any) -> int:
        """The index of ``value`` (encoded for the wire), stored now if it is new."""
        encoded = protocol.encode(value)
        key = json.dumps(encoded, sort_keys=True)
        index = self._index.get(key)
        if index is None:
            index = self._index[key] = len(self.values)
            self.values.append(encoded)
        return index


def export_public(assignment: Assignment) -> dict[str, Any]:
    """Compile the public checks and turn them into a JSON document."""
    suite = compile_suite(assignment, visibility=("public",))
    ref = assignment.reference
    pool = _Pool()
    checks = []
    for check in suite.checks:
        cases = []
        for case in check.cases:
            recorded = () if check.driver else ref.record(case.function, case.args)
            cases.append({
                "label": case.label,
                "args": [pool.add(a) for a in case.args],
                "matcher": case.matcher.to_data(),
                "recorded": [[r.function, [pool.add(a) for a in r.args], pool.add(r.value)] for r in recorded],
            })
        entry = {"name": check.name, "function": check.function, "kind": check.kind,
                 "points": check.points, "description": check.description, "cases": cases}
        if check.driver:
            entry.update(driver=check.driver, entry=check.entry)
        checks.append(entry)
    declared = [c for f in assignment.functions for c in f.checks] + list(assignment.together)
    hidden_points = sum(c.points for c in declared if c.visibility == "hidden")
    provided = {"provided": list(assignment.provided)} if assignment.provided else {}
    return {
        **provided,
        "format": FORMAT_VERSION,
        "assignment": assignment.id,
        "title": assignment.title,
        "student_file": assignment.student_file,
        "functions": [{"name": f.name, "params": list(f.params), "returns": list(f.returns), "calls": list(f.calls),
                       "draws": f.draws}
                      for f in suite.functions],
        "hidden_points": hidden_points,
        "checks": checks,
        "values": pool.values,
    }


def expanded(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` with every value index replaced by the value: two documents compare alike however they pool.

    Which values are equal, and so pooled, can depend on the last bits of
    the reference's floats (on another CPU two results may differ that are
    equal here); the expanded documents do not.

    Raises
    ------
    ValueError
        If an index names no value.
    """
    values = doc.get("values")
    if not isinstance(values, list):
        raise ValueError("public_checks.json holds no list of values")
    out = {k: v for k, v in doc.items() if k != "values"}
    out["checks"] = [{**c, "cases": [{**case, "args": [_value(values, i) for i in case["args"]],
                                      "recorded": [[r[0], [_value(values, i) for i in r[1]], _value(values, r[2])]
                                                   for r in case["recorded"]]}
                                     for case in c["cases"]]}
                     for c in doc["checks"]]
    return out


def _value(values: list[Any], index: Any) -> Any:
    if type(index) is not int or not 0 <= index < len(values):
        raise ValueError(f"public_checks.json names a value it does not hold ({index!r}); regenerate it")
    return values[index]


def dump_public(doc: dict[str, Any]) -> str:
    """Deterministic JSON text (sorted keys, fixed indentation)."""
    return json.dumps(doc, indent=1, sort_keys=True) + "\n"


class OtherFormat(ValueError):
    """A ``public_checks.json`` written by a grader of another version (not a bug: a mismatch to fix)."""


class Recorded(Sequence[RecordedCall]):
    """A public case's recorded callee calls, decoded on first use.

    A student's callees that pass their own checks run as written, so most
    gradings never look at these (gradient_checking's are 3 MB of arrays).
    """

    def __init__(self, raw: list[Any], values: list[Any]) -> None:
        self._raw: list[Any] | None = raw
        self._values = values
        self._calls: tuple[RecordedCall, ...] = ()

    def _decoded(self) -> tuple[RecordedCall, ...]:
        if self._raw is not None:
            values = self._values
            self._calls = tuple(RecordedCall(r[0], tuple(protocol.decode(_value(values, i)) for i in r[1]),
                                             protocol.decode(_value(values, r[2])))
                                for r in self._raw)
            self._raw = None
        return self._calls

    def __len__(self) -> int:
        return len(self._raw) if self._raw is not None else len(self._calls)

    @overload
    def __getitem__(self, index: int) -> RecordedCall: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[RecordedCall]: ...

    def __getitem__(self, index: int | slice) -> RecordedCall | Sequence[RecordedCall]:
        return self._decoded()[index]

    def __iter__(self) -> Iterator[RecordedCall]:
        return iter(self._decoded())


def load_public(path: Path) -> Suite:
    """Rebuild a :class:`Suite` from ``public_checks.json`` (no reference needed)."""
    doc = public_doc(path)
    if doc.get("format") != FORMAT_VERSION:
        raise OtherFormat(f"{path}: unsupported format {doc.get('format')!r}; regenerate it (this grader reads "
                          f"format {FORMAT_VERSION}). In a student's copy: install the grader released with it "
                          "(pip install nn_grader-*.whl in the copy's folder), or ask for a new copy.")
    functions = tuple(FunctionInfo(f["name"], tuple(f["params"]), tuple(f["returns"]), tuple(f.get("calls", ())),
                                   bool(f.get("draws", False)))
                      for f in doc["functions"])
    values = doc.get("values")
    if not isinstance(values, list):
        raise ValueError(f"{path}: holds no list of values; regenerate it")
    checks = []
    for c in doc["checks"]:
        cases = tuple(
            Case(
                c["function"], case["label"], tuple(protocol.decode(_value(values, i)) for i in case["args"]),
                Matcher.from_data(case["matcher"]),
                Recorded(case["recorded"], values),
            )
            for case in c["cases"]
        )
        checks.append(CompiledCheck(c["name"], c["function"], c["kind"], float(c["points"]), "public",
                                    cases, c.get("description", ""), c.get("driver", ""), c.get("entry", "")))
    return Suite(doc["assignment"], doc["title"], doc["student_file"], functions, tuple(checks), None, "public",
                 float(doc.get("hidden_points", 0.0)))
