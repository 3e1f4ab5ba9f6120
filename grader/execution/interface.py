"""What running student code in a child process is made of: limits, outcomes, interfaces.

The grader never imports a submission. A :class:`Launcher` starts the
harness (``grader/execution/child/harness.py``) in a child process; a
:class:`~grader.execution.session.ChildSession` sends it calls, answers its *oracle*
requests and returns :class:`CallOutcome` records of plain values. The
launchers live in :mod:`grader.execution.local` (a plain process) and
:mod:`grader.execution.sandbox` (bubblewrap, unshare).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from grader.execution.childfiles import CHILD_DIR, CHILD_FILES, CHILD_MODULES, HARNESS, PROTOCOL

OutcomeStatus = Literal[
    "ok", "missing", "not_implemented", "raised", "timeout", "crashed", "protocol_error",
    "import_failed", "unencodable",
]


@dataclass(frozen=True)
class Limits:
    """Resource limits for one child process.

    ``call_seconds`` bounds one call, ``import_seconds`` the import of the
    submission and ``submission_seconds`` (if set) all of one submission's
    calls together; the others are passed to ``setrlimit`` where the
    launcher supports them.
    """

    call_seconds: float = 10.0
    import_seconds: float = 20.0
    submission_seconds: float | None = None
    cpu_seconds: int = 120
    memory_mb: int = 2048
    file_size_mb: int = 16
    open_files: int = 64
    processes: int = 64


@dataclass(frozen=True)
class CallOutcome:
    """What one call of a student function produced, as plain data."""

    status: OutcomeStatus
    value: Any = None
    args_after: list[Any] | None = None
    error: dict[str, Any] = field(default_factory=dict)
    oracle_misses: tuple[str, ...] = ()
    seconds: float = 0.0
    digest: bytes = field(default=b"", compare=False, repr=False)
    """A hash of the raw result message (batched calls only): equal digests, equal values."""
    used: tuple[str, ...] = ()
    """The student's own graded functions that ran during the call (as the child reports it: messages only)."""
    replaced: tuple[tuple[Any, ...], ...] = ()
    """Paths ``(argument index, key, ...)`` of container entries the call rebound (messages only)."""


class Oracle(Protocol):
    """Answers a substituted callee's call from the grader's side."""

    def answer(self, function: str, args: list[Any], kwargs: dict[str, Any]) -> tuple[str, Any]:
        """Return ``("ok", value)``, ``("miss", None)`` or ``("error", message)``."""
        ...


class NoOracle:
    """An oracle that never answers: the student's own callees are used."""

    def answer(self, function: str, args: list[Any], kwargs: dict[str, Any]) -> tuple[str, Any]:
        return "miss", None


class ChildProcess(Protocol):
    """A started child: its pid-group handle and its two channel ends."""

    to_child: int
    from_child: int

    def kill(self) -> None: ...

    def wait(self, timeout: float) -> int | None: ...


class Launcher(Protocol):
    """Starts the harness on a submission file under some isolation."""

    name: str

    def start(self, submission: Path, limits: Limits) -> ChildProcess: ...


#: ``(name, text)`` of an assignment's provided files (see :mod:`grader.course.provided`).
Provided = tuple[tuple[str, str], ...]


class WithProvided:
    """A launcher whose every child also gets the assignment's provided files on its import path.

    The files travel as text with each start; the child writes a private,
    read-only copy of them (never a path into the instructor's folder). All
    else (``close``, ``describe``...) is the wrapped launcher's.
    """

    def __init__(self, launcher: Any, files: Provided) -> None:
        self.launcher = launcher
        self.files = files

    @property
    def name(self) -> str:
        return str(self.launcher.name)

    def start(self, submission: Path, limits: Limits) -> ChildProcess:
        return self.launcher.start(submission, limits, provided=self.files)  # type: ignore[no-any-return]

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.launcher, attribute)


def provide(launcher: Any, files: Provided) -> Any:
    """``launcher`` giving its children ``files`` (the launcher itself when there are none)."""
    if not files:
        return launcher
    if isinstance(launcher, WithProvided):
        launcher = launcher.launcher
    return WithProvided(launcher, files)


__all__ = ["CHILD_DIR", "CHILD_FILES", "CHILD_MODULES", "HARNESS", "PROTOCOL",
           "CallOutcome", "ChildProcess", "Launcher", "Limits", "NoOracle", "Oracle", "Provided",
           "WithProvided", "provide"]
