"""What every sandboxed launcher shares: the runtime it exposes, the child files it copies, its zygote.

:class:`SandboxLauncher` is the base of the launchers of this package (one
module each: :mod:`.bwrap`, :mod:`.unshare`, :mod:`.process`), found by name
in :mod:`.registry`.
"""

from __future__ import annotations

import atexit
import functools
import importlib.util
import os
import shutil
import site
import sys
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from grader.execution.childfiles import CHILD_FILES
from grader.execution.forkserver import Command, ForkServer, ZygoteChild
from grader.execution.scratch import child_env, scratch
from grader.execution.scratch import numpy_dir as numpy_folder
from grader.execution.unprivileged import (
    open_to_others,
)

if TYPE_CHECKING:
    from grader.execution.interface import Limits, Provided

ZYGOTE = Path(__file__).parent.parent / "child" / "zygote.py"
NOBODY = 65534


def _runtime() -> dict[str, str]:
    """The interpreter, its prefix and numpy's folders (real paths)."""
    numpy_dir = numpy_folder()
    libs = numpy_dir.parent / "numpy.libs"
    return {"python": os.path.realpath(sys.executable), "prefix": os.path.realpath(sys.base_prefix),
            "numpy": str(numpy_dir), "numpy_libs": str(libs) if libs.is_dir() else ""}


def _site_dirs() -> list[str]:
    dirs = list(site.getsitepackages()) + [site.getusersitepackages(), str(numpy_folder().parent)]
    return sorted({os.path.realpath(d) for d in dirs if os.path.isdir(d)})


#: The repository (hidden from submissions: the reference lives there).
REPO_ROOT = Path(__file__).resolve().parents[3]

#: The files the zygote runs besides the harness's (standard library and numpy only).
ZYGOTE_FILES = (ZYGOTE, ZYGOTE.with_name("confine.py"), ZYGOTE.with_name("janitor.py"))


def _fresh_bytecode(src: Path) -> Path | None:
    """``src``'s cached bytecode, compiled now (once per installation) when missing or stale; None if it cannot be.

    Python accepts a ``.pyc`` whose header holds its source's modification
    time and size; :func:`_readable_copy` keeps both.
    """
    cached = Path(importlib.util.cache_from_source(str(src)))
    try:
        stat = src.stat()
        with open(cached, "rb") as fh:
            header = fh.read(16)
        fresh = (len(header) == 16 and header[:4] == importlib.util.MAGIC_NUMBER
                 and int.from_bytes(header[4:8], "little") == 0  # a timestamp pyc
                 and int.from_bytes(header[8:12], "little") == int(stat.st_mtime) & 0xFFFFFFFF
                 and int.from_bytes(header[12:16], "little") == stat.st_size & 0xFFFFFFFF)
    except OSError:
        fresh = False
    if not fresh:
        import py_compile  # (its imports are a millisecond of every grader check)

        try:
            py_compile.compile(str(src), cfile=str(cached), doraise=True,
                               invalidation_mode=py_compile.PycInvalidationMode.TIMESTAMP)
        except (OSError, py_compile.PyCompileError):  # a read-only installation: the sandbox compiles it
            return None
    return cached


@functools.cache
def _harness_copy() -> str:
    """A world-readable folder holding copies of the child-side files and their bytecode (in the scratch folder).

    With the bytecode beside them, the sandbox's Python (``-B``, on a
    read-only copy) does not compile the child's modules at every start: 14 ms
    of the ~80 a sandbox takes to boot.
    """
    folder = scratch("sandbox-", 0o755)
    cache = os.path.join(folder, "__pycache__")
    os.mkdir(cache)
    os.chmod(cache, 0o755)
    for src in (*CHILD_FILES, *ZYGOTE_FILES):
        _readable_copy(src, os.path.join(folder, src.name), keep_mtime=True)
        if src != ZYGOTE and (compiled := _fresh_bytecode(src)) is not None:  # a script is always compiled
            _readable_copy(compiled, os.path.join(cache, compiled.name))
    return folder


def _readable_copy(src: Path, dst: str, keep_mtime: bool = False) -> None:
    """Copy ``src`` to the new file ``dst``, readable by all (a third of :func:`shutil.copy2`'s system calls)."""
    data = src.read_bytes()
    fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
    try:
        os.fchmod(fd, 0o644)  # whatever the umask
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)
    if keep_mtime:  # the bytecode beside it holds the source's modification time
        os.utime(dst, ns=(src.stat().st_mtime_ns,) * 2)


