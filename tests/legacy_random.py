"""numpy's legacy global generator (``np.random.seed`` / ``randn`` / ``uniform`` / ``permutation``) in pure Python.

An independent recomputation of the draws the seeded assignments rely on:
MT19937 seeded as ``RandomState.seed(int)`` seeds it (Knuth's
initialization of the 624 words), 53-bit doubles, the polar Box-Muller
method with its cached second value (``legacy_gauss``), and the masked
rejection sampling of ``random_interval`` behind the Fisher-Yates shuffle
of ``permutation``. No numpy: a test that compares these with numpy's
output checks the worked examples against a second implementation.
"""

from __future__ import annotations

import math

N, M = 624, 397


class LegacyRandom:
    def __init__(self, seed: int) -> None:
        mt = [seed & 0xFFFFFFFF]
        for i in range(1, N):
            mt.append((1812433253 * (mt[-1] ^ (mt[-1] >> 30)) + i) & 0xFFFFFFFF)
        self.mt, self.index = mt, N
        self.cached: float | None = None

    def _twist(self) -> None:
        mt = self.mt
        for i in range(N):
            y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7FFFFFFF)
            mt[i] = mt[(i + M) % N] ^ (y >> 1) ^ (0x9908B0DF if y & 1 else 0)
        self.index = 0

    def uint32(self) -> int:
        if self.index >= N:
            self._twist()
        y = self.mt[self.index]
        self.index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C5680
        y ^= (y << 15) & 0xEFC60000
        return y ^ (y >> 18)

    def double(self) -> float:
        """A double in [0, 1) from 27 + 26 random bits."""
        a, b = self.uint32() >> 5, self.uint32() >> 6
        return (a * 67108864.0 + b) / 9007199254740992.0

    def uniform(self, low: float, high: float) -> float:
        return low + (high - low) * self.double()

    def gauss(self) -> float:
        if self.cached is not None:
            value, self.cached = self.cached, None
            return value
        while True:
            x1, x2 = 2.0 * self.double() - 1.0, 2.0 * self.double() - 1.0
            r2 = x1 * x1 + x2 * x2
            if 0.0 < r2 < 1.0:
                break
        f = math.sqrt(-2.0 * math.log(r2) / r2)
        self.cached = f * x1
        return f * x2

    def interval(self, top: int) -> int:
        """A uniform integer in [0, top] by masked rejection."""
        if top == 0:
            return 0
        mask = top
        for shift in (1, 2, 4, 8, 16):
            mask |= mask >> shift
        while True:
            value = self.uint32() & mask
            if value <= top:
                return value

    def permutation(self, m: int) -> list[int]:
        order = list(range(m))
        for i in reversed(range(1, m)):
            j = self.interval(i)
            order[i], order[j] = order[j], order[i]
        return order
