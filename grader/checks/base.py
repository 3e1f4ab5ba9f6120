"""What a check is: declared inputs, points and visibility, compiled into cases.

A check kind is one subclass of :class:`Check`, registered by its ``kind``.
Declaring a check says *what* to call and *how* to judge; compiling it
(:meth:`Check.compile`) evaluates the inputs, asks the reference (through a
:class:`ReferenceRunner`, in the grader's process) for the expected values,
and yields :class:`Case` objects whose matchers are plain data. Public
cases are saved as JSON for the student's copy; hidden ones are compiled
on the instructor's machine only.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, Protocol

from grader import protocol
from grader.compare import Matcher

Visibility = Literal["public", "hidden"]


@dataclass(frozen=True)
class Inputs:
    """One set of arguments for a function, built on demand.

    ``build`` returns the positional arguments; ``context`` carries facts
    that sharpen messages (``m``, the number of examples, for instance).
    """

    label: str
    build: Callable[[], tuple[Any, ...]]
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RecordedCall:
    """A call the reference made to another graded function (for public oracles)."""

    function: str
    args: tuple[Any, ...]
    value: Any


@dataclass(frozen=True)
class Case:
    """One call of a student function and the matcher that judges its result."""

    function: str
    label: str
    args: tuple[Any, ...]
    matcher: Matcher
    recorded: tuple[RecordedCall, ...] = ()

    @functools.cached_property
    def encoded_args(self) -> list[Any]:
        """The arguments in wire format, encoded once per case."""
        return [protocol.encode(a) for a in self.args]


@dataclass(frozen=True)
class CompiledCheck:
    """A check ready to run: declared metadata plus its cases."""

    name: str
    function: str
    kind: str
    points: float
    visibility: Visibility
    cases: tuple[Case, ...]
    description: str = ""


class ReferenceRunner(Protocol):
    """The reference seen from a check: evaluate functions, name their outputs."""

    def call(self, function: str, args: Sequence[Any]) -> Any: ...

    def returns(self, function: str) -> tuple[str, ...]: ...

    def params(self, function: str) -> tuple[str, ...]: ...


CHECK_KINDS: dict[str, type[Check]] = {}


class Check:
    """Base class of every check kind.

    Parameters
    ----------
    name : str
        Short name shown to the student (unique within the function).
    points : float
        Points awarded when every case passes (a check is all-or-nothing).
    inputs : sequence of Inputs
        The argument sets to try.
    visibility : {"public", "hidden"}
        Public checks ship to students as data; hidden ones do not.
    description : str
        One line saying what the check verifies.
    """

    kind: ClassVar[str] = ""

    def __init__(self, name: str, points: float, inputs: Sequence[Inputs] = (),
                 visibility: Visibility = "public", description: str = "") -> None:
        if points < 0:
            raise ValueError("points must be non-negative")
        if visibility not in ("public", "hidden"):
            raise ValueError(f"visibility must be public or hidden, not {visibility!r}")
        self.name = name
        self.points = float(points)
        self.inputs = tuple(inputs)
        self.visibility: Visibility = visibility
        self.description = description
        self.function = ""

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        if cls.kind:
            CHECK_KINDS[cls.kind] = cls

    def matcher(self, ref: ReferenceRunner, inputs: Inputs, args: tuple[Any, ...]) -> Matcher:
        """Build the matcher of one case (each kind defines this)."""
        raise NotImplementedError

    def compile(self, ref: ReferenceRunner) -> CompiledCheck:
        cases = []
        for inputs in self.inputs:
            args = tuple(inputs.build())
            cases.append(Case(self.function, inputs.label, args,
                              self.matcher(ref, inputs, copy.deepcopy(args))))
        return CompiledCheck(self.name, self.function, self.kind, self.points, self.visibility,
                             tuple(cases), self.description)