def _inside(path: str, tops: Sequence[str]) -> bool:
    return any(path == t or path.startswith(t.rstrip("/") + "/") for t in tops)


class SandboxLauncher:
    """Base of the zygote launchers (the :class:`~grader.execution.interface.Launcher` protocol).

    Parameters
    ----------
    hide : sequence of path-like
        More folders the submission must not see (submissions, output,
        assignment); the grader's checkout and site-packages always are.
    tmp_mb : int
        Size of the private ``/tmp`` (tmpfs) of the sandbox, in MiB.
    """

    #: The isolation's name (in reports and ``--isolation``): each launcher names its own.
    name = "sandbox"
    #: The program the sandbox needs on the ``PATH`` (None: none).
    program: str | None = None
    #: Whether killing the sandbox's first process ends every process in it and frees every file it
    #: wrote (a pid namespace that dies with it, a private tmpfs): closing then need not wait for the
    #: zygote to clean up after its children.
    ends_with_its_process = False

    @classmethod
    def refusal_here(cls, allow_unsafe: bool | None) -> str | None:
        """Why this isolation must not be used on this machine (None: it may be tried)."""
        return None

    @classmethod
    def variant(cls, allow_unsafe: bool | None) -> str:
        """The name a failure to start is remembered under (what failed once is not started again)."""
        return cls.name

    @classmethod
    def make(cls, hide: Sequence[str | os.PathLike[str]], tmp_mb: int,
             allow_unsafe: bool | None) -> SandboxLauncher:
        """A launcher of this kind (not started yet)."""
        return cls(hide, tmp_mb)

    def __init__(self, hide: Sequence[str | os.PathLike[str]] = (), tmp_mb: int = 256) -> None:
        self.hide = sorted({os.path.realpath(p) for p in [*hide, REPO_ROOT]})
        self.tmp_mb = tmp_mb
        self.private = scratch(f"{self.name}-", 0o711)
        self.server = ForkServer(self.command, log=os.path.join(self.private, "sandbox.log"))
        atexit.register(_close_at_exit, weakref.ref(self), os.getpid())

    def command(self, control_fd: int) -> Command:
        raise NotImplementedError

    def env(self, sys_path: str) -> dict[str, str]:
        return child_env({"GRADER_SYS_PATH": sys_path, "HOME": "/tmp"})

    def start(self, submission: Path, limits: Limits, provided: Provided = ()) -> ZygoteChild:
        """Fork a child for ``submission`` (starting the sandbox on first use), with the ``provided`` files."""
        return self.server.spawn(submission.read_text(encoding="utf-8"), limits, provided)

    def want_preload(self, key: str, frame: bytes) -> None:
        """Have every child find the cases of ``frame`` decoded (see :meth:`ForkServer.want_preload`)."""
        self.server.want_preload(key, frame)

    def describe(self) -> dict[str, object]:
        """What is in force, for reports: name, the submissions' uid, whether the zygote is PID 1 of its namespace."""
        ready = self.server.start()
        return {"isolation": self.name, "uid": ready.get("uid"), "pid_namespace": bool(ready.get("pid1"))}

    def close(self) -> None:
        """Stop the sandbox (killing everything of its submissions) and remove the launcher's folder."""
        self.server.stop(graceful=not self.ends_with_its_process)
        shutil.rmtree(self.private, ignore_errors=True)


def _close_at_exit(ref: weakref.ref[SandboxLauncher], owner: int) -> None:
    launcher = ref()
    if launcher is not None and os.getpid() == owner:  # not in a process forked from the owner
        launcher.close()


def _open_to_others(path: str) -> bool:
    """Whether any user may read ``path`` (see :func:`grader.execution.unprivileged.open_to_others`)."""
    return open_to_others(path)


def _runtime_paths() -> list[str]:
    rt = _runtime()
    return [rt["python"], os.path.dirname(os.__file__), rt["numpy"]]


def runtime_open_to_others() -> bool:
    """Whether an unprivileged uid could run this interpreter, its standard library and numpy."""
    return all(open_to_others(p) for p in _runtime_paths())


__all__ = ["NOBODY", "ZYGOTE", "ZYGOTE_FILES", "SandboxLauncher", "runtime_open_to_others"]
