"""Which text encoding a CSV file is in: UTF-8 (with or without BOM) or Shift_JIS as Excel writes it.

The standard asks for UTF-8; files saved from Excel on Windows are CP932, Microsoft's superset of
Shift_JIS (①, ㈱, 髙). Each candidate is decoded in 1 MiB steps so that a large file is never
held twice in memory. A file that is mostly valid UTF-8 with a broken byte is reported as broken
UTF-8 at that line, not guessed to be Shift_JIS. For anything else charset_normalizer names the
likely encoding for the message, and tells EUC-JP from CP932 when both decode.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

UTF8 = "utf-8"
UTF8_BOM = "utf-8-sig"
CP932 = "cp932"

_CHUNK = 1 << 20
_SNIFF = 1 << 16
_SHIFT_JIS_NAMES = frozenset({"cp932", "shift_jis", "shift_jis_2004", "shift_jisx0213"})


class UndecodableText(ValueError):
    """The bytes are not text in a supported encoding.

    code is "not_text" (NUL bytes: a spreadsheet or other binary file, or UTF-16), "invalid_utf8"
    (UTF-8 with a broken byte at line) or "unsupported_encoding" (guess names what it may be).
    """

    def __init__(self, code: str, *, line: int | None = None, guess: str | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.line = line
        self.guess = guess


@dataclass(frozen=True)
class _Failure:
    offset: int
    after_non_ascii: bool  # valid non-ASCII text was decoded before the failure


def detect_encoding(data: bytes) -> str:
    """UTF8, UTF8_BOM or CP932. Raises UndecodableText."""
    if b"\x00" in data[:_SNIFF]:
        raise UndecodableText("not_text")
    if data.startswith(codecs.BOM_UTF8):
        failure = _first_failure(data, UTF8, start=len(codecs.BOM_UTF8))
        if failure is not None:
            raise UndecodableText("invalid_utf8", line=_line_of(data, failure.offset))
        return UTF8_BOM
    failure = _first_failure(data, UTF8)
    if failure is None:
        return UTF8
    cp932 = _first_failure(data, CP932) is None
    if failure.after_non_ascii:
        # Mostly UTF-8 with a broken byte, unless Shift_JIS text began with bytes that happen to
        # be valid UTF-8 (half-width katakana pairs such as ｽﾄ are).
        if cp932 and _guess(data) in _SHIFT_JIS_NAMES:
            return CP932
        raise UndecodableText("invalid_utf8", line=_line_of(data, failure.offset))
    if cp932:
        # EUC-JP text also decodes as CP932 (as half-width katakana); the reverse is rare.
        if _first_failure(data, "euc_jp") is None and "euc" in (_guess(data) or ""):
            raise UndecodableText("unsupported_encoding", guess="EUC-JP")
        return CP932
    raise UndecodableText("unsupported_encoding", guess=_guess(data))


def _first_failure(data: bytes, encoding: str, *, start: int = 0) -> _Failure | None:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    seen_non_ascii = False
    view = memoryview(data)
    for chunk_start in range(start, len(data) or 1, _CHUNK):
        chunk = view[chunk_start : chunk_start + _CHUNK]
        pending = len(decoder.getstate()[0])
        final = chunk_start + _CHUNK >= len(data)
        try:
            text = decoder.decode(chunk, final=final)
        except UnicodeDecodeError as exc:
            offset = chunk_start - pending + exc.start
            before = data[chunk_start:offset] if offset > chunk_start else b""
            return _Failure(offset=offset, after_non_ascii=seen_non_ascii or not before.isascii())
        seen_non_ascii = seen_non_ascii or not text.isascii()
    return None


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _guess(data: bytes) -> str | None:
    import charset_normalizer  # imported here: only the rare unsupported file needs it

    best = charset_normalizer.from_bytes(data[:_SNIFF]).best()
    return best.encoding if best is not None else None
