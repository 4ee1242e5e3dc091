"""Readers that turn input files into Documents (decoding, language id, boilerplate, plain text) and
pre-aligned localization files (XLIFF, TMX, TSV/CSV, JSONL) into SegmentFiles."""

from ..core import SUPPORTED_LANGS
from .boilerplate import boilerplate_reason
from .decode import read_text
from .documents import doc_id_for, load_document, load_document_parts
from .langid import check_lang, detect_lang
from .segments import SEGMENT_SUFFIXES, is_segment_file, read_segments
from .tabular import read_jsonl_segments, read_tabular
from .tmx import read_tmx
from .units import Segment, SegmentFile
from .xliff import read_xliff

__all__ = [
    "SEGMENT_SUFFIXES",
    "SUPPORTED_LANGS",
    "Segment",
    "SegmentFile",
    "boilerplate_reason",
    "check_lang",
    "detect_lang",
    "doc_id_for",
    "is_segment_file",
    "load_document",
    "load_document_parts",
    "read_jsonl_segments",
    "read_segments",
    "read_tabular",
    "read_text",
    "read_tmx",
    "read_xliff",
]
