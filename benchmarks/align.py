"""Sentence-alignment benchmark: accuracy (Bible gold, synthetic FLORES/newstest), speed and memory.

Usage: python benchmarks/align.py [--sizes 1000,10000,50000] [--synthetic-seeds 0,1,2] [--skip-bible]
       [--only split]
Reads ../shared/data beside the repository; prints markdown tables.
"""

from __future__ import annotations

import argparse
import csv
import random
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import numpy as np

from evaltool.align import BeadIndices, align_sentences, parse_beads
from evaltool.config import AlignConfig, EmbedConfig
from evaltool.embed import CachedEmbedder, Embedder, load_embedder
from evaltool.segment import split_sentences

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"


def scores(hyp: list[BeadIndices], gold: list[BeadIndices]) -> dict[str, float]:
    """Strict (exact bead) and lax (shares a sentence on both sides) P/R/F1 over links; skip R/P."""
    def links(beads: list[BeadIndices]) -> list[BeadIndices]:
        return [b for b in beads if b[0] and b[1]]

    h, g = links(hyp), links(gold)
    hs, gs = set(h), set(g)
    out: dict[str, float] = {}
    p = len(hs & gs) / len(hs) if hs else 1.0
    r = len(hs & gs) / len(gs) if gs else 1.0
    out.update(P=p, R=r, F1=2 * p * r / (p + r) if p + r else 0.0)

    def touches(a: list[BeadIndices], b: list[BeadIndices]) -> float:
        src_of: dict[int, set[int]] = defaultdict(set)
        for bs, bt in b:
            for i in bs:
                src_of[i].update(bt)
        good = sum(1 for bs, bt in a if any(src_of[i] & set(bt) for i in bs))
        return good / len(a) if a else 1.0

    lp, lr = touches(h, g), touches(g, h)
    out.update(lP=lp, lR=lr, lF1=2 * lp * lr / (lp + lr) if lp + lr else 0.0)
    hk = {(s, t) for s, t in hyp if not (s and t)}
    gk = {(s, t) for s, t in gold if not (s and t)}
    out.update(skips=len(gk), skip_R=len(hk & gk) / len(gk) if gk else 1.0,
               skip_P=len(hk & gk) / len(hk) if hk else 1.0)
    return out


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def bible(embedder: Embedder, config: AlignConfig) -> list[str]:
    folder = DATA / "bible-align-zhen"
    en, zh = _lines(folder / "001.en"), _lines(folder / "001.zh")
    gold = parse_beads((folder / "001.gold").read_text(encoding="utf-8"))
    rows = []
    for name, src, tgt, g, sl, tl in [
        ("en→zh", en, zh, gold, "en", "zh"),
        ("zh→en", zh, en, [(t, s) for s, t in gold], "zh", "en"),
    ]:
        start = time.perf_counter()
        beads = align_sentences(src, tgt, embedder, config=config, src_lang=sl, tgt_lang=tl)
        sec = time.perf_counter() - start
        hyp = [(b.src, b.tgt) for b in beads]
        diagonal = [(s, t) for s, t in g if len(s) == len(t) > 1]
        for label, h in [(name, hyp), (f"{name}, k-k gold met by 1-1 tiling", accept_diagonal(hyp, diagonal))]:
            s = scores(h, g)
            rows.append(f"| bible001 {label} | {len(src)}×{len(tgt)} | {s['P']:.3f} | {s['R']:.3f} "
                        f"| {s['F1']:.3f} | {s['lP']:.3f} | {s['lR']:.3f} | {s['lF1']:.3f} | {sec:.1f} |")
    return rows


def passage_table(embedder: Embedder, config: AlignConfig) -> list[str]:
    """Untranslated passages: Bible en 0–1499 against zh with the translation of en a..b-1 removed.

    Each passage's verses should come out as 1-0 beads; the banded search (this length is past
    ``full_dp_cells``) is compared with a full DP over every cell.
    """
    folder = DATA / "bible-align-zhen"
    en, zh = _lines(folder / "001.en")[:1500], _lines(folder / "001.zh")
    gold = parse_beads((folder / "001.gold").read_text(encoding="utf-8"))
    rows = []
    for a, b in [(300, 340), (700, 760), (1100, 1200), (1434, 1500)]:
        dropped = {j for s, t in gold if s and a <= s[0] < b for j in t}
        end = max(j for s, t in gold if s and s[-1] < 1500 for j in t) + 1
        tgt = [zh[j] for j in range(end) if j not in dropped]
        found = []
        for cells in (config.full_dp_cells, len(en) * len(tgt)):
            beads = align_sentences(en, tgt, embedder, config=replace(config, full_dp_cells=cells),
                                    src_lang="en", tgt_lang="zh")
            found.append(sum(1 for x in beads if x.src and not x.tgt and a <= x.src[0] < b))
        rows.append(f"| en {a}–{b - 1} | {b - a} | {len(dropped)} | {found[0]} | {found[1]} |")
    return rows


