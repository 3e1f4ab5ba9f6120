"""Python source to grade, where its lines came from, and the error of a file that cannot be graded at all."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: Largest submission file (.py or .ipynb), in bytes.
MAX_BYTES = 2 * 1024 * 1024


class SubmissionError(Exception):
    """The file cannot be graded at all (the message says why)."""


@dataclass(frozen=True)
class Source:
    """Python source ready to hand to the child, and where its lines came from."""

    text: str
    origin: Path
    notebook: bool = False
    cells: tuple[tuple[int, str], ...] = ()  # a notebook's graded cells: (cell number, code)

    def where(self, line: int | None, file: str | None = None) -> str:
        """Describe a place in the student's own terms (``cell 3, line 2`` in a notebook)."""
        place = f"line {line}" if line is not None else "an unknown line"
        if file and file.startswith("<cell "):
            return f"cell {file[6:-1]}, {place}"
        return place


__all__ = ["MAX_BYTES", "Source", "SubmissionError"]
