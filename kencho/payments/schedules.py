"""Setting what a procedure costs: `fee_schedule_save` replaces a procedure's fee schedule, its rules
and its exemptions in one audited transaction. The demo loader, the tests' factories and the admin
all change fees through it, so a rule that names an answer the form does not ask, or a formula that
does not parse, is refused the same way everywhere."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from kencho.core.audit import audit_record
from kencho.core.models import User
from kencho.procedures.models import Procedure

from .models import FeeExemption, FeeRule, FeeSchedule


def _prefixed(error: ValidationError, prefix: str) -> ValidationError:
    """The same messages, with field names that say which rule or exemption they belong to."""
    if hasattr(error, "error_dict"):
        return ValidationError({f"{prefix}.{name}": messages for name, messages in error.error_dict.items()})
    return ValidationError({prefix: error.messages})


def fee_schedule_audit(
    *, schedule: FeeSchedule, actor: User | None, request: HttpRequest | None = None
) -> None:
    """One audit entry with the schedule as saved: the admin's inline forms save rules themselves."""
    audit_record(
        action="payments.fee_schedule_saved",
        actor=actor,
        obj=schedule,
        unit_code=schedule.procedure.owning_unit.code,
        detail={
            "procedure": schedule.procedure.slug,
            "active": schedule.is_active,
            "rules": list(
                schedule.rules.values("label_ja", "kind", "unit_amount", "count_field", "expression")
            ),
            "exemptions": list(schedule.exemptions.values("label_ja", "field", "value", "percent")),
        },
        request=request,
    )


def fee_schedule_save(
    *,
    procedure: Procedure,
    actor: User | None,
    purpose_ja: str,
    rules: Sequence[Mapping[str, Any]],
    exemptions: Sequence[Mapping[str, Any]] = (),
    name_ja: str = "手数料",
    name_en: str = "Fee",
    purpose_en: str = "",
    is_active: bool = True,
) -> FeeSchedule:
    """Create or replace the fee schedule of `procedure`. `rules` and `exemptions` are the fields of
    FeeRule and FeeExemption (order is their position unless given). Raises ValidationError naming
    the field (`rules[1].expression`) when a rule or exemption is not valid; nothing is saved then."""
    with transaction.atomic():
        schedule = FeeSchedule.objects.select_for_update().filter(procedure=procedure).first()
        schedule = schedule or FeeSchedule(procedure=procedure)
        schedule.name_ja, schedule.name_en = name_ja, name_en
        schedule.purpose_ja, schedule.purpose_en = purpose_ja, purpose_en
        schedule.is_active = is_active
        schedule.full_clean()
        schedule.save()
        schedule.rules.all().delete()
        schedule.exemptions.all().delete()
        for index, values in enumerate(rules):
            rule = FeeRule(schedule=schedule, **{"order": index + 1, **values})
            try:
                rule.full_clean()
            except ValidationError as exc:
                raise _prefixed(exc, f"rules[{index}]") from None
            rule.save()
        for index, values in enumerate(exemptions):
            exemption = FeeExemption(schedule=schedule, **{"order": index + 1, **values})
            try:
                exemption.full_clean()
            except ValidationError as exc:
                raise _prefixed(exc, f"exemptions[{index}]") from None
            exemption.save()
        fee_schedule_audit(schedule=schedule, actor=actor)
    return schedule
