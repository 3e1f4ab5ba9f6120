"""grader/grading/public.py: the student's copy of the checks, its values pooled (format 3)."""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest

from grader.course.locate import REPO_ROOT, load_declaration
from grader.course.model import compile_suite
from grader.course.released import FILENAME
from grader.execution.child import protocol
from grader.grading.public import FORMAT_VERSION, dump_public, expanded, load_public
from grader.publish import generate

GRADIENT_CHECKING = REPO_ROOT / "assignments" / "gradient_checking"


@pytest.fixture(scope="module")
def doc() -> dict:
    return json.loads((GRADIENT_CHECKING / FILENAME).read_text(encoding="utf-8"))


def _references(doc: dict) -> int:
    return sum(len(case["args"]) + sum(len(r[1]) + 1 for r in case["recorded"])
               for check in doc["checks"] for case in check["cases"])


def test_repeated_values_are_stored_once(doc):
    """gradient_check_n records the forward pass twice per parameter on the same X and Y: pooled, not repeated."""
    values = [json.dumps(v, sort_keys=True) for v in doc["values"]]
    assert doc["format"] == FORMAT_VERSION == 3
    assert len(set(values)) == len(values)  # each value once
    assert _references(doc) > 3 * len(values)  # named far more often than stored (a few thousand times)
    assert len(json.dumps(doc)) < len(json.dumps(expanded(doc))) / 2  # 0.7 MB instead of 1.9


def test_loaded_cases_are_the_compiled_ones(tmp_path):
    """Every public case's arguments, read back through the pool, are the reference suite's own."""
    assignment = load_declaration(GRADIENT_CHECKING)
    compiled = compile_suite(assignment, visibility=("public",))
    loaded = load_public(GRADIENT_CHECKING / FILENAME)
    pairs = [(a, b) for c, d in zip(compiled.checks, loaded.checks, strict=True)
             for a, b in zip(c.cases, d.cases, strict=True)]
    assert len(pairs) >= 6
    for mine, theirs in pairs:
        assert mine.label == theirs.label and len(mine.args) == len(theirs.args)
        for x, y in zip(mine.args, theirs.args, strict=True):  # arrays, dicts of arrays, numbers
            assert generate.equivalent(protocol.encode(x), protocol.encode(y)), mine.label
    recorded = next(case.recorded for _, case in pairs if len(case.recorded) > 10)
    assert {r.function for r in recorded} >= {"forward_propagation_n", "vector_to_dictionary"}
    xs = [r.args[0] for r in recorded if r.function == "forward_propagation_n"]
    assert len(xs) > 10 and all(np.array_equal(x, xs[0]) for x in xs)
    assert xs[0] is not xs[1]  # each call gets its own array: one decoded value is never shared


def _pooled_apart(doc: dict) -> dict:
    """``doc`` with one pooled value stored twice, its second use naming the copy: another machine's pooling."""
    other = copy.deepcopy(doc)
    for check in other["checks"]:
        for case in check["cases"]:
            for call in case["recorded"]:
                if call[1]:
                    other["values"].append(copy.deepcopy(other["values"][call[1][0]]))
                    call[1][0] = len(other["values"]) - 1
                    return other
    raise AssertionError("no recorded call")


def test_another_pooling_of_the_same_values_is_current(tmp_path, doc):
    """Which values pool together can depend on float bits; the staleness check compares values, not indices."""
    path = tmp_path / FILENAME
    path.write_text(dump_public(_pooled_apart(doc)), encoding="utf-8")
    text = (GRADIENT_CHECKING / FILENAME).read_text(encoding="utf-8")
    assert path.read_text(encoding="utf-8") != text and generate.is_current(path, text)


def test_a_changed_value_is_stale(tmp_path, doc):
    changed = copy.deepcopy(doc)
    first = next(i for i, v in enumerate(changed["values"]) if isinstance(v, float))
    changed["values"][first] += 1.0
    path = tmp_path / FILENAME
    path.write_text(dump_public(changed), encoding="utf-8")
    assert not generate.is_current(path, (GRADIENT_CHECKING / FILENAME).read_text(encoding="utf-8"))


@pytest.mark.parametrize("index", [10**6, -1, "0", 1.0])
def test_an_index_naming_no_value_is_a_clear_error(tmp_path, doc, index):
    broken = copy.deepcopy(doc)
    broken["checks"][0]["cases"][0]["args"][0] = index
    path = tmp_path / FILENAME
    path.write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(ValueError, match="names a value it does not hold"):
        load_public(path)


def test_the_older_format_asks_to_regenerate(tmp_path, doc):
    old = expanded(doc)
    old["format"] = 2
    path = tmp_path / FILENAME
    path.write_text(json.dumps(old), encoding="utf-8")
    with pytest.raises(ValueError, match="unsupported format 2; regenerate it"):
        load_public(path)


def test_values_travel_as_the_wire_encodes_them(doc):
    """The pool holds wire encodings: each decodes (arrays as base64, not lists of decimals)."""
    decoded = [protocol.decode(v) for v in doc["values"]]
    assert any(isinstance(v, np.ndarray) and v.size > 20 for v in decoded)
