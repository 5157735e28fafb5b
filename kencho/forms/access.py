"""Who may build which forms: staff with a current membership in the form's owner unit."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from kencho.core.models import Membership, OrgUnit, User

from .models import FormDefinition, FormVersion

BUILDER_ROLES = (Membership.Role.OFFICER, Membership.Role.APPROVER, Membership.Role.ADMIN)


def is_builder(user: User) -> bool:
    """Whether the user may use the form builder at all."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.kind == User.Kind.STAFF


def staff_unit_ids(user: User) -> list[int]:
    today = timezone.localdate()
    return list(
        Membership.objects.filter(user=user, role__in=BUILDER_ROLES, valid_from__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .values_list("unit_id", flat=True)
    )


def staff_units(user: User) -> list[OrgUnit]:
    if user.is_superuser:
        return list(OrgUnit.objects.filter(is_active=True))
    return list(OrgUnit.objects.filter(pk__in=staff_unit_ids(user), is_active=True))


def builder_check(user: User) -> None:
    if not is_builder(user):
        raise PermissionDenied


def form_definition_for(*, user: User, slug: str) -> FormDefinition:
    """The definition, if the user may build it; 404 when it does not exist, 403 when it is another
    unit's."""
    builder_check(user)
    try:
        definition = FormDefinition.objects.select_related("owner_unit").get(slug=slug)
    except FormDefinition.DoesNotExist:
        raise Http404 from None
    if user.is_superuser:
        return definition
    if definition.owner_unit_id is None or definition.owner_unit_id not in staff_unit_ids(user):
        raise PermissionDenied
    return definition


def form_version_for(*, user: User, slug: str, number: int) -> FormVersion:
    definition = form_definition_for(user=user, slug=slug)
    try:
        return definition.versions.get(number=number)
    except FormVersion.DoesNotExist:
        raise Http404 from None
