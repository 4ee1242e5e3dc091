"""What every detector receives: the aligned document plus thresholds.

Detectors are plain functions ``(DetectionContext) -> list[Flag]`` so each one can be
tested alone on a hand-made context, without embedding or alignment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..config import DetectConfig
from ..records import Bead

if TYPE_CHECKING:
    from ..embed import Embedder

CRITICAL = "critical"
MAJOR = "major"
MINOR = "minor"
SEVERITIES = (CRITICAL, MAJOR, MINOR)

_JOINERS = {"zh": "", "en": " "}


@dataclass(frozen=True)
class DetectionContext:
    """Source and target sentences, the monotone alignment over them, and the settings.

    1-0 beads have an empty ``tgt``, 0-1 beads an empty ``src``; ``src_lang`` and
    ``tgt_lang`` are "zh" or "en" in either direction. ``embedder`` (optional) lets a
    detector embed words or edited sentences; without it such checks are skipped.
    """

    src: tuple[str, ...]
    tgt: tuple[str, ...]
    beads: tuple[Bead, ...]
    src_lang: str
    tgt_lang: str
    config: DetectConfig = field(default_factory=DetectConfig)
    embedder: Embedder | None = None

    def src_text(self, bead: Bead) -> str:
        """The bead's source sentences joined as the language writes them."""
        return _join((self.src[i] for i in bead.src), self.src_lang)

    def tgt_text(self, bead: Bead) -> str:
        """The bead's target sentences joined as the language writes them."""
        return _join((self.tgt[i] for i in bead.tgt), self.tgt_lang)

    def paired(self) -> list[tuple[int, Bead]]:
        """Beads with at least one sentence on both sides, with their indices."""
        return [(i, b) for i, b in enumerate(self.beads) if b.src and b.tgt]


def _join(sentences: Iterable[str], lang: str) -> str:
    return _JOINERS.get(lang, " ").join(s.strip() for s in sentences)


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def text_size(text: str, lang: str) -> int:
    """Length in the unit that makes sense for the language: Han characters or words."""
    if lang == "zh":
        return len(_HAN.findall(text))
    return len(_WORD.findall(text))


def is_short(text: str, lang: str, config: DetectConfig) -> bool:
    """True for fragments (captions, bylines) whose loss matters less: under the config's size."""
    limit = config.short_zh_chars if lang == "zh" else config.short_words
    return text_size(text, lang) < limit
