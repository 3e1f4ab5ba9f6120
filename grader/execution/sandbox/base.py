"""Sandboxed launchers: bubblewrap, ``unshare`` and a plain process, each with a warm zygote.

Every launcher starts one zygote (:mod:`grader.execution.child.zygote`) in its sandbox and
forks a fresh child from it per submission (:mod:`grader.execution.forkserver`), so
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
    no namespaces: safe only as root with a Python runtime and numpy every
    user can read (a system Python, a venv outside ``/root``). The zygote
    stays root, out of the submissions' reach, and each child drops to a uid
    reserved for this launcher (:data:`PROCESS_UID_BASE` + n, one per
    concurrent launcher, never a real account's); after each child the
    zygote kills every process of that uid and removes its files from the
    shared writable folders (``/tmp``, ``/var/tmp``, ``/dev/shm``,
    ``/run/lock``, ``/dev/mqueue``) and its System V IPC objects. Anywhere
    else it refuses (:func:`process_refusal`) unless the instructor accepts
    running submissions as the grader's own user with
    ``GRADER_ALLOW_UNSAFE_PROCESS=1`` (or ``allow_unsafe=True``).

Every launcher's folders live in :func:`grader.execution.local.scratch_root` and are
removed when it is closed (and, at the latest, when the grader exits).
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import shutil
import site
import subprocess
import sys
import weakref
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from grader.course.locate import REPO_ROOT
from grader.execution.child import janitor
from grader.execution.forkserver import Command, ForkServer, SandboxError, ZygoteChild
from grader.execution.interface import CHILD_FILES, Limits
from grader.execution.local import child_env, numpy_only_path, scratch, scratch_root
from grader.execution.unprivileged import (
    PROCESS_UID_BASE,
    UidSlot,
    open_to_others,
    refusal,
    shared_writable,
    unsafe_allowed,
)

ZYGOTE = Path(__file__).parent / "child" / "zygote.py"
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


#: The files the zygote runs besides the harness's (standard library and numpy only).
ZYGOTE_FILES = (ZYGOTE, ZYGOTE.with_name("confine.py"), ZYGOTE.with_name("janitor.py"))


@functools.cache
def _harness_copy() -> str:
    """A world-readable folder holding copies of the child-side files (in the scratch folder)."""
    folder = scratch("sandbox-", 0o755)
    for src in (*CHILD_FILES, *ZYGOTE_FILES):
        shutil.copy(src, folder)
        os.chmod(os.path.join(folder, src.name), 0o644)
    return folder


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

    name = "sandbox"  # each launcher names its own kind

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

    def start(self, submission: Path, limits: Limits) -> ZygoteChild:
        """Fork a child for ``submission`` (starting the sandbox on first use)."""
        return self.server.spawn(submission.read_text(encoding="utf-8"), limits)

    def describe(self) -> dict[str, object]:
        """What is in force, for reports: name, the submissions' uid, whether the zygote is PID 1 of its namespace."""
        ready = self.server.start()
        return {"isolation": self.name, "uid": ready.get("uid"), "pid_namespace": bool(ready.get("pid1"))}

    def close(self) -> None:
        """Stop the sandbox (killing everything of its submissions) and remove the launcher's folder."""
        self.server.stop()
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


def process_refusal(allow_unsafe: bool | None = None) -> str | None:
    """Why ``process`` isolation refuses to run here (None: it is safe, or the unsafe run is allowed).

    ``allow_unsafe`` defaults to the ``GRADER_ALLOW_UNSAFE_PROCESS`` environment variable.
    """
    if unsafe_allowed(allow_unsafe):
        return None
    return refusal(_runtime_paths(), scratch_root())


