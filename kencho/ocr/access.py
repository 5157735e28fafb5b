"""Fetching templates, batches and pages is an access check: staff see those of their units (and
the units below). Not found otherwise, so that ids cannot be probed."""

from __future__ import annotations

import uuid

from django.http import Http404

from kencho.core.access import staff_may_see_unit
from kencho.core.models import User

from .models import Batch, FormTemplate, Page


def template_for_staff(*, user: User, template_id: int) -> FormTemplate:
    try:
        template = FormTemplate.objects.select_related("procedure__form", "unit").get(pk=template_id)
    except FormTemplate.DoesNotExist:
        raise Http404 from None
    if not staff_may_see_unit(user, template.unit_id):
        raise Http404
    return template


def batch_for_staff(*, user: User, public_id: uuid.UUID) -> Batch:
    try:
        batch = Batch.objects.select_related("template__procedure", "unit", "created_by").get(
            public_id=public_id
        )
    except Batch.DoesNotExist:
        raise Http404 from None
    if not staff_may_see_unit(user, batch.unit_id):
        raise Http404
    return batch


def page_for_staff(*, user: User, public_id: uuid.UUID, number: int) -> Page:
    batch = batch_for_staff(user=user, public_id=public_id)
    try:
        page = batch.pages.select_related("batch__template__procedure", "application").get(number=number)
    except Page.DoesNotExist:
        raise Http404 from None
    page.batch = batch
    return page
