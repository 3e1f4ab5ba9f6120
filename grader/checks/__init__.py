"""Check kinds and their building blocks (see :mod:`grader.checks.base`)."""

from grader.checks.base import CHECK_KINDS, Case, Check, CompiledCheck, Inputs, RecordedCall
from grader.checks.fresh import seeded
from grader.checks.kinds import CompareToReference, GradientCheck, KnownValue, Properties, Shapes, Together

__all__ = [
    "CHECK_KINDS", "Case", "Check", "CompiledCheck", "Inputs", "RecordedCall",
    "CompareToReference", "GradientCheck", "KnownValue", "Properties", "Shapes", "Together", "seeded",
]
