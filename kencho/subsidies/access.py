"""Fetching a programme or a case is an access check: staff by the owning unit, applicants by
ownership (every member of the business that owns a case). Not found otherwise, so ids cannot be
probed."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from kencho.core.access import staff_unit_ids
from kencho.core.models import OrgUnit, User

from .models import Case, Programme
from .selectors import cases_of_applicant


def programmes_for_staff(*, user: User) -> QuerySet[Programme]:
    units = staff_unit_ids(user)
    programmes = Programme.objects.select_related("owning_unit")
    return programmes if units is None else programmes.filter(owning_unit_id__in=units)


def staff_units(*, user: User) -> QuerySet[OrgUnit]:
    """The units `user` may set up programmes for."""
    units = staff_unit_ids(user)
    return OrgUnit.objects.all() if units is None else OrgUnit.objects.filter(pk__in=units)


def programme_for_staff(*, user: User, programme_id: int) -> Programme:
    programme = programmes_for_staff(user=user).filter(pk=programme_id).first()
    if programme is None:
        raise Http404
    return programme


def case_for_staff(*, user: User, case_id: int) -> Case:
    units = staff_unit_ids(user)
    cases = Case.objects.select_related("programme__owning_unit", "business", "applicant").prefetch_related(
        "forms__draft__application", "reviews__reviewer"
    )
    if units is not None:
        cases = cases.filter(programme__owning_unit_id__in=units)
    case = cases.filter(pk=case_id).first()
    if case is None:
        raise Http404
    return case


def case_for_applicant(*, user: User, case_id: int) -> Case:
    case = cases_of_applicant(user=user).filter(pk=case_id).first()
    if case is None:
        raise Http404
    return case


def programme_published(*, slug: str) -> Programme:
    programme = Programme.objects.select_related("owning_unit").filter(slug=slug, is_published=True).first()
    if programme is None:
        raise Http404
    return programme