class ProcessLauncher(SandboxLauncher):
    """A zygote in a plain process: new sessions, rlimits, private folders and a uid of their own.

    Parameters
    ----------
    hide, tmp_mb
        As for :class:`SandboxLauncher` (nothing can be hidden without namespaces).
    allow_unsafe : bool, optional
        Run submissions as the grader's own user where no unprivileged uid
        can run them (see :func:`process_refusal`); defaults to the
        ``GRADER_ALLOW_UNSAFE_PROCESS`` environment variable. Without it,
        starting the sandbox raises :class:`SandboxError` there.

    Notes
    -----
    Safe mode (root, runtime readable by all): the zygote stays root and
    each child drops to the uid of a :class:`~grader.execution.unprivileged.UidSlot`;
    the zygote kills every process of that uid after each child and sweeps
    :func:`~grader.execution.unprivileged.shared_writable` of its files. Stopping the
    launcher does the same from the grader's side.
    """

    name = "process"

    def __init__(self, hide: Sequence[str | os.PathLike[str]] = (), tmp_mb: int = 256,
                 allow_unsafe: bool | None = None) -> None:
        self.allow_unsafe = allow_unsafe
        self.slot = UidSlot()
        super().__init__(hide, tmp_mb)

    def describe(self) -> dict[str, object]:
        """As for every launcher, and ``unsafe`` when submissions run as the grader's own user (by permission)."""
        described = super().describe()
        if self.slot.uid is None:
            described["unsafe"] = True
        return described

    def command(self, control_fd: int) -> Command:
        rt = _runtime()
        tmp = os.path.join(self.private, "tmp")
        os.makedirs(tmp, mode=0o711, exist_ok=True)
        os.chmod(tmp, 0o711)
        numpy_path = numpy_only_path()
        argv = [rt["python"], "-I", "-S", "-B", os.path.join(_harness_copy(), "zygote.py"),
                "--control-fd", "{fd}", "--tmp", tmp]
        why = refusal(_runtime_paths(), self.private)
        if why is None:
            try:
                uid = self.slot.claim()
            except RuntimeError as exc:
                raise SandboxError(str(exc)) from None
            argv += ["--child-uid", str(uid), "--child-gid", str(uid)]
            for folder in shared_writable():
                argv += ["--sweep", folder]
        elif not unsafe_allowed(self.allow_unsafe):
            raise SandboxError(why)
        return Command(tuple(argv), self.env(numpy_path), cwd=tmp)

    def close(self) -> None:
        """Stop the sandbox, then kill whatever of its uid is left anywhere and sweep its files (a backstop)."""
        self.server.stop()
        uid = self.slot.uid
        if uid is not None:
            janitor.kill_uid(uid)
            janitor.sweep(shared_writable(), uid)
            janitor.remove_ipc(uid)
            self.slot.release()
        shutil.rmtree(self.private, ignore_errors=True)


_OWN_USER: dict[int, ProcessLauncher] = {}


def own_user_launcher() -> ProcessLauncher:
    """The launcher of ``grade_source`` when none is given: a warm ``process`` zygote for this process.

    For a student's own code on the student's own machine (``grader.check``
    in a notebook, the released pytest file): it runs as the caller's user
    (an unprivileged uid of its own where the grader is root and may), like
    a plain child process, but each graded function's fresh child is forked
    from a zygote that imported numpy once. Closed when the process exits.
    """
    launcher = _OWN_USER.get(os.getpid())
    if launcher is None:
        launcher = _OWN_USER[os.getpid()] = ProcessLauncher(allow_unsafe=True)  # closed at exit by its base
    return launcher


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
                 "--control-fd", "{fd}", "--tmp", "/tmp", "--tmp", "/dev/shm", "--hide", json.dumps(plan)]
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
        mqueue = "--mqueue" in options
        if mqueue:  # the IPC namespace's POSIX message queues, to be emptied after each child
            argv += ["--mqueue", "/dev/mqueue"]
        argv += ["--remount-ro", "/dev"]  # bubblewrap's /dev (with /dev/shm) belongs to the sandbox's uid
        if "--size" in options and "--perms" in options:
            argv += ["--perms", "1777", "--size", str(self.tmp_mb << 20)]
        argv += ["--tmpfs", "/tmp", "--remount-ro", "/", "--chdir", "/tmp", "--clearenv"]
        for key, value in self.env(SANDBOX_LIB).items():
            argv += ["--setenv", key, value]
        argv += [rt["python"], "-I", "-S", "-B", f"{SANDBOX_HARNESS}/zygote.py", "--control-fd", "{fd}",
                 "--tmp", "/tmp"]
        if mqueue:
            argv += ["--tmp", "/dev/mqueue"]
        if root:
            argv += ["--drop-uid", str(NOBODY), "--drop-gid", str(NOBODY)]
        return Command(tuple(argv), self.env(SANDBOX_LIB))


