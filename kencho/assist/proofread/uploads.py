"""Files staff upload to proofread (.docx, .txt, .md): checked for size, type and content, and read
into text. Every refusal carries a message in both languages; nothing here raises anything else."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from charset_normalizer import from_bytes
from django.conf import settings

from .models import DocumentKind

# A .docx is a zip; refuse one that unpacks to far more than any real document (a zip bomb).
_MAX_UNPACKED_BYTES = 200 * 1024 * 1024
_TEXT_ENCODINGS = ("utf_8", "cp932", "euc_jp", "iso2022_jp", "utf_16")


class UploadRejected(Exception):
    def __init__(self, code: str, ja: str, en: str) -> None:
        super().__init__(en)
        self.code, self.message_ja, self.message_en = code, ja, en


@dataclass(frozen=True)
class UploadedText:
    name: str
    kind: str
    text: str
    source: bytes | None  # the Word file itself, to write corrections back into


def max_upload_bytes() -> int:
    return int(getattr(settings, "KENCHO_PROOFREAD_MAX_UPLOAD_MB", 10)) * 1024 * 1024


def max_text_chars() -> int:
    return int(getattr(settings, "KENCHO_PROOFREAD_MAX_CHARS", 200_000))


def check_text_length(text: str) -> None:
    if len(text) > max_text_chars():
        raise UploadRejected(
            "too_long",
            f"文章が長すぎます（{len(text):,}字）。{max_text_chars():,}字以内に分けてください。",
            f"The text is too long ({len(text):,} characters); split it into parts of at most "
            f"{max_text_chars():,}.",
        )
    if not text.strip():
        raise UploadRejected("empty", "文章が空です。", "The text is empty.")


def _decode(data: bytes) -> str:
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _binary()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(data, cp_isolation=list(_TEXT_ENCODINGS)).best()
        if best is None:
            raise UploadRejected(
                "encoding",
                "文字コードを判別できません。UTF-8 か Shift_JIS で保存し直してください。",
                "The character encoding could not be recognised. Save the file as UTF-8 or Shift_JIS.",
            ) from None
        text = str(best)
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t")
    if controls > max(8, len(text) // 100):
        raise _binary()
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _binary() -> UploadRejected:
    return UploadRejected(
        "binary",
        "テキストファイルではありません。.txt・.md・.docx のファイルを選んでください。",
        "This is not a text file. Choose a .txt, .md or .docx file.",
    )


def _not_docx() -> UploadRejected:
    return UploadRejected(
        "not_docx",
        "Wordファイル（.docx）として読み取れません。Wordで開き「.docx」形式で保存し直してください。",
        "The file could not be read as a Word document (.docx). Open it in Word and save it as .docx.",
    )


def _read_docx(data: bytes) -> str:
    from .docx_files import docx_text

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise _not_docx()
            if sum(info.file_size for info in archive.infolist()) > _MAX_UNPACKED_BYTES:
                raise _not_docx()
        return docx_text(data)
    except UploadRejected:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError) as error:
        # python-docx reports a damaged package as one of these (lxml's XMLSyntaxError is a SyntaxError)
        raise _not_docx() from error


def read_document(name: str, data: bytes) -> UploadedText:
    """The text of an uploaded file, or UploadRejected saying what is wrong and what to do."""
    name = PurePath(name.replace("\\", "/")).name[:200] or "document"
    if len(data) > max_upload_bytes():
        limit = max_upload_bytes() // (1024 * 1024)
        raise UploadRejected(
            "too_large",
            f"ファイルが大きすぎます。{limit}MB以下のファイルにしてください。",
            f"The file is too large. Files up to {limit} MB are accepted.",
        )
    suffix = PurePath(name).suffix.lower()
    if suffix == ".docx":
        if data[:2] != b"PK":
            raise _not_docx()
        text, kind, source = _read_docx(data), DocumentKind.DOCX, data
    elif suffix in {".txt", ".md", ".markdown"}:
        kind = DocumentKind.TXT if suffix == ".txt" else DocumentKind.MARKDOWN
        text, source = _decode(data), None
    else:
        raise UploadRejected(
            "unsupported_type",
            "読み込めるのは .docx・.txt・.md のファイルです。",
            "Only .docx, .txt and .md files can be proofread.",
        )
    check_text_length(text)
    return UploadedText(name=name, kind=kind, text=text, source=source)
