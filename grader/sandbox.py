"""Sandboxed launchers: bubblewrap, ``unshare`` and a plain process, each with a warm zygote.

Every launcher starts one zygote (:mod:`grader.zygote`) in its sandbox and
forks a fresh child from it per submission (:mod:`grader.forkserver`), so
numpy is imported once per worker. The launcher's ``name`` is the
``isolation`` of reports:

``bwrap``
    new pid, network, IPC and UTS namespaces (and a user namespace unless
    the grader is root); an empty root with only ``/usr``, the Python
    runtime without its site-packages, numpy and the harness, read-only; a
    fresh ``/proc``, ``/dev`` and private tmpfs ``/tmp``. As root,
    bubblewrap runs privileged (a user namespace would map the sandbox onto
    host root, which the process limit exempts) and the zygote drops to
    uid/gid 65534 before it loads anything of a submission.
``unshare``
    where bubblewrap is missing: the same namespaces from util-linux; the
    zygote covers every top-level folder but the system ones (``/usr``,
    ``/etc``, ``/lib``...), the grader's checkout, site-packages and the
    ``hide`` folders with empty read-only tmpfs (keeping the runtime and
    numpy), mounts fresh ``/tmp`` and ``/dev/shm``, and drops to 65534 as
    root. ``/usr`` and ``/etc`` stay readable.
``process``
    no namespaces: new sessions, rlimits and private folders only. As root,
    where the runtime and numpy are readable by every user (a system
    Python, a venv outside ``/root``), the zygote still drops to uid/gid
    65534, so the submission cannot read what only root may (an
    instructor's ``chmod 700`` course folder, as in a Gradescope image).
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import shutil
import site
import stat
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from grader.execution import CHILD_FILES, Limits
from grader.forkserver import Command, ForkServer, SandboxError, ZygoteChild
from grader.local import child_env, numpy_only_path
from grader.locate import REPO_ROOT

ZYGOTE = Path(__file__).with_name("zygote.py")
NOBODY = 65534
KINDS = ("bwrap", "unshare", "process")
#: Where numpy and the harness appear inside a bubblewrap sandbox.
SANDBOX_LIB, SANDBOX_HARNESS = "/opt/grader/lib", "/opt/grader/harness"
#: Top-level folders the ``unshare`` sandbox leaves visible (read as they are on the host);
#: every other folder of ``/`` is covered, whatever the machine calls it.
SYSTEM_TOPS = frozenset({"usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "etc", "dev", "proc", "sys",
                         "tmp"})


def hidden_tops(root: str = "/") -> list[str]:
    """Every real folder directly under ``root`` that is not a system folder (:data:`SYSTEM_TOPS`).

    A deny-list (``/home``, ``/srv``, ...) misses the places a given machine
    keeps courses and checkouts (``/work``, ``/data``, ``/builds``, an old
    root); this allow-list does not.
    """
    try:
        names = sorted(os.listdir(root))
    except OSError:
        return []
    tops = [os.path.join(root, n) for n in names if n not in SYSTEM_TOPS]
    return [t for t in tops if os.path.isdir(t) and not os.path.islink(t)]


def _runtime() -> dict[str, str]:
    """The interpreter, its prefix and numpy's folders (real paths)."""
    numpy_dir = Path(np.__file__).resolve().parent
    libs = numpy_dir.parent / "numpy.libs"
    return {"python": os.path.realpath(sys.executable), "prefix": os.path.realpath(sys.base_prefix),
            "numpy": str(numpy_dir), "numpy_libs": str(libs) if libs.is_dir() else ""}


def _site_dirs() -> list[str]:
    dirs = list(site.getsitepackages()) + [site.getusersitepackages(), str(Path(np.__file__).resolve().parent.parent)]
    return sorted({os.path.realpath(d) for d in dirs if os.path.isdir(d)})


def _remove_if_owner(folder: str, owner: int) -> None:
    if os.getpid() == owner:  # not in a forked worker
        shutil.rmtree(folder, ignore_errors=True)


@functools.cache
def _harness_copy() -> str:
    """A world-readable private folder holding copies of the child-side files (removed at exit)."""
    folder = tempfile.mkdtemp(prefix="grader-sandbox-")
    atexit.register(_remove_if_owner, folder, os.getpid())
    for src in (*CHILD_FILES, ZYGOTE, ZYGOTE.with_name("confine.py")):
        shutil.copy(src, folder)
        os.chmod(os.path.join(folder, src.name), 0o644)
    os.chmod(folder, 0o755)
    return folder


def _inside(path: str, tops: Sequence[str]) -> bool:
    return any(path == t or path.startswith(t.rstrip("/") + "/") for t in tops)


