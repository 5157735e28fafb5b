"""Fetching FAQ objects is an access check.

Anyone may ask a public collection; a staff collection (the IT helpdesk) answers only staff. Staff
manage a collection, and read its inquiries, when its unit is one of theirs (or below one of theirs).
Reading an inquiry, which holds personal data, writes an audit entry each time."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from kencho.core.access import staff_may_see_unit
from kencho.core.audit import audit_record
from kencho.core.models import User

from .models import FaqCollection, FaqInquiry


def _is_staff(user: User | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.kind == User.Kind.STAFF)


def collection_for_asker(*, user: User | None, slug: str) -> FaqCollection:
    """The active collection to search, if `user` (None or anonymous for the public) may ask it.
    Not found otherwise, so that staff-only collections cannot be probed."""
    collection = FaqCollection.objects.select_related("owner_unit").filter(slug=slug, is_active=True).first()
    if collection is None:
        raise Http404("no such collection")
    if collection.audience == FaqCollection.Audience.STAFF and not _is_staff(user):
        raise Http404("no such collection")
    return collection


def collection_for_staff(*, user: User, slug: str) -> FaqCollection:
    """The collection, if its owning unit is one of the staff member's."""
    collection = FaqCollection.objects.select_related("owner_unit").filter(slug=slug).first()
    if collection is None or not _is_staff(user) or not staff_may_see_unit(user, collection.owner_unit_id):
        raise Http404("no such collection")
    return collection


def inquiry_for_staff(*, user: User, inquiry_id: int, request: HttpRequest | None = None) -> FaqInquiry:
    """The inquiry with its personal data, for staff of the unit it was handed to; audited."""
    inquiry = FaqInquiry.objects.select_related("collection", "unit").filter(pk=inquiry_id).first()
    if inquiry is None or not _is_staff(user) or not staff_may_see_unit(user, inquiry.unit_id):
        raise Http404("no such inquiry")
    audit_record(
        action="faq.inquiry_viewed",
        actor=user,
        obj=inquiry,
        unit_code=inquiry.unit.code,
        request=request,
    )
    return inquiry
