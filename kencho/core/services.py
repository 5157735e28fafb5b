"""Writes to the organisation: units and memberships."""

from __future__ import annotations

import datetime

from django.db import transaction

from .access import unit_path_for
from .audit import audit_record
from .models import Membership, OrgUnit, User


def org_unit_create(
    *, code: str, name_ja: str, name_en: str, level: str, parent: OrgUnit | None, actor: User | None = None
) -> OrgUnit:
    with transaction.atomic():
        unit = OrgUnit.objects.create(
            code=code,
            name_ja=name_ja,
            name_en=name_en,
            level=level,
            parent=parent,
            path=unit_path_for(parent=parent, code=code),
        )
        audit_record(action="core.org_unit_created", actor=actor, obj=unit, unit_code=code)
    return unit


def membership_add(
    *,
    user: User,
    unit: OrgUnit,
    role: str,
    title: str = "",
    valid_from: datetime.date | None = None,
    actor: User | None = None,
) -> Membership:
    with transaction.atomic():
        membership = Membership.objects.create(
            user=user,
            unit=unit,
            role=role,
            title=title,
            **({"valid_from": valid_from} if valid_from else {}),
        )
        audit_record(
            action="core.membership_added",
            actor=actor,
            obj=membership,
            unit_code=unit.code,
            detail={"user": user.email, "role": role},
        )
    return membership
