"""grader/execution/child/snapshot.py: one child per submission, its module put back as imported between functions.

In-process, :class:`Snapshot` must put a module's globals back (bindings,
and by value the contents of its lists, dicts, arrays and plain objects)
and say True, and must say False for anything outside the module a later
function could notice. End to end, a deep_nn submission whose ``relu``
leaves state behind still gets full marks from the function graded next,
in the *same* child (one start: the module was restored, not re-imported),
and one that patches ``np.dot`` costs nobody else points (a fresh child).
"""

from __future__ import annotations

import builtins
import importlib.util
import subprocess
import sys
import textwrap
import threading
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from grader.execution.child import snapshot as snapshot_module
from grader.execution.child.snapshot import MAX_BYTES, Snapshot
from grader.grading.runner import grade_source
from grader.grading.submission import Source

MODULE = """
import numpy as np

LOG = []
TABLE = {"scale": 1.0, "nested": [1, 2]}
WEIGHTS = np.ones(3)
SCALE = 1.0
SEEN = {1, 2}


class Config:
    rate = 0.5


class State:
    def __init__(self):
        self.step = 0
        self.history = []


STATE = State()


def f(x):
    return x * SCALE
"""


def _load(folder: Path, text: str, name: str) -> types.ModuleType:
    """Import ``text`` as a module (not put in ``sys.modules``, which the snapshot watches)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.py"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _child_pids() -> set[str]:
    found: set[str] = set()
    for task in Path("/proc/self/task").iterdir():
        found.update((task / "children").read_text().split())
    return found


def _snapshot_of(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str,
                 name: str) -> tuple[types.ModuleType, Snapshot]:
    """``text`` imported as a module, and its snapshot, taken with an empty folder as cwd.

    This test process may already have children (a launcher's zygote, started by an earlier test that
    graded something): only children started after the snapshot count, as in a grading child.
    """
    already = _child_pids()
    monkeypatch.setattr(snapshot_module, "_children", lambda: bool(_child_pids() - already))
    module = _load(tmp_path / "src", text, name)
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    return module, Snapshot(module)


@pytest.fixture
def snapped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[types.ModuleType, Snapshot, int]]:
    """A module as imported, its snapshot, and the thread count to pass to ``restore``; cwd an empty folder."""
    module, snapshot = _snapshot_of(tmp_path, monkeypatch, MODULE, "snapshot_subject")
    yield module, snapshot, threading.active_count()


def _state(module: types.ModuleType) -> dict[str, Any]:
    return {"LOG": list(module.LOG), "TABLE": {k: (list(v) if isinstance(v, list) else v)
                                               for k, v in module.TABLE.items()},
            "WEIGHTS": module.WEIGHTS.tolist(), "SCALE": module.SCALE, "SEEN": set(module.SEEN),
            "STATE": (module.STATE.step, list(module.STATE.history)),
            "names": sorted(k for k in vars(module) if not k.startswith("__"))}


def _rebind_log(m: types.ModuleType) -> None:
    setattr(m, "LOG", [1, 2, 3])


def _rebind_scale(m: types.ModuleType) -> None:
    setattr(m, "SCALE", 2.0)


def _new_global(m: types.ModuleType) -> None:
    setattr(m, "CACHE", {"leaked": True})


def _delete_global(m: types.ModuleType) -> None:
    del m.TABLE


def _replace_function(m: types.ModuleType) -> None:
    setattr(m, "f", lambda x: -x)


def _object_attributes(m: types.ModuleType) -> None:
    m.STATE.step = 7
    m.STATE.history.append("leaked")
    m.STATE.extra = 1


INSIDE: dict[str, Callable[[types.ModuleType], None]] = {
    "append to a global list": lambda m: m.LOG.append("leaked"),
    "update a global dict": lambda m: m.TABLE.update(scale=3.0),
    "append inside a dict's list": lambda m: m.TABLE["nested"].append(3),
    "write into a global array": lambda m: m.WEIGHTS.__setitem__(slice(None), 5.0),
    "add to a global set": lambda m: m.SEEN.add(3),
    "change an object's attributes": _object_attributes,
    "rebind a global list": _rebind_log,
    "rebind a global number": _rebind_scale,
    "add a global": _new_global,
    "delete a global": _delete_global,
    "replace a function": _replace_function,
}


@pytest.mark.parametrize("change", list(INSIDE), ids=list(INSIDE))
def test_restore_puts_the_module_back_as_imported(snapped, change):
    module, snapshot, threads = snapped
    before, log, weights = _state(module), module.LOG, module.WEIGHTS
    INSIDE[change](module)
    assert snapshot.restore(threads) is True
    assert _state(module) == before
    assert module.LOG is log and module.WEIGHTS is weights  # the very objects the functions were defined with
    assert module.f(2.0) == 2.0


def test_restore_with_nothing_changed_is_clean_and_can_be_repeated(snapped):
    module, snapshot, threads = snapped
    for _ in range(3):
        module.LOG.append(1)
        assert snapshot.restore(threads) is True
        assert module.LOG == []


@pytest.fixture
def restore_numpy_errors() -> Iterator[None]:
    saved = np.geterr()
    yield
    np.seterr(**saved)


@pytest.fixture
def restore_recursion_limit() -> Iterator[None]:
    saved = sys.getrecursionlimit()
    yield
    sys.setrecursionlimit(saved)


def test_a_patched_numpy_function_is_not_clean(snapped, monkeypatch):
    module, snapshot, threads = snapped
    monkeypatch.setattr(np, "sum", lambda *a, **k: 0)
    assert snapshot.restore(threads) is False


def test_a_patched_numpy_linalg_function_is_not_clean(snapped, monkeypatch):
    module, snapshot, threads = snapped
    monkeypatch.setattr(np.linalg, "norm", lambda *a, **k: 0)
    assert snapshot.restore(threads) is False


def test_a_patched_builtin_is_not_clean(snapped, monkeypatch):
    module, snapshot, threads = snapped
    monkeypatch.setattr(builtins, "abs", lambda x: x)
    assert snapshot.restore(threads) is False


def test_numpy_error_settings_changed_are_not_clean(snapped, restore_numpy_errors):
    module, snapshot, threads = snapped
    np.seterr(all="raise")
    assert snapshot.restore(threads) is False


def test_a_changed_recursion_limit_is_not_clean(snapped, restore_recursion_limit):
    module, snapshot, threads = snapped
    sys.setrecursionlimit(sys.getrecursionlimit() + 17)
    assert snapshot.restore(threads) is False


def test_a_changed_class_attribute_is_not_clean(snapped):
    module, snapshot, threads = snapped
    module.Config.rate = 0.9
    assert snapshot.restore(threads) is False


def test_a_replaced_module_is_not_clean(snapped, monkeypatch):
    module, snapshot, threads = snapped
    monkeypatch.setitem(sys.modules, "json", types.ModuleType("json"))
    assert snapshot.restore(threads) is False


def test_a_thread_left_running_is_not_clean(snapped):
    module, snapshot, threads = snapped
    release = threading.Event()
    thread = threading.Thread(target=release.wait, daemon=True)
    thread.start()
    try:
        assert snapshot.restore(threads) is False
    finally:
        release.set()
        thread.join()
    assert snapshot.restore(threads) is True  # once it has ended, nothing is left


CHILD_PROCESS = """
import subprocess, sys, threading, types
from grader.execution.child.snapshot import Snapshot

