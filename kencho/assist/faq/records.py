"""Writes of what asking leaves behind: feedback on an answer, staff closing an unanswered question
with the entry they wrote, and the inquiry a resident sends when nothing fitted (hand-over).

An inquiry holds personal data: its audit entry names the inquiry, never its content."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from kencho.core.audit import audit_record
from kencho.core.models import User

from .models import FaqCollection, FaqEntry, FaqFeedback, FaqInquiry, FaqUnansweredQuery


def feedback_record(
    *, collection: FaqCollection, entry: FaqEntry | None, query: str, helpful: bool, language: str = ""
) -> FaqFeedback:
    """ "Did this solve it?" — anonymous, no personal data. `entry` must belong to the collection."""
    if entry is not None and entry.collection_id != collection.pk:
        raise ValueError("the entry belongs to another collection")
    return FaqFeedback.objects.create(
        collection=collection, entry=entry, query=query.strip()[:500], helpful=helpful, language=language[:10]
    )


def unanswered_resolve(
    *, collection: FaqCollection, query_ids: list[int], entry: FaqEntry | None, actor: User
) -> int:
    """Mark unanswered questions as dealt with (optionally by the entry written for them)."""
    with transaction.atomic():
        count = FaqUnansweredQuery.objects.filter(
            collection=collection, pk__in=query_ids, resolved_at__isnull=True
        ).update(resolved_entry=entry, resolved_at=timezone.now())
        audit_record(
            action="faq.unanswered_resolved",
            actor=actor,
            obj=collection,
            unit_code=collection.owner_unit.code,
            detail={"count": count, "entry": entry.key if entry else None},
        )
    return count


def inquiry_submit(
    *,
    collection: FaqCollection,
    message: str,
    query: str = "",
    name: str = "",
    email: str = "",
    phone: str = "",
    language: str = "",
    request: HttpRequest | None = None,
) -> FaqInquiry:
    """Hand a question over to the unit that answers for the collection. Validates the fields
    (ValidationError names the field) and records the inquiry for that unit's staff."""
    inquiry = FaqInquiry(
        collection=collection,
        unit_id=collection.inquiry_unit_id,
        query=query.strip()[:500],
        message=message.strip(),
        name=name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        language=language[:10],
    )
    inquiry.full_clean()
    with transaction.atomic():
        inquiry.save()
        audit_record(
            action="faq.inquiry_submitted",
            obj=inquiry,
            unit_code=inquiry.unit.code,
            detail={"collection": collection.slug},
            request=request,
        )
    return inquiry


def inquiry_status_set(*, inquiry: FaqInquiry, status: str, actor: User) -> FaqInquiry:
    """Staff move an inquiry to in progress or closed. Fetch it with access.inquiry_for_staff first."""
    if status not in FaqInquiry.Status.values:
        raise ValueError(f"unknown status {status!r}")
    with transaction.atomic():
        inquiry.status = status
        inquiry.handled_by = actor
        inquiry.handled_at = timezone.now()
        inquiry.save(update_fields=["status", "handled_by", "handled_at"])
        audit_record(
            action="faq.inquiry_status_changed",
            actor=actor,
            obj=inquiry,
            unit_code=inquiry.unit.code,
            detail={"status": status},
        )
    return inquiry
