"""compare's paired tests: sacrebleu's p-values and intervals for every figure, chunked draws, bounded memory."""

import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from sacrebleu.metrics.base import Score
from sacrebleu.significance import PairedTest

from evaltool.compare.bootstrap import (
    CONFIDENCE_SAMPLES,
    Figure,
    paired_test,
    ratio_figure,
)
from evaltool.compare.compare import _string_tests, string_figures
from evaltool.config import Config
from evaltool.metrics.strings import string_metrics

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"
SEED = 12345
N = 40


class _Signature:
    def update(self, key: str, value: object) -> None:
        pass


class _FigureMetric:
    """A figure as sacrebleu sees a metric: each "hypothesis" names a segment's statistics, so that
    sacrebleu's PairedTest tests the figure exactly as it tests BLEU."""

    def __init__(self, name: str, figure: Figure):
        self.name, self.figure = name, figure

    def _extract_corpus_statistics(self, hypotheses, references):
        system = hypotheses[0].split(":")[0]
        return [[float(values[int(h.split(":")[1])]) for values in self.figure.stats[system]] for h in hypotheses]

    def _compute_score_from_stats(self, sums) -> Score:
        return Score(self.name, self.figure.score(sums))

    def _aggregate_and_compute(self, stats) -> Score:
        return self._compute_score_from_stats(np.asarray(stats, dtype=float).sum(axis=0))

    def get_signature(self) -> _Signature:
        return _Signature()


def _figures() -> tuple[dict[str, Figure], list[str]]:
    """Similarity and a flag rate for four systems; "same" equals the baseline on every segment.

    The statistics are multiples of 1/64 and small counts, exact in float32, so that sacrebleu's
    float32 sums and ours agree to the last bit and so do the p-values."""
    rng = np.random.default_rng(3)
    base_sim = rng.integers(20, 64, N) / 64
    sims = {"base": base_sim, "worse": np.clip(base_sim - rng.integers(0, 12, N) / 64, 0, 1),
            "noisy": np.clip(base_sim + rng.integers(-3, 4, N) / 64, 0, 1), "same": base_sim.copy()}
    base_flags = rng.integers(0, 2, N).astype(float)
    flags = {"base": base_flags, "worse": base_flags + rng.integers(0, 3, N),
             "noisy": rng.permutation(base_flags), "same": base_flags.copy()}
    units = rng.integers(5, 30, N).astype(float)
    figures = {"similarity": ratio_figure(sims, np.ones(N)), "flags/1k": ratio_figure(flags, units, scale=1000)}
    return figures, list(sims)


def _ties(figure: Figure, names: list[str], name: str, samples: int, n: int = N) -> int:
    """AR trials under sacrebleu's draws whose pseudo-systems are exactly as far apart as the systems."""
    swap = np.random.default_rng(SEED).integers(2, size=(samples, n), dtype=bool)
    base, system = np.stack(figure.stats[names[0]]).T, np.stack(figure.stats[name]).T
    first, second = swap @ base + ~swap @ system, ~swap @ base + swap @ system
    observed = abs(figure.score(base.sum(axis=0)) - figure.score(system.sum(axis=0)))
    apart = np.abs(np.array([figure.score(a) - figure.score(b) for a, b in zip(first, second)]))
    return int(np.count_nonzero(apart == observed))


@pytest.mark.parametrize("test", ["bs", "ar"])
def test_similarity_and_flag_rates_get_sacrebleus_p_values_and_intervals(test, monkeypatch):
    """Our figures through sacrebleu's own PairedTest (as a metric) give our numbers, with two differences:
    a system equal to the baseline on every segment has no p-value, where sacrebleu says 1 / (samples + 1);
    under ar, trials that tie with the observed difference count (sacrebleu counts only larger ones)."""
    monkeypatch.setenv("SACREBLEU_SEED", str(SEED))
    figures, names = _figures()
    samples = 300
    ours = paired_test(figures, names, test=test, samples=samples, seed=SEED)
    all_ties = 0
    for key, figure in figures.items():
        named = [(n, [f"{n}:{i}" for i in range(N)]) for n in names]
        confidence = CONFIDENCE_SAMPLES if test == "ar" else -1
        _, theirs = PairedTest(named, {key: _FigureMetric(key, figure)}, None, test_type=test,
                               n_samples=samples, n_ar_confidence=confidence)()
        for name, expected in zip(names, theirs[key]):
            result = ours[key][name]
            assert result.score == round(expected.score, 4)
            assert (result.ci_low, result.ci_high) == (round(float(expected.mean - expected.ci), 4),
                                                       round(float(expected.mean + expected.ci), 4))
            if name == "same":
                assert result.p_value is None and expected.p_value == 1 / (samples + 1)
            elif name != names[0]:
                ties = _ties(figure, names, name, samples) if test == "ar" else 0
                assert round(result.p_value * (samples + 1)) == round(expected.p_value * (samples + 1)) + ties
                all_ties += ties
        assert ours[key]["worse"].p_value < 0.05 < ours[key]["noisy"].p_value
    assert (all_ties > 0) == (test == "ar")  # the flag counts do tie


