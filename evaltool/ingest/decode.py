"""Read a text file whatever its encoding, or refuse it with one clear message.

Supported: UTF-8 (with or without BOM), UTF-16/UTF-32 with BOM, GB18030 (a superset of
GBK and GB2312) and Big5. Byte-order marks and a strict UTF-8 decode settle most files;
the rest are ranked by charset-normalizer and then checked here, because detectors often
confuse the Chinese legacy encodings: Big5 bytes nearly always decode as GB18030 too, only
into rare characters. The winner must read mostly as common Chinese characters, Latin text
and punctuation, not mojibake.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes
from charset_normalizer.constant import FREQUENCIES

from ..core import is_han
from ..errors import InputError
from .limits import check_count

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (or .docx/.xlsx)"),
    (b"\x1f\x8b", "a gzip archive"),
)
_LEGACY = ("gb18030", "big5")
# charset-normalizer names that mean one of the legacy candidates.
_LEGACY_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "big5": "big5"}
_SNIFF_BYTES = 65_536
# The most frequent Chinese characters (charset-normalizer's list) and their traditional forms.
_FREQUENT_HAN = frozenset(FREQUENCIES["Chinese"]) | frozenset("這個們來為國說時會對過發後裡麼經學現當沒動還進樣開實從種與於")
# Share of control bytes (other than tab, newlines, form feed, escape) above which a file is binary.
_MAX_CONTROL_SHARE = 0.05
# Share of non-ASCII characters that must be "expected" for a legacy decode to be accepted.
_MIN_PLAUSIBLE_SHARE = 0.8


def read_text(path: Path, *, max_bytes: int, max_lines: int | None = None) -> tuple[str, str]:
    """Return the file's text (newlines normalised to \\n, BOM stripped) and the encoding used.

    Raises InputError for a missing path, a directory, a file over ``max_bytes`` or over
    ``max_lines`` lines, an empty or binary file, and text in none of the supported encodings.
    The file is only read.
    """
    data = _read_bytes(Path(path), max_bytes=max_bytes)
    text, encoding = _decode(data, path=path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{path} contains only whitespace: nothing to evaluate")
    if max_lines is not None:
        check_count(str(path), text.count("\n") + (not text.endswith("\n")), limit=max_lines)
    return text, encoding


def _read_bytes(path: Path, *, max_bytes: int) -> bytes:
    if not path.exists():
        raise InputError(f"file not found: {path}")
    if path.is_dir():
        raise InputError(f"{path} is a directory: give a text file (folders are read by `evaltool run PATH`)")
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            f"{path} is {size:,} bytes, over the {max_bytes:,}-byte limit; "
            "split it or raise ingest.max_file_bytes in the config"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    if not data:
        raise InputError(f"{path} is empty: nothing to evaluate")
    return data


def _decode(data: bytes, *, path: Path) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding.removesuffix("-sig"))
            except UnicodeDecodeError:
                raise InputError(f"{path} starts with a {encoding} byte-order mark but is not valid {encoding}") from None
            return text, encoding
    _refuse_binary(data, path=path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data, path=path)


def _refuse_binary(data: bytes, *, path: Path) -> None:
    """Raise InputError when the bytes look like a binary file rather than text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{path} is {kind}, not text: export it as a plain-text file")
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        raise InputError(
            f"{path} is a binary file (it contains NUL bytes); if it is UTF-16 text, save it with a byte-order mark or as UTF-8"
        )
    controls = sum(1 for byte in head if byte < 0x20 and byte not in b"\t\n\r\f\x1b")
    if controls > _MAX_CONTROL_SHARE * len(head):
        raise InputError(f"{path} is a binary file (many control bytes), not text")


def _decode_legacy(data: bytes, *, path: Path) -> tuple[str, str]:
    """Decode with the most plausible legacy Chinese encoding, or raise InputError."""
    scored = []
    for rank, encoding in enumerate(_legacy_candidates(data)):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:_SNIFF_BYTES]
        scored.append((_plausibility(sample, encoding=encoding), _frequent_share(sample), -rank, text, encoding))
    if not scored or max(scored)[0] < _MIN_PLAUSIBLE_SHARE:
        raise InputError(
            f"{path} is not text in a supported encoding (UTF-8, UTF-16 with BOM, GB18030/GBK, Big5); "
            "re-save it as UTF-8"
        )
    _, _, _, text, encoding = max(scored)
    return text, encoding


def _legacy_candidates(data: bytes) -> list[str]:
    """GB18030 and Big5, in the order charset-normalizer finds them likely."""
    guesses = from_bytes(data[:_SNIFF_BYTES], cp_isolation=["gb18030", "gbk", "gb2312", "big5"])
    ranked = [_LEGACY_ALIASES[m.encoding] for m in guesses if m.encoding in _LEGACY_ALIASES]
    return list(dict.fromkeys([*ranked, *_LEGACY]))


def _plausibility(text: str, *, encoding: str) -> float:
    """Share of non-ASCII characters that real text in ``encoding`` would use.

    Simplified Chinese is almost all GB2312 and traditional Chinese almost all Big5 level 1
    (plus symbols), while one encoding's bytes read as the other land in rare characters,
    kana, box drawing or private-use code points.
    """
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide:
        return 1.0
    if encoding == "gb18030":  # GBK also carries traditional characters
        return sum(1 for ch in wide if _is_common_gb(ch) or _is_common_big5(ch)) / len(wide)
    return sum(1 for ch in wide if _is_common_big5(ch)) / len(wide)


def _frequent_share(text: str) -> float:
    """Share of Han characters among the most frequent ones: breaks ties on short texts."""
    han = [ch for ch in text if is_han(ch)]
    return sum(1 for ch in han if ch in _FREQUENT_HAN) / len(han) if han else 0.0


def _is_common_gb(ch: str) -> bool:
    try:
        lead = ch.encode("gb2312")[0]
    except UnicodeEncodeError:
        return False
    return lead <= 0xA3 or lead == 0xA8 or lead >= 0xB0  # symbols, pinyin, hanzi (not kana or box drawing)


def _is_common_big5(ch: str) -> bool:
    try:
        code = int.from_bytes(ch.encode("big5"), "big")
    except UnicodeEncodeError:
        return False
    return 0xA140 <= code <= 0xA3BF or 0xA440 <= code <= 0xC67E  # symbols, level-1 characters
