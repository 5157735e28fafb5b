"""Reads of minutes for staff pages."""

from __future__ import annotations

from django.db.models import QuerySet

from kencho.core.access import staff_unit_ids
from kencho.core.models import User

from .models import Minutes


def minutes_list(*, viewer: User) -> QuerySet[Minutes]:
    """The minutes of the viewer's units, newest meeting first."""
    minutes = Minutes.objects.select_related("owner_unit").defer(
        "utterances", "cleaned_text", "summary_text", "cleaned_text_edited", "summary_text_edited"
    )
    ids = staff_unit_ids(viewer)
    return minutes if ids is None else minutes.filter(owner_unit_id__in=ids)
