"""The corrected document in the format asked for: .txt, .md, or (for an uploaded Word file) .docx."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from .corrections import apply_to_text
from .docx_files import docx_apply
from .findings import Finding
from .models import DocumentKind, ProofreadDocument
from .services import ACCEPTED

CONTENT_TYPES = {
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class CorrectedFile:
    content: bytes
    content_type: str
    filename: str
    skipped: int  # accepted findings that could not be applied (overlapping, or inside a picture)


def formats_for(document: ProofreadDocument) -> list[str]:
    return ["docx", "txt", "md"] if document.kind == DocumentKind.DOCX else ["txt", "md"]


def accepted(document: ProofreadDocument) -> list[Finding]:
    return [
        Finding.from_dict(finding)
        for index, finding in enumerate(document.findings)
        if document.decisions.get(str(index)) == ACCEPTED
    ]


def corrected_file(document: ProofreadDocument, fmt: str) -> CorrectedFile:
    """Raises ValueError for a format the document cannot be given in."""
    if fmt not in formats_for(document):
        raise ValueError(fmt)
    findings = accepted(document)
    stem = PurePath(document.name).stem or "document"
    filename = f"{stem}_校正済み.{fmt}"
    if fmt == "docx":
        content, _, skipped = docx_apply(bytes(document.source or b""), findings)
        return CorrectedFile(content, CONTENT_TYPES[fmt], filename, len(skipped))
    corrected = apply_to_text(document.text, findings)
    content = corrected.text.encode("utf-8")
    if fmt == "txt":  # a BOM, so that Windows Notepad reads the Japanese as UTF-8
        content = "\ufeff".encode() + content
    return CorrectedFile(content, CONTENT_TYPES[fmt], filename, len(corrected.skipped))
