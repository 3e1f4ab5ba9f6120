"""Matchers: compare what a student's function returned with what was expected.

``base`` holds the class and the walk over nested outputs, ``matchers`` the
kinds, ``hints`` the diagnoses behind a failure, ``mutation`` the
no-mutation property and ``naming`` the student-facing names of paths.
"""

from grader.checks.match.base import MATCHERS, Matcher
from grader.checks.match.hints import misplaced, relative_error
from grader.checks.match.matchers import MatchGradient, MatchProperties, MatchShapes, MatchValues
from grader.checks.match.naming import Mismatch, Path, describe_type, path_name

__all__ = ["MATCHERS", "Matcher", "MatchGradient", "MatchProperties", "MatchShapes", "MatchValues", "Mismatch",
           "Path", "describe_type", "misplaced", "path_name", "relative_error"]
