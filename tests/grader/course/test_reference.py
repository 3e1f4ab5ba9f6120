"""grader/course/reference.py: one rule for where a graded name is defined (the grader and the stubs agree)."""

from __future__ import annotations

import sys

import pytest

from grader.course.reference import DefinitionError, Reference
from grader.publish.stubs import StubError, collect


@pytest.fixture
def modules(tmp_path, monkeypatch):
    (tmp_path / "ref_a.py").write_text("def f(x):\n    return x\n\n\ndef g(x):\n    return f(x)\n")
    (tmp_path / "ref_b.py").write_text("from ref_a import f\n\n\ndef f2(x):\n    return f(x) + 1\n")
    (tmp_path / "ref_c.py").write_text("def f(x):\n    return -x\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield
    for name in ("ref_a", "ref_b", "ref_c"):
        sys.modules.pop(name, None)


def test_an_imported_name_is_not_a_second_definition(modules):
    ref = Reference(["ref_a", "ref_b"], ["f", "f2"])
    assert ref.functions["f"].__module__ == "ref_a"
    assert ref.callees("f2") == ("f",)


def test_two_modules_defining_a_graded_name_is_refused_by_the_grader_and_the_stubs(modules):
    with pytest.raises(DefinitionError, match="f is defined in both ref_a and ref_c"):
        Reference(["ref_a", "ref_c"], ["f"])
    with pytest.raises(StubError, match="f is defined in both ref_a and ref_c"):
        collect(["ref_a", "ref_c"], ["f"])
