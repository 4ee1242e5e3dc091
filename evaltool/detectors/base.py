"""What every detector receives: the aligned document plus thresholds.

Detectors are plain functions ``(DetectionContext) -> list[Flag]`` so each one can be
tested alone on a hand-made context, without embedding or alignment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..codes import strip_codes
from ..config import DetectConfig
from ..core import CRITICAL, HAN, HAN_WEIGHT, MAJOR, MINOR, SEVERITIES, join, text_size
from ..records import Bead

__all__ = ["CRITICAL", "MAJOR", "MINOR", "SEVERITIES", "DetectionContext", "is_short", "is_untranslated",
           "source_script_share", "text_size"]


@dataclass(frozen=True)
class DetectionContext:
    """Source and target sentences, the monotone alignment over them, and the settings.

    1-0 beads have an empty ``tgt``, 0-1 beads an empty ``src``; ``src_lang`` and
    ``tgt_lang`` are "zh" or "en" in either direction. Data only (it pickles): a detector that
    needs vectors asks for them as a stage (``evaltool.embed.requests``).
    """

    src: tuple[str, ...]
    tgt: tuple[str, ...]
    beads: tuple[Bead, ...]
    src_lang: str
    tgt_lang: str
    config: DetectConfig = field(default_factory=DetectConfig)

    def src_text(self, bead: Bead, *, codes: bool = False) -> str:
        """The bead's source sentences joined as the language writes them; the markers of
        XLIFF/TMX inline codes (``⟦ph:1⟧``, see ``evaltool.codes``) are removed unless ``codes``."""
        text = join((self.src[i].strip() for i in bead.src), self.src_lang)
        return text if codes else strip_codes(text)

    def tgt_text(self, bead: Bead, *, codes: bool = False) -> str:
        """The bead's target sentences joined as the language writes them; code markers as in ``src_text``."""
        text = join((self.tgt[i].strip() for i in bead.tgt), self.tgt_lang)
        return text if codes else strip_codes(text)

    def paired(self) -> list[tuple[int, Bead]]:
        """Beads with at least one sentence on both sides, with their indices."""
        return [(i, b) for i, b in enumerate(self.beads) if b.src and b.tgt]

    def translated(self) -> list[tuple[int, Bead]]:
        """Paired beads whose target is not left in the source language.

        A target copied from its source is one ``untranslated`` flag; the meaning checks
        (negation, numbers, words, similarity) would only add noise about it.
        """
        if self.src_lang == self.tgt_lang:
            return self.paired()
        return [
            (i, b) for i, b in self.paired() if not is_untranslated(self.tgt_text(b), self.src_lang, self.config)
        ]


_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def source_script_share(text: str, *, src_lang: str) -> tuple[float, int]:
    """(share of the text's weighted letters in the source language's script, those letters).

    Names and acronyms legitimately stay in Latin script inside Chinese text ("FTIR",
    "Fisk University"), so for an English source only lower-case Latin words count; an
    untranslated English sentence is mostly lower-case function and content words. For a
    Chinese source every Han character counts, weighted by ``HAN_WEIGHT`` letters because a
    Chinese character carries about as much text as three English letters.
    """
    han = HAN_WEIGHT * len(HAN.findall(text))
    words = _LATIN_WORD.findall(text)
    latin = sum(len(w) for w in words)
    if src_lang == "en":
        foreign = sum(len(w) for w in words if w[0].islower())
        total = han + foreign
    else:
        foreign, total = han, han + latin
    return (foreign / total if total else 0.0), foreign


def is_untranslated(text: str, src_lang: str, config: DetectConfig) -> bool:
    """True when ``text`` is (almost) wholly written in the source language."""
    share, letters = source_script_share(text, src_lang=src_lang)
    return share >= config.untranslated_whole_share and letters >= config.untranslated_min_letters


def is_short(text: str, lang: str, config: DetectConfig) -> bool:
    """True for fragments (captions, bylines) whose loss matters less: under the config's size."""
    limit = config.short_zh_chars if lang == "zh" else config.short_words
    return text_size(text, lang) < limit
