"""Pairs of submissions with unusually similar code: a lead for the instructor, never a verdict.

Each submission is fingerprinted (:mod:`grader.similarity.winnow` over the
normalized tokens of :mod:`grader.similarity.tokens`), and two kinds of
fingerprint are set aside before anything is compared:

- **the given code**: every k-gram of the boilerplate (the stub, the release
  notebook's code, the provided modules), winnowed or not, so code handed
  out to everyone never counts, wherever a student moved it;
- **what many students wrote**: a fingerprint held by more than
  ``max_holders`` submissions is an idiom of the assignment, not a shared
  source (MOSS's ``-m`` option, default 10 there too).

An inverted index (fingerprint to the submissions holding it) counts, for
every pair, the fingerprints the two share. A pair's ``score`` is the share
of the smaller submission's fingerprints that the other one holds too
(``shared / min(|A|, |B|)``): 1.0 when one is contained in the other. Its
``longest`` is the number of fingerprint matches in its largest shared
region (a run of shared fingerprints that follow each other, at most ``w``
tokens apart, in both files).

A pair is *unusual* when it shares at least ``min_shared`` fingerprints
and either

1. its score is at least ``max(min_score, median + z * MAD)`` of the scores
   of all pairs of the class (MAD scaled by 1.4826 to estimate a standard
   deviation): most of the two files is the same code; or
2. its longest region is at least ``max(min_region, median + z * MAD)`` of
   the longest regions of all pairs: one long passage (a copied function)
   is the same, though the rest is not.

Both thresholds rise with the class: where everyone writes much the same
code (a small, tightly specified function), the bar rises for everyone. The
result is a lead for the instructor to read, never a finding of copying:
two students may share a source legitimately (a textbook, a tutor, the
lecture's code).
"""

from __future__ import annotations

import itertools
import statistics
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from grader.grading.source import Source
from grader.similarity.tokens import Document, Token, document_tokens, texts
from grader.similarity.winnow import all_hashes, kgram_hashes, winnow

#: Default parameters (see :func:`compare`): k-gram length and window, in tokens.
K = 12
W = 8
MIN_SHARED = 8
MIN_SCORE = 0.5
MIN_REGION = 30
Z = 3.0
MAX_HOLDERS = 10
#: Lines of a region's text kept for the report.
SNIPPET_LINES = 25
_MAD_SCALE = 1.4826


@dataclass(frozen=True)
class Lines:
    """A range of lines in one submission (of one notebook cell when ``cell`` is set) and their text."""

    cell: int | None
    first: int
    last: int
    text: str

    def describe(self) -> str:
        """``lines 12-20``, or ``cell 3, lines 2-9`` in a notebook."""
        lines = f"line {self.first}" if self.first == self.last else f"lines {self.first}-{self.last}"
        return lines if self.cell is None else f"cell {self.cell}, {lines}"


@dataclass(frozen=True)
class Region:
    """Code the two submissions of a pair share: where it is in each, and how many fingerprints it holds."""

    a: Lines
    b: Lines
    fingerprints: int


@dataclass(frozen=True)
class Pair:
    """Two submissions with unusually similar code (``student_a`` sorts first)."""

    student_a: str
    student_b: str
    score: float
    shared: int
    fingerprints_a: int
    fingerprints_b: int
    longest: int
    regions: tuple[Region, ...]


@dataclass(frozen=True)
class Threshold:
    """Where a statistic of a pair becomes unusual: ``max(floor, median + z * MAD)`` over all pairs of the class."""

    median: float
    mad: float
    cutoff: float

    @classmethod
    def of(cls, values: list[float], n_pairs: int, floor: float, z: float) -> Threshold:
        """The threshold of ``values``, the pairs not listed counting as 0 (``n_pairs`` in all)."""
        everything = [0.0] * max(n_pairs - len(values), 0) + sorted(values)
        if not everything:
            return cls(0.0, 0.0, float(floor))
        median = statistics.median(everything)
        mad = _MAD_SCALE * statistics.median(abs(v - median) for v in everything)
        return cls(round(median, 6), round(mad, 6), round(max(floor, median + z * mad), 6))


@dataclass(frozen=True)
class Comparison:
    """Every unusual pair of a class, with the thresholds of the score and of the longest shared region."""

    pairs: tuple[Pair, ...]
    submissions: int
    score: Threshold
    region: Threshold
    k: int
    w: int
    min_shared: int
    max_holders: int


@dataclass(frozen=True)
class _Prints:
    document: Document
    tokens: list[Token]
    positions: dict[int, list[int]]  # fingerprint -> k-gram start positions in ``tokens``


def _fingerprint(document: Document, k: int, w: int, given: set[int]) -> _Prints:
    tokens = document_tokens(document)
    positions: dict[int, list[int]] = defaultdict(list)
    for h, pos in winnow(kgram_hashes(texts(tokens), k), w):
        if h not in given:
            positions[h].append(pos)
    return _Prints(document, tokens, dict(positions))


def _lines(prints: _Prints, start: int, end: int) -> Lines:
    """The lines of tokens ``start`` to ``end`` (inclusive), kept within the first token's cell."""
    tokens = prints.tokens
    segment = tokens[start].segment
    while tokens[end].segment != segment:
        end -= 1
    first, last = tokens[start].first, tokens[end].last
    text = prints.document.lines(segment, first, last)
    rows = text.splitlines()
    if len(rows) > SNIPPET_LINES:
        text = "\n".join(rows[:SNIPPET_LINES] + [f"... ({len(rows) - SNIPPET_LINES} more lines)"])
    return Lines(prints.document.segments[segment][0], first, last, text)