LAUNCHERS: dict[str, type[SandboxLauncher]] = {
    "bwrap": BwrapLauncher, "unshare": UnshareLauncher, "process": ProcessLauncher}


_BROKEN: dict[str, str] = {}


def _try(kind: str, hide: Sequence[str | os.PathLike[str]], tmp_mb: int,
         allow_unsafe: bool | None = None) -> SandboxLauncher:
    if kind not in LAUNCHERS:
        raise ValueError(f"unknown isolation {kind!r}: choose from {', '.join(KINDS)}")
    if kind == "process":
        why = process_refusal(allow_unsafe)
        if why is not None:
            raise SandboxError(why)
    key = f"{kind}:{unsafe_allowed(allow_unsafe)}" if kind == "process" else kind
    if key in _BROKEN:
        raise SandboxError(_BROKEN[key])
    launcher = ProcessLauncher(hide, tmp_mb, allow_unsafe) if kind == "process" else LAUNCHERS[kind](hide, tmp_mb)
    try:
        if kind != "process" and shutil.which(kind) is None:
            raise SandboxError(f"{kind} is not installed")
        launcher.server.start()
    except (SandboxError, OSError) as exc:
        launcher.close()
        _BROKEN[key] = f"isolation {kind!r} is not available on this machine: {exc}"
        raise SandboxError(_BROKEN[key]) from None
    return launcher


def available(kind: str, allow_unsafe: bool | None = None) -> bool:
    """Whether ``kind`` works (and, for ``process``, is safe or allowed) here; a sandbox is started to find out."""
    try:
        _try(kind, (), 16, allow_unsafe).close()
    except SandboxError:
        return False
    return True


def choose_launcher(kind: str = "auto", hide: Sequence[str | os.PathLike[str]] = (),
                    tmp_mb: int = 256, *, allow_unsafe: bool | None = None) -> SandboxLauncher:
    """A started launcher for ``kind``; ``"auto"`` takes the strongest that works here.

    ``"auto"`` tries ``bwrap``, then ``unshare``, then ``process`` only where
    it is safe (:func:`process_refusal`), whatever ``allow_unsafe`` says.
    ``allow_unsafe`` (default: the ``GRADER_ALLOW_UNSAFE_PROCESS`` environment
    variable) lets an explicit ``"process"`` run submissions as the grader's user.

    Raises
    ------
    SandboxError
        If ``kind`` names an isolation this machine cannot provide or that
        would not be safe; for ``"auto"``, with the reason of each.
    """
    if kind != "auto":
        return _try(kind, hide, tmp_mb, allow_unsafe)
    reasons = []
    for candidate in KINDS:
        try:
            return _try(candidate, hide, tmp_mb, False)
        except SandboxError as exc:
            reasons.append(f"{candidate}: {exc}")
    raise SandboxError("no safe isolation is available on this machine (" + "; ".join(reasons) + ")")


__all__ = ["BwrapLauncher", "UnshareLauncher", "ProcessLauncher", "SandboxLauncher", "choose_launcher",
           "available", "process_refusal", "runtime_open_to_others", "KINDS", "PROCESS_UID_BASE"]
