"""Fingerprints of a token stream by winnowing (the method of MOSS).

Schleimer, Wilkerson and Aiken, "Winnowing: local algorithms for document
fingerprinting", SIGMOD 2003. Every run of ``k`` consecutive tokens (a
k-gram) is hashed; in every window of ``w`` consecutive k-gram hashes the
smallest is selected (the rightmost one on a tie), and each selected
k-gram, recorded once per window it wins, is a fingerprint. The paper's two
guarantees, with the noise threshold ``k`` and the guarantee threshold
``t = w + k - 1``:

- a match shorter than ``k`` tokens is never found (so ``a = b + c`` alone is no evidence);
- a match of at least ``t`` tokens is always found, wherever it sits in either file.

Hashes are deterministic (BLAKE2 of each token, then a Karp-Rabin rolling
hash of each k-gram), so the same files give the same fingerprints in every
run; Python's ``hash`` of a string is salted per process and would not.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Iterable, Sequence

#: Modulus of the rolling hash (a Mersenne prime, 2**61 - 1) and its base.
MODULUS = (1 << 61) - 1
BASE = 1_000_003

_token_hashes: dict[str, int] = {}


def token_hash(text: str) -> int:
    """A deterministic 60-bit hash of one normalized token."""
    value = _token_hashes.get(text)
    if value is None:
        value = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big") % MODULUS
        if len(_token_hashes) < 1 << 16:
            _token_hashes[text] = value
    return value


def kgram_hashes(tokens: Sequence[str], k: int) -> list[int]:
    """The hash of every k-gram of ``tokens``, position ``i`` for ``tokens[i:i + k]`` (none when fewer than ``k``)."""
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    n = len(tokens)
    if n < k:
        return []
    known = _token_hashes
    codes = [known[t] if t in known else token_hash(t) for t in tokens]
    top = pow(BASE, k - 1, MODULUS)
    h = 0
    for code in codes[:k]:
        h = (h * BASE + code) % MODULUS
    out = [h]
    append = out.append
    for leaving, code in zip(codes, codes[k:], strict=False):  # codes[i - k] and codes[i], for i from k on
        h = ((h - leaving * top) * BASE + code) % MODULUS
        append(h)
    return out


def winnow(hashes: Sequence[int], w: int) -> list[tuple[int, int]]:
    """The fingerprints ``(hash, position)`` selected from ``hashes`` by robust winnowing with window ``w``.

    In each window of ``w`` consecutive hashes the minimum is selected, the
    rightmost one when several are equal; a position is recorded once, when
    it is first selected. Fewer than ``w`` hashes form one window.
    """
    if w < 1:
        raise ValueError(f"w must be at least 1, not {w}")
    out: list[tuple[int, int]] = []
    window: deque[int] = deque()  # positions whose hashes increase strictly from left to right
    push, pop, popleft = window.append, window.pop, window.popleft
    last = -1
    final = len(hashes) - 1
    for i, h in enumerate(hashes):
        while window and hashes[window[-1]] >= h:
            pop()
        push(i)
        first = window[0]
        if first <= i - w:
            popleft()
            first = window[0]
        if first != last and (i >= w - 1 or i == final):
            last = first
            out.append((hashes[first], first))
    return out


def all_hashes(token_streams: Iterable[Sequence[str]], k: int) -> set[int]:
    """Every k-gram hash of every stream (not only the winnowed ones): what boilerplate is made of."""
    out: set[int] = set()
    for tokens in token_streams:
        out.update(kgram_hashes(tokens, k))
    return out


__all__ = ["BASE", "MODULUS", "all_hashes", "kgram_hashes", "token_hash", "winnow"]