def _regions(a: _Prints, b: _Prints, shared: set[int], k: int, w: int) -> tuple[Region, ...]:
    """Runs of shared fingerprints that follow each other, at most ``w`` tokens apart, in both files."""
    matches = sorted((pa, h) for h in shared for pa in a.positions[h])
    runs: list[list[tuple[int, int]]] = []
    for pa, h in matches:
        candidates = b.positions[h]
        if runs:
            prev_a, prev_b = runs[-1][-1]
            after = [pb for pb in candidates if 0 < pb - prev_b <= w]
            if (after and 0 < pa - prev_a <= w and a.tokens[pa].segment == a.tokens[prev_a].segment
                    and b.tokens[after[0]].segment == b.tokens[prev_b].segment):
                runs[-1].append((pa, after[0]))
                continue
        runs.append([(pa, candidates[0])])
    regions = []
    for run in runs:
        a_end = min(run[-1][0] + k - 1, len(a.tokens) - 1)
        b_end = min(max(pb for _, pb in run) + k - 1, len(b.tokens) - 1)
        b_start = min(pb for _, pb in run)
        regions.append(Region(_lines(a, run[0][0], a_end), _lines(b, b_start, b_end), len(run)))
    regions.sort(key=lambda r: (-r.fingerprints, r.a.cell or 0, r.a.first))
    return tuple(regions)


def compare(submissions: Mapping[str, Source | str], boilerplate: Sequence[Source | str] = (), *,
            k: int = K, w: int = W, min_shared: int = MIN_SHARED, min_score: float = MIN_SCORE,
            min_region: int = MIN_REGION, z: float = Z, max_holders: int = MAX_HOLDERS) -> Comparison:
    """Find the pairs of ``submissions`` whose code is unusually similar (see the module's docstring).

    Parameters
    ----------
    submissions : mapping of str to Source or str
        Each student's code: Python source text, or a
        :class:`~grader.grading.source.Source` (a notebook's code cells are
        compared cell by cell and located by cell).
    boilerplate : sequence of Source or str
        The code every student was given (stub, release notebook, provided
        modules); none of its k-grams ever counts.
    k : int
        Noise threshold: a match shorter than ``k`` normalized tokens is never seen.
    w : int
        Winnowing window: a match of ``k + w - 1`` tokens or more is always seen.
    min_shared : int
        Fewest shared fingerprints for a pair to be listed.
    min_score : float
        Smallest score (share of the smaller submission's fingerprints) that lists a pair.
    min_region : int
        Fewest fingerprint matches in one shared region that list a pair whatever its score
        (one function copied into otherwise own work).
    z : float
        How many scaled MADs above the class's median a pair's score (or longest region) must be.
    max_holders : int
        A fingerprint held by more submissions than this is a common idiom and is ignored.

    Returns
    -------
    Comparison
        The unusual pairs, highest score first, and the statistics of the threshold.
    """
    given = all_hashes((texts(document_tokens(Document.of("boilerplate", b))) for b in boilerplate), k)
    prints = {name: _fingerprint(Document.of(name, src), k, w, given) for name, src in sorted(submissions.items())}
    holders: dict[int, list[str]] = defaultdict(list)
    for name, p in prints.items():
        for h in p.positions:
            holders[h].append(name)
    common = {h for h, names in holders.items() if len(names) > max_holders}
    sizes = {name: sum(1 for h in p.positions if h not in common) for name, p in prints.items()}
    counts: Counter[tuple[str, str]] = Counter()
    for names in holders.values():
        if 1 < len(names) <= max_holders:
            counts.update(itertools.combinations(names, 2))
    scores = {pair: shared / min(sizes[pair[0]], sizes[pair[1]]) for pair, shared in counts.items()}
    regions = {}
    for pair, shared in counts.items():
        if shared >= min_shared:
            a, b = prints[pair[0]], prints[pair[1]]
            regions[pair] = _regions(a, b, (set(a.positions) & set(b.positions)) - common, k, w)
    # a pair below min_shared is counted with its shared fingerprints as its longest region (an upper bound)
    longest = {pair: regions[pair][0].fingerprints if pair in regions else counts[pair] for pair in counts}
    n_pairs = len(prints) * (len(prints) - 1) // 2
    by_score = Threshold.of(list(scores.values()), n_pairs, min_score, z)
    by_region = Threshold.of([float(v) for v in longest.values()], n_pairs, min_region, z)
    pairs = [Pair(pair[0], pair[1], round(scores[pair], 6), counts[pair], sizes[pair[0]], sizes[pair[1]],
                  longest[pair], found)
             for pair, found in regions.items()
             if scores[pair] >= by_score.cutoff or longest[pair] >= by_region.cutoff]
    pairs.sort(key=lambda p: (-p.score, -p.longest, p.student_a, p.student_b))
    return Comparison(tuple(pairs), len(prints), by_score, by_region, k, w, min_shared, max_holders)


def similar_pairs(submissions: Mapping[str, Source | str], boilerplate: Sequence[Source | str] = (), *,
                  k: int = K, w: int = W, min_shared: int = MIN_SHARED, min_score: float = MIN_SCORE,
                  min_region: int = MIN_REGION, z: float = Z, max_holders: int = MAX_HOLDERS) -> list[Pair]:
    """The unusual pairs of :func:`compare`, highest score first."""
    return list(compare(submissions, boilerplate, k=k, w=w, min_shared=min_shared, min_score=min_score,
                        min_region=min_region, z=z, max_holders=max_holders).pairs)


__all__ = ["K", "MAX_HOLDERS", "MIN_REGION", "MIN_SCORE", "MIN_SHARED", "W", "Z", "Comparison", "Lines", "Pair",
           "Region", "Threshold",
           "compare", "similar_pairs"]