module = types.ModuleType("subject")
module.LOG = []
snapshot = Snapshot(module)
threads = threading.active_count()
print(snapshot.restore(threads))
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
print(snapshot.restore(threads))
child.kill()
child.wait()
print(snapshot.restore(threads))
"""


def test_a_child_process_left_running_is_not_clean(tmp_path):
    """Run in a fresh interpreter, a grading child's situation: no child process of its own to start with."""
    done = subprocess.run([sys.executable, "-c", CHILD_PROCESS], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60, env={"PYTHONPATH": str(Path(__file__).resolve().parents[3]), "PATH": ""})
    assert done.stdout.split() == ["True", "False", "True"], done.stderr


def test_a_file_written_in_the_working_folder_is_not_clean(snapped):
    module, snapshot, threads = snapped
    Path("weights.npy").write_bytes(b"leaked")
    assert snapshot.restore(threads) is False


def test_a_module_too_big_to_copy_is_never_clean(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    module = _load(tmp_path / "src", f"import numpy as np\nBIG = np.zeros({20_000_000 // 8})\n", "big_subject")
    assert module.BIG.nbytes > MAX_BYTES
    assert Snapshot(module).restore(threading.active_count()) is False


def test_an_object_that_refuses_to_be_copied_is_never_clean(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    module = _load(tmp_path / "src", """
        import threading

        class Holder:
            def __init__(self):
                self.lock = threading.Lock()

        HELD = Holder()
    """, "lock_subject")
    assert Snapshot(module).restore(threading.active_count()) is False


# ---------------------------------------------------------------- end to end, through the grader

#: Appended to the reference solution: ``relu`` leaves state behind (only when the grader calls it
#: itself), ``sigmoid_backward`` (graded next) is wrong unless it sees the module as imported.
LEAKS = {
    "list": "_LOG.append(Z.shape)",
    "dict": "_TABLE['scale'] = 3.0",
    "array": "_WEIGHTS[:] = 5.0",
    "object": "_STATE.step += 1",
    "rebind": "global _SCALE\n    _SCALE = 2.0",
    "class": "_Config.rate = 0.9",
}
LEAKY = '''

_LOG = []
_TABLE = {{"scale": 1.0}}
_WEIGHTS = np.ones(3)
_SCALE = 1.0


class _Config:
    rate = 0.5


class _Step:
    def __init__(self):
        self.step = 0


_STATE = _Step()


def _leaked():
    return (len(_LOG) + (_TABLE["scale"] - 1.0) + float(_WEIGHTS.sum() - 3.0) + (_SCALE - 1.0)
            + _STATE.step + (_Config.rate - 0.5))


def relu(Z):
    {leak}
    return np.maximum(0, Z), Z


def sigmoid_backward(dA, cache):
    s = 1.0 / (1.0 + np.exp(-cache))
    return dA * s * (1.0 - s) + _leaked()
'''


def _grade(suite, solution_file: Path, extra: str, functions: tuple[str, ...]):
    checks = [c for c in suite.checks if c.function in functions]
    assert {c.function for c in checks} == set(functions)
    text = solution_file.read_text(encoding="utf-8") + extra
    return grade_source(suite, Source(text, solution_file), checks=checks)


def _lost(report) -> dict[str, float]:
    return {fn: round(m - s, 6) for fn, (s, m) in report.function_scores().items() if s < m}


@pytest.mark.parametrize("kind", [k for k in LEAKS if k != "class"])
def test_the_next_function_sees_the_module_as_imported_in_the_same_child(deep_nn_suite, solution_file,
                                                                       child_starts, kind):
    report = _grade(deep_nn_suite, solution_file, LEAKY.format(leak=LEAKS[kind]), ("relu", "sigmoid_backward"))
    assert _lost(report) == {}, [t.message for t in report.tests if t.status != "passed"]
    assert report.score == report.max_score > 0
    assert child_starts["n"] == 1  # restored in place: the submission was imported once


def test_a_leak_through_a_class_attribute_gets_a_fresh_child(deep_nn_suite, solution_file, child_starts):
    report = _grade(deep_nn_suite, solution_file, LEAKY.format(leak=LEAKS["class"]), ("relu", "sigmoid_backward"))
    assert _lost(report) == {}, [t.message for t in report.tests if t.status != "passed"]
    assert child_starts["n"] == 2  # not restorable: sigmoid_backward was graded in a child of its own


PATCHES_DOT = '''

def _wrong_dot(a, b, out=None):
    return np.matmul(a, b) + 1.0


def sigmoid(Z):
    np.dot = _wrong_dot
    return 1.0 / (1.0 + np.exp(Z)), Z


def linear_forward(A, W, b):
    return np.dot(W, A) + b, (A, W, b)
'''


def test_a_function_that_patches_numpy_costs_only_its_own_points(deep_nn_suite, solution_file, child_starts):
    functions = ("sigmoid", "relu", "linear_forward", "linear_activation_forward")
    report = _grade(deep_nn_suite, solution_file, PATCHES_DOT, functions)
    assert list(_lost(report)) == ["sigmoid"]
    assert all(t.status == "passed" for t in report.tests if t.function != "sigmoid")
    # sigmoid's child is not reused (numpy was changed); relu and the rest share the next one
    assert child_starts["n"] == 2


# ---------------------------------------------------------------- modules outside the submission

# Found by these tests: the snapshot once watched numpy, math, random and the builtins only, and a name
# rebound in another module (copy.deepcopy, which the course's own optimize uses) survived the reset.


def test_a_patched_standard_library_function_is_not_clean(snapped, monkeypatch):
    import json

    module, snapshot, threads = snapped
    monkeypatch.setattr(json, "dumps", lambda *a, **k: "{}")
    assert snapshot.restore(threads) is False


def test_a_sigmoid_that_patches_copy_deepcopy_costs_optimize_nothing():
    from grader.course.locate import load_suite

    folder = Path(__file__).resolve().parents[3] / "assignments" / "logistic_regression"
    base = folder.parents[1] / "tests" / "fixtures" / "logistic_regression" / "correct_variants" / "course_classic.py"
    text = base.read_text(encoding="utf-8") + textwrap.dedent('''

        def sigmoid(z):
            copy.deepcopy = lambda x, memo=None: None
            return 1 / (1 + np.exp(-z))
    ''')
    suite = load_suite(folder)
    checks = [c for c in suite.checks if c.function in ("sigmoid", "optimize")]
    report = grade_source(suite, Source(text, folder / "logistic_regression.py"), checks=checks)
    assert _lost(report) == {}, [t.message for t in report.tests if t.status != "passed"]


def test_a_module_the_submission_imports_is_watched(tmp_path, monkeypatch):
    """Not in the fixed list: watched because the submission imported it."""
    import fractions

    module, snapshot = _snapshot_of(tmp_path, monkeypatch,
                                    "import fractions\n\ndef f():\n    return fractions.Fraction(1, 3)\n",
                                    "uses_fractions")
    assert "fractions" in snapshot.watched and snapshot.restore(threading.active_count()) is True
    monkeypatch.setattr(fractions, "Fraction", lambda *a: 0.5)
    assert snapshot.restore(threading.active_count()) is False


FUNCTION_STATE = """
def remember(x, seen=[]):
    seen.append(x)
    return len(seen)

def counted(x):
    counted.calls = getattr(counted, "calls", 0) + 1
    return counted.calls

counted.calls = 0
"""


def test_a_functions_defaults_and_attributes_are_put_back(tmp_path, monkeypatch):
    """``def f(x, seen=[])`` and ``f.calls`` keep state across calls: not across graded functions."""
    module, snapshot = _snapshot_of(tmp_path, monkeypatch, FUNCTION_STATE, "function_state")
    assert (module.remember(1), module.remember(2), module.counted(0), module.counted(0)) == (1, 2, 1, 2)
    assert snapshot.restore(threading.active_count()) is True
    assert (module.remember(1), module.counted(0)) == (1, 1)  # as right after the import
    module.remember.__code__ = module.counted.__code__  # a function whose code was swapped: not restorable
    assert snapshot.restore(threading.active_count()) is False


def test_an_array_inside_a_module_tuple_changed_in_place_is_not_clean(tmp_path, monkeypatch):
    """A tuple cannot be put back in place: a change inside it makes the next function's child a fresh one."""
    module, snapshot = _snapshot_of(tmp_path, monkeypatch,
                                    "import numpy as np\n\nPAIR = (np.zeros(3), 'label')\nNAMES = ('a', 1)\n",
                                    "tuple_state")
    assert "PAIR" in snapshot.tuples and "NAMES" not in snapshot.tuples  # only tuples that can change
    assert snapshot.restore(threading.active_count()) is True
    module.PAIR[0][1] = 5.0
    assert snapshot.restore(threading.active_count()) is False


def test_a_plain_child_is_restored_too(deep_nn_suite, solution_file, child_starts):
    """A child started without a zygote (the notebook API, the pytest plugin) first meets numpy's lazy submodules
    and the watched standard modules during a call: they are imported before the snapshot, and a submodule
    bound in its package on first use is no change."""
    from grader.execution.local import LocalLauncher

    functions = ("sigmoid", "relu", "initialize_parameters", "initialize_parameters_deep")
    checks = [c for c in deep_nn_suite.checks if c.function in functions]
    report = grade_source(deep_nn_suite, Source(solution_file.read_text(encoding="utf-8"), solution_file),
                          LocalLauncher(), checks=checks)
    assert report.score == report.max_score > 0
    assert child_starts["n"] == 1


def test_a_new_submodule_of_a_package_is_no_change_but_anything_else_is():
    from grader.execution.child.snapshot import _Same

    sub = types.ModuleType("pkg.sub")
    namespace = {"a": 1, "f": len}
    same = _Same(namespace)
    try:
        sys.modules["pkg.sub"] = sub
        assert same.holds({**namespace, "sub": sub}, "pkg"), "import pkg.sub binds it in pkg"
        assert not same.holds({**namespace, "sub": sub}), "only a package's namespace may gain submodules"
        assert not same.holds({**namespace, "sub": types.ModuleType("other")}, "pkg")
        assert not same.holds({**namespace, "sub": 3}, "pkg")
        assert not same.holds({**namespace, "f": abs, "sub": sub}, "pkg"), "a name rebound is a change"
        assert not same.holds({"a": 1}, "pkg")
        del sys.modules["pkg.sub"]
        assert not same.holds({**namespace, "sub": sub}, "pkg"), "a module that is not imported as pkg.sub"
    finally:
        sys.modules.pop("pkg.sub", None)
