"""Sandboxed launchers: bubblewrap, ``unshare`` and a plain process, each with a warm zygote.

One module per launcher (:mod:`.bwrap`, :mod:`.unshare`, :mod:`.process`), all
found by name in :mod:`.registry`; what they share is in :mod:`.base`.

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

Every launcher's folders live in :func:`grader.execution.scratch.scratch_root` and are
removed when it is closed (and, at the latest, when the grader exits).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from grader.execution.forkserver import SandboxError
    from grader.execution.sandbox.base import SandboxLauncher, _open_to_others, runtime_open_to_others
    from grader.execution.sandbox.bwrap import BwrapLauncher
    from grader.execution.sandbox.process import ProcessLauncher, own_user_launcher, process_refusal
    from grader.execution.sandbox.registry import KINDS, LAUNCHERS, available, choose_launcher
    from grader.execution.sandbox.unshare import UnshareLauncher, hidden_tops
    from grader.execution.unprivileged import PROCESS_UID_BASE

#: Where each name of this package is defined: imported on first use, so that importing one launcher
#: (``grader check`` starting bubblewrap first, :mod:`grader.cli.prestart`) imports none of the others.
_EXPORTS = {
    "SandboxError": "grader.execution.forkserver",
    "SandboxLauncher": "grader.execution.sandbox.base", "_open_to_others": "grader.execution.sandbox.base",
    "runtime_open_to_others": "grader.execution.sandbox.base",
    "BwrapLauncher": "grader.execution.sandbox.bwrap",
    "ProcessLauncher": "grader.execution.sandbox.process", "own_user_launcher": "grader.execution.sandbox.process",
    "process_refusal": "grader.execution.sandbox.process",
    "KINDS": "grader.execution.sandbox.registry", "LAUNCHERS": "grader.execution.sandbox.registry",
    "available": "grader.execution.sandbox.registry", "choose_launcher": "grader.execution.sandbox.registry",
    "UnshareLauncher": "grader.execution.sandbox.unshare", "hidden_tops": "grader.execution.sandbox.unshare",
    "PROCESS_UID_BASE": "grader.execution.unprivileged",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = ["BwrapLauncher", "UnshareLauncher", "ProcessLauncher", "SandboxLauncher", "SandboxError",
           "choose_launcher", "available", "own_user_launcher", "process_refusal", "runtime_open_to_others",
           "hidden_tops", "KINDS", "LAUNCHERS", "PROCESS_UID_BASE", "_open_to_others"]
