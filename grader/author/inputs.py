"""Random inputs declared in a line: what each argument is, and the grid of sizes and seeds to try.

::

    PROPAGATE = arguments(w=normal("n_x", 1), b=uniform(-1, 1), X=normal("n_x", "m"), Y=labels(1, "m"))
    PROPAGATE.grid(n_x=(1, 4), m=(1, 5))      # 3 seeds x 2 x 2 = 12 Inputs, m = 1 and non-square included
    PROPAGATE(seed=7, n_x=3, m=2)             # one Inputs

Every draw comes from a generator seeded by the seed and the sizes (never
numpy's global one), so inputs are the same on every machine and every
run. The Inputs made here know their hidden twin (the same sizes drawn
with another seed, see :func:`grader.checks.fresh.seeded`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.checks.base import Inputs
from grader.checks.fresh import TWIN_SEED_OFFSET

Size = int | str
SEEDS = (0, 1, 2)


@dataclass(frozen=True)
class Draw:
    """How to draw one argument: a shape of sizes (ints or names bound by the grid) and a distribution."""

    shape: tuple[Size, ...]
    sample: Callable[[np.random.Generator, tuple[int, ...]], Any]
    what: str

    def draw(self, rng: np.random.Generator, sizes: dict[str, int]) -> Any:
        try:
            shape = tuple(s if isinstance(s, int) else sizes[s] for s in self.shape)
        except KeyError as exc:
            raise ValueError(f"{self.what}: no size named {exc.args[0]!r} in the grid") from None
        return self.sample(rng, shape)


def normal(*shape: Size, scale: float = 1.0) -> Draw:
    """Standard normal values times ``scale``."""
    return Draw(shape, lambda rng, s: rng.standard_normal(s) * scale, f"normal{shape}")


def uniform(low: float, high: float, *shape: Size) -> Draw:
    """Uniform values in ``[low, high)``; a Python float when no shape is given."""
    def sample(rng: np.random.Generator, s: tuple[int, ...]) -> Any:
        return float(rng.uniform(low, high)) if not s else rng.uniform(low, high, s)

    return Draw(shape, sample, f"uniform{shape}")


def away_from_zero(*shape: Size, low: float = 0.1, high: float = 3.0) -> Draw:
    """Values of either sign with magnitude in ``[low, high)``: no ReLU kink, no division by ~0."""
    return Draw(shape, lambda rng, s: rng.uniform(low, high, s) * rng.choice([-1.0, 1.0], s), f"signed{shape}")


def probabilities(*shape: Size, low: float = 0.02, high: float = 0.98) -> Draw:
    """Values strictly inside (0, 1), such as the output of a sigmoid."""
    return Draw(shape, lambda rng, s: rng.uniform(low, high, s), f"probabilities{shape}")


def labels(*shape: Size, values: tuple[float, float] = (0.0, 1.0)) -> Draw:
    """Float labels, both values present whenever there are two entries or more."""
    def sample(rng: np.random.Generator, s: tuple[int, ...]) -> Any:
        y = np.where(rng.uniform(size=s) < 0.5, values[0], values[1]).astype(np.float64)
        if y.size > 1:
            y.flat[0], y.flat[1] = values[1], values[0]
        return y

    return Draw(shape, sample, f"labels{shape}")


def fixed(value: Any) -> Draw:
    """The same value every time (a hyper-parameter, a flag)."""
    return Draw((), lambda rng, s: value, f"fixed {value!r}")


def size(name: str, plus: int = 0) -> Draw:
    """A size of the grid itself as an argument (``initialize_with_zeros(dim)``)."""
    return Draw((name,), lambda rng, s: int(s[0]) + plus, f"the size {name}")


class Arguments:
    """The arguments of a function, in order, each a :class:`Draw` (or a plain value)."""

    def __init__(self, **draws: Draw | Any) -> None:
        self.draws = {name: d if isinstance(d, Draw) else fixed(d) for name, d in draws.items()}

    def build(self, seed: int, sizes: dict[str, int]) -> tuple[Any, ...]:
        rng = np.random.default_rng([seed, *sizes.values()])
        return tuple(d.draw(rng, sizes) for d in self.draws.values())

    def __call__(self, seed: int = 0, **sizes: int) -> Inputs:
        label = ", ".join([f"seed={seed}", *(f"{k}={v}" for k, v in sizes.items())])
        context = {"m": sizes["m"]} if "m" in sizes else {}
        frozen = dict(sizes)
        return Inputs(label, lambda: self.build(seed, frozen), context,
                      twin=lambda: self(seed + TWIN_SEED_OFFSET, **frozen))

    def grid(self, seeds: Sequence[int] = SEEDS, **axes: Sequence[int]) -> list[Inputs]:
        """One Inputs per seed and per combination of the sizes (``m=(1, 5)``: m = 1 and m = 5)."""
        names = list(axes)
        return [self(seed, **dict(zip(names, combo, strict=True)))
                for seed in seeds for combo in itertools.product(*(axes[n] for n in names))]


def arguments(**draws: Draw | Any) -> Arguments:
    """Declare a function's arguments in order: ``arguments(X=normal("n_x", "m"), Y=labels(1, "m"))``."""
    return Arguments(**draws)


def grid(build: Callable[..., Inputs], *axes: Sequence[Any], seeds: Sequence[int] = SEEDS) -> list[Inputs]:
    """``build(seed, *combo)`` for every seed and every combination of ``axes`` (hand-written builders)."""
    return [build(seed, *combo) for seed in seeds for combo in itertools.product(*axes)]
