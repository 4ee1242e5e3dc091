"""Vecalign-style sentence alignment in linear time: coarse-to-fine banded dynamic programming.

Beads are 1-1 up to ``max_overlap``-``max_overlap`` plus 1-0 / 0-1 skips. A bead's cost is
``1 - cosine`` of its joined texts, divided by how far each side usually lies from the other
document (so "hub" sentences close to everything do not attract links), times the number of
sentences on each side (so overlaps must earn their place), plus a small length-ratio term.
Beads below ``min_link_similarity`` are barred, so unrelated sentences become skips. An overlap
bead is only allowed when its cosine gains over every smaller bead inside it, less a penalty when
its length fit is worse (the log length ratio against the document's norm, shrunk towards the
language pair's): a sentence with no counterpart then comes out as a skip instead of being
swallowed by its neighbour, while a sentence the translator split in two (Chinese often does) is
joined back. A better length fit does not carry an overlap whose cosine does not rise: a
translation that is long for its source would otherwise pull in a deleted neighbour.

Search (each sentence is embedded once; overlaps only where the search needs them):

1. sentence vectors of both sides. With the bundled model the vectors of all overlaps of up to 3
   sentences are composed from their sentences' token sums at once (``encode_joined``, no model
   pass; see ``embed/usem3_backend.py``). Other overlaps (all of them, with another model) are
   first approximated by the length-weighted sum of their sentence vectors;
2. long documents: a full DP on block-averaged vectors finds a coarse path, and every later pass
   searches only a band around the previous path, so time and memory grow linearly; where the
   first sentence-level path comes within a column of the band's edge (a long untranslated
   passage the coarse pass spread over its neighbours), the band is widened and searched again;
3. a DP gives a first path and the document's length ratio; the approximated overlaps a non-1-1
   bead of it uses or would use with a boundary shifted by one get their model vector (composed
   or embedded); a last DP in a narrow band gives the beads.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from threadpoolctl import threadpool_limits

from ..config import AlignConfig
from ..core import is_han, text_length
from ..core import joiner as language_joiner
from ..embed.base import Embedder, as_batch_embedder
from ..embed.requests import Joined, Needs, Texts, run_needs
from ..records import Bead

Move = tuple[int, int]
Step = tuple[int, int, Move]  # a bead of a path: (first src sentence, first tgt sentence, move)
_BLOCK = 64  # DP rows whose costs are computed together
# The DP multiplies many small matrices; a multi-threaded BLAS spends more time waking its threads
# than computing (7 s instead of 0.5 s for 2k x 3k Bible verses on 2 busy cores), so it gets one.
_one_blas_thread = threadpool_limits.wrap(limits=1, user_api="blas")


def align_sentences(
    src: Sequence[str],
    tgt: Sequence[str],
    embedder: Embedder,
    *,
    config: AlignConfig,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
) -> list[Bead]:
    """Align two sentence lists; return monotone beads covering every sentence once, in order.

    ``src_lang``/``tgt_lang`` pick how overlaps are joined ("" for zh/ja, " " otherwise);
    when omitted, the script of the text decides.
    """
    batch = as_batch_embedder(embedder)
    plan = alignment(src, tgt, config=config, src_lang=src_lang, tgt_lang=tgt_lang, composes=batch.composes_overlaps)
    return run_needs(plan, batch)


def alignment(
    src: Sequence[str],
    tgt: Sequence[str],
    *,
    config: AlignConfig,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    composes: bool = False,
) -> Needs[list[Bead]]:
    """The aligner as a stage that asks for its vectors (``evaltool.embed.requests``): the beads, each
    with a confidence in [0, 1].

    ``composes``: the embedder composes overlap vectors without a model pass, so all overlaps of up to
    ``composed_first`` sentences get their model vector from the start. The confidence of a link is
    how much cheaper it is than leaving its sentences unaligned (1 - cost / skip cost of its
    sentences, clipped); for a skip beside a link it is how far its join score falls short of
    ``split_margin`` (``_join_split_halves``) in units of 2 × ``split_band``, so below 0.5 (a
    possible split) within ``split_band`` of joining; 1 for other skips.
    """
    n, m = len(src), len(tgt)
    if not n or not m:
        return [Bead((i,), ()) for i in range(n)] + [Bead((), (j,)) for j in range(m)]
    k_max = config.max_overlap
    src_join = joiner_for(src, lang=src_lang)
    tgt_join = joiner_for(tgt, lang=tgt_lang)
    vectors = np.asarray((yield Texts((*src, *tgt))), dtype=np.float32)
    side_s = _Side.build(src, vectors[:n], src_join, k_max)
    side_t = _Side.build(tgt, vectors[n:], tgt_join, k_max)
    if k_max > 1 and composes:
        # Composed overlap vectors cost next to nothing: all of up to composed_first sentences get
        # their model vector from the start (longer ones only near the first path's non-1-1 beads).
        need_s, need_t = np.zeros((k_max + 1, n), bool), np.zeros((k_max + 1, m), bool)
        need_s[: config.composed_first + 1] = need_t[: config.composed_first + 1] = True
        yield from _embed_real([side_s, side_t], [need_s, need_t])
    side_s.set_norms(side_t.over[0], samples=config.norm_samples)
    side_t.set_norms(side_s.over[0], samples=config.norm_samples)
    search = _Search(config, k_max)

    if n * m <= config.full_dp_cells:
        band = _full_band(n, m)
    else:
        band = _coarse_band(side_s.over[0], side_t.over[0], config)
    search.skip = calibrated_skip(side_s, side_t, band, config)
    path = search.run(side_s, side_t, band)
    width = 4 * config.refine_width
    while _touches_edge(path, band, m) and width <= config.max_widening:
        # The band held the path back (e.g. a long untranslated passage the coarse pass spread
        # over its neighbours): search again with the band widened around this path.
        band = _union(band, _path_band(path, n, m, width=width))
        path = search.run(side_s, side_t, band)
        width *= 2
    # Model vectors of the overlaps near the places where the first path is not a 1-1 link.
    if k_max > 1:
        need_s, need_t = _overlap_needs(path, n, m, config)
        yield from _embed_real([side_s, side_t], [need_s, need_t])
        side_s.set_norms(side_t.over[0], samples=config.norm_samples)
        side_t.set_norms(side_s.over[0], samples=config.norm_samples)
        band = _path_band(path, n, m, width=config.refine_width)
        search.calibrate_length(path, side_s, side_t)
        path = search.run(side_s, side_t, band)
        # Every overlap on the final path gets its model vector (for the reported similarity).
        yield from _embed_real([side_s, side_t], list(_final_overlaps(path, n, m, k_max)))
        path = yield from _join_split_halves(path, side_s, side_t, search)
        near_joins = _skip_scores(path, side_s, side_t, search)
    else:
        near_joins = {}
    return [_to_bead(step, side_s, side_t, search, near_joins.get(p, -np.inf)) for p, step in enumerate(path)]


def joiner_for(texts: Sequence[str], *, lang: str | None = None) -> str:
    """Return "" for Chinese/Japanese text (no spaces between sentences), " " otherwise."""
    if lang is not None:
        return language_joiner(lang)
    sample = "".join(texts)[:2000]
    cjk = sum(1 for ch in sample if is_han(ch) or "\u3040" <= ch <= "\u30ff")
    letters = sum(1 for ch in sample if ch.isalpha())
    return "" if letters and cjk / letters > 0.5 else " "


def overlap_texts(texts: Sequence[str], *, max_overlap: int, joiner: str) -> list[list[str]]:
    """Texts of every run of 1..max_overlap consecutive sentences; ``result[size - 1][start]``."""
    return [
        [joiner.join(texts[start : start + size]) for start in range(len(texts) - size + 1)]
        for size in range(1, max_overlap + 1)
    ]


@dataclass
class _Side:
    """One document side: texts, overlap vectors ``over[size - 1][start]`` (zero-padded to n rows)."""

    texts: Sequence[str]
    joiner: str
    over: list[np.ndarray]
    real: list[np.ndarray]  # real[size - 1][start]: True once the overlap text itself was embedded
    norms: list[np.ndarray]
    # |weighted sum of the sentence vectors| per overlap; for size 1, the sentence weight
    sum_norms: list[np.ndarray]
    log_len: list[np.ndarray] = field(default_factory=list)  # log(1 + length units) per overlap, by set_lengths

    def set_lengths(self, k_max: int) -> None:
        """log(1 + length units) of every overlap, for the length-ratio term."""
        units = _length_units(self.texts, self.joiner)
        csum = np.concatenate([[0.0], np.cumsum(units)])
        n = len(self.texts)
        self.log_len = []
        for size in range(1, k_max + 1):
            total = np.zeros(n)
            rows = max(n - size + 1, 0)
            total[:rows] = csum[size : size + rows] - csum[:rows]
            self.log_len.append(np.log1p(total))

    @classmethod
    def build(cls, texts: Sequence[str], vecs: np.ndarray, joiner: str, k_max: int) -> _Side:
        """Sentence vectors, and overlaps approximated by the length-weighted sum of theirs.

        Weighting by length (words or characters) lets a long sentence dominate a short one
        joined to it, as it does in the embedding of the joined text (Bible F1 0.75 → 0.79 when
        the approximations alone are used, against an unweighted sum).
        """
        n = len(texts)
        weights = np.maximum(_length_units(texts, joiner), 1.0).astype(np.float32)
        weighted = vecs * weights[:, None]
        csum = np.vstack([np.zeros((1, vecs.shape[1]), np.float32), np.cumsum(weighted, axis=0, dtype=np.float32)])
        over, real, sums = [], [], []
        for size in range(1, k_max + 1):
            block = np.zeros_like(vecs)
            norm = np.ones(n, dtype=np.float64)
            rows = max(n - size + 1, 0)
            if size == 1:
                block[:] = vecs
                norm[:] = weights
            elif rows:
                total = csum[size : size + rows] - csum[:rows]
                norm[:rows] = np.maximum(np.linalg.norm(total, axis=1), 1e-6)
                block[:rows] = total / norm[:rows, None]
            over.append(block)
            sums.append(norm)
            flags = np.zeros(n, dtype=bool)
            flags[:rows] = size == 1
            real.append(flags)
        return cls(texts, joiner, over, real, [], sums)

    def set_norms(self, others: np.ndarray, *, samples: int) -> None:
        """Mean ``1 - cosine`` of each overlap to sampled sentences of the other side (Vecalign).

        The closest sample is left out (it is probably the translation) and one pseudo-sample at
        distance 1 is added, so that short documents are not normalised by their own translations.
        """
        if len(others) > samples:
            picks = np.random.default_rng(0).choice(len(others), size=samples, replace=False)
            others = others[np.sort(picks)]
        self.norms = []
        others = np.ascontiguousarray(others)
        for group in self.over:
            dist = 1.0 - group @ others.T
            total = dist.sum(axis=1) - dist.min(axis=1) + 1.0
            self.norms.append(np.maximum(total / dist.shape[1], 1e-3).astype(np.float32))


def _length_units(texts: Sequence[str], joiner: str) -> np.ndarray:
    """Length of each text (``core.text_length``): characters without spaces for zh/ja (joiner ""), words otherwise."""
    lang = "zh" if joiner == "" else "en"
    return np.array([text_length(t, lang) for t in texts], dtype=np.float64)


def _unit(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return (x / np.where(norms == 0, 1.0, norms)).astype(np.float32)


def _embed_real(sides: list[_Side], needs: list[np.ndarray]) -> Needs[None]:
    """Ask for the joined text of every needed overlap (``need[size, start]``, size ≥ 2), a request per
    side; a model able to compose them (the bundled one) need not embed the joined texts."""
    for side, need in zip(sides, needs):
        jobs = [(size, start) for size in range(2, len(side.over) + 1)
                for start in np.flatnonzero(need[size] & ~side.real[size - 1]).tolist()]
        if not jobs:
            continue
        groups = tuple(tuple(side.texts[start : start + size]) for size, start in jobs)
        vectors = yield Joined(groups, side.joiner)
        for (size, start), vec in zip(jobs, _unit(np.asarray(vectors, dtype=np.float32))):
            side.over[size - 1][start] = vec
            side.real[size - 1][start] = True


def _overlap_needs(
    path: list[tuple[int, int, Move]], n: int, m: int, config: AlignConfig
) -> tuple[np.ndarray, np.ndarray]:
    """Overlaps the refining pass should see for real, ``need[size, start]``: near non-1-1 beads.

    For a bead with ``k`` sentences on one side starting at ``i``, the overlaps of ``k - 1`` to
    ``k + 1`` sentences (at least 2) starting one sentence before to one after ``i`` (plus
    ``overlap_reach``): the bead itself and the beads a shifted boundary would make.
    """
    k_max, reach = config.max_overlap, 1 + config.overlap_reach
    need_s = np.zeros((k_max + 1, n), dtype=bool)
    need_t = np.zeros((k_max + 1, m), dtype=bool)
    for i, j, (k, l) in path:
        if (k, l) == (1, 1):
            continue
        for need, start, count, total in ((need_s, i, k, n), (need_t, j, l, m)):
            for size in range(max(2, count - 1), min(k_max, count + 1) + 1):
                need[size, max(start - reach, 0) : max(min(start + reach + 1, total - size + 1), 0)] = True
    return need_s, need_t


def _final_overlaps(path: list[tuple[int, int, Move]], n: int, m: int, k_max: int) -> tuple[np.ndarray, np.ndarray]:
    """The overlaps a path uses, ``used[size, start]``."""
    used_s = np.zeros((k_max + 1, n), dtype=bool)
    used_t = np.zeros((k_max + 1, m), dtype=bool)
    for i, j, (k, l) in path:
        if k > 1:
            used_s[k, i] = True
        if l > 1:
            used_t[l, j] = True
    return used_s, used_t


@_one_blas_thread
def calibrated_skip(
    s: _Side, t: _Side, band: tuple[np.ndarray, np.ndarray], config: AlignConfig
) -> float:
    """The document's skip cost: ``skip_scale`` × the median over sentences of their cheapest 1-1 cost.

    The cheapest 1-1 cost of a sentence (within the band) is the cost of its translation for most
    sentences, so the median measures how close this document's translations usually are (the
    bundled model puts Bible verses farther from their translations than news sentences). The skip
    cost is capped at ``skip_cost``; ``skip_scale`` = 0 keeps ``skip_cost`` fixed.
    """
    if config.skip_scale <= 0:
        return config.skip_cost
    lo, hi = band
    n, m = len(s.texts), len(t.texts)
    row_min = np.full(n, np.inf)
    col_min = np.full(m, np.inf)
    for r0 in range(0, n, _BLOCK):
        r1 = min(r0 + _BLOCK, n)
        b0, b1 = int(lo[r0]), min(int(hi[r1]) + 1, m)
        if b1 <= b0:
            continue
        cos = s.over[0][r0:r1] @ t.over[0][b0:b1].T
        cost = (1.0 - cos) * 2.0 / (s.norms[0][r0:r1, None] + t.norms[0][None, b0:b1])
        row_min[r0:r1] = np.minimum(row_min[r0:r1], cost.min(axis=1))
        col_min[b0:b1] = np.minimum(col_min[b0:b1], cost.min(axis=0))
    mins = np.concatenate([row_min, col_min])
    mins = mins[np.isfinite(mins)]
    if not len(mins):
        return config.skip_cost
    # Floor: near-identical texts (cost ≈ 0) must not make skipping free.
    median = max(float(np.median(mins)), config.min_typical_cost)
    return float(min(config.skip_cost, config.skip_scale * median))


# --- bands ------------------------------------------------------------------------------------

def _full_band(n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)


def _monotone_band(lo: np.ndarray, hi: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray]:
    lo = np.minimum.accumulate(np.clip(lo, 0, m)[::-1])[::-1].copy()
    hi = np.maximum.accumulate(np.clip(hi, 0, m))
    lo[0] = 0
    hi[-1] = m
    return lo.astype(np.int64), hi.astype(np.int64)


def _path_band(
    path: list[tuple[int, int, Move]], n: int, m: int, *, width: int, scale: int = 1, unit: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """Columns within ``width`` of a path, per row.

    The path is given in blocks of ``scale`` sentences, the band in blocks of ``unit`` sentences
    (``n``, ``m`` and ``width`` count those blocks).
    """
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for i, j, (k, l) in path:
        r0, r1 = min(i * scale // unit, n), min(-(-(i + k) * scale // unit), n)
        c0, c1 = j * scale // unit, min(-(-(j + l) * scale // unit), m)
        lo[r0 : r1 + 1] = np.minimum(lo[r0 : r1 + 1], c0 - width)
        hi[r0 : r1 + 1] = np.maximum(hi[r0 : r1 + 1], c1 + width)
    return _monotone_band(lo, hi, m)


def _touches_edge(path: list[tuple[int, int, Move]], band: tuple[np.ndarray, np.ndarray], m: int) -> bool:
    """Whether a path comes within one column of the band's edge (where the band may have chosen)."""
    lo, hi = band
    for i, j, (k, l) in path:
        row, col = i + k, j + l
        if (col <= lo[row] + 1 and lo[row] > 0) or (col >= hi[row] - 1 and hi[row] < m):
            return True
    return False