def _documents() -> dict[str, list[tuple[str, str]]]:
    """(en, zh) line pairs per document for FLORES (grouped by URL) and newstest2020 (doc_id)."""
    docs: dict[str, list[tuple[str, str]]] = {}
    folder = DATA / "flores200-devtest-zhen"
    en, zh = _lines(folder / "eng_Latn.devtest"), _lines(folder / "zho_Hans.devtest")
    urls = [row[0] for row in csv.reader(
        (folder / "metadata_devtest.tsv").open(encoding="utf-8"), delimiter="\t")][1:]
    for url, e, z in zip(urls, en, zh):
        docs.setdefault(f"flores:{url}", []).append((e, z))
    with (DATA / "newstest2020-zhen" / "newstest2020.zh-en.docs.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            docs.setdefault(f"newstest:{row['doc_id']}", []).append((row["refA_en"], row["src_zh"]))
    return docs


def synthetic(doc: list[tuple[str, str]], pool: list[str], rng: random.Random,
              *, merge: float = 0.1, delete: float = 0.1, insert: float = 0.1
              ) -> tuple[list[str], list[str], list[BeadIndices], list[BeadIndices]]:
    """Re-split each line pair, merge adjacent zh sentences, delete zh parts, insert unrelated zh.

    Gold beads are line units (a line pair that re-splits into k en × l zh sentences is one k-l
    bead). Returns ``(src, tgt, gold, diagonal)``: ``diagonal`` lists the gold k-k beads (k > 1)
    whose sentence-by-sentence 1-1 tiling is accepted as well (the splitter cut both sides in as
    many sentences; which tiling is right cannot be told without a human). A merge joins the zh
    sentence of a 1-1 unit with the zh sentence of the next 1-1 unit (a 2-1 bead).
    """
    units: list[tuple[list[str], list[str]]] = []
    for e, z in doc:
        units.append((split_sentences(e, "en") or [e], split_sentences(z, "zh") or [z]))
    src: list[str] = []
    tgt: list[str] = []
    gold: list[BeadIndices] = []
    pending_merge = False
    for e_sents, z_sents in units:
        s_ids = tuple(range(len(src), len(src) + len(e_sents)))
        src += e_sents
        if rng.random() < insert:
            gold.append(((), (len(tgt),)))
            tgt.append(rng.choice(pool))
            pending_merge = False
        if rng.random() < delete:
            gold += [((i,), ()) for i in s_ids]
            pending_merge = False
            continue
        if pending_merge and len(e_sents) == 1 and len(z_sents) == 1:
            prev_s, prev_t = gold.pop()
            tgt[-1] = tgt[-1] + z_sents[0]
            gold.append((prev_s + s_ids, prev_t))
            pending_merge = False
            continue
        t_ids = tuple(range(len(tgt), len(tgt) + len(z_sents)))
        tgt += z_sents
        gold.append((s_ids, t_ids))
        pending_merge = rng.random() < merge and len(s_ids) == 1 and len(t_ids) == 1
    diagonal = [(s, t) for s, t in gold if len(s) == len(t) > 1]
    return src, tgt, gold, diagonal


def accept_diagonal(hyp: list[BeadIndices], diagonal: list[BeadIndices]) -> list[BeadIndices]:
    """Replace hyp 1-1 beads that exactly tile a ``diagonal`` gold k-k bead by that bead."""
    ones = {b for b in hyp if len(b[0]) == len(b[1]) == 1}
    drop: set[BeadIndices] = set()
    add: list[BeadIndices] = []
    for s, t in diagonal:
        parts = {((i,), (j,)) for i, j in zip(s, t)}
        if parts <= ones:
            drop |= parts
            add.append((s, t))
    return [b for b in hyp if b not in drop] + add


def synthetic_table(embedder: Embedder, config: AlignConfig, seeds: list[int]) -> list[str]:
    """Per document for each seed and pooled over the seeds; then, for the first seed, all documents
    of a corpus concatenated into one long pair (banded search)."""
    docs = _documents()
    rows = []
    for corpus in ("flores", "newstest"):
        names = sorted(d for d in docs if d.startswith(corpus))
        pool = [z for d in docs if not d.startswith(corpus) for _, z in docs[d]]
        pooled_hyp: list[BeadIndices] = []
        pooled_gold: list[BeadIndices] = []
        n_pooled = m_pooled = 0
        for seed in seeds:
            rng = random.Random(seed)
            cases = [synthetic(docs[name], pool, rng) for name in names]
            hyp_all: list[BeadIndices] = []
            gold_all: list[BeadIndices] = []
            diag_all: list[BeadIndices] = []
            src_all: list[str] = []
            tgt_all: list[str] = []
            start = time.perf_counter()
            for src, tgt, gold, diagonal in cases:
                beads = align_sentences(src, tgt, embedder, config=config, src_lang="en", tgt_lang="zh")
                hyp = accept_diagonal([(b.src, b.tgt) for b in beads], diagonal)
                # offset indices so that beads from different documents stay distinct
                n_src, n_tgt = len(src_all), len(tgt_all)
                hyp_all += _shift(hyp, n_src, n_tgt)
                gold_all += _shift(gold, n_src, n_tgt)
                diag_all += _shift(diagonal, n_src, n_tgt)
                src_all += src
                tgt_all += tgt
            sec = time.perf_counter() - start
            rows.append(_synthetic_row(f"{corpus} synthetic, per document ({len(names)} docs), seed {seed}",
                                       len(src_all), len(tgt_all), scores(hyp_all, gold_all), sec))
            pooled_hyp += _shift(hyp_all, n_pooled, m_pooled)
            pooled_gold += _shift(gold_all, n_pooled, m_pooled)
            n_pooled, m_pooled = n_pooled + len(src_all), m_pooled + len(tgt_all)
            if seed != seeds[0]:
                continue
            start = time.perf_counter()
            beads = align_sentences(src_all, tgt_all, embedder, config=config, src_lang="en", tgt_lang="zh")
            sec = time.perf_counter() - start
            hyp = accept_diagonal([(b.src, b.tgt) for b in beads], diag_all)
            rows.append(_synthetic_row(f"{corpus} synthetic, {len(names)} docs concatenated, seed {seed}",
                                       len(src_all), len(tgt_all), scores(hyp, gold_all), sec))
        if len(seeds) > 1:
            rows.append(_synthetic_row(f"**{corpus} synthetic, per document, seeds {','.join(map(str, seeds))} pooled**",
                                       n_pooled, m_pooled, scores(pooled_hyp, pooled_gold), 0.0))
    return rows


SPLIT_MARKERS = ("; ", ", and ", ", but ", ", which ", ", while ")


def literary_cut(sentence: str, min_words: int = 4) -> tuple[str, str] | None:
    """Cut an English sentence in two at the most even ``SPLIT_MARKERS`` point, or None.

    The first part gets a final period; the second keeps the conjunction (not the comma or
    semicolon) and is capitalised. Both parts need ``min_words`` words.
    """
    best: tuple[int, str, str] | None = None
    for marker in SPLIT_MARKERS:
        at = sentence.find(marker)
        while at > 0:
            head = sentence[:at].rstrip() + "."
            tail = sentence[at + 2:].strip()
            n_head, n_tail = len(head.split()), len(tail.split())
            if n_head >= min_words and n_tail >= min_words and tail[0].isalpha():
                balance = abs(n_head - n_tail)
                if best is None or balance < best[0]:
                    best = (balance, head, tail[0].upper() + tail[1:])
            at = sentence.find(marker, at + 1)
    return None if best is None else (best[1], best[2])


def literary_split(docs: list[list[tuple[str, str]]], seed: int = 0, *, split: float = 0.5,
                   drop: float = 0.05) -> list[tuple[list[str], list[str], list[BeadIndices], list[BeadIndices]]]:
    """Split English sentences in two (gold 2-1, en first) and drop single sentences (1-0 / 0-1).

    Each line pair is re-split with ``split_sentences`` (a k-l unit is one gold bead). Of the 1-1
    units whose English can be cut (``literary_cut``), ``split`` are cut, Chinese unchanged; of the
    other 1-1 units, ``drop`` × the zh sentence count lose their zh sentence and as many (others)
    lose their en sentence. Returns ``(src, tgt, gold, diagonal)`` per document, as ``synthetic``.
    """
    rng = random.Random(seed)
    units = [[(split_sentences(e, "en") or [e], split_sentences(z, "zh") or [z]) for e, z in doc]
             for doc in docs]
    ones = [(d, u) for d, doc in enumerate(units) for u, (e, z) in enumerate(doc) if len(e) == len(z) == 1]
    cuttable = [key for key in ones if literary_cut(units[key[0]][key[1]][0][0])]
    cut = set(rng.sample(cuttable, round(split * len(cuttable))))
    rest = [key for key in ones if key not in cut]
    n_zh = sum(len(z) for doc in units for _, z in doc)
    n_en = sum(len(e) for doc in units for e, _ in doc)
    dropped = rng.sample(rest, round(drop * n_zh) + round(drop * n_en))
    drop_zh, drop_en = set(dropped[:round(drop * n_zh)]), set(dropped[round(drop * n_zh):])
    cases = []
    for d, doc in enumerate(units):
        src: list[str] = []
        tgt: list[str] = []
        gold: list[BeadIndices] = []
        for u, (e_sents, z_sents) in enumerate(doc):
            if (d, u) in cut:
                e_sents = list(literary_cut(e_sents[0]) or e_sents)
            s_ids = () if (d, u) in drop_en else tuple(range(len(src), len(src) + len(e_sents)))
            t_ids = () if (d, u) in drop_zh else tuple(range(len(tgt), len(tgt) + len(z_sents)))
            src += [] if (d, u) in drop_en else e_sents
            tgt += [] if (d, u) in drop_zh else z_sents
            gold.append((s_ids, t_ids))
        cases.append((src, tgt, gold, [(s, t) for s, t in gold if len(s) == len(t) > 1]))
    return cases


def split_table(embedder: Embedder, config: AlignConfig) -> list[str]:
    """``literary_split`` per document of each corpus (seed 0): strict/lax F1 and bead counts."""
    docs = _documents()
    rows = []
    for corpus in ("flores", "newstest"):
        names = sorted(d for d in docs if d.startswith(corpus))
        hyp_all: list[BeadIndices] = []
        gold_all: list[BeadIndices] = []
        n = m = 0
        start = time.perf_counter()
        for src, tgt, gold, diagonal in literary_split([docs[name] for name in names]):
            beads = align_sentences(src, tgt, embedder, config=config, src_lang="en", tgt_lang="zh")
            hyp_all += _shift(accept_diagonal([(b.src, b.tgt) for b in beads], diagonal), n, m)
            gold_all += _shift(gold, n, m)
            n, m = n + len(src), m + len(tgt)
        sec = time.perf_counter() - start
        s = scores(hyp_all, gold_all)
        counts = " | ".join(_bead_counts(hyp_all, gold_all, *shape) for shape in ((2, 1), (0, 1), (1, 0)))
        rows.append(f"| {corpus} literary split, per document ({len(names)} docs), seed 0 | {n}×{m} "
                    f"| {s['F1']:.3f} | {s['lF1']:.3f} | {counts} | {sec:.1f} |")
    return rows


def _bead_counts(hyp: list[BeadIndices], gold: list[BeadIndices], n_src: int, n_tgt: int) -> str:
    """"gold / predicted / exact" counts of the beads with ``n_src`` en and ``n_tgt`` zh sentences."""
    def shaped(beads: list[BeadIndices]) -> set[BeadIndices]:
        return {b for b in beads if len(b[0]) == n_src and len(b[1]) == n_tgt}

    g, h = shaped(gold), shaped(hyp)
    return f"{len(g)} / {len(h)} / {len(g & h)}"


def _shift(beads: list[BeadIndices], di: int, dj: int) -> list[BeadIndices]:
    return [(tuple(i + di for i in s), tuple(j + dj for j in t)) for s, t in beads]


def _synthetic_row(name: str, n: int, m: int, s: dict[str, float], sec: float) -> str:
    return (f"| {name} | {n}×{m} | {s['P']:.3f} | {s['R']:.3f} | {s['F1']:.3f} | {s['skips']} "
            f"| {s['skip_R']:.3f} | {s['skip_P']:.3f} | {sec:.1f} |")


class _VectorEmbedder:
    """Fake embedder for timing the alignment step alone: looks vectors up by text."""

    name = "precomputed"

    def __init__(self, table: dict[str, np.ndarray]) -> None:
        self.table = table

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.stack([self.table[t] for t in texts])


def _synthetic_vectors(n: int, rng: np.random.Generator, dim: int = 512) -> tuple[list[str], list[str], dict]:
    """Realistic-ish pairs: translation = source + noise (cos ≈ 0.7), 5 % zh skips/insertions, 1-2 splits."""
    src_v = rng.normal(size=(n, dim)).astype(np.float32)
    src = [f"s{i}" for i in range(n)]
    tgt: list[str] = []
    table: dict[str, np.ndarray] = {}
    tvecs: list[np.ndarray] = []
    for i in range(n):
        u = rng.random()
        if u < 0.05:
            continue
        if u < 0.10:
            tvecs.append(rng.normal(size=dim).astype(np.float32))
        if u < 0.15:
            for part in range(2):
                tvecs.append(src_v[i] * 0.7 + rng.normal(size=dim).astype(np.float32))
        else:
            tvecs.append(src_v[i] + 0.7 * rng.normal(size=dim).astype(np.float32))
    for j, v in enumerate(tvecs):
        tgt.append(f"t{j}")
    unit = lambda x: x / np.linalg.norm(x)  # noqa: E731
    for i, v in enumerate(src_v):
        table[src[i]] = unit(v)
    for j, v in enumerate(tvecs):
        table[tgt[j]] = unit(v)
    return src, tgt, table


class _SumEmbedder(_VectorEmbedder):
    """Overlap texts ("s1 s2") embed as the normalised sum of their sentences."""

    def encode(self, texts: list[str]) -> np.ndarray:
        rows = []
        for t in texts:
            parts = t.replace("t", " t").split()
            v = sum(self.table[p] for p in parts)
            rows.append(v / np.linalg.norm(v))
        return np.stack(rows).astype(np.float32)


def speed_table(sizes: list[int], config: AlignConfig) -> list[str]:
    rows = []
    rng = np.random.default_rng(0)
    for n in sizes:
        src, tgt, table = _synthetic_vectors(n, rng)
        emb = _SumEmbedder(table)
        start = time.perf_counter()
        beads = align_sentences(src, tgt, emb, config=config, src_lang="en", tgt_lang="en")
        sec = time.perf_counter() - start
        tracemalloc.start()  # a second run for memory: tracemalloc slows the per-row numpy loop
        align_sentences(src, tgt, emb, config=config, src_lang="en", tgt_lang="en")
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        links = sum(1 for b in beads if b.src and b.tgt)
        rows.append(f"| {n}×{len(tgt)} | {sec:.2f} | {peak / 2**20:.0f} | {links} |")
    return rows


def embed_table(config: AlignConfig, repeats: int = 3) -> list[str]:
    """Embedding every sentence of both sides once vs the whole alignment, each with a fresh cache.

    Each timing is the best of ``repeats`` runs (other jobs on the box only ever add time), and
    starts after a one-text warm-up of its fresh embedder (model loading and first call overheads
    are left out of both).
    """
    folder = DATA / "flores200-devtest-zhen"
    flores = (_lines(folder / "eng_Latn.devtest"), _lines(folder / "zho_Hans.devtest"))
    bible_folder = DATA / "bible-align-zhen"
    gold = parse_beads((bible_folder / "001.gold").read_text(encoding="utf-8"))[:2000]
    n_src = max(i for b in gold for i in b[0]) + 1
    n_tgt = max(j for b in gold for j in b[1]) + 1
    bible_slice = (_lines(bible_folder / "001.en")[:n_src], _lines(bible_folder / "001.zh")[:n_tgt])
    rows = []
    for name, (en, zh) in [("FLORES devtest joined, en→zh", flores),
                           ("bible001 first 2000 gold beads, en→zh", bible_slice)]:
        t_embed = t_align = float("inf")
        for _ in range(repeats):
            fresh = load_embedder(EmbedConfig())
            fresh.encode(["warm-up sentence"])
            start = time.perf_counter()
            fresh.encode(en + zh)
            t_embed = min(t_embed, time.perf_counter() - start)
            counting = _CountingEmbedder(load_embedder(EmbedConfig()))
            counting.encode(["warm-up sentence"])
            counting.texts = counting.composed = 0
            start = time.perf_counter()
            align_sentences(en, zh, counting, config=config, src_lang="en", tgt_lang="zh")
            t_align = min(t_align, time.perf_counter() - start)
        rows.append(f"| {name} | {len(en)}+{len(zh)} | {counting.texts} | {counting.composed} "
                    f"| {t_embed:.1f} | {t_align:.1f} | {t_align / t_embed:.2f} |")
    return rows


class _CountingEmbedder:
    """Counts the texts the model embeds and the overlaps it composes without a model pass."""

    def __init__(self, inner: CachedEmbedder) -> None:
        self.inner, self.name = inner, inner.name
        self.composes_overlaps = inner.composes_overlaps
        self.texts = self.composed = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.texts += len(texts)
        return self.inner.encode(texts)

    def encode_joined(self, groups: list[list[str]], joiner: str) -> np.ndarray:
        if not self.composes_overlaps:
            return self.encode([joiner.join(group) for group in groups])
        self.composed += len(groups)
        return self.inner.encode_joined(groups, joiner)


def _overrides(items: list[str]) -> dict[str, object]:
    """``["skip_scale=1.45"]`` → ``{"skip_scale": 1.45}``, typed like the AlignConfig field."""
    defaults = AlignConfig()
    out: dict[str, object] = {}
    for item in items:
        name, _, value = item.partition("=")
        out[name] = type(getattr(defaults, name))(value)
    return out


def _print_table(header: str, rows: Iterable[str]) -> None:
    """A Markdown table: the header, its rule, then each row as soon as it is measured."""
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for row in rows:
        print(row, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--synthetic-seeds", default="0,1,2",
                        help="seeds of the synthetic documents (rows per seed, then pooled)")
    parser.add_argument("--max-overlap", type=int, default=AlignConfig().max_overlap)
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        help="override an AlignConfig field, e.g. --set skip_scale=1.45 (repeatable)")
    parser.add_argument("--skip-bible", action="store_true")
    parser.add_argument("--skip-embed", action="store_true")
    parser.add_argument("--only", choices=["split"], help="run one set alone")
    args = parser.parse_args()
    config = replace(AlignConfig(max_overlap=args.max_overlap), **_overrides(args.set))
    embedder = load_embedder(EmbedConfig())
    print(f"config: {config}\nmodel: {embedder.name}\n")
    _print_table("| data | sentences | strict F1 | lax F1 | 2-1 (en 2 : zh 1), gold / pred / exact "
                 "| 0-1 (en dropped), gold / pred / exact | 1-0 (zh dropped), gold / pred / exact | s |",
                 split_table(embedder, config))
    print()
    if args.only == "split":
        return
    if not args.skip_bible:
        _print_table("| data | sentences | strict P | strict R | strict F1 | lax P | lax R | lax F1 | s |",
                     bible(embedder, config))
        print()
        _print_table("| untranslated passage (Bible, 1500 en verses) | verses | zh lines removed "
                     "| found as 1-0, banded | found as 1-0, full DP |", passage_table(embedder, config))
        print()
    print("| data | sentences | P | R | F1 | gold skips | skip R | skip P | s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for row in synthetic_table(embedder, config, [int(x) for x in args.synthetic_seeds.split(",")]):
        print(row, flush=True)
    print("\nAlignment step alone (precomputed vectors):\n")
    print("| sentences | s | peak MiB (tracemalloc) | links |")
    print("|---|---|---|---|")
    for row in speed_table([int(x) for x in args.sizes.split(",")], config):
        print(row, flush=True)
    if not args.skip_embed:
        print("\n| data | sentences | texts the model embeds | overlaps composed | embed all once, s "
              "(best of 3) | whole alignment, s (best of 3) | ratio |")
        print("|---|---|---|---|---|---|---|")
        for row in embed_table(config):
            print(row, flush=True)


if __name__ == "__main__":
    main()
