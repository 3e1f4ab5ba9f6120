"""The ``bwrap`` launcher: bubblewrap builds an empty root with only the runtime, numpy and the harness."""

from __future__ import annotations

import functools
import os
import subprocess
from pathlib import Path

from grader.execution.forkserver import Command
from grader.execution.sandbox.base import NOBODY, SandboxLauncher, _harness_copy, _inside, _runtime, _site_dirs

#: Where numpy and the harness appear inside a bubblewrap sandbox.
SANDBOX_LIB, SANDBOX_HARNESS = "/opt/grader/lib", "/opt/grader/harness"


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
    program = "bwrap"
    ends_with_its_process = True  # --die-with-parent, --unshare-pid and a tmpfs /tmp: nothing outlives bwrap

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


__all__ = ["BwrapLauncher", "SANDBOX_HARNESS", "SANDBOX_LIB"]