class SandboxLauncher:
    """Base of the zygote launchers (the :class:`~grader.execution.Launcher` protocol).

    Parameters
    ----------
    hide : sequence of path-like
        More folders the submission must not see (submissions, output,
        assignment); the grader's checkout and site-packages always are.
    tmp_mb : int
        Size of the private ``/tmp`` (tmpfs) of the sandbox, in MiB.
    """

    name = "process"

    def __init__(self, hide: Sequence[str | os.PathLike[str]] = (), tmp_mb: int = 256) -> None:
        self.hide = sorted({os.path.realpath(p) for p in [*hide, REPO_ROOT]})
        self.tmp_mb = tmp_mb
        self.private = tempfile.mkdtemp(prefix=f"grader-{self.name}-")
        self.server = ForkServer(self.command, log=os.path.join(self.private, "sandbox.log"))

    def command(self, control_fd: int) -> Command:
        raise NotImplementedError

    def env(self, sys_path: str) -> dict[str, str]:
        return child_env({"GRADER_SYS_PATH": sys_path, "HOME": "/tmp"})

    def start(self, submission: Path, limits: Limits) -> ZygoteChild:
        """Fork a child for ``submission`` (starting the sandbox on first use)."""
        return self.server.spawn(submission.read_text(encoding="utf-8"), limits)

    def describe(self) -> dict[str, object]:
        """What is in force, for reports: name, uid, whether the zygote is PID 1 of its namespace."""
        ready = self.server.start()
        return {"isolation": self.name, "uid": ready.get("uid"), "pid_namespace": bool(ready.get("pid1"))}

    def close(self) -> None:
        """Stop the sandbox and remove the launcher's private folder."""
        self.server.stop()
        shutil.rmtree(self.private, ignore_errors=True)


def _open_to_others(path: str) -> bool:
    """Whether any user may read ``path``: every folder above it searchable by others, itself readable."""
    real = Path(os.path.realpath(path))
    try:
        if any(not parent.stat().st_mode & stat.S_IXOTH for parent in real.parents):
            return False
        return bool(real.stat().st_mode & stat.S_IROTH)
    except OSError:
        return False


def runtime_open_to_others() -> bool:
    """Whether uid 65534 could run this interpreter, its standard library and numpy."""
    rt = _runtime()
    return all(_open_to_others(p) for p in (rt["python"], os.path.dirname(os.__file__), rt["numpy"]))


class ProcessLauncher(SandboxLauncher):
    """A zygote in a plain process: new sessions, rlimits and private folders, no namespaces.

    As root it drops the zygote to uid/gid 65534 when :func:`runtime_open_to_others`
    (else the submission could not even import the standard library).
    """

    name = "process"

    def command(self, control_fd: int) -> Command:
        rt = _runtime()
        tmp = os.path.join(self.private, "tmp")
        os.makedirs(tmp, exist_ok=True)
        numpy_path = numpy_only_path()
        argv = [rt["python"], "-I", "-S", "-B", os.path.join(_harness_copy(), "zygote.py"),
                "--control-fd", "{fd}", "--tmp", tmp]
        if os.geteuid() == 0 and runtime_open_to_others():
            os.chmod(self.private, 0o711)
            os.chown(tmp, NOBODY, NOBODY)
            os.chmod(numpy_path, 0o755)
            argv += ["--drop-uid", str(NOBODY), "--drop-gid", str(NOBODY)]
        return Command(tuple(argv), self.env(numpy_path), cwd=tmp)


class UnshareLauncher(SandboxLauncher):
    """util-linux ``unshare``: pid, net, IPC, UTS and mount namespaces; all but system folders hidden by the zygote."""

    name = "unshare"

    def command(self, control_fd: int) -> Command:
        rt = _runtime()
        root = os.geteuid() == 0
        keep = [rt["prefix"], os.path.dirname(rt["python"]), rt["numpy"], rt["numpy_libs"]]
        plan = {"hide": [*hidden_tops(), *_site_dirs(), *self.hide], "keep": [k for k in keep if k],
                "tmp": ["/tmp", "/dev/shm"], "tmp_mb": self.tmp_mb}
        argv = ["unshare", "--fork", "--pid", "--mount-proc", "--net", "--ipc", "--uts", "--mount",
                "--kill-child"]
        if not root:
            argv += ["--user", "--map-root-user"]
        argv += ["--", rt["python"], "-I", "-S", "-B", os.path.join(_harness_copy(), "zygote.py"),
                 "--control-fd", "{fd}", "--tmp", "/tmp", "--hide", json.dumps(plan)]
        if root:
            argv += ["--drop-uid", str(NOBODY), "--drop-gid", str(NOBODY)]
        return Command(tuple(argv), self.env(str(Path(rt["numpy"]).parent)))


