"""The check kinds. Each is one small class: how to get the expected value
and which matcher judges the student's output."""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from grader.checks.base import Check, CompiledCheck, Inputs, ReferenceRunner, Visibility
from grader.checks.compare import Matcher, MatchGradient, MatchProperties, MatchShapes, MatchValues


class Shapes(Check):
    """Every output has the reference's structure: container types, dict keys,
    and the shape of every array (caches and dict values included)."""

    kind = "shape"

    def matcher(self, ref: ReferenceRunner, inputs: Inputs, args: tuple[Any, ...]) -> Matcher:
        return MatchShapes(ref.call(self.function, args), ref.returns(self.function), inputs.context)


class CompareToReference(Check):
    """Values equal the reference's within a relative tolerance, over many
    randomized inputs (usually hidden)."""

    kind = "reference"
    twinned = True

    def __init__(self, name: str, points: float, inputs: Sequence[Inputs] = (),
                 visibility: Visibility = "hidden", description: str = "", rtol: float = 1e-6) -> None:
        super().__init__(name, points, inputs, visibility, description)
        self.rtol = rtol

    def matcher(self, ref: ReferenceRunner, inputs: Inputs, args: tuple[Any, ...]) -> Matcher:
        return MatchValues(ref.call(self.function, args), ref.returns(self.function), inputs.context,
                           rtol=self.rtol)


class KnownValue(Check):
    """Outputs equal values written down by hand (worked examples), not
    computed by the reference. ``parts`` selects which outputs are compared."""

    kind = "known_value"
    twinned = True

    def __init__(self, name: str, points: float, args: tuple[Any, ...], expected: Any,
                 parts: Sequence[int] = (), visibility: Visibility = "public", description: str = "",
                 rtol: float = 1e-6, context: dict[str, Any] | None = None) -> None:
        frozen_args = tuple(args)
        super().__init__(name, points, [Inputs(name, lambda: frozen_args, dict(context or {}))],
                         visibility, description)
        self.expected = expected
        self.parts = tuple(parts)
        self.rtol = rtol

    def matcher(self, ref: ReferenceRunner, inputs: Inputs, args: tuple[Any, ...]) -> Matcher:
        return MatchValues(self.expected, ref.returns(self.function), inputs.context, rtol=self.rtol,
                           parts=self.parts)

    def twin_matcher(self, ref: ReferenceRunner, inputs: Inputs, args: tuple[Any, ...]) -> Matcher:
        """On fresh inputs nothing was worked out by hand: the reference gives the expected values."""
        return MatchValues(ref.call(self.function, args), ref.returns(self.function), inputs.context,
                           rtol=self.rtol, parts=self.parts)


class GradientCheck(Check):
    """A backward function agrees with central differences of a forward function.

    ``numeric(args)`` returns the expected gradients, computed in float64 by
    central differences of trusted forward math on the same inputs (caches
    from a real forward pass); ``parts`` names the outputs that are gradients.
    """

    kind = "gradient"
    twinned = True

    def __init__(self, name: str, points: float, inputs: Sequence[Inputs],
                 numeric: Callable[[tuple[Any, ...]], Any], parts: Sequence[Any] = (),
                 visibility: Visibility = "public", description: str = "",
                 threshold: float = 1e-6) -> None:
        super().__init__(name, points, inputs, visibility, description)
        self.numeric = numeric
        self.parts = tuple(parts)
        self.threshold = threshold

    def matcher(self, ref: ReferenceRunner, inputs: Inputs, args: tuple[Any, ...]) -> Matcher:
        return MatchGradient(self.numeric(args), ref.returns(self.function), inputs.context,
                             threshold=self.threshold, parts=self.parts)


class Properties(Check):
    """Exact types and dict keys, finite float outputs, scalars where scalars are
    due, and (``no_mutation``) the caller's arguments left untouched.

    ``no_mutation`` defaults to the course's rule
    (:func:`grader.course.model.may_update_arguments`): ``update_*`` functions,
    ``optimize`` and ``train`` may update what they are given in place.
    """

    kind = "property"

    def __init__(self, name: str, points: float, inputs: Sequence[Inputs] = (),
                 visibility: Visibility = "hidden", description: str = "",
                 no_mutation: bool | None = None) -> None:
        super().__init__(name, points, inputs, visibility, description)
        self.no_mutation = no_mutation

    def matcher(self, ref: ReferenceRunner, inputs: Inputs, args: tuple[Any, ...]) -> Matcher:
        from grader.course.model import may_update_arguments

        no_mutation = self.no_mutation if self.no_mutation is not None else not may_update_arguments(self.function)
        return MatchProperties(ref.call(self.function, args), ref.returns(self.function), inputs.context,
                               no_mutation=no_mutation, arg_names=ref.params(self.function))


class Together(Check):
    """The student's functions work together: an instructor's driver runs them with nothing substituted.

    ``driver`` is a plain function of the assignment (for example a few
    training iterations) that calls the graded functions by name; its
    source is sent to the child and run on the student's own functions,
    and run in the grader on the reference's for the expected values.
    It must be self-contained: the graded functions and ``np`` (imported
    inside it) are the only names it may use. Reported under
    :data:`grader.course.model.TOGETHER`, on its own line; ``points`` may be 0 so
    that one bug still costs only its own function.
    """

    kind = "together"

    def __init__(self, name: str, points: float, driver: Callable[..., Any], inputs: Sequence[Inputs],
                 visibility: Visibility = "public", description: str = "", rtol: float = 1e-6,
                 returns: Sequence[str] = ("result",)) -> None:
        super().__init__(name, points, inputs, visibility, description)
        self.source = textwrap.dedent(inspect.getsource(driver))
        self.entry = driver.__name__
        self.rtol = rtol
        self.returns = tuple(returns)

    def matcher(self, ref: ReferenceRunner, inputs: Inputs, args: tuple[Any, ...]) -> Matcher:
        expected = ref.run_driver(self.source, self.entry, args)
        return MatchValues(expected, self.returns, inputs.context, rtol=self.rtol)

    def compile(self, ref: ReferenceRunner, twins: bool = False) -> CompiledCheck:
        compiled = super().compile(ref, twins)
        return replace(compiled, driver=self.source, entry=self.entry)
