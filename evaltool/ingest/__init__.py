"""Readers that turn input files into Documents: decoding, language id, boilerplate, plain text."""

from .boilerplate import boilerplate_reason
from .decode import read_text
from .documents import doc_id_for, load_document, load_document_parts
from .langid import SUPPORTED_LANGS, check_lang, detect_lang

__all__ = [
    "SUPPORTED_LANGS",
    "boilerplate_reason",
    "check_lang",
    "detect_lang",
    "doc_id_for",
    "load_document",
    "load_document_parts",
    "read_text",
]