def _union(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    return np.minimum(a[0], b[0]), np.maximum(a[1], b[1])


def _coarse_band(src: np.ndarray, tgt: np.ndarray, config: AlignConfig) -> tuple[np.ndarray, np.ndarray]:
    """Band around the path found on block-averaged sentence vectors, coarse to fine.

    The coarsest level (blocks of ``factor`` sentences, about ``full_dp_cells`` cells) gets a full
    DP; each next level has blocks ``level_ratio`` times smaller and searches only ``band_width``
    of the previous level's blocks around its path, so every level costs time linear in its rows
    and the band handed to the sentence-level pass is a few blocks of the finest level wide.
    """
    n, m = len(src), len(tgt)
    factor = int(np.ceil(np.sqrt(n * m / config.full_dp_cells)))
    coarse_cfg = AlignConfig(
        max_overlap=2, skip_cost=config.skip_cost, overlap_margin=0.0, min_link_similarity=0.0,
        norm_samples=config.norm_samples,
    )
    path: list[tuple[int, int, Move]] | None = None
    previous = factor
    while True:
        s_blocks = _blocks(src, factor)
        t_blocks = _blocks(tgt, factor)
        side_s = _Side.build([""] * len(s_blocks), s_blocks, " ", 2)
        side_t = _Side.build([""] * len(t_blocks), t_blocks, " ", 2)
        side_s.set_norms(t_blocks, samples=config.norm_samples)
        side_t.set_norms(s_blocks, samples=config.norm_samples)
        if path is None:
            band = _full_band(len(s_blocks), len(t_blocks))
        else:
            width = -(-config.band_width * previous // factor)
            band = _path_band(path, len(s_blocks), len(t_blocks), width=width, scale=previous, unit=factor)
        path = _Search(coarse_cfg, 2).run(side_s, side_t, band)
        nxt = factor // config.level_ratio
        if nxt < 2:
            break
        previous, factor = factor, nxt
    return _path_band(path, n, m, width=config.band_width * factor, scale=factor)


def _blocks(vecs: np.ndarray, factor: int) -> np.ndarray:
    n = len(vecs)
    rows = -(-n // factor)
    padded = np.zeros((rows * factor, vecs.shape[1]), np.float32)
    padded[:n] = vecs
    return _unit(padded.reshape(rows, factor, -1).sum(axis=1))


# --- banded dynamic program -----------------------------------------------------------------

class _Search:
    """Cheapest monotone path through a band of DP cells; costs computed block by block."""

    def __init__(self, config: AlignConfig, k_max: int) -> None:
        self.config = config
        self.k_max = k_max
        sizes = range(1, k_max + 1)
        self.moves: list[Move] = [(0, 1), (1, 0), *itertools.product(sizes, sizes)]
        self.length: tuple[float, float, float] | None = None  # (mean log ratio, spread, weight)
        self.skip = config.skip_cost

    def calibrate_length(self, path: list[tuple[int, int, Move]], s: _Side, t: _Side) -> None:
        """Fit the document's length ratio (e.g. zh characters per en word) on the 1-1 links of a path.

        The median and robust spread of the links' log length ratios are shrunk towards the
        language pair's norm with the weight of ``prior_links`` links, so that a three-sentence
        document gets a usable estimate too.
        """
        if self.config.length_weight <= 0 and self.config.overlap_length_weight <= 0:
            return
        s.set_lengths(self.k_max)
        t.set_lengths(self.k_max)
        ratios = np.array([s.log_len[0][i] - t.log_len[0][j] for i, j, mv in path if mv == (1, 1)])
        prior = self.config.pair_log_ratio * ((s.joiner == "") - (t.joiner == ""))
        mu, sigma = prior, self.config.pair_log_spread
        if len(ratios):
            n = len(ratios)
            median = float(np.median(ratios))
            spread = 1.4826 * float(np.median(np.abs(ratios - median)))
            links = self.config.prior_links
            mu = (n * median + links * prior) / (n + links)
            sigma = (n * spread + links * self.config.pair_log_spread) / (n + links)
        self.length = (mu, max(sigma, 0.1), self.config.length_weight)

    @_one_blas_thread
    def run(self, s: _Side, t: _Side, band: tuple[np.ndarray, np.ndarray]) -> list[tuple[int, int, Move]]:
        lo, hi = band
        n, m = len(s.texts), len(t.texts)
        skip = self.skip
        inf = np.float64(np.inf)
        rows: list[np.ndarray] = []  # dist row i, padded with one inf on each side
        backs: list[np.ndarray] = []
        width0 = hi[0] - lo[0] + 1
        row0 = np.arange(lo[0], hi[0] + 1) * skip
        rows.append(np.concatenate([[inf], row0, [inf]]))
        backs.append(np.zeros(width0, dtype=np.int8))
        moves = self.moves
        link_k = np.array([k for k, _ in moves[2:]])
        link_l = np.array([l for _, l in moves[2:]])
        link_ids = np.arange(len(link_k))[:, None]
        for r0 in range(1, n + 1, _BLOCK):
            r1 = min(r0 + _BLOCK, n + 1)
            a0 = max(r0 - self.k_max, 0)
            b0 = max(int(lo[r0]) - self.k_max, 0)
            b1 = int(hi[r1 - 1])
            costs = self._block_costs(s, t, a0, r1, b0, b1 + 1)
            # All link moves at once: cost[c, a - a0, b - b0] (inf where barred or absent).
            grids = None if costs is None else np.stack([costs[mv] for mv in moves[2:]])
            for i in range(r0, r1):
                lo_i, hi_i = int(lo[i]), int(hi[i])
                js = np.arange(lo_i, hi_i + 1)
                prev = rows[i - 1]
                best = np.take(prev, js - lo[i - 1] + 1, mode="clip") + skip
                code = np.ones(len(js), dtype=np.int8)
                if grids is not None:
                    # Previous rows i-1 … i-k_max side by side; each move reads its own.
                    back = [rows[i - k] if k <= i else np.full(1, inf) for k in range(1, self.k_max + 1)]
                    offsets = np.concatenate([[0], np.cumsum([len(r) for r in back])[:-1]])
                    lengths = np.array([len(r) for r in back])
                    los = np.array([int(lo[i - k]) if k <= i else 0 for k in range(1, self.k_max + 1)])
                    cols = js[None, :] - link_l[:, None]
                    at = np.clip(cols - los[link_k - 1, None] + 1, 0, lengths[link_k - 1, None] - 1)
                    cand = np.concatenate(back)[at + offsets[link_k - 1, None]]
                    cand += grids[link_ids, np.maximum(i - link_k - a0, 0)[:, None], np.maximum(cols - b0, 0)]
                    cand[(cols < 0) | (link_k[:, None] > i)] = inf
                    pick = cand.argmin(axis=0)
                    low = cand[pick, np.arange(len(js))]
                    better = low < best
                    best[better] = low[better]
                    code[better] = pick[better] + 2
                steps = js * skip
                shifted = best - steps
                running = np.minimum.accumulate(shifted)
                code[running < shifted] = 0
                rows.append(np.concatenate([[inf], running + steps, [inf]]))
                backs.append(code)
        path = []
        i, j = n, m
        while i or j:
            k, l = moves[backs[i][j - lo[i]]] if i else (0, 1)
            i, j = i - k, j - l
            path.append((i, j, (k, l)))
        return path[::-1]

    def _block_costs(
        self, s: _Side, t: _Side, a0: int, a1: int, b0: int, b1: int
    ) -> dict[Move, np.ndarray] | None:
        """Cost grids ``cost[(k, l)][a - a0, b - b0]`` for src[a:a+k] ↔ tgt[b:b+l]; inf = barred.

        None when the block has no rows or no columns.
        """
        k_max, margin = self.k_max, self.config.overlap_margin
        n, m = len(s.texts), len(t.texts)
        a1e, b1e = min(a1 + k_max, n), min(b1 + k_max, m)
        rows, cols = a1e - a0, b1e - b0
        if rows <= 0 or cols <= 0:
            return None
        costs: dict[Move, np.ndarray] = {}
        # Weighted sentence dot products once; an approximate overlap's cosine is a window sum of them.
        ra, cb = min(rows + k_max, n - a0), min(cols + k_max, m - b0)
        sent = np.zeros((rows + k_max, cols + k_max), dtype=np.float64)
        s_weighted = s.over[0][a0 : a0 + ra] * s.sum_norms[0][a0 : a0 + ra, None]
        t_weighted = t.over[0][b0 : b0 + cb] * t.sum_norms[0][b0 : b0 + cb, None]
        sent[:ra, :cb] = s_weighted @ t_weighted.T
        prefix = np.zeros((rows + k_max + 1, cols + k_max + 1), dtype=np.float64)
        prefix[1:, 1:] = sent.cumsum(axis=0).cumsum(axis=1)
        best: dict[Move, np.ndarray] = {}
        fit: dict[Move, np.ndarray] = {}  # best (lowest) length deviation of any bead inside
        for k, l in itertools.product(range(1, k_max + 1), repeat=2):
            window = (prefix[k : k + rows, l : l + cols] - prefix[:rows, l : l + cols]
                      - prefix[k : k + rows, :cols] + prefix[:rows, :cols])
            cos = window / (s.sum_norms[k - 1][a0:a1e, None] * t.sum_norms[l - 1][None, b0:b1e])
            if k > 1:
                fix = np.flatnonzero(s.real[k - 1][a0:a1e])
                if len(fix):
                    cos[fix] = s.over[k - 1][a0 + fix] @ t.over[l - 1][b0:b1e].T
            if l > 1:
                fix = np.flatnonzero(t.real[l - 1][b0:b1e])
                if len(fix):
                    cos[:, fix] = s.over[k - 1][a0:a1e] @ t.over[l - 1][b0 + fix].T
            inner = _best_inside(best, k, l)
            best[(k, l)] = cos if inner is None else np.maximum(cos, inner)
            scale = 2.0 * k * l / (s.norms[k - 1][a0:a1e, None] + t.norms[l - 1][None, b0:b1e])
            cost = (1.0 - cos) * scale
            length_loss = 0.0  # how much worse the bead's length ratio fits than its best inner bead's
            if self.length is not None:
                mu, sigma, weight = self.length
                ratio = s.log_len[k - 1][a0:a1e, None] - t.log_len[l - 1][None, b0:b1e]
                dev = np.minimum(np.abs(ratio - mu) / sigma, 3.0)
                cost += weight * dev
                inner_dev = _best_inside(fit, k, l, lowest=True)
                fit[(k, l)] = dev if inner_dev is None else np.minimum(dev, inner_dev)
                if inner_dev is not None:
                    length_loss = self.config.overlap_length_weight * np.maximum(dev - inner_dev, 0.0)
            if inner is not None:
                cost[cos - inner - length_loss <= margin] = np.inf
            cost[cos < self.config.min_link_similarity] = np.inf
            costs[(k, l)] = cost
        return costs


def _best_inside(
    best: dict[Move, np.ndarray], k: int, l: int, *, lowest: bool = False
) -> np.ndarray | None:
    """Highest (``lowest``: lowest) value of any strictly smaller bead inside each (k, l) bead.

    None for 1-1 beads, which have nothing inside.
    """
    pad = np.inf if lowest else -np.inf
    parts = []
    if k > 1:
        smaller = best[(k - 1, l)]
        shifted = np.full_like(smaller, pad)
        shifted[:-1] = smaller[1:]
        parts += [smaller, shifted]
    if l > 1:
        smaller = best[(k, l - 1)]
        shifted = np.full_like(smaller, pad)
        shifted[:, :-1] = smaller[:, 1:]
        parts += [smaller, shifted]
    if not parts:
        return None
    return (np.minimum if lowest else np.maximum).reduce(parts)


# --- split halves ---------------------------------------------------------------------------


def _join_split_halves(path: list[Step], s: _Side, t: _Side, search: _Search) -> Needs[list[Step]]:
    """Revisit every skip next to a link: join it to the link when it reads as the other half of a
    sentence the translator split in two, else leave it a skip.

    The DP weighs a joined bead by its sentence count, so a short second half often comes out as a
    skip beside a 1-1 link; here the decision is local: the joined text's cosine gain over the link
    plus ``split_length_weight`` × how much better the joined lengths fit (``_split_score``) must
    exceed ``split_margin``. A deleted sentence lowers the cosine, spoils the length fit or is far
    from the link's other side, so it stays a skip. Repeats while joins are made (a sentence split in three).
    """
    margin = search.config.split_margin
    while True:
        options = _split_options(path, search.k_max)
        if not options:
            return path
        need_s = np.zeros((search.k_max + 1, len(s.texts)), dtype=bool)
        need_t = np.zeros((search.k_max + 1, len(t.texts)), dtype=bool)
        for _, _, (i, j, (k, l)) in options:
            need_s[k, i] |= k > 1
            need_t[l, j] |= l > 1
        yield from _embed_real([s, t], [need_s, need_t])
        scored = sorted(((_split_score(path[link], joined, s, t, search), skip, link, joined)
                         for skip, link, joined in options), key=lambda x: -x[0])
        used: set[int] = set()
        joins: dict[int, Step] = {}
        for score, skip, link, joined in scored:
            if score <= margin or skip in used or link in used:
                continue
            used |= {skip, link}
            joins[min(skip, link)] = joined
        if not joins:
            return path
        path = [joins.get(p, step) for p, step in enumerate(path) if p not in used or p in joins]


def _split_options(path: list[Step], k_max: int) -> list[tuple[int, int, Step]]:
    """(skip position, link position, joined step) for every skip beside a link that can grow by one."""
    options = []
    for p, (i, j, (k, l)) in enumerate(path):
        if k + l != 1:
            continue
        for q in (p - 1, p + 1):
            if not 0 <= q < len(path):
                continue
            i2, j2, (k2, l2) = path[q]
            if not (k2 and l2) or k2 + k > k_max or l2 + l > k_max:
                continue
            options.append((p, q, (min(i, i2), min(j, j2), (k2 + k, l2 + l))))
    return options


def _split_score(link: Step, joined: Step, s: _Side, t: _Side, search: _Search) -> float:
    """How well a skipped sentence reads as the rest of a link's sentence: the joined bead's cosine
    gain over the link plus the weighted gain in length fit; -inf where the gain is below
    ``split_min_gain``, the sentence alone is further than ``split_min_partner`` from the link's
    other side (a deleted neighbour that merely shares the topic), or the joined lengths fit more
    than ``split_max_length_loss`` deviations worse (a deleted sentence the neighbour repeats)."""
    config = search.config
    (i, j, (k, l)), (i2, j2, (k2, l2)) = link, joined
    gain = float(s.over[k2 - 1][i2] @ t.over[l2 - 1][j2] - s.over[k - 1][i] @ t.over[l - 1][j])
    if k2 > k:
        partner = float(s.over[0][i2 if i2 < i else i + k] @ t.over[l - 1][j])
    else:
        partner = float(s.over[k - 1][i] @ t.over[0][j2 if j2 < j else j + l])
    if gain <= config.split_min_gain or partner < config.split_min_partner:
        return -np.inf
    if search.length is None:
        return gain
    mu, sigma, _ = search.length

    def deviation(step: Step) -> float:
        a, b, (x, y) = step
        return min(abs(s.log_len[x - 1][a] - t.log_len[y - 1][b] - mu) / sigma, 3.0)

    length_gain = deviation(link) - deviation(joined)
    if length_gain < -config.split_max_length_loss:
        return -np.inf
    return gain + config.split_length_weight * length_gain


def _skip_scores(path: list[Step], s: _Side, t: _Side, search: _Search) -> dict[int, float]:
    """The best join score (``_split_score``) of every skip beside a link, by path position."""
    best: dict[int, float] = {}
    for skip, link, joined in _split_options(path, search.k_max):
        best[skip] = max(best.get(skip, -np.inf), _split_score(path[link], joined, s, t, search))
    return best


def _to_bead(step: Step, s: _Side, t: _Side, search: _Search, join_score: float) -> Bead:
    """A Bead for ``step``, with the cosine of its joined texts and a confidence (see :func:`alignment`);
    ``join_score`` is a skip's best ``_split_score``."""
    i, j, (k, l) = step
    src, tgt = tuple(range(i, i + k)), tuple(range(j, j + l))
    if k and l:
        similarity = float(s.over[k - 1][i] @ t.over[l - 1][j])
        cost = (1.0 - similarity) * 2.0 * k * l / (s.norms[k - 1][i] + t.norms[l - 1][j])
        return Bead(src, tgt, similarity, float(np.clip(1.0 - cost / ((k + l) * search.skip), 0.0, 1.0)))
    shortfall = (search.config.split_margin - join_score) / (2.0 * search.config.split_band)
    return Bead(src, tgt, 0.0, float(np.clip(shortfall, 0.0, 1.0)))
