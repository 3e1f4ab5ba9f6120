"""The child's fast reading of a function's parameters agrees with :func:`inspect.signature`."""

from __future__ import annotations

import functools
import importlib.util
import inspect
import sys
import types
from pathlib import Path

import pytest

import grader.execution.child as child_package


def _load_child_module(name):
    """Load a child-side file as the child does (a plain file beside its siblings), then forget the siblings."""
    folder = str(Path(child_package.__file__).parent)
    before = set(sys.modules)
    sys.path.insert(0, folder)
    try:
        spec = importlib.util.spec_from_file_location(f"_child_{name}", Path(folder) / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(folder)
        for added in set(sys.modules) - before:
            del sys.modules[added]
    return module


loading = _load_child_module("loading")


def _decorated(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)

    return wrapper


SOURCE = '''
import functools
def none(): pass
def plain(a, b): return a
def defaults(a, b=1, c=None): pass
def posonly(a, b=2, /, c=3, *, d, e=4, **kw): pass
def star(*args): pass
def star_kw(a, *args, b, c=inspect.Parameter.empty, **kwargs): pass
def kw_only(*, x, y=0): pass
def empty_default(a=inspect.Parameter.empty): pass
def with_locals(a, b=1):
    c = a + b
    d = [i for i in range(c)]
    return d
lam = lambda x, y=3: x
async def coro(a, *, b=1): pass
def gen(n):
    yield n
def annotated(a: int, b: "str" = "x") -> float: return 1.0
def annotated_bad(a: "not valid python ]") -> "nope[": pass
'''


def _functions():
    namespace = {"inspect": inspect}
    exec(SOURCE, namespace)
    fns = {k: v for k, v in namespace.items() if isinstance(v, types.FunctionType)}
    fns["decorated"] = _decorated(fns["defaults"])
    custom = types.FunctionType(fns["plain"].__code__, {})  # a function with a __signature__ of its own
    custom.__signature__ = inspect.Signature([inspect.Parameter("z", inspect.Parameter.KEYWORD_ONLY)])
    fns["custom"] = custom
    longer = types.FunctionType(fns["plain"].__code__, {})
    longer.__defaults__ = (1, 2, 3)
    fns["longer_defaults"] = longer
    return fns


@pytest.mark.parametrize("name", sorted(_functions()))
def test_parameters_match_inspect(name):
    fn = _functions()[name]
    expected = [[p.name, p.kind.name, p.default is not inspect.Parameter.empty]
                for p in inspect.signature(fn).parameters.values()]
    assert loading.parameters(fn) == expected


def test_decorated_and_custom_signatures_go_through_inspect():
    fns = _functions()
    assert loading._plain_parameters(fns["decorated"]) is None
    assert loading._plain_parameters(fns["custom"]) is None
    assert loading._plain_parameters(fns["longer_defaults"]) is None
    assert loading._plain_parameters(fns["posonly"]) is not None
