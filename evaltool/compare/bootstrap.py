"""Paired bootstrap resampling over segments for figures sacrebleu does not cover.

sacrebleu's PairedTest handles BLEU/chrF/TER; similarity and flag rates are ratios of
per-segment sums, which this module resamples the same way (one index draw shared by
baseline and system, a fixed seed so results repeat).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class PairedResult:
    """A system's figure, its difference to the baseline, the p-value and 95% intervals."""

    score: float
    delta: float
    p_value: float | None
    ci_low: float
    ci_high: float


def ratio(numerators: np.ndarray, denominators: np.ndarray, *, scale: float) -> float:
    total = float(denominators.sum())
    return scale * float(numerators.sum()) / total if total else 0.0


def resample_indices(n: int, *, samples: int, seed: int) -> np.ndarray:
    """``samples`` rows of ``n`` segment indices drawn with replacement."""
    return np.random.default_rng(seed).integers(0, n, size=(samples, n))


def paired_bootstrap(
    system: np.ndarray,
    baseline: np.ndarray,
    weights: np.ndarray,
    *,
    indices: np.ndarray,
    scale: float = 1.0,
) -> PairedResult:
    """Figure = scale · Σ values / Σ weights; two-sided p for "system differs from baseline".

    The p-value counts resampled differences at least as far from the observed one as
    the observed one is from zero (the shifted null of Koehn 2004 / Graham et al. 2014).
    """
    score = ratio(system, weights, scale=scale)
    delta = score - ratio(baseline, weights, scale=scale)
    w = weights[indices].sum(axis=1)
    w = np.where(w == 0, 1, w)
    sys_samples = scale * system[indices].sum(axis=1) / w
    deltas = sys_samples - scale * baseline[indices].sum(axis=1) / w
    low, high = np.percentile(sys_samples, [2.5, 97.5])
    if np.allclose(system, baseline):
        p_value = None
    else:
        extreme = np.abs(deltas - delta) >= abs(delta)
        p_value = float((extreme.sum() + 1) / (len(deltas) + 1))
    return PairedResult(round(score, 4), round(delta, 4), p_value, round(float(low), 4), round(float(high), 4))
