"""Tests for grader/render/_format.py."""

from __future__ import annotations

import pytest

from grader.render._format import format_percent, format_points, merge_orders


@pytest.mark.parametrize(
    ("value", "text"),
    [(2.0, "2"), (0.5, "0.5"), (1 / 3, "0.333333"), (0.1 + 0.2, "0.3"), (-0.0, "0"), (12.0, "12"), (0, "0")],
    ids=["integral", "half", "third", "float-noise", "negative-zero", "twelve", "int"],
)
def test_format_points(value, text):
    assert format_points(value) == text


@pytest.mark.parametrize(
    ("part", "whole", "text"),
    [(1, 3, "33.3%"), (2, 3, "66.7%"), (3, 3, "100%"), (0, 3, "0%"), (1, 0, "0%")],
    ids=["third", "two-thirds", "all", "none", "zero-whole"],
)
def test_format_percent(part, whole, text):
    assert format_percent(part, whole) == text


@pytest.mark.parametrize(
    ("sequences", "merged"),
    [
        ([["a", "b", "c"]], ["a", "b", "c"]),
        ([["a", "c"], ["a", "b", "c"]], ["a", "b", "c"]),
        ([["b", "c"], ["a", "b"]], ["a", "b", "c"]),
        ([["a", "b"], ["a", "b"]], ["a", "b"]),
        ([], []),
    ],
    ids=["one", "gap-filled", "prefix-added", "same", "empty"],
)
def test_merge_orders(sequences, merged):
    assert merge_orders(sequences) == merged
