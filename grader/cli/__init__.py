"""The ``grader`` command line: a thin layer over the library.

Exit codes (:class:`ExitCode`): 0 when every check passes, 1 when some
check fails, 2 on a usage error (unknown assignment, missing file, bad
option), 3 when the grader itself failed (a bug: the report it still prints
says so on every check).
"""


from grader.cli import authoring, course, gradescope, grading  # noqa: F401  (register the commands on the group)
from grader.cli.common import ExitCode
from grader.cli.group import main
from grader.render.formats import FORMATS

__all__ = ["FORMATS", "ExitCode", "main"]
