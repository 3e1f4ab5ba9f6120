"""The check kinds. Each is one small class: how to get the expected value
and which matcher judges the student's output."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from grader.checks.base import Check, Inputs, ReferenceRunner, Visibility
from grader.compare import Matcher, MatchGradient, MatchProperties, MatchShapes, MatchValues


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


class GradientCheck(Check):
    """A backward function agrees with central differences of a forward function.

    ``numeric(args)`` returns the expected gradients, computed in float64 by
    central differences of trusted forward math on the same inputs (caches
    from a real forward pass); ``parts`` names the outputs that are gradients.
    """

    kind = "gradient"

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
    due, and (``no_mutation``) the caller's arguments left untouched."""

    kind = "property"

    def __init__(self, name: str, points: float, inputs: Sequence[Inputs] = (),
                 visibility: Visibility = "hidden", description: str = "",
                 no_mutation: bool = True) -> None:
        super().__init__(name, points, inputs, visibility, description)
        self.no_mutation = no_mutation

    def matcher(self, ref: ReferenceRunner, inputs: Inputs, args: tuple[Any, ...]) -> Matcher:
        return MatchProperties(ref.call(self.function, args), ref.returns(self.function), inputs.context,
                               no_mutation=self.no_mutation, arg_names=ref.params(self.function))