def test_one_extra_flag_is_not_significant_under_ar():
    """One segment differs: every swap reproduces the observed difference, so p = 1 (sacrebleu: 1 / 201)."""
    flags = {"base": np.zeros(30), "one": np.eye(30)[4]}
    figures = {"flags/1k": ratio_figure(flags, np.full(30, 20.0), scale=1000)}
    assert paired_test(figures, ["base", "one"], test="ar", samples=200)["flags/1k"]["one"].p_value == 1.0


@pytest.mark.parametrize("test", ["bs", "ar"])
def test_string_metrics_equal_sacrebleus_paired_test(test, monkeypatch):
    """BLEU, chrF and TER rows (score, p-value, interval) and signatures are sacrebleu's PairedTest's
    (under ar, the p-values count the trials that tie with the observed difference as well)."""
    monkeypatch.setenv("SACREBLEU_SEED", str(SEED))
    ref = (EXAMPLES / "baseline.en").read_text(encoding="utf-8").split("\n")[:-1]
    cand = (EXAMPLES / "candidate.en").read_text(encoding="utf-8").split("\n")[:-1]
    systems = {"dropped": [" ".join(line.split()[:-1 - i % 3]) for i, line in enumerate(ref)],
               "swapped": [" ".join(line.split()[1::-1] + line.split()[2:]) for line in ref],
               "candidate": cand}
    refs = [ref]
    names = list(systems)
    metrics = ("BLEU", "chrF", "TER")
    config = Config(src_lang="zh", tgt_lang="en")
    rows, signatures = _string_tests(names, systems, refs, config, metrics=metrics, samples=200, test=test, seed=SEED)
    confidence = CONFIDENCE_SAMPLES if test == "ar" else -1
    sigs, theirs = PairedTest(list(systems.items()), string_metrics(tgt_lang="en", names=metrics), refs,
                              test_type=test, n_samples=200, n_ar_confidence=confidence)()
    figures, _ = string_figures(names, systems, refs, string_metrics(tgt_lang="en", names=metrics))
    by_key = {(r["system"], r["figure"]): r for r in rows}
    assert {figure for _, figure in by_key} == {"BLEU", "chrF", "TER"}
    for metric, results in theirs.items():
        if metric == "System":
            continue
        figure = "chrF" if metric.startswith("chrF") else metric
        assert signatures[figure] == str(sigs[metric])
        for name, expected in zip(names, results):
            row = by_key[(name, figure)]
            assert row["score"] == round(expected.score, 4)
            if name != names[0]:
                ties = _ties(figures[figure], names, name, 200, n=len(ref)) if test == "ar" else 0
                assert round(row["p_value"] * 201) == round(expected.p_value * 201) + ties
            assert (row["ci_low"], row["ci_high"]) == (round(float(expected.mean - expected.ci), 4),
                                                       round(float(expected.mean + expected.ci), 4))


@pytest.mark.parametrize("test", ["bs", "ar"])
def test_chunked_draws_give_the_unchunked_results(test):
    """One row of draws at a time (32 under ar) or all at once: the same numbers, to the last bit,
    also for statistics that are not exact in floating point."""
    rng = np.random.default_rng(5)
    n = 37  # not a multiple of 32: the boolean draws of ar cross word boundaries
    sims = {name: rng.random(n) for name in ("a", "b", "c")}
    flags = {name: rng.integers(0, 3, n).astype(float) for name in ("a", "b", "c")}
    figures = {"similarity": ratio_figure(sims, np.ones(n)),
               "flags/1k": ratio_figure(flags, rng.integers(3, 20, n).astype(float), scale=1000)}
    chunked = paired_test(figures, ["a", "b", "c"], test=test, samples=70, seed=9, chunk_elements=1)
    whole = paired_test(figures, ["a", "b", "c"], test=test, samples=70, seed=9, chunk_elements=10**9)
    assert chunked == whole


@pytest.mark.parametrize("test", ["bs", "ar"])
def test_memory_stays_far_below_a_samples_by_segments_array(test):
    """300 samples × 20,000 segments would be a 48 MB index array; chunks of 16,384 draws stay near 1 MB."""
    n, samples = 20_000, 300
    rng = np.random.default_rng(1)
    figures = {"similarity": ratio_figure({s: rng.random(n) for s in ("a", "b")}, np.ones(n))}
    tracemalloc.start()
    try:
        paired_test(figures, ["a", "b"], test=test, samples=samples, seed=1, chunk_elements=1 << 14)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < samples * n * 8 / 6


def test_a_real_difference_is_significant_and_noise_is_not():
    rng = np.random.default_rng(0)
    base = rng.normal(0.7, 0.1, 500)
    sims = {"base": base, "worse": base - 0.05, "noise": base + rng.normal(0, 0.01, 500)}
    result = paired_test({"similarity": ratio_figure(sims, np.ones(500))}, list(sims), samples=500, seed=1)
    worse, noise = result["similarity"]["worse"], result["similarity"]["noise"]
    assert worse.delta == pytest.approx(-0.05, abs=1e-4) and worse.p_value < 0.01
    assert noise.p_value > 0.05
    assert worse.ci_low < worse.score < worse.ci_high


def test_an_unknown_test_is_refused():
    figures = {"similarity": ratio_figure({"a": np.ones(3), "b": np.zeros(3)}, np.ones(3))}
    with pytest.raises(ValueError, match="test must be one of"):
        paired_test(figures, ["a", "b"], test="t")
