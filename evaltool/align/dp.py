"""Vecalign-style sentence alignment: dynamic programming over sentence and overlap embeddings.

Beads are 1-1 up to ``max_overlap``-``max_overlap`` plus 1-0 / 0-1 skips. A bead's cost is
``1 - cosine`` of its joined texts, divided by how far each side usually lies from the other
document (so "hub" sentences close to everything do not attract links), times the number of
sentences on each side (so overlaps must earn their place). An overlap bead is only allowed when
its joined cosine beats every smaller bead inside it by ``overlap_margin``: a sentence with no
counterpart then comes out as a skip instead of being swallowed by its neighbour.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from ..config import AlignConfig
from ..embed.base import Embedder
from ..errors import ConfigError
from ..records import Bead

Move = tuple[int, int]


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
    if config.max_overlap < 1:
        raise ConfigError(f"align.max_overlap must be at least 1, got {config.max_overlap}")
    if not src or not tgt:
        return [Bead((i,), ()) for i in range(len(src))] + [Bead((), (j,)) for j in range(len(tgt))]
    k_max = config.max_overlap
    src_over = overlap_texts(src, max_overlap=k_max, joiner=joiner_for(src, lang=src_lang))
    tgt_over = overlap_texts(tgt, max_overlap=k_max, joiner=joiner_for(tgt, lang=tgt_lang))
    src_vecs, tgt_vecs = _embed_overlaps(src_over, tgt_over, embedder)
    costs = _bead_costs(src_vecs, tgt_vecs, config=config)
    path = _dynamic_program(costs, n=len(src), m=len(tgt), skip=config.skip_cost)
    return [_to_bead(i, j, move, src_vecs, tgt_vecs) for i, j, move in path]


def joiner_for(texts: Sequence[str], *, lang: str | None = None) -> str:
    """Return "" for Chinese/Japanese text (no spaces between sentences), " " otherwise."""
    if lang is not None:
        return "" if lang.lower().split("-")[0] in {"zh", "ja"} else " "
    sample = "".join(texts)[:2000]
    cjk = sum(1 for ch in sample if "\u3400" <= ch <= "\u9fff" or "\u3040" <= ch <= "\u30ff")
    letters = sum(1 for ch in sample if ch.isalpha())
    return "" if letters and cjk / letters > 0.5 else " "


def overlap_texts(texts: Sequence[str], *, max_overlap: int, joiner: str) -> list[list[str]]:
    """Texts of every run of 1..max_overlap consecutive sentences; ``result[size - 1][start]``."""
    return [
        [joiner.join(texts[start : start + size]) for start in range(len(texts) - size + 1)]
        for size in range(1, max_overlap + 1)
    ]


def _embed_overlaps(
    src_over: list[list[str]], tgt_over: list[list[str]], embedder: Embedder
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Embed each distinct sentence/overlap of both sides in one batch; same layout as the input."""
    unique = list(dict.fromkeys(t for group in (*src_over, *tgt_over) for t in group))
    vectors = np.asarray(embedder.encode(unique), dtype=np.float32)
    row = {text: i for i, text in enumerate(unique)}

    def lookup(groups: list[list[str]]) -> list[np.ndarray]:
        return [vectors[np.array([row[t] for t in group], dtype=np.intp)] for group in groups]

    return lookup(src_over), lookup(tgt_over)


def _norms(vecs: list[np.ndarray], others: np.ndarray, *, samples: int) -> list[np.ndarray]:
    """Mean ``1 - cosine`` of each overlap to sentences of the other side (Vecalign's normaliser).

    The closest sample is left out (it is probably the translation) and one pseudo-sample at
    distance 1 is added, so that short documents are not normalised by their own translations.
    """
    if len(others) > samples:
        picks = np.random.default_rng(0).choice(len(others), size=samples, replace=False)
        others = others[np.sort(picks)]
    result = []
    for group in vecs:
        dist = 1.0 - group @ others.T
        total = dist.sum(axis=1) - dist.min(axis=1) + 1.0
        result.append(np.maximum(total / dist.shape[1], 1e-3))
    return result


