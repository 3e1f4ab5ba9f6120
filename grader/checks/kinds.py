"""The check kinds. Each is one small class: how to get the expected value
and which matcher judges the student's output."""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from grader.checks.base import Check, CompiledCheck, Inputs, ReferenceRunner, Visibility
from grader.checks.match import Matcher, MatchGradient, MatchProperties, MatchShapes, MatchValues
from grader.checks.numgrad import gradient_at
from grader.checks.outputs import argument_path, get, output_path, sparse


class Shapes(Check):
    """Every output has the reference's structure: container types, dict keys,
    and the shape of every array (caches and dict values included)."""

    kind = "shape"
    structural = True
    summary = "shapes and structure of the outputs"

    def matcher(self, ref: ReferenceRunner, inputs: Inputs, args: tuple[Any, ...]) -> Matcher:
        expected = ref.call(self.function, args)
        return MatchShapes(expected, ref.returns(self.function), inputs.context, parts=self.parts(ref, expected))


class CompareToReference(Check):
    """Values equal the reference's within a relative tolerance, over many
    randomized inputs (usually hidden)."""

    kind = "reference"
    summary = "values against the reference"
    twinned = True

    def __init__(self, name: str, points: float, inputs: Sequence[Inputs] = (),
                 visibility: Visibility = "hidden", description: str = "", rtol: float = 1e-6,
                 outputs: Sequence[str] = ()) -> None:
        super().__init__(name, points, inputs, visibility, description, outputs)
        self.rtol = rtol

    def matcher(self, ref: ReferenceRunner, inputs: Inputs, args: tuple[Any, ...]) -> Matcher:
        expected = ref.call(self.function, args)
        return MatchValues(expected, ref.returns(self.function), inputs.context, rtol=self.rtol,
                           parts=self.parts(ref, expected))


class KnownValue(Check):
    """Outputs equal values written down by hand (worked examples), not computed by the reference.

    ``expected`` is the whole returned value; with ``outputs`` it is the
    value of the one output named, or a tuple of values, one per output
    named (``outputs=("grads.dw", "cost")``): the others are not compared.
    ``twin`` gives the hidden twin's inputs (by default the arguments are
    redrawn in the same form); give one when the arguments must stay
    consistent with each other, such as a cache and the parameters it came from.
    """

    kind = "known_value"
    summary = "a worked example computed by hand"
    twinned = True

    def __init__(self, name: str, points: float, args: tuple[Any, ...], expected: Any,
                 visibility: Visibility = "public", description: str = "",
                 rtol: float = 1e-6, context: dict[str, Any] | None = None, outputs: Sequence[str] = (),
                 twin: Inputs | None = None) -> None:
        frozen_args = tuple(args)
        fresh = (lambda: twin) if twin is not None else None
        super().__init__(name, points, [Inputs(name, lambda: frozen_args, dict(context or {}), twin=fresh)],
                         visibility, description, outputs)
        self.expected = expected
        self.rtol = rtol

    def matcher(self, ref: ReferenceRunner, inputs: Inputs, args: tuple[Any, ...]) -> Matcher:
        if not self.outputs:
            return MatchValues(self.expected, ref.returns(self.function), inputs.context, rtol=self.rtol)
        example = ref.call(self.function, args)
        parts = self.parts(ref, example)
        values = (self.expected,) if len(parts) == 1 else tuple(self.expected)
        if len(values) != len(parts):
            raise ValueError(f"{self.function}: {self.name}: {len(parts)} outputs named but {len(values)} "
                             "expected values given")
        return MatchValues(sparse(example, dict(zip(parts, values, strict=True))), ref.returns(self.function),
                           inputs.context, rtol=self.rtol, parts=parts)

    def twin_matcher(self, ref: ReferenceRunner, inputs: Inputs, args: tuple[Any, ...]) -> Matcher:
        """On fresh inputs nothing was worked out by hand: the reference gives the expected values."""
        expected = ref.call(self.function, args)
        return MatchValues(expected, ref.returns(self.function), inputs.context, rtol=self.rtol,
                           parts=self.parts(ref, expected))


