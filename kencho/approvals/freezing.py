"""Freezing a decided 起案: a PDF of the document and its full approval record (WeasyPrint, Japanese
font), stored with its SHA-256, the retention period (保存期間) and the disposal date — the end of the
fiscal year of the decision plus the retention (常用: kept, no disposal date). A frozen document is
never changed; `record_verify` recomputes the hash of the stored file."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone, translation

from kencho.core.audit import audit_record
from kencho.core.japanese.wareki import fiscal_year_end
from kencho.core.models import User

from .models import Document, Retention


def disposal_date(*, decided_on: datetime.date, retention: str) -> datetime.date | None:
    """The end of the decision's fiscal year plus the retention in years; None for 常用."""
    if retention == Retention.PERMANENT:
        return None
    end = fiscal_year_end(decided_on)
    return end.replace(year=end.year + int(retention))


def record_pdf_bytes(document: Document) -> bytes:
    from weasyprint import HTML  # heavy: imported only when a PDF is made

    with translation.override("ja"):
        html = render_to_string(
            "approvals/record_pdf.html",
            {
                "document": document,
                "steps": document.steps.select_related("assignee", "acted_by", "unit").order_by(
                    "stage", "id"
                ),
                "actions": document.actions.select_related("actor", "on_behalf_of").order_by(
                    "created_at", "id"
                ),
                "links": document.links.select_related("application"),
                "attachments": document.attachments.all(),
                "generated_at": timezone.localtime(),
            },
        )
    return bytes(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"))


def document_freeze(*, document: Document, actor: User, request: Any = None) -> Document:
    """Call inside the deciding transaction, after the decision is recorded."""
    content = record_pdf_bytes(document)
    digest = hashlib.sha256(content).hexdigest()
    decided_on = timezone.localdate(document.decided_at or timezone.now())
    document.record_pdf.save(f"{document.pk}-{digest[:12]}.pdf", ContentFile(content), save=False)
    document.record_sha256 = digest
    document.frozen_at = timezone.now()
    document.disposal_on = disposal_date(decided_on=decided_on, retention=document.retention)
    document.save(update_fields=["record_pdf", "record_sha256", "frozen_at", "disposal_on", "updated_at"])
    audit_record(
        action="approvals.document_frozen",
        actor=actor,
        obj=document,
        unit_code=document.unit.code,
        request=request,
        detail={
            "number": document.number,
            "sha256": digest,
            "retention": document.retention,
            "disposal_on": document.disposal_on,
        },
    )
    return document


def record_verify(document: Document) -> bool:
    """Whether the stored PDF still has the SHA-256 recorded when the document was frozen."""
    if not document.record_pdf or not document.record_sha256:
        return False
    digest = hashlib.sha256()
    with document.record_pdf.open("rb") as stored:
        for chunk in iter(lambda: stored.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest() == document.record_sha256
