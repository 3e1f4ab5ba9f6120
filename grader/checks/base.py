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
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, Literal, Protocol

from grader.checks.fresh import twin_args
from grader.checks.match import Matcher
from grader.execution.child import protocol

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
    twin: Callable[[], Inputs] | None = field(default=None, compare=False)
    """Fresh inputs of the same form (see :mod:`grader.checks.fresh`); by default the built
    arguments are perturbed."""

    def fresh(self) -> Inputs:
        """The hidden twin of these inputs: the same form, values no student has seen."""
        if self.twin is not None:
            twin = self.twin()
            return replace(twin, label=f"fresh inputs of the same form ({twin.label})")
        args = tuple(self.build())
        return Inputs(f"fresh inputs of the same form as {self.label}",
                      lambda: twin_args(self.label, args), dict(self.context))


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
    recorded: Sequence[RecordedCall] = ()
    fresh: bool = False
    """A hidden twin case of a public check (inputs no student has seen)."""

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
    driver: str = ""
    """Source of an instructor's driver that defines the called function (whole-module checks)."""
    entry: str = ""
    """The function called: ``function`` itself, or the driver's entry point."""

    @property
    def target(self) -> str:
        return self.entry or self.function


class ReferenceRunner(Protocol):
    """The reference seen from a check: evaluate functions, name their outputs."""

    def call(self, function: str, args: Sequence[Any]) -> Any: ...

    def returns(self, function: str) -> tuple[str, ...]: ...

    def params(self, function: str) -> tuple[str, ...]: ...

    def run_driver(self, source: str, entry: str, args: Sequence[Any]) -> Any: ...

    def labels(self, function: str) -> tuple[str, ...]: ...

    def prepare(self, function: str, args: tuple[Any, ...]) -> tuple[Any, ...]: ...


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
    outputs : sequence of str
        The outputs compared, named as the reference's docstring names them
        (``"cost"``, ``"grads.dw"``, ``"cache.0"``); all of them by default.
    """

    kind: ClassVar[str] = ""
    #: What checks of this kind verify, in a few words (the notebook's table of checks).
    summary: ClassVar[str] = ""
    #: Value checks of a public visibility get hidden twins on fresh inputs (structural ones do not).
    twinned: ClassVar[bool] = False
    #: A structural kind verifies how an answer is packaged; its points count once a value check passes.
    structural: ClassVar[bool] = False

    def __init__(self, name: str, points: float, inputs: Sequence[Inputs] = (),
                 visibility: Visibility = "public", description: str = "", outputs: Sequence[str] = ()) -> None:
        if points < 0:
            raise ValueError("points must be non-negative")
        if visibility not in ("public", "hidden"):
            raise ValueError(f"visibility must be public or hidden, not {visibility!r}")
        self.name = name
        self.points = float(points)
        self.inputs = tuple(inputs)
        self.visibility: Visibility = visibility
        self.description = description
        self.outputs = tuple(outputs)
        self.function = ""

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        if cls.__dict__.get("kind"):  # only a class that names its own kind (not a subclass inheriting one)
            CHECK_KINDS.setdefault(cls.kind, cls)

    def matcher(self, ref: ReferenceRunner, inputs: Inputs, args: tuple[Any, ...]) -> Matcher:
        """Build the matcher of one case (each kind defines this)."""
        raise NotImplementedError

    def twin_matcher(self, ref: ReferenceRunner, inputs: Inputs, args: tuple[Any, ...]) -> Matcher:
        """The matcher of a hidden twin case (by default the kind's own matcher)."""
        return self.matcher(ref, inputs, args)

    def parts(self, ref: ReferenceRunner, example: Any) -> tuple[tuple[Any, ...], ...]:
        """The paths of the selected outputs in ``example`` (a value the reference returned)."""
        from grader.checks.outputs import output_path

        names = ref.returns(self.function)
        return tuple(output_path(s, names, example) for s in self.outputs)

    def _case(self, inputs: Inputs, ref: ReferenceRunner, fresh: bool) -> Case:
        args = ref.prepare(self.function, tuple(inputs.build()))
        make = self.twin_matcher if fresh else self.matcher
        return Case(self.function, inputs.label, args, make(ref, inputs, copy.deepcopy(args)), fresh=fresh)

    def compile(self, ref: ReferenceRunner, twins: bool = False) -> CompiledCheck:
        """Evaluate the inputs and expected values; with ``twins``, add the hidden twin cases.

        Twins are added to public value checks in the instructor's grading
        only: the check then passes when the published cases and the fresh
        ones all pass.
        """
        cases = [self._case(inputs, ref, False) for inputs in self.inputs]
        if twins and self.twinned and self.visibility == "public":
            cases += [self._case(inputs.fresh(), ref, True) for inputs in self.inputs]
        return CompiledCheck(self.name, self.function, self.kind, self.points, self.visibility,
                             tuple(cases), self.description)
