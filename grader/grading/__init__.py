"""Grading one submission: the runner, the reference oracle, scoring and the result records."""
