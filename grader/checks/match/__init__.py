"""Matchers: compare what a student's function returned with what was expected.

``base`` holds the class and the walk over nested outputs, ``matchers`` the
kinds, ``hints`` the diagnoses behind a failure, ``mutation`` the
no-mutation property and ``naming`` the student-facing names of paths.
"""

from grader.checks.match.base import MATCHERS, Matcher, Verdict
from grader.checks.match.hints import DIAGNOSES, describe_diagnosis, misplaced, relative_error
from grader.checks.match.matchers import MatchGradient, MatchProperties, MatchShapes, MatchValues
from grader.checks.match.naming import Mismatch, Path, describe_type, path_name

__all__ = ["DIAGNOSES", "MATCHERS", "Matcher", "MatchGradient", "MatchProperties", "MatchShapes", "MatchValues",
           "Mismatch", "Path", "Verdict", "describe_diagnosis", "describe_type", "misplaced", "path_name",
           "relative_error"]
