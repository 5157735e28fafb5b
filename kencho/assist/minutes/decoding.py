"""From uploaded bytes to text: encodings, Word files, and the files that are not transcripts.

Knows the encodings meeting tools write: UTF-8 with or without BOM, UTF-16 (Teams, with or without
BOM), and CP932 (Shift_JIS as Windows writes it, from older tools and from Notepad); EUC-JP is
tried last. A .docx is recognised by its content (a zip holding word/document.xml) and its
paragraphs become lines of text. Images, PDFs, audio and other binary files are refused with a
message saying what to upload instead.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from .transcript import TranscriptError

# The text of a Word transcript of several hours is a few MB; refuse archives that claim far more.
_MAX_DOCX_XML_BYTES = 64 * 1024 * 1024

_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "pdf"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"RIFF", "audio"),  # WAV (and AVI)
    (b"ID3", "audio"),  # MP3
    (b"OggS", "audio"),
    (b"fLaC", "audio"),
    (b"\x1a\x45\xdf\xa3", "audio"),  # WebM / Matroska
    (b"\xd0\xcf\x11\xe0", "binary"),  # old Word / Excel
)


@dataclass(frozen=True)
class DecodedText:
    text: str
    container: str  # "text" or "docx"
    encoding: str


def _refuse_binary(kind: str) -> TranscriptError:
    if kind == "audio":
        return TranscriptError(
            "audio",
            "音声・動画ファイルは文字起こしとして読み込めません。会議ツールの文字起こし（.vtt、.srt、.docx、.txt）を"
            "選ぶか、音声認識を設定している場合は WAV ファイルを音声として送ってください。",
            "Audio and video files are not transcripts. Choose the meeting tool's transcript (.vtt, .srt, "
            ".docx, .txt), or, where speech recognition is set up, send a WAV file as audio.",
        )
    if kind == "pdf":
        return TranscriptError(
            "binary",
            "PDFは読み込めません。会議ツールから文字起こしを .vtt、.srt、.docx または .txt で"
            "保存してください。",
            "PDF files cannot be read. Save the transcript from the meeting tool as .vtt, .srt, "
            ".docx or .txt.",
        )
    return TranscriptError(
        "binary",
        "テキストではないファイルです。会議ツールの文字起こし（.vtt、.srt、.docx、.txt）を選んでください。",
        "This is not a text file. Choose the meeting tool's transcript (.vtt, .srt, .docx, .txt).",
    )


def _docx_text(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        info = archive.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError):
        raise TranscriptError(
            "docx",
            "Word文書（.docx）として読み込めませんでした。Teams の「.docx としてダウンロード」で"
            "保存したファイルを選んでください。",
            "This could not be read as a Word document (.docx). Choose the file Teams saves with "
            "'Download as .docx'.",
        ) from None
    if info.file_size > _MAX_DOCX_XML_BYTES:
        raise TranscriptError(
            "too_large",
            "Word文書の本文が大きすぎます。",
            "The text of this Word document is too large.",
        )
    from docx import Document  # imported here: lxml and python-docx are only needed for Word files

    try:
        document = Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds for a damaged package
        raise TranscriptError(
            "docx",
            "Word文書（.docx）が壊れているため読み込めません。",
            "The Word document (.docx) is damaged and cannot be read.",
        ) from error
    lines: list[str] = []
    for paragraph in document.paragraphs:
        # Teams puts the speaker and time on one line, separated by a line break inside a paragraph.
        lines.extend(paragraph.text.split("\n"))
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM has NUL bytes (in every ASCII character, newlines included); read it in
    the byte order that gives plausible text."""
    if len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible_share(text) >= 0.95:
            return text
    return None


def _plausible_share(text: str) -> float:
    """How much of the text is characters that transcripts are made of."""
    plausible = sum(
        1
        for char in text
        if char in "\n\r\t"
        or " " <= char <= "~"
        or "\u3000" <= char <= "\u30ff"  # Japanese punctuation, hiragana, katakana
        or "\u3400" <= char <= "\u9fff"  # kanji
        or "\uff00" <= char <= "\uffef"  # full-width forms
        or "\u2010" <= char <= "\u25ff"  # dashes, quotes, arrows, ○ ◎ ◆
        or "\u00a0" <= char <= "\u024f"  # Latin letters with accents
    )
    return plausible / max(len(text), 1)


def decode_transcript(data: bytes) -> DecodedText:
    """The text of an uploaded transcript. Raises TranscriptError for anything that is not one."""
    if not data.strip():
        raise TranscriptError(
            "empty",
            "ファイルが空です。文字起こしの入ったファイルを選んでください。",
            "The file is empty. Choose a file that holds the transcript.",
        )
    if data.startswith(b"PK\x03\x04"):
        return DecodedText(_docx_text(data), "docx", "docx")
    for signature, kind in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise _refuse_binary(kind)
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return DecodedText(data.decode(encoding), "text", encoding)
            except UnicodeDecodeError:
                raise _encoding_error() from None
    if b"\x00" in data:
        if (text := _utf16_without_bom(data)) is not None:
            return DecodedText(text, "text", "utf-16")
        raise _refuse_binary("binary")
    for encoding in ("utf-8", "cp932", "euc-jp"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _control_character_share(text) > 0.01:
            raise _refuse_binary("binary")
        return DecodedText(text, "text", encoding)
    raise _encoding_error()


def _control_character_share(text: str) -> float:
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\n\r\t\f")
    return controls / max(len(text), 1)


def _encoding_error() -> TranscriptError:
    return TranscriptError(
        "encoding",
        "文字コードを判別できません。UTF-8、UTF-16 または Shift_JIS（CP932）で保存した"
        "ファイルを選んでください。",
        "The character encoding could not be recognised. Save the file as UTF-8, UTF-16 or "
        "Shift_JIS (CP932).",
    )
