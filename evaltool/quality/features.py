"""Reference-free features of one translated segment pair (zh↔en) for the learned ``quality`` score.

Every feature is cheap next to the embedding itself and needs no reference. (The word links of
``wordcover``, by word vectors, were left out: they cost more than embedding the sentences;
benchmarks/README.md.)

``cos_usem3``
    cosine of source and target under the default bundled model.
``length_dev``
    log(English words / Chinese characters) against the zh–en norm of DetectConfig
    (``partial_length_log_ratio`` ± ``partial_length_sd``), in deviations, signed so that
    negative = target shorter than its source warrants (an omission), whatever the direction.
``src_size``
    log(1 + source size in Chinese characters or English words): long segments carry more errors.
``tgt_repeat``
    share of the target's word trigrams that repeat an earlier one (a looping, hallucinated output).
``punct_diff``
    how many question/exclamation marks, quotes and brackets differ between source and target.
``dict_cover``
    share of the source's content words (``wordcover.is_content``) that CC-CEDICT finds in the
    target: a Chinese word one of whose gloss words (stemmed) is in the English side, an English
    word whose stem glosses some word of the Chinese side. Dictionary only, no word vectors.
``flag_negation``, ``flag_numbers``, ``flag_entity``, ``flag_untranslated``
    counts of evaltool's rule detectors' flags on the pair (see :func:`rule_flags`).

``cos_e5`` (last, in E5_FEATURES only)
    cosine under multilingual-e5-small (extra ``e5``): reads meaning better, but embeds an order of
    magnitude slower, so the default model does without it.

A missing value (an empty side) is NaN, which the model handles as missing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..config import DetectConfig
from ..core import HAN
from ..detectors import dictionaries, wordcover
from ..detectors.base import DetectionContext, text_size
from ..detectors.registry import run_detectors
from ..embed.base import Embedder
from ..records import Bead

RULE_DETECTORS = ("negation", "number", "entity", "untranslated")
FEATURES: tuple[str, ...] = (
    "cos_usem3", "length_dev", "src_size", "tgt_repeat", "punct_diff", "dict_cover",
    "flag_negation", "flag_numbers", "flag_entity", "flag_untranslated",  # as the shipped models name them
)
E5_FEATURES: tuple[str, ...] = (*FEATURES, "cos_e5")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_LATIN = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# Kinds of sign that a translation keeps: either script's form counts as one kind.
_PUNCT = tuple(re.compile(p) for p in (r"[?？]", r"[!！]", r"[\"“”「」『』]", r"[()（）\[\]【】]"))


@dataclass(frozen=True)
class Pair:
    """One source segment and its translation; languages are "zh" and "en" (either way round)."""

    src: str
    tgt: str
    src_lang: str = "zh"
    tgt_lang: str = "en"


def cosines(src_vectors: np.ndarray, tgt_vectors: np.ndarray) -> np.ndarray:
    """Row-wise cosine of L2-normalised vectors."""
    return np.einsum("ij,ij->i", src_vectors, tgt_vectors).astype(np.float64)


def length_deviation(pair: Pair, config: DetectConfig) -> float:
    """Deviations of log(en words / zh chars) from the norm, negative = target short; NaN if a side is empty."""
    zh, en = (pair.src, pair.tgt) if pair.src_lang == "zh" else (pair.tgt, pair.src)
    zh_chars, en_words = text_size(zh, "zh"), text_size(en, "en")
    if zh_chars == 0 or en_words == 0:
        return math.nan
    z = (math.log(en_words / zh_chars) - config.partial_length_log_ratio) / config.partial_length_sd
    return z if pair.src_lang == "zh" else -z


def source_size(pair: Pair) -> float:
    """log(1 + source length in its unit: Chinese characters or English words)."""
    return math.log1p(text_size(pair.src, pair.src_lang))


def target_repetition(pair: Pair) -> float:
    """Share of the target's word (en) or character (zh) trigrams that occurred earlier in it."""
    units = _WORD.findall(pair.tgt.lower()) if pair.tgt_lang == "en" else HAN.findall(pair.tgt)
    grams = list(zip(units, units[1:], units[2:]))
    return (len(grams) - len(set(grams))) / len(grams) if grams else 0.0


def punctuation_difference(pair: Pair) -> float:
    """Differences in the count of each kind of question/exclamation mark, quote and bracket."""
    return float(sum(abs(len(kind.findall(pair.src)) - len(kind.findall(pair.tgt))) for kind in _PUNCT))


def dictionary_cover(pair: Pair) -> float:
    """Share of the source's content words with a dictionary translation in the target; NaN without any."""
    if pair.src_lang == "zh":
        words = [w for w in dictionaries.segment(pair.src) if wordcover.is_content(w, "zh")]
        stems = {wordcover.stem(w) for w in _LATIN.findall(pair.tgt)}
        found = [bool(wordcover.gloss_stems(w) & stems) for w in words]
    else:
        words = [w for w in _LATIN.findall(pair.src) if wordcover.is_content(w, "en")]
        glossed = set().union(*(wordcover.gloss_stems(w) for w in dictionaries.segment(pair.tgt)))
        found = [wordcover.stem(w) in glossed for w in words]
    return float(np.mean(found)) if found else math.nan


def rule_flags(pairs: Sequence[Pair], config: DetectConfig) -> np.ndarray:
    """Flags per pair (rows) of each of RULE_DETECTORS (columns), every severity counted once.

    The pairs of one language direction form one context of 1-1 beads, as in ``check_pairs``;
    the rule detectors read only each bead's own text, so the grouping does not change them.
    """
    counts = np.zeros((len(pairs), len(RULE_DETECTORS)))
    column = {name: j for j, name in enumerate(RULE_DETECTORS)}
    for langs in sorted({(p.src_lang, p.tgt_lang) for p in pairs}):
        rows = [i for i, p in enumerate(pairs) if (p.src_lang, p.tgt_lang) == langs]
        beads = tuple(Bead((k,), (k,)) for k in range(len(rows)))
        ctx = DetectionContext(
            src=tuple(pairs[i].src for i in rows), tgt=tuple(pairs[i].tgt for i in rows), beads=beads,
            src_lang=langs[0], tgt_lang=langs[1], config=config,
        )
        for name in RULE_DETECTORS:
            for flag in run_detectors(ctx, names=[name]):
                counts[rows[flag.bead], column[name]] += 1
    return counts


def feature_matrix(
    pairs: Sequence[Pair],
    *,
    usem3: Embedder,
    e5: Embedder | None = None,
    config: DetectConfig | None = None,
) -> np.ndarray:
    """The FEATURES (with ``e5``: E5_FEATURES) of each pair, one row per pair (float64; NaN = missing)."""
    config = config or DetectConfig()
    names = FEATURES if e5 is None else E5_FEATURES
    if not pairs:
        return np.zeros((0, len(names)))
    src, tgt = [p.src for p in pairs], [p.tgt for p in pairs]
    columns = [
        cosines(usem3.encode(src), usem3.encode(tgt)),
        np.array([length_deviation(p, config) for p in pairs]),
        np.array([source_size(p) for p in pairs]),
        np.array([target_repetition(p) for p in pairs]),
        np.array([punctuation_difference(p) for p in pairs]),
        np.array([dictionary_cover(p) for p in pairs]),
    ]
    columns.append(rule_flags(pairs, config))
    if e5 is not None:
        columns.append(cosines(e5.encode(src), e5.encode(tgt)))
    return np.column_stack(columns)
