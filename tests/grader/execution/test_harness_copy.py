"""grader/execution/sandbox/base.py: the child's files copied for the sandbox, with bytecode it can use;
and what the zygote loads before it forks, so that its children need not."""

from __future__ import annotations

import importlib.util
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from grader.execution.interface import CHILD_FILES, Limits
from grader.execution.sandbox import available, choose_launcher
from grader.execution.sandbox.base import ZYGOTE, ZYGOTE_FILES, _harness_copy
from grader.execution.session import ChildSession


def test_every_child_module_comes_with_bytecode_valid_for_its_copy():
    folder = Path(_harness_copy())
    for src in (*CHILD_FILES, *ZYGOTE_FILES):
        copy = folder / src.name
        assert copy.read_bytes() == src.read_bytes()
        assert stat.S_IMODE(copy.stat().st_mode) == 0o644
        if src == ZYGOTE:  # run as a script: Python never caches those
            continue
        pyc = Path(importlib.util.cache_from_source(str(copy)))
        header = pyc.read_bytes()[:16]
        assert stat.S_IMODE(pyc.stat().st_mode) == 0o644
        assert header[:4] == importlib.util.MAGIC_NUMBER
        assert int.from_bytes(header[8:12], "little") == int(copy.stat().st_mtime)
        assert int.from_bytes(header[12:16], "little") == copy.stat().st_size


def test_the_sandboxed_interpreter_loads_that_bytecode_instead_of_compiling():
    """As the zygote starts (``-I -S -B``, nothing written): the modules come from their ``.pyc``."""
    folder = _harness_copy()
    code = f"import sys; sys.path.insert(0, {folder!r}); import harness"
    env = {"PATH": os.environ.get("PATH", "/usr/bin"),
           "GRADER_SYS_PATH": os.path.dirname(os.path.dirname(importlib.util.find_spec("numpy").origin))}
    proc = subprocess.run([sys.executable, "-I", "-S", "-B", "-v", "-c", code], capture_output=True, text=True,
                          env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    loaded = [line.removeprefix("# code object from ").strip("'") for line in proc.stderr.splitlines()
              if line.startswith("# code object from") and folder in line]  # a .pyc, or the source compiled
    assert {"harness", "protocol", "childio", "snapshot"} <= {Path(path).name.split(".")[0] for path in loaded}
    assert all(Path(path).parent.name == "__pycache__" for path in loaded), loaded


#: A student file's header (every stub's): what it imports, and what the child imports after loading it.
IMPORTS = '''
import sys

_BEFORE = set(sys.modules)

import numpy as np
from numpy.typing import NDArray

_LOADED = set(sys.modules)


def imported():
    return sorted(_LOADED - _BEFORE), sorted(set(sys.modules) - _LOADED)
'''


@pytest.mark.parametrize("kind", ["bwrap", "process"])
def test_a_child_imports_nothing_the_zygote_could_have_imported(kind, tmp_path):
    """The zygote imports, before it forks, what every student file's header imports (numpy.typing)
    and the modules the snapshot compares (numpy.fft among them): a child imports neither (together
    they were two milliseconds of every child)."""
    if not available(kind, allow_unsafe=True):
        pytest.skip(f"isolation {kind!r} is not available here")
    launcher = choose_launcher(kind, allow_unsafe=True)
    path = tmp_path / "imports.py"
    path.write_text(IMPORTS, encoding="utf-8")
    session = ChildSession(path, launcher, Limits())
    try:
        outcome = session.call("imported", [])
        assert outcome.status == "ok", outcome
        assert list(outcome.value) == [[], []], "(imported by the file's header, imported after it was loaded)"
    finally:
        session.close()
        launcher.close()
