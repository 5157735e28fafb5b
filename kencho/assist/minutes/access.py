"""Fetching minutes is an access check: staff see the minutes of their units and the units below."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from kencho.core.access import staff_may_see_unit, staff_unit_ids
from kencho.core.models import OrgUnit, User

from .models import Minutes


def minutes_for_staff(*, user: User, minutes_id: int) -> Minutes:
    """The minutes, if they belong to one of the user's units; not found otherwise, so that the ids
    of other units' minutes cannot be probed."""
    try:
        minutes = Minutes.objects.select_related("owner_unit", "created_by").get(pk=minutes_id)
    except Minutes.DoesNotExist:
        raise Http404 from None
    if not staff_may_see_unit(user, minutes.owner_unit_id):
        raise Http404
    return minutes


def units_for_minutes(user: User) -> QuerySet[OrgUnit]:
    """The units a staff member may file minutes under."""
    ids = staff_unit_ids(user)
    units = OrgUnit.objects.filter(is_active=True)
    return units if ids is None else units.filter(id__in=ids)
