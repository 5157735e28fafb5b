"""Reads for pages and the API: how a fee stands for the person looking at it, and staff lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kencho.core.access import staff_unit_ids
from kencho.core.i18n import in_both_languages
from kencho.core.models import User
from kencho.procedures.models import Application, Procedure

from .fees import Assessment, FeeRuleError, assess
from .models import Fee, FeeSchedule, PaymentAttempt, Refund
from .providers.base import enabled_provider_ids, payment_providers

# What the applicant sees. "confirming" is a pending fee whose payer came back from the provider's
# page: not paid until the provider's confirmation arrives.
DISPLAY_STATES: dict[str, Any] = {
    "due": _("未納"),
    "pending": _("お支払い手続中"),
    "confirming": _("お支払いを確認中"),
    "awaiting_payment": _("お支払い待ち"),
    "paid": _("支払済"),
    "refunded": _("返金済"),
    "exempt": _("免除"),
    "cancelled": _("取消"),
}


@dataclass(frozen=True)
class ProviderChoice:
    id: str
    label: str
    kind: str


@dataclass(frozen=True)
class FeeView:
    fee: Fee
    display_state: str
    latest: PaymentAttempt | None
    instructions: list[PaymentAttempt] = field(default_factory=list)

    @property
    def display_label(self) -> str:
        return str(DISPLAY_STATES[self.display_state])

    @property
    def label_both(self) -> dict[str, str]:
        return in_both_languages(DISPLAY_STATES[self.display_state])

    @property
    def can_pay(self) -> bool:
        return self.fee.is_payable and self.display_state != "confirming"

    @property
    def has_receipt(self) -> bool:
        return self.fee.state == Fee.State.PAID or (
            self.fee.state == Fee.State.REFUNDED and self.fee.paid_at is not None
        )


def fee_of(application: Application) -> Fee | None:
    return Fee.objects.filter(application=application).first()


def fee_view(fee: Fee) -> FeeView:
    attempts = list(fee.attempts.all()[:50])
    latest = attempts[0] if attempts else None
    state = str(fee.state)
    open_numbers = [a for a in attempts if a.state == PaymentAttempt.State.PENDING and a.instructions]
    if fee.state == Fee.State.PENDING:
        if any(a.state == PaymentAttempt.State.PENDING and a.returned_at for a in attempts):
            state = "confirming"
        elif open_numbers:
            state = "awaiting_payment"
    return FeeView(fee=fee, display_state=state, latest=latest, instructions=open_numbers)


def provider_choices(language: str) -> list[ProviderChoice]:
    choices = []
    for provider_id in enabled_provider_ids():
        provider = payment_providers.get(provider_id)
        choices.append(ProviderChoice(provider_id, provider().label(language), provider.kind))
    return choices


def refunds_for_staff(*, viewer: User, open_only: bool = True) -> QuerySet[Refund]:
    refunds = Refund.objects.select_related(
        "attempt__fee__application__procedure", "requested_by", "decided_by"
    ).order_by("-requested_at")
    if open_only:
        refunds = refunds.filter(state__in=[Refund.State.REQUESTED, Refund.State.APPROVED])
    units = staff_unit_ids(viewer)
    if units is not None:
        refunds = refunds.filter(attempt__fee__application__unit_id__in=units)
    return refunds


def attempts_for_staff(*, fee: Fee) -> list[PaymentAttempt]:
    return list(fee.attempts.prefetch_related("refunds").order_by("-created_at"))


@dataclass(frozen=True)
class FeeEstimate:
    name: str
    assessment: Assessment | None = None
    problem: str = ""


def fee_estimate(*, procedure: Procedure, answers: dict[str, Any], language: str) -> FeeEstimate | None:
    """What the answers will cost, shown before the applicant submits. None without a fee."""
    schedule = FeeSchedule.objects.filter(procedure=procedure, is_active=True).first()
    if schedule is None:
        return None
    try:
        assessment = assess(schedule.rules.all(), schedule.exemptions.all(), answers)
    except FeeRuleError as exc:
        return FeeEstimate(schedule.name, problem=exc.message_en if language == "en" else exc.message_ja)
    if assessment.gross_amount == 0:
        return None
    return FeeEstimate(schedule.name, assessment)
