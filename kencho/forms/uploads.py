"""Files uploaded as answers: checked for size, type and content before they are stored.

The type is decided by the file's content, never by its name or the browser's content type: an
executable renamed "申請書.pdf" is refused. Word and Excel files are zip containers and are opened to
find their main part; text and CSV must decode as UTF-8 or CP932 and hold no NUL byte."""

from __future__ import annotations

import codecs
import datetime
import hashlib
import unicodedata
import uuid
import zipfile
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any, BinaryIO

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils import timezone

from kencho.core.models import User

from .cleaning import file_kinds_text
from .definition import FILE_DEFAULT_ACCEPT, FILE_MAX_SIZE_MB, localized
from .messages import message_pair
from .models import Upload

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain",
    "csv": "text/csv",
}
EXTENSIONS = {
    "pdf": "pdf",
    "jpeg": "jpg",
    "png": "png",
    "docx": "docx",
    "xlsx": "xlsx",
    "txt": "txt",
    "csv": "csv",
}
_MAGIC = {"pdf": (b"%PDF-",), "jpeg": (b"\xff\xd8\xff",), "png": (b"\x89PNG\r\n\x1a\n",)}
_ZIP_MAGIC = b"PK\x03\x04"
_ZIP_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
_ZIP_MAX_MEMBERS = 10_000
_CHUNK = 64 * 1024
_ORIGINAL_NAME_MAX = 200


class UploadRejected(ValueError):
    """A file that cannot be accepted for a field, with a message naming the field."""

    def __init__(self, code: str, message_ja: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_ja = message_ja
        self.message_en = message_en

    def message(self, language: str) -> str:
        return self.message_en if language.lower().startswith("en") else self.message_ja


def _rejected(field: dict[str, Any], code: str, **params: Any) -> UploadRejected:
    ja, en = message_pair(
        code, ja=localized(field["label"], "ja"), en=localized(field["label"], "en"), **params
    )
    return UploadRejected(code, ja, en)


def display_name(name: str) -> str:
    """The file's own name without any folder, control characters or surrounding space."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    cleaned = "".join(
        char for char in unicodedata.normalize("NFC", base) if unicodedata.category(char)[0] != "C"
    )
    return cleaned.strip()[:_ORIGINAL_NAME_MAX] or "file"


def _is_text(stream: BinaryIO) -> bool:
    """Whether the whole stream decodes as UTF-8 (with or without BOM) or CP932, with no NUL."""
    for encoding in ("utf-8-sig", "cp932"):
        stream.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for chunk in iter(lambda: stream.read(_CHUNK), b""):
                if b"\x00" in chunk:
                    return False
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _zip_kind(stream: BinaryIO, accept: Iterable[str]) -> str | None:
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if len(names) > _ZIP_MAX_MEMBERS:
        return None
    return next((kind for kind in accept if _ZIP_MAIN_PART.get(kind) in names), None)


def sniff_kind(stream: BinaryIO, *, name: str, accept: Iterable[str]) -> str | None:
    """The accepted kind whose content this is, or None."""
    accept = list(accept)
    stream.seek(0)
    head = stream.read(16)
    for kind, signatures in _MAGIC.items():
        if head.startswith(signatures):
            return kind if kind in accept else None
    if head.startswith(_ZIP_MAGIC):
        return _zip_kind(stream, [kind for kind in accept if kind in _ZIP_MAIN_PART])
    text_kinds = [kind for kind in accept if kind in {"txt", "csv"}]
    if not text_kinds or head.startswith(b"MZ") or not _is_text(stream):
        return None
    if len(text_kinds) == 1:
        return text_kinds[0]
    return "csv" if name.lower().endswith(".csv") else "txt"


def upload_store(
    *,
    field: dict[str, Any],
    uploaded_file: UploadedFile | tuple[str, bytes],
    owner: User | None = None,
    session_key: str = "",
) -> Upload:
    """Check a file against the field's limits and content kinds, then store it. Raises UploadRejected
    with a message naming the field."""
    if isinstance(uploaded_file, tuple):
        name, content = uploaded_file
        uploaded_file = SimpleUploadedFile(name, content)
    accept = field.get("accept", FILE_DEFAULT_ACCEPT)
    max_mb = field.get("max_size_mb", FILE_MAX_SIZE_MB)
    max_bytes = int(max_mb * 1024 * 1024)
    if uploaded_file.size is not None and uploaded_file.size > max_bytes:
        raise _rejected(field, "file_size", max_mb=max_mb)
    digest = hashlib.sha256()
    size = 0
    for chunk in uploaded_file.chunks(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise _rejected(field, "file_size", max_mb=max_mb)
        digest.update(chunk)
    if size == 0:
        raise _rejected(field, "file_empty")
    original_name = display_name(uploaded_file.name or "")
    stream: BinaryIO = uploaded_file.file  # type: ignore[assignment]  # Django's File wraps a binary stream
    kind = sniff_kind(stream, name=original_name, accept=accept)
    if kind is None:
        raise _rejected(field, "file_type", kinds=file_kinds_text(field))
    stream.seek(0)
    upload = Upload(
        id=uuid.uuid4(),
        original_name=original_name,
        content_type=CONTENT_TYPES[kind],
        kind=kind,
        size=size,
        sha256=digest.hexdigest(),
        owner=owner if owner is not None and owner.is_authenticated else None,
        session_key=session_key,
    )
    # The stored name is ours: the person's file name is kept for display only.
    upload.file.save(f"{upload.id.hex}.{EXTENSIONS[kind]}", uploaded_file, save=False)
    upload.save()
    return upload


def upload_resolver(
    *, owner: User | None = None, session_key: str = "", claim: str = ""
) -> Callable[[str], Upload | None]:
    """The resolver for validate_answers: it finds uploads not yet claimed that belong to the owner (or
    the browser session), and uploads already claimed by `claim`."""
    owner_id = owner.pk if owner is not None and owner.is_authenticated else None
    found: dict[str, Upload | None] = {}

    def resolve(upload_id: str) -> Upload | None:
        if upload_id in found:
            return found[upload_id]
        try:
            key = uuid.UUID(upload_id)
        except (ValueError, AttributeError, TypeError):
            return None
        upload = Upload.objects.filter(pk=key).first()
        if upload is not None and not _belongs(
            upload, owner_id=owner_id, session_key=session_key, claim=claim
        ):
            upload = None
        found[upload_id] = upload
        return upload

    return resolve


def _belongs(upload: Upload, *, owner_id: Any, session_key: str, claim: str) -> bool:
    if upload.claimed_by:
        return bool(claim) and upload.claimed_by == claim
    if owner_id is not None and upload.owner_id == owner_id:
        return True
    return bool(session_key) and upload.session_key == session_key


def uploads_claim(*, upload_ids: Iterable[str], claim: str) -> int:
    """Attach unclaimed uploads to what they were submitted with ("procedures.application:123").
    Returns how many were claimed now."""
    keys = []
    for upload_id in upload_ids:
        try:
            keys.append(uuid.UUID(str(upload_id)))
        except ValueError:
            continue
    return Upload.objects.filter(pk__in=keys, claimed_by="").update(claimed_by=claim)


def uploads_purge_unclaimed(*, older_than: datetime.timedelta) -> int:
    """Delete files that were uploaded but never submitted (an abandoned draft), with their stored
    content. Returns how many were removed."""
    cutoff = timezone.now() - older_than
    removed = 0
    for upload in Upload.objects.filter(claimed_by="", created_at__lt=cutoff).iterator():
        upload.file.delete(save=False)
        upload.delete()
        removed += 1
    return removed
