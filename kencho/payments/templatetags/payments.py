"""Template pieces other apps show: the fee panel on the applicant's status page and on the staff
case page (each one line in procedures' templates), and the `yen` filter."""

from __future__ import annotations

from typing import Any

from django import template

from kencho.core.i18n import current_language

from ..selectors import fee_estimate as estimate
from ..selectors import fee_of, fee_view

register = template.Library()


@register.filter
def yen(value: object) -> str:
    """1234567 -> "1,234,567" (amounts are integer yen; the template writes the unit)."""
    try:
        return f"{int(value):,}"  # type: ignore[call-overload]  # ints and numeric strings
    except (TypeError, ValueError):
        return ""


@register.inclusion_tag("payments/_fee_panel.html")
def application_fee_panel(application: Any, secret: str = "") -> dict[str, Any]:
    fee = fee_of(application)
    return {"view": fee_view(fee) if fee else None, "fee": fee, "secret": secret, "application": application}


@register.inclusion_tag("payments/staff/_fee_panel.html")
def staff_fee_panel(application: Any) -> dict[str, Any]:
    fee = fee_of(application)
    return {"view": fee_view(fee) if fee else None, "fee": fee, "application": application}


@register.inclusion_tag("payments/_fee_estimate.html")
def fee_estimate(procedure: Any, answers: dict[str, Any]) -> dict[str, Any]:
    return {"estimate": estimate(procedure=procedure, answers=answers, language=current_language())}
