"""grader/author/inputs.py: random inputs declared in a line."""

from __future__ import annotations

import numpy as np

from grader.author import arguments, labels, normal, size, uniform

PROPAGATE = arguments(w=normal("n_x", 1), b=uniform(-1.0, 1.0), X=normal("n_x", "m"), Y=labels(1, "m"), lr=0.5)


def test_a_grid_is_every_seed_and_every_combination_of_sizes():
    grid = PROPAGATE.grid(n_x=(1, 4), m=(1, 6))
    assert len(grid) == 3 * 2 * 2
    shapes = {(i.build()[2].shape, i.context["m"]) for i in grid}
    assert shapes == {((1, 1), 1), ((1, 6), 6), ((4, 1), 1), ((4, 6), 6)}


def test_draws_follow_the_declaration_and_repeat_exactly():
    w, b, X, Y, lr = PROPAGATE(3, n_x=2, m=5).build()
    assert w.shape == (2, 1) and type(b) is float and -1 <= b < 1 and lr == 0.5
    assert set(np.unique(Y)) == {0.0, 1.0}  # both labels whenever there are two examples
    again = PROPAGATE(3, n_x=2, m=5).build()
    assert all(np.array_equal(a, c) for a, c in zip((w, X, Y), (again[0], again[2], again[3]), strict=True))


def test_the_twin_has_the_same_form_and_other_values():
    inputs = PROPAGATE(0, n_x=3, m=4)
    twin = inputs.fresh()
    a, t = inputs.build(), twin.build()
    assert [np.shape(x) for x in a] == [np.shape(x) for x in t]
    assert not np.array_equal(a[2], t[2])


def test_a_size_can_be_an_argument():
    assert arguments(dim=size("n")).grid(seeds=(0,), n=(1, 7))[1].build() == (7,)
