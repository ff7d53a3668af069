"""Bytes → text: size limits, binary detection, encodings (UTF-8, UTF-16, cp1252, Latin-1)."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from bot.ingest.errors import IngestError

#: Longer article bodies are refused: spaCy's parser needs ~1 GB per 100k characters at
#: worst, and a long news article is ~50k characters.
MAX_ARTICLE_CHARS = 200_000
#: UTF-8 spends at most 4 bytes on a character: a bigger text file cannot hold an article.
MAX_BYTES_PER_CHAR = 4
READ_CHUNK = 1 << 16
SNIFF_BYTES = 8192
# Control characters that never occur in text (tab, newlines, form feed are fine).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0e, 0x20), 0x7f])
_CONTROL_TEXT = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
#: Text may carry a few stray control bytes (removed); more than this share means binary.
MAX_CONTROL_SHARE = 0.01
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile("[\u00a0\u202f\u2007\u2009\u3000]")


def text_file_limit(max_bytes: int) -> int:
    """The most bytes a text or Markdown file may have: enough for the longest article."""
    return min(max_bytes, MAX_ARTICLE_CHARS * MAX_BYTES_PER_CHAR)


def read_document(path: Path, max_bytes: int) -> str:
    """The text of a file, or :class:`IngestError` with a one-line reason.

    The size is checked before the file is opened, and no more than ``max_bytes + 1`` bytes
    are ever read (a file may grow after the check)."""
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(source, f"cannot read file ({exc.strerror or exc})") from exc
    if size == 0:
        raise IngestError(source, "empty file")
    if size > max_bytes:
        raise too_large(source, size, max_bytes)
    data = read_at_most(path, max_bytes)
    if len(data) > max_bytes:
        raise too_large(source, len(data), max_bytes, at_least=True)
    return decode_bytes(data, source)


def read_at_most(path: Path, max_bytes: int) -> bytes:
    """The first ``max_bytes + 1`` bytes of a file at most, read in chunks."""
    chunks: list[bytes] = []
    wanted = max_bytes + 1
    try:
        with path.open("rb") as handle:
            while wanted > 0:
                chunk = handle.read(min(READ_CHUNK, wanted))
                if not chunk:
                    break
                chunks.append(chunk)
                wanted -= len(chunk)
    except OSError as exc:
        raise IngestError(str(path), f"cannot read file ({exc.strerror or exc})") from exc
    return b"".join(chunks)


def too_large(source: str, size: int, limit: int, at_least: bool = False) -> IngestError:
    shown, allowed = _size(size), _size(limit)
    if shown == allowed:  # just over: the rounded sizes would read the same
        shown, allowed = f"{size:,} bytes", f"{limit:,} bytes"
    more = "over " if at_least else ""
    suffix = Path(source).suffix.lower()
    kind = f"a {suffix} file" if suffix else "such a file"
    return IngestError(
        source,
        f"file too large ({more}{shown}, limit {allowed} for {kind}; "
        f"an article has at most {MAX_ARTICLE_CHARS:,} characters)",
    )


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{n / 1000:.0f} kB"


def decode_bytes(data: bytes, source: str) -> str:
    """Decode a document; binary data is refused, legacy 8-bit encodings are accepted,
    a few stray control bytes are removed."""
    if not data.strip():
        raise IngestError(source, "empty file")
    text = _decode_with_bom(data)
    if text is None:
        if looks_binary(data):
            raise IngestError(source, "binary file, not text")
        text = _decode_8bit(data)
    return normalize_text(_CONTROL_TEXT.sub("", text))


def looks_binary(data: bytes) -> bool:
    """Binary when any 8 kB block has more control bytes (NUL included) than a few stray
    ones: more than 2, and more than 1% of the block."""
    for start in range(0, len(data), SNIFF_BYTES):
        block = data[start:start + SNIFF_BYTES]
        controls = len(block) - len(block.translate(None, _CONTROL_BYTES))
        if controls > max(2, int(len(block) * MAX_CONTROL_SHARE)):
            return True
    return False


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
