"""Everything a course author needs to declare an assignment, and nothing else.

An assignment folder holds the declaration (``assignment.py``), which
imports only this module::

    from grader.author import Assignment, Function, GradientCheck, KnownValue, arguments, normal, labels

Check kinds take the same keyword arguments: ``name``, ``points``,
``inputs``, ``visibility`` ("public" ships to students, "hidden" does not),
``description`` and ``outputs`` (the outputs compared, named as the
reference's docstring names them: ``"cost"``, ``"grads.dw"``). Output and
parameter names, which graded functions call which, and the course's
mutation rule all come from the reference, never from the declaration.
"""

from grader.author.inputs import (
    Arguments,
    Draw,
    arguments,
    away_from_zero,
    fixed,
    grid,
    labels,
    normal,
    probabilities,
    size,
    uniform,
)
from grader.checks import CompareToReference, GradientCheck, Inputs, KnownValue, Properties, Shapes, Together, seeded
from grader.course.locate import load_sibling
from grader.course.model import Assignment, Exercise, Function

__all__ = [
    "Arguments", "Assignment", "CompareToReference", "Draw", "Exercise", "Function", "GradientCheck", "Inputs",
    "KnownValue", "Properties", "Shapes", "Together", "arguments", "away_from_zero", "fixed", "grid", "labels",
    "load_sibling", "normal", "probabilities", "seeded", "size", "uniform",
]