class GradientCheck(Check):
    """A function's gradients agree with central differences, in float64, away from kinks.

    Declared by names, without a finite-difference recipe: ``of`` is the
    scalar the gradients are gradients *of*, either an output of the
    function itself (``"cost"``) or a callable of the function's arguments
    (reference forward math, such as ``lambda dA, Z: np.sum(dA * relu(Z)[0])``);
    ``wrt`` maps each argument differentiated (``"w"``, ``"cache.0"``) to the
    output holding its gradient (``"grads.dw"``)::

        GradientCheck("gradient check", 3, inputs, of="cost", wrt={"w": "grads.dw", "b": "grads.db"})

    Inputs on a kink are an authoring error (:class:`~grader.checks.numgrad.KinkError`).
    ``numeric(args)`` (the expected gradients, in the shape of the whole
    returned value) remains for gradients no single objective gives.
    """

    kind = "gradient"
    summary = "gradients against central differences"
    twinned = True

    def __init__(self, name: str, points: float, inputs: Sequence[Inputs],
                 numeric: Callable[[tuple[Any, ...]], Any] | None = None,
                 visibility: Visibility = "public", description: str = "",
                 threshold: float = 1e-6, outputs: Sequence[str] = (), *,
                 of: str | Callable[..., float] | None = None, wrt: dict[str, str] | None = None) -> None:
        super().__init__(name, points, inputs, visibility, description, outputs)
        if (numeric is None) == (of is None) or (of is None) != (wrt is None):
            raise ValueError(f"{name}: declare either numeric=..., or of=... with wrt=...")
        self.numeric = numeric
        self.of = of
        self.wrt = dict(wrt or {})
        self.threshold = threshold

    def matcher(self, ref: ReferenceRunner, inputs: Inputs, args: tuple[Any, ...]) -> Matcher:
        names = ref.returns(self.function)
        if self.numeric is not None:
            expected = self.numeric(args)
            return MatchGradient(expected, names, inputs.context, threshold=self.threshold,
                                 parts=self.parts(ref, expected) if self.outputs else ())
        example = ref.call(self.function, args)
        params = ref.params(self.function)
        label = f"{self.function}: {self.name} ({inputs.label})"
        blocks = {output_path(out, names, example):
                  gradient_at(self._objective(ref), args, argument_path(arg, params, args), label=label)
                  for arg, out in self.wrt.items()}
        return MatchGradient(sparse(example, blocks), names, inputs.context, threshold=self.threshold,
                             parts=tuple(blocks))

    def _objective(self, ref: ReferenceRunner) -> Callable[[tuple[Any, ...]], float]:
        of = self.of
        if callable(of):
            return lambda a: float(of(*a))
        assert isinstance(of, str)
        names = ref.returns(self.function)

        def objective(a: tuple[Any, ...]) -> float:
            value = ref.call(self.function, a)
            return float(get(value, output_path(of, names, value)))

        return objective


class Properties(Check):
    """Exact types and dict keys, finite float outputs, scalars where scalars are
    due, and (``no_mutation``) the caller's arguments left untouched.

    Outputs documented as labels (see :func:`grader.course.docstrings.label_outputs`,
    or ``labels=``) may hold bool, int or float arrays; every other array
    must hold floats.

    ``no_mutation`` defaults to the course's rule
    (:func:`grader.course.model.may_update_arguments`): ``update_*`` functions,
    ``optimize`` and ``train`` may update what they are given in place.
    """

    kind = "property"
    structural = True
    summary = "exact types, finite values, no mutation of the arguments"

    def __init__(self, name: str, points: float, inputs: Sequence[Inputs] = (),
                 visibility: Visibility = "hidden", description: str = "",
                 no_mutation: bool | None = None, labels: Sequence[str] | None = None) -> None:
        super().__init__(name, points, inputs, visibility, description)
        self.no_mutation = no_mutation
        self.labels = labels

    def matcher(self, ref: ReferenceRunner, inputs: Inputs, args: tuple[Any, ...]) -> Matcher:
        from grader.course.model import may_update_arguments

        no_mutation = self.no_mutation if self.no_mutation is not None else not may_update_arguments(self.function)
        expected = ref.call(self.function, args)
        names = ref.returns(self.function)
        labels = ref.labels(self.function) if self.labels is None else tuple(self.labels)
        return MatchProperties(expected, names, inputs.context, no_mutation=no_mutation,
                               arg_names=ref.params(self.function),
                               labels=tuple(output_path(s, names, expected) for s in labels))


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
    summary = "your functions run together, nothing substituted"

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
