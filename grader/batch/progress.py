"""Progress of a batch on a terminal: a bar with counts, rate and ETA (rich).

Only displays what :func:`grader.batch.run.run_batch` reports; off a terminal
nothing is drawn.
"""

from __future__ import annotations

import sys
from typing import Any

from grader.batch.recorder import Progress
from grader.batch.result import BatchResult


class RichProgress(Progress):
    """A rich progress bar on stderr: done/total, submissions per second, ETA, errors so far."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.bar: Any = None
        self.task: Any = None
        self.errors = 0

    def start(self, total: int, done: int) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"),
                            TimeRemainingColumn(), TextColumn("{task.fields[errors]}"),
                            console=Console(file=sys.stderr), transient=False)
        self.bar.start()
        self.task = self.bar.add_task(self.title, total=total, completed=done, rate="", errors="")

    def advance(self, result: BatchResult) -> None:
        if self.bar is None:
            return
        self.errors += bool(result.error)
        task = self.bar.tasks[0]
        rate = f"{task.speed:.1f}/s" if task.speed else ""
        self.bar.update(self.task, advance=1, rate=rate,
                        errors=f"{self.errors} with errors" if self.errors else "")

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


__all__ = ["RichProgress"]
