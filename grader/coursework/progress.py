"""One progress display for a whole course: an overall bar across every assignment's batch.

:func:`grader.batch.run.run_batch` reports to a :class:`~grader.batch.recorder.Progress`
per assignment; :meth:`CourseProgress.assignment` gives it one that forwards to the
course's single bar, whose total is every submission of every assignment (known before
the first batch starts, from the staged submissions) and whose label names the assignment
being graded. Results kept from an earlier run count as done at once.
"""

from __future__ import annotations

import sys
from typing import Any

from grader.batch.recorder import Progress
from grader.batch.result import BatchResult


class CourseProgress:
    """The course's bar (rich, on stderr); a subclass may override :meth:`draw` to display elsewhere."""

    def __init__(self, title: str = "grading the course") -> None:
        self.title = title
        self.total = 0
        self.done = 0
        self.errors = 0
        self.current = ""
        self.bar: Any = None
        self.task: Any = None

    def start(self, total: int) -> None:
        """Open the display for ``total`` submissions across the course."""
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
        from rich.progress import Progress as Bar

        self.total = total
        self.bar = Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                       TextColumn("ETA"), TimeRemainingColumn(), TextColumn("{task.fields[errors]}"),
                       console=Console(file=sys.stderr), transient=False)
        self.bar.start()
        self.task = self.bar.add_task(self.title, total=total, completed=0, errors="")

    def draw(self) -> None:
        """Show the current counts (called after every change)."""
        if self.bar is not None:
            self.bar.update(self.task, completed=self.done, description=f"{self.title}: {self.current}",
                            errors=f"{self.errors} with errors" if self.errors else "")

    def assignment(self, assignment: str) -> Progress:
        """The :class:`Progress` to give to ``run_batch`` for ``assignment``."""
        return _AssignmentProgress(self, assignment)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


class _AssignmentProgress(Progress):
    """One assignment's batch, reported on the course's bar."""

    def __init__(self, course: CourseProgress, assignment: str) -> None:
        self.course = course
        self.assignment = assignment

    def start(self, total: int, done: int) -> None:
        self.course.current = self.assignment
        self.course.done += done
        self.course.draw()

    def advance(self, result: BatchResult) -> None:
        self.course.done += 1
        self.course.errors += bool(result.error)
        self.course.draw()

    def stop(self) -> None:
        self.course.draw()


__all__ = ["CourseProgress"]