@functools.cache
def _bwrap_options() -> frozenset[str]:
    try:
        text = subprocess.run(["bwrap", "--help"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(w for w in text.split() if w.startswith("--"))


class BwrapLauncher(SandboxLauncher):
    """bubblewrap: an empty root with only the runtime, numpy and the harness, read-only."""

    name = "bwrap"

    def _binds(self, rt: dict[str, str]) -> list[str]:
        perms = ["--perms", "0755"] if "--perms" in _bwrap_options() else []
        args = ["--ro-bind", "/usr", "/usr"]
        for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
            if os.path.islink(top):
                args += ["--symlink", os.readlink(top), top]
            elif os.path.isdir(top):
                args += ["--ro-bind", top, top]
        for folder in ("/etc", "/opt", "/opt/grader", SANDBOX_LIB):
            args += [*perms, "--dir", folder]
        args += ["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"]
        bound = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"]
        made: set[str] = set()
        for tree in (rt["prefix"], os.path.dirname(rt["python"])):
            if _inside(tree, bound):
                continue
            parts = Path(tree).parents
            for parent in reversed([str(p) for p in parts if str(p) != "/"]):
                if parent not in made:
                    args += [*perms, "--dir", parent]
                    made.add(parent)
            args += ["--ro-bind", tree, tree]
            bound.append(tree)
        for path in [*_site_dirs(), *self.hide]:
            if os.path.isdir(path) and _inside(path, bound):
                args += ["--tmpfs", path, "--remount-ro", path]
        args += ["--ro-bind", rt["numpy"], f"{SANDBOX_LIB}/numpy"]
        if rt["numpy_libs"]:
            args += ["--ro-bind", rt["numpy_libs"], f"{SANDBOX_LIB}/numpy.libs"]
        return args + ["--ro-bind", _harness_copy(), SANDBOX_HARNESS]

    def command(self, control_fd: int) -> Command:
        rt = _runtime()
        options = _bwrap_options()
        root = os.geteuid() == 0
        argv = ["bwrap", "--die-with-parent", "--new-session", "--unshare-pid", "--unshare-net",
                "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"]
        if "--as-pid-1" in options:
            argv.append("--as-pid-1")
        if root:
            argv += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
        else:
            argv += ["--unshare-user", "--uid", str(NOBODY), "--gid", str(NOBODY)]
            if "--disable-userns" in options:
                argv.append("--disable-userns")
        argv += self._binds(rt)
        argv += ["--proc", "/proc", "--dev", "/dev"]
        if "--size" in options and "--perms" in options:
            argv += ["--perms", "1777", "--size", str(self.tmp_mb << 20)]
        argv += ["--tmpfs", "/tmp", "--chdir", "/tmp", "--clearenv"]
        for key, value in self.env(SANDBOX_LIB).items():
            argv += ["--setenv", key, value]
        argv += [rt["python"], "-I", "-S", "-B", f"{SANDBOX_HARNESS}/zygote.py", "--control-fd", "{fd}",
                 "--tmp", "/tmp"]
        if root:
            argv += ["--drop-uid", str(NOBODY), "--drop-gid", str(NOBODY)]
        return Command(tuple(argv), self.env(SANDBOX_LIB))


LAUNCHERS: dict[str, type[SandboxLauncher]] = {
    "bwrap": BwrapLauncher, "unshare": UnshareLauncher, "process": ProcessLauncher}


_BROKEN: dict[str, str] = {}


def _try(kind: str, hide: Sequence[str | os.PathLike[str]], tmp_mb: int) -> SandboxLauncher:
    if kind not in LAUNCHERS:
        raise ValueError(f"unknown isolation {kind!r}: choose from {', '.join(KINDS)}")
    if kind in _BROKEN:
        raise SandboxError(_BROKEN[kind])
    launcher = LAUNCHERS[kind](hide, tmp_mb)
    try:
        if kind != "process" and shutil.which(kind) is None:
            raise SandboxError(f"{kind} is not installed")
        launcher.server.start()
    except (SandboxError, OSError) as exc:
        launcher.close()
        _BROKEN[kind] = f"isolation {kind!r} is not available on this machine: {exc}"
        raise SandboxError(_BROKEN[kind]) from None
    return launcher


def available(kind: str) -> bool:
    """Whether ``kind`` works on this machine (a sandbox is started once to find out)."""
    try:
        _try(kind, (), 16).close()
    except SandboxError:
        return False
    return True


def choose_launcher(kind: str = "auto", hide: Sequence[str | os.PathLike[str]] = (),
                    tmp_mb: int = 256) -> SandboxLauncher:
    """A started launcher for ``kind``; ``"auto"`` takes the strongest that works here.

    Raises
    ------
    SandboxError
        If ``kind`` names an isolation this machine cannot provide (or,
        for ``"auto"``, if not even a plain process can be started).
    """
    for candidate in KINDS if kind == "auto" else (kind,):
        try:
            return _try(candidate, hide, tmp_mb)
        except SandboxError:
            if kind != "auto" or candidate == KINDS[-1]:
                raise
    raise AssertionError("unreachable")


__all__ = ["BwrapLauncher", "UnshareLauncher", "ProcessLauncher", "SandboxLauncher", "choose_launcher",
           "available", "runtime_open_to_others", "KINDS"]
