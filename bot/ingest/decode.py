"""Bytes → text: size limit, binary detection, encodings (UTF-8, UTF-16, cp1252, Latin-1)."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from bot.ingest.errors import IngestError

SNIFF_BYTES = 8192
# Control characters that never occur in text (tab, newlines, form feed are fine).
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile("[\u00a0\u202f\u2007\u2009\u3000]")


def read_document(path: Path, max_bytes: int) -> str:
    """The text of a file, or :class:`IngestError` with a one-line reason."""
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(source, f"cannot read file ({exc.strerror or exc})") from exc
    if size == 0:
        raise IngestError(source, "empty file")
    if size > max_bytes:
        raise IngestError(
            source, f"file too large ({size / 1_048_576:.1f} MB, limit {max_bytes // 1_048_576} MB)"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(source, f"cannot read file ({exc.strerror or exc})") from exc
    return decode_bytes(data, source)


def decode_bytes(data: bytes, source: str) -> str:
    """Decode a document; binary data is refused, legacy 8-bit encodings are accepted."""
    if not data.strip():
        raise IngestError(source, "empty file")
    text = _decode_with_bom(data)
    if text is None:
        if looks_binary(data):
            raise IngestError(source, "binary file, not text")
        text = _decode_8bit(data)
    return normalize_text(text)


def looks_binary(data: bytes) -> bool:
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        return True
    controls = len(_CONTROL.findall(head))
    return controls > max(2, len(head) // 100)


def _decode_with_bom(data: bytes) -> str | None:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")


def _decode_8bit(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    if len(_UTF8_SEQUENCE.findall(data)) >= 5 * broken:
        return text  # UTF-8 with a few damaged bytes, not a legacy encoding
    try:
        return data.decode("cp1252")  # Windows French text: curly quotes, œ, €…
    except UnicodeDecodeError:
        return data.decode("latin-1")  # never fails


def normalize_text(text: str) -> str:
    """Unix newlines, plain spaces for the no-break ones, no invisible characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _SPACES.sub(" ", _INVISIBLE.sub("", text))
