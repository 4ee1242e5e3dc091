"""Folder mode: find which documents translate each other.

A bilingual file pairs its own two parts; files whose names differ only by a language
tag (``news.zh.txt`` / ``news.en.txt``) pair by name — first within one folder, then, for the
names left, across folders; the rest pair by content — the mean, over the shorter document's
sentences, of the best cross-lingual match in the other (equal scores: same folder first).

A tree of vendor folders (``didi/doc01.zh.txt``, ``didi/doc01.en.txt``, ``niutrans/doc01.zh.txt``,
…) thus pairs every source with the translation in its own folder.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Mapping, Sequence

import numpy as np

from .config import Config
from .embed.requests import Needs, vectors_by_text
from .records import Document, DocumentPair

Vectors = Mapping[str, np.ndarray]


def content_similarity(a: Document, b: Document, *, vectors: Vectors) -> float:
    """Mean best-match cosine of the shorter document's sentences in the longer one."""
    short, long_ = sorted((a, b), key=lambda d: len(d.sentences))
    if not short.sentences:
        return 0.0
    sims = np.stack([vectors[t] for t in short.texts]) @ np.stack([vectors[t] for t in long_.texts]).T
    return float(np.mean(sims.max(axis=1)))


def pair_documents(
    docs: Sequence[Document], *, config: Config
) -> Needs[tuple[list[DocumentPair], list[Document]]]:
    """Split documents into (source, target) pairs and documents left without a counterpart; a stage
    that asks for the sentence vectors of the documents left to pair by content."""
    src_lang, tgt_lang = config.src_lang, config.tgt_lang
    pairs: list[DocumentPair] = []
    left: list[Document] = []
    for group in _group_by(docs, key=lambda d: d.source).values():
        by_lang = {d.lang: d for d in group}
        if src_lang in by_lang and tgt_lang in by_lang:
            pairs.append(DocumentPair(by_lang[src_lang].doc_id, by_lang[src_lang], by_lang[tgt_lang]))
            left.extend(d for d in group if d.lang not in (src_lang, tgt_lang))
        else:
            left.extend(group)

    named, left = _pair_by_name(left, src_lang=src_lang, tgt_lang=tgt_lang)
    pairs.extend(named)
    by_content, left = yield from _pair_by_content(left, config=config)
    pairs.extend(by_content)
    return pairs, left


def _group_by(docs: Sequence[Document], *, key) -> dict:
    groups: dict = defaultdict(list)
    for doc in docs:
        groups[key(doc)].append(doc)
    return groups


def folder_of(doc: Document) -> str:
    """The folder of the file a document was read from ("" when it has no file)."""
    return os.path.dirname(doc.source)


def _pair_by_name(
    docs: list[Document], *, src_lang: str, tgt_lang: str
) -> tuple[list[DocumentPair], list[Document]]:
    """Same name, one source and one target: first in the same folder, then across folders."""
    same_folder, left = _pair_by_key(
        docs, key=lambda d: (folder_of(d), d.doc_id), src_lang=src_lang, tgt_lang=tgt_lang
    )
    across, left = _pair_by_key(left, key=lambda d: d.doc_id, src_lang=src_lang, tgt_lang=tgt_lang)
    return same_folder + across, left


def _pair_by_key(
    docs: list[Document], *, key, src_lang: str, tgt_lang: str
) -> tuple[list[DocumentPair], list[Document]]:
    pairs: list[DocumentPair] = []
    left: list[Document] = []
    for group in _group_by(docs, key=key).values():
        srcs = [d for d in group if d.lang == src_lang]
        tgts = [d for d in group if d.lang == tgt_lang]
        if len(srcs) == 1 and len(tgts) == 1:
            pairs.append(DocumentPair(srcs[0].doc_id, srcs[0], tgts[0]))
            left.extend(d for d in group if d not in (srcs[0], tgts[0]))
        else:
            left.extend(group)
    return pairs, left


def _pair_by_content(
    docs: list[Document], *, config: Config
) -> Needs[tuple[list[DocumentPair], list[Document]]]:
    srcs = [d for d in docs if d.lang == config.src_lang]
    tgts = [d for d in docs if d.lang == config.tgt_lang]
    if not srcs or not tgts:
        return [], docs
    vectors = yield from vectors_by_text(t for d in (*srcs, *tgts) for t in d.texts)
    candidates = sorted(
        (
            (content_similarity(s, t, vectors=vectors), folder_of(s) != folder_of(t), i, j)
            for i, s in enumerate(srcs)
            for j, t in enumerate(tgts)
        ),
        key=lambda c: (-c[0], c[1], c[2], c[3]),
    )
    used_src: set[int] = set()
    used_tgt: set[int] = set()
    pairs = []
    for score, _, i, j in candidates:
        if score < config.align.pair_min_similarity or i in used_src or j in used_tgt:
            continue
        used_src.add(i)
        used_tgt.add(j)
        pairs.append(DocumentPair(srcs[i].doc_id, srcs[i], tgts[j]))
    paired = {id(srcs[i]) for i in used_src} | {id(tgts[j]) for j in used_tgt}
    return pairs, [d for d in docs if id(d) not in paired]
