"""The ``unshare`` launcher: util-linux namespaces, and every folder but the system ones covered by the zygote."""

from __future__ import annotations

import json
import os
from pathlib import Path

from grader.execution.forkserver import Command
from grader.execution.sandbox.base import NOBODY, SandboxLauncher, _harness_copy, _runtime, _site_dirs

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


class UnshareLauncher(SandboxLauncher):
    """util-linux ``unshare``: pid, net, IPC, UTS and mount namespaces; all but system folders hidden by the zygote."""

    name = "unshare"
    program = "unshare"

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


__all__ = ["SYSTEM_TOPS", "UnshareLauncher", "hidden_tops"]
