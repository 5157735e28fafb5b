"""Which organisation units a staff member may see. Every staff query of a module filters by
`staff_unit_ids`, so a case officer of one 課 never sees another's applications."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from .models import Membership, OrgUnit, User


def active_memberships(
    user: User, *, on: object = None, roles: Iterable[str] | None = None
) -> list[Membership]:
    day = on or timezone.localdate()
    memberships = Membership.objects.filter(user=user, valid_from__lte=day).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    return list(memberships.select_related("unit"))


def staff_unit_ids(user: User, *, roles: Iterable[str] | None = None) -> set[int] | None:
    """The ids of the units whose work `user` may see: the units of their active memberships (with
    one of `roles`, when given) and every unit below them. None means "all units" (platform
    administrators)."""
    if not user.is_authenticated or getattr(user, "kind", None) != User.Kind.STAFF:
        return set()
    if user.is_superuser:
        return None
    paths = [m.unit.path for m in active_memberships(user, roles=roles)]
    if not paths:
        return set()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return set(OrgUnit.objects.filter(condition).values_list("id", flat=True))


def staff_may_see_unit(user: User, unit_id: int) -> bool:
    ids = staff_unit_ids(user)
    return ids is None or unit_id in ids


def unit_path_for(*, parent: OrgUnit | None, code: str) -> str:
    return f"{parent.path if parent else '/'}{code}/"