def _bead_costs(
    src_vecs: list[np.ndarray], tgt_vecs: list[np.ndarray], *, config: AlignConfig
) -> dict[Move, np.ndarray]:
    """Cost matrix per bead type (k, l): ``cost[a, b]`` for src[a:a+k] ↔ tgt[b:b+l]; inf = barred."""
    src_norm = _norms(src_vecs, tgt_vecs[0], samples=config.norm_samples)
    tgt_norm = _norms(tgt_vecs, src_vecs[0], samples=config.norm_samples)
    k_max = config.max_overlap
    best: dict[Move, np.ndarray] = {}
    costs: dict[Move, np.ndarray] = {}
    for k, l in itertools.product(range(1, k_max + 1), repeat=2):
        if not len(src_vecs[k - 1]) or not len(tgt_vecs[l - 1]):
            continue
        cos = src_vecs[k - 1] @ tgt_vecs[l - 1].T
        inner = _best_inside(best, k, l, shape=cos.shape)
        best[(k, l)] = cos if inner is None else np.maximum(cos, inner)
        scale = 2.0 * k * l / (src_norm[k - 1][:, None] + tgt_norm[l - 1][None, :])
        cost = (1.0 - cos) * scale
        if inner is not None:
            cost[cos < inner + config.overlap_margin] = np.inf
        costs[(k, l)] = cost
    return costs


def _best_inside(
    best: dict[Move, np.ndarray], k: int, l: int, *, shape: tuple[int, int]
) -> np.ndarray | None:
    """Highest cosine of any strictly smaller bead inside each (k, l) bead (None for 1-1)."""
    rows, cols = shape
    parts = []
    if k > 1:
        smaller = best[(k - 1, l)]
        parts += [smaller[:rows, :cols], smaller[1 : rows + 1, :cols]]
    if l > 1:
        smaller = best[(k, l - 1)]
        parts += [smaller[:rows, :cols], smaller[:rows, 1 : cols + 1]]
    return np.maximum.reduce(parts) if parts else None


def _dynamic_program(
    costs: dict[Move, np.ndarray], *, n: int, m: int, skip: float
) -> list[tuple[int, int, Move]]:
    """Cheapest monotone path from (0, 0) to (n, m); returns (i, j, move) for each bead, in order.

    Rows are filled one at a time: every move that consumes a source sentence is vectorised over
    the row, then the 0-1 moves (which chain along the row) are a running minimum.
    """
    moves: list[Move] = [(0, 1), (1, 0), *sorted(costs)]
    steps = np.arange(m + 1) * skip
    dist = np.full((n + 1, m + 1), np.inf)
    back = np.zeros((n + 1, m + 1), dtype=np.int16)
    dist[0] = steps
    for i in range(1, n + 1):
        row = dist[i - 1] + skip
        code = np.ones(m + 1, dtype=np.int16)
        for c, (k, l) in enumerate(moves[2:], start=2):
            if k > i:
                continue
            cost = costs[(k, l)][i - k]
            cand = dist[i - k, : m - l + 1] + cost
            better = cand < row[l:]
            row[l:][better] = cand[better]
            code[l:][better] = c
        shifted = row - steps
        running = np.minimum.accumulate(shifted)
        code[running < shifted] = 0
        dist[i] = running + steps
        back[i] = code
    return _trace(back, moves, n=n, m=m)


def _trace(back: np.ndarray, moves: list[Move], *, n: int, m: int) -> list[tuple[int, int, Move]]:
    """Follow back-pointers from (n, m); row 0 is all 0-1 moves."""
    path = []
    i, j = n, m
    while i or j:
        k, l = moves[back[i, j]] if i else (0, 1)
        i, j = i - k, j - l
        path.append((i, j, (k, l)))
    return path[::-1]


def _to_bead(
    i: int, j: int, move: Move, src_vecs: list[np.ndarray], tgt_vecs: list[np.ndarray]
) -> Bead:
    """A Bead for ``move`` starting at (i, j), with the cosine of its joined texts."""
    k, l = move
    similarity = float(src_vecs[k - 1][i] @ tgt_vecs[l - 1][j]) if k and l else 0.0
    return Bead(tuple(range(i, i + k)), tuple(range(j, j + l)), similarity)
