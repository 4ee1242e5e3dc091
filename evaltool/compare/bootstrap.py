"""Paired significance tests over segments with sacrebleu's definitions, in bounded memory.

Every figure of ``compare`` is computed from per-segment sufficient statistics summed over the
segments: BLEU's and chrF's n-gram counts, TER's edits and reference length, similarity's sum and
count, a flag rate's flag count and source units. So one implementation tests them all, exactly as
``sacrebleu.significance.PairedTest`` tests BLEU:

- draws: ``np.random.default_rng(seed)``, the same draws for every system. Paired bootstrap ("bs"):
  ``rng.choice(n, size=(samples, n))``. Approximate randomization ("ar"):
  ``rng.integers(2, size=(samples, n), dtype=bool)`` says which segments swap, then the same generator
  draws the bootstrap resamples of the systems' intervals; the baseline's interval comes from a fresh
  generator's bootstrap draws.
- p-value (sacrebleu's ``_compute_p_value``): p = (c + 1) / (samples + 1). For "bs", c counts the
  resamples whose |system − baseline|, less the mean of those, exceeds the observed |difference|; for
  "ar", the swaps whose two pseudo-systems differ by at least the observed |difference|.
- interval (sacrebleu's ``estimate_ci``): the mean of the resampled figures ± half the distance between
  the (samples // 40)-th lowest and highest; under "ar", from ``CONFIDENCE_SAMPLES`` bootstrap resamples.
- two deliberate differences. A system whose statistics equal the baseline's on every segment has no
  p-value (sacrebleu reports 1 / (samples + 1), "significant", for no difference at all). Under "ar" a
  swap that reproduces the observed difference exactly counts (sacrebleu counts only larger ones): for
  counts such as flags, or when few segments differ, such ties are most swaps, and sacrebleu's p would
  call a single extra flag significant (p = 1 / (samples + 1)). Without ties the p-values are sacrebleu's.

PairedTest holds a samples × n index array and a samples × n × k array of statistics (tens of GB for
1M segments); here the draws are made and summed a chunk of rows at a time from the one generator, the
same stream as one draw, so the results equal the unchunked computation. Sums are float64 (exact for
counts, where sacrebleu's float32 sums are exact too); bootstrap sums are scored as float32, as
sacrebleu scores its float32 sums, which shows in chrF's intervals.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from sacrebleu.significance import _compute_p_value, estimate_ci

CHUNK_ELEMENTS = 1 << 20  # drawn values held at a time: a chunk of rows is about this many samples × segments
CONFIDENCE_SAMPLES = 1000  # bootstrap resamples for the intervals under "ar" (sacrebleu's default)
TESTS = ("bs", "ar")


@dataclass(frozen=True)
class Figure:
    """One figure for every system: its per-segment statistics and the figure of their sums.

    ``stats`` maps a system to a tuple of per-segment arrays (one per statistic); a shared array
    (a denominator) is held once. ``score`` turns the summed statistics into the figure.
    """

    stats: Mapping[str, tuple[np.ndarray, ...]]
    score: Callable[[np.ndarray], float]


@dataclass(frozen=True)
class PairedResult:
    """A system's figure, its difference to the baseline, the p-value and the 95% interval, rounded."""

    score: float
    delta: float
    p_value: float | None
    ci_low: float
    ci_high: float


def ratio_figure(numerators: Mapping[str, np.ndarray], denominator: np.ndarray, *, scale: float = 1.0) -> Figure:
    """scale · Σ numerator / Σ denominator (0 when Σ denominator is 0): mean similarity, flags per 1,000 units."""

    def score(sums: np.ndarray) -> float:
        return scale * float(sums[0]) / float(sums[1]) if sums[1] else 0.0

    return Figure({name: (values, denominator) for name, values in numerators.items()}, score)


def paired_test(
    figures: Mapping[str, Figure],
    names: Sequence[str],
    *,
    test: str = "bs",
    samples: int = 1000,
    seed: int = 12345,
    chunk_elements: int = CHUNK_ELEMENTS,
) -> dict[str, dict[str, PairedResult]]:
    """figure → system → result for every system in ``names`` against ``names[0]``, the baseline.

    ``test`` is "bs" (paired bootstrap, ``samples`` resamples) or "ar" (approximate randomization,
    ``samples`` trials); ``chunk_elements`` bounds memory and does not change the results.
    """
    if test not in TESTS:
        raise ValueError(f"test must be one of {TESTS}, not {test!r}")
    matrix, slots = _columns(figures, names)
    full = matrix.sum(axis=1)
    baseline = names[0]
    if test == "bs":
        boot = _bootstrap_sums(matrix, np.random.default_rng(seed), samples, chunk_elements)
        base_boot = boot
    else:
        rng = np.random.default_rng(seed)
        selected, others = _randomization_sums(matrix, rng, samples, chunk_elements)
        boot = _bootstrap_sums(matrix, rng, CONFIDENCE_SAMPLES, chunk_elements)
        base_boot = _bootstrap_sums(matrix, np.random.default_rng(seed), CONFIDENCE_SAMPLES, chunk_elements)
    results: dict[str, dict[str, PairedResult]] = {}
    for key, figure in figures.items():
        cols = slots[key]
        base_cols = cols[baseline]
        base_score = float(figure.score(full[base_cols]))  # a Python float, as sacrebleu's score is
        base_scores = _scores(figure, base_boot[:, base_cols])
        results[key] = {baseline: _result(base_score, base_score, None, base_scores)}
        for name in names[1:]:
            score = float(figure.score(full[cols[name]]))
            sys_scores = _scores(figure, boot[:, cols[name]])
            if _same(matrix, base_cols, cols[name]):
                p_value = None
            elif test == "bs":
                sample_diffs = np.abs(sys_scores - base_scores)  # under bs, base_boot is boot
                p_value = _compute_p_value(sample_diffs - sample_diffs.mean(), abs(base_score - score))
            else:
                scores_a = _scores(figure, _pseudo(selected, others, base_cols, cols[name]), bootstrap=False)
                scores_b = _scores(figure, _pseudo(others, selected, base_cols, cols[name]), bootstrap=False)
                p_value = _randomization_p_value(np.abs(scores_a - scores_b), abs(base_score - score))
            results[key][name] = _result(score, base_score, p_value, sys_scores)
    return results


