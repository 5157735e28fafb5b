"""Fetching templates, batches and notices is an access check: staff see their units' (and the units
below), applicants their own notices. Not found otherwise, so that ids cannot be probed."""

from __future__ import annotations

import uuid

from django.http import Http404

from kencho.core.access import staff_may_see_unit
from kencho.core.models import User
from kencho.procedures.services import guest_secret_matches

from .models import Notice, NoticeBatch, NoticeStatus, NoticeTemplate


def _is_staff(user: User | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.kind == User.Kind.STAFF)


def template_for_staff(*, user: User, template_id: int) -> NoticeTemplate:
    try:
        template = NoticeTemplate.objects.select_related("unit", "numbering_scheme").get(pk=template_id)
    except NoticeTemplate.DoesNotExist:
        raise Http404 from None
    if not staff_may_see_unit(user, template.unit_id):
        raise Http404
    return template


def batch_for_staff(*, user: User, public_id: uuid.UUID) -> NoticeBatch:
    try:
        batch = NoticeBatch.objects.select_related("template", "template_version", "unit", "created_by").get(
            public_id=public_id
        )
    except NoticeBatch.DoesNotExist:
        raise Http404 from None
    if not staff_may_see_unit(user, batch.unit_id):
        raise Http404
    return batch


def _notice(public_id: uuid.UUID) -> Notice:
    try:
        return Notice.objects.select_related(
            "application__unit", "application__applicant", "template_version__template"
        ).get(public_id=public_id)
    except Notice.DoesNotExist:
        raise Http404 from None


def notice_for_staff(*, user: User, public_id: uuid.UUID) -> Notice:
    notice = _notice(public_id)
    if not staff_may_see_unit(user, notice.application.unit_id):
        raise Http404
    return notice


def notice_for_download(*, user: User | None, public_id: uuid.UUID, secret: str = "") -> tuple[Notice, bool]:
    """The notice and whether it is opened as staff. The applicant (owner, or a guest with the
    secret key) sees issued notices; staff of the application's unit see any."""
    notice = _notice(public_id)
    application = notice.application
    if _is_staff(user) and staff_may_see_unit(user, application.unit_id):  # type: ignore[arg-type]
        return notice, True
    if notice.status != NoticeStatus.ISSUED:
        raise Http404
    if user is not None and user.is_authenticated and application.applicant_id == user.pk:
        return notice, False
    if secret and application.applicant_id is None and guest_secret_matches(application, secret):
        return notice, False
    raise Http404
