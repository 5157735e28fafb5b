"""Configuration checks for electronic approval, run with `manage.py check --database default`
(they read the 決裁区分 tables): every active 決裁区分 needs a row in the 専決 table, or no 起案 of
it can be sent."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Tags, Warning, register
from django.db import DatabaseError


@register(Tags.database)
def check_delegation_table(app_configs: Any, databases: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if not databases:
        return []
    from .models import DecisionCategory

    try:
        missing = list(
            DecisionCategory.objects.filter(is_active=True, rule__isnull=True).values_list("code", flat=True)
        )
    except DatabaseError:  # not migrated yet: nothing to check
        return []
    return [
        Warning(
            f"決裁区分 {code!r} has no row in the 専決 table (DelegationRule): its 起案 cannot be sent",
            hint="add the rule in the admin under 電子決裁 > 専決区分, or make the category inactive",
            id="approvals.W001",
        )
        for code in missing
    ]