def _columns(
    figures: Mapping[str, Figure], names: Sequence[str]
) -> tuple[np.ndarray, dict[str, dict[str, list[int]]]]:
    """All statistics as one K × n float64 matrix (each array once, a row) and where each figure's are."""
    arrays: list[np.ndarray] = []
    index: dict[int, int] = {}
    slots: dict[str, dict[str, list[int]]] = {}
    for key, figure in figures.items():
        slots[key] = {}
        for name in names:
            cols = []
            for values in figure.stats[name]:
                if id(values) not in index:
                    index[id(values)] = len(arrays)
                    arrays.append(values)
                cols.append(index[id(values)])
            slots[key][name] = cols
    return np.stack([np.asarray(a, dtype=np.float64) for a in arrays]), slots


def _bootstrap_sums(matrix: np.ndarray, rng: np.random.Generator, rows: int, chunk_elements: int) -> np.ndarray:
    """rows × K: the column sums over each of sacrebleu's ``rng.choice(n, size=(rows, n))`` resamples,
    drawn a chunk of rows at a time (the same stream) and summed as counts of each segment."""
    n = matrix.shape[1]
    step = max(1, chunk_elements // n)
    sums = np.empty((rows, len(matrix)))
    for start in range(0, rows, step):
        size = min(step, rows - start)
        idx = rng.choice(n, size=(size, n), replace=True)
        idx += n * np.arange(size)[:, None]
        counts = np.bincount(idx.ravel(), minlength=size * n).reshape(size, n).astype(np.float64)
        for offset, row in enumerate(counts):  # a row at a time: a sum never depends on the chunk's size
            sums[start + offset] = matrix @ row
    return sums


def _randomization_sums(
    matrix: np.ndarray, rng: np.random.Generator, rows: int, chunk_elements: int
) -> tuple[np.ndarray, np.ndarray]:
    """rows × K sums over the segments that sacrebleu's ``rng.integers(2, size=(rows, n), dtype=bool)``
    selects, and over the others. Chunks are whole multiples of 32 rows: numpy draws 32 booleans
    from each 32-bit word, so the chunked stream equals one draw."""
    n = matrix.shape[1]
    step = 32 * max(1, chunk_elements // (32 * n))
    selected = np.empty((rows, len(matrix)))
    others = np.empty((rows, len(matrix)))
    for start in range(0, rows, step):
        chosen = rng.integers(2, size=(min(step, rows - start), n), dtype=bool)
        for offset, row in enumerate(chosen):  # a row at a time, as above
            selected[start + offset] = matrix @ row.astype(np.float64)
            others[start + offset] = matrix @ (~row).astype(np.float64)
    return selected, others


def _pseudo(first: np.ndarray, second: np.ndarray, base_cols: list[int], cols: list[int]) -> np.ndarray:
    """A pseudo-system's summed statistics: the baseline's on ``first``'s segments, the system's on the rest."""
    return first[:, base_cols] + second[:, cols]


def _scores(figure: Figure, sums: np.ndarray, *, bootstrap: bool = True) -> np.ndarray:
    """The figure of each row of summed statistics; bootstrap sums in float32, as sacrebleu scores them."""
    rows = sums.astype(np.float32) if bootstrap else sums
    return np.array([figure.score(row) for row in rows])


def _randomization_p_value(differences: np.ndarray, observed: float) -> float:
    """(c + 1) / (trials + 1), c the trials at least as far apart as observed: sacrebleu's, ties included."""
    return float((np.count_nonzero(differences >= observed) + 1) / (len(differences) + 1))


def _same(matrix: np.ndarray, base_cols: list[int], cols: list[int]) -> bool:
    """Whether a system's statistics equal the baseline's on every segment."""
    return all(a == b or np.array_equal(matrix[a], matrix[b]) for a, b in zip(base_cols, cols))


def _result(score: float, base_score: float, p_value: float | None, scores: np.ndarray) -> PairedResult:
    mean, ci = estimate_ci(scores)
    return PairedResult(
        round(float(score), 4), round(float(score - base_score), 4), p_value,
        round(float(mean - ci), 4), round(float(mean + ci), 4),
    )
