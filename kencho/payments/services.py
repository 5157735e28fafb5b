"""Writes to fees and payment attempts: assessing a fee when an application is submitted, cancelling
it, and starting a payment. Confirmations arrive in confirmation.py; refunds live in refunds.py.
Every function runs in one transaction with an audit entry; calls to providers happen outside it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from kencho.core.audit import audit_record
from kencho.core.models import User
from kencho.procedures.models import Application, ApplicationEvent
from kencho.procedures.services import application_history_add

from . import errors
from .fees import FeeRuleError, assess
from .models import Fee, FeeSchedule, PaymentAttempt
from .providers.base import CheckoutRequest, ProviderError, provider_get

MAX_ATTEMPTS_PER_FEE = 20


def fee_history_add(
    *, fee: Fee, actor: User | None, audit_action: str, ja: str, en: str, visible: bool = True, **detail: Any
) -> None:
    """A history line on the fee's application, in the applicant's language, with its audit entry."""
    application = fee.application
    application_history_add(
        application=application,
        actor=actor,
        kind=ApplicationEvent.Kind.PAYMENT,
        audit_action=audit_action,
        comment=en if application.language == "en" else ja,
        detail={"fee": fee.pk, **detail},
        visible_to_applicant=visible,
    )


def fee_assess(*, application: Application) -> Fee | None:
    """Work out and store what a just-submitted application owes, inside the submitting transaction.
    None when its procedure has no active fee schedule or the rules come to 0 yen without an
    exemption. Raises PaymentError when a rule cannot be applied, so the submission fails with a
    message instead of being stored without its fee."""
    schedule = FeeSchedule.objects.filter(procedure_id=application.procedure_id, is_active=True).first()
    if schedule is None:
        return None
    try:
        assessment = assess(schedule.rules.all(), schedule.exemptions.all(), application.data)
    except FeeRuleError as exc:
        raise errors.PaymentError(
            "fee_rule_error",
            f"手数料を計算できませんでした（{exc.rule}: {exc.message_ja}）。担当課にお問い合わせください。",
            f"The fee could not be worked out ({exc.rule}: {exc.message_en}). Please contact the office.",
            422,
        ) from exc
    if assessment.gross_amount == 0:
        return None
    fee = Fee.objects.create(
        application=application,
        schedule=schedule,
        name_ja=schedule.name_ja,
        name_en=schedule.name_en,
        purpose_ja=schedule.purpose_ja,
        purpose_en=schedule.purpose_en,
        gross_amount=assessment.gross_amount,
        amount=assessment.amount,
        breakdown=[line.as_dict() for line in assessment.lines],
        exemption=assessment.exemption_dict(),
        state=Fee.State.DUE if assessment.amount > 0 else Fee.State.EXEMPT,
    )
    audit_record(
        action="payments.fee_assessed",
        obj=fee,
        unit_code=application.unit.code,
        detail={
            "receipt_number": application.receipt_number,
            "amount": fee.amount,
            "gross": fee.gross_amount,
        },
    )
    return fee


def fee_cancel(
    *, application: Application, actor: User | None, reason: str = "", request: Any = None
) -> Fee | None:
    """Cancel an unpaid fee (the application was withdrawn or the office cancelled it). Attempts still
    open at a provider stay as they are: if one is paid later, it becomes a refund for staff."""
    with transaction.atomic():
        fee = Fee.objects.select_for_update().filter(application=application).first()
        if fee is None or fee.state not in {Fee.State.DUE, Fee.State.PENDING}:
            return fee
        fee.state = Fee.State.CANCELLED
        fee.save(update_fields=["state", "updated_at"])
        fee_history_add(
            fee=fee,
            actor=actor,
            audit_action="payments.fee_cancelled",
            ja=f"{fee.name_ja}（{fee.amount:,}円）を取り消しました。",
            en=f"The {fee.name_en or 'fee'} of {fee.amount:,} yen was cancelled.",
            reason=reason[:1000],
        )
    return fee


@dataclass(frozen=True)
class PaymentStart:
    success_url: str
    cancel_url: str
    base_url: str
    language: str = "ja"


def _existing(fee: Fee, provider_id: str, idempotency_key: str | None) -> PaymentAttempt | None:
    if idempotency_key:
        existing = fee.attempts.filter(idempotency_key=idempotency_key).first()
        if existing is not None and existing.provider != provider_id:
            raise errors.PaymentError(
                "idempotency_key_reused",
                "同じ Idempotency-Key で別のお支払い方法が指定されました。",
                "The same Idempotency-Key was sent with another payment method.",
                422,
            )
        return existing
    # A payment number stays valid until its deadline: show the same one instead of issuing another.
    return fee.attempts.filter(
        provider=provider_id,
        state=PaymentAttempt.State.PENDING,
        provider_reference__isnull=False,
        expires_at__gt=timezone.now(),
    ).first()


def payment_start(
    *,
    application: Application,
    provider_id: str,
    urls: PaymentStart,
    actor: User | None,
    idempotency_key: str | None = None,
    request: Any = None,
) -> PaymentAttempt:
    """Open a checkout for the application's fee with one provider: the attempt is committed first
    (so that a notification can never arrive before Kencho knows the attempt), then the provider is
    asked for a payment page or number. `urls` gets "{attempt}" replaced by the attempt's id."""
    try:
        provider = provider_get(provider_id)
    except LookupError:
        raise errors.provider_unknown_error() from None
    with transaction.atomic():
        fee = (
            Fee.objects.select_for_update()
            .select_related("application__unit")
            .filter(application=application)
            .first()
        )
        if fee is None:
            raise errors.no_fee_error()
        existing = _existing(fee, provider_id, idempotency_key)
        if existing is not None and (
            existing.redirect_url or existing.instructions or existing.state != "pending"
        ):
            return existing
        if not fee.is_payable:
            raise errors.not_payable_error()
        if fee.attempts.count() >= MAX_ATTEMPTS_PER_FEE:
            raise errors.PaymentError(
                "too_many_attempts",
                "お支払いの試行回数が上限に達しました。担当課にお問い合わせください。",
                "There have been too many payment attempts. Please contact the office.",
                429,
            )
        try:
            with transaction.atomic():
                attempt = existing or PaymentAttempt.objects.create(
                    fee=fee,
                    provider=provider_id,
                    amount=fee.amount,
                    idempotency_key=idempotency_key,
                    created_by=actor if actor is not None and actor.is_authenticated else None,
                )
        except IntegrityError:
            raise errors.PaymentError("conflict", "もう一度お試しください。", "Please try again.") from None
        fee.state = Fee.State.PENDING
        fee.save(update_fields=["state", "updated_at"])
        audit_record(
            action="payments.payment_started",
            actor=actor,
            obj=attempt,
            unit_code=fee.application.unit.code,
            detail={
                "receipt_number": fee.application.receipt_number,
                "provider": provider_id,
                "amount": attempt.amount,
            },
            request=request,
        )
    attempt_id = str(attempt.public_id)
    try:
        checkout = provider.create_checkout(
            CheckoutRequest(
                attempt_id=attempt_id,
                amount=attempt.amount,
                description=f"{fee.name_ja} {fee.application.receipt_number}（{fee.purpose_ja}）",
                merchant=fee.application.unit.name_ja,
                success_url=urls.success_url.replace("{attempt}", attempt_id),
                cancel_url=urls.cancel_url.replace("{attempt}", attempt_id),
                base_url=urls.base_url,
                language=urls.language,
                customer_email=fee.application.contact_email,
            )
        )
    except ProviderError as exc:
        _attempt_failed_to_open(attempt, str(exc))
        raise errors.provider_unavailable_error() from exc
    with transaction.atomic():
        PaymentAttempt.objects.filter(pk=attempt.pk).update(
            provider_reference=checkout.reference,
            redirect_url=checkout.redirect_url,
            instructions=checkout.instructions,
            expires_at=checkout.expires_at,
            provider_data=checkout.data,
        )
    attempt.refresh_from_db()
    return attempt


def _attempt_failed_to_open(attempt: PaymentAttempt, reason: str) -> None:
    with transaction.atomic():
        fee = Fee.objects.select_for_update().get(pk=attempt.fee_id)
        PaymentAttempt.objects.filter(pk=attempt.pk, state=PaymentAttempt.State.PENDING).update(
            state=PaymentAttempt.State.FAILED, failure_reason=reason[:200], closed_at=timezone.now()
        )
        if (
            fee.state == Fee.State.PENDING
            and not fee.attempts.filter(state=PaymentAttempt.State.PENDING).exists()
        ):
            fee.state = Fee.State.DUE
            fee.save(update_fields=["state", "updated_at"])
        audit_record(action="payments.payment_open_failed", obj=attempt, detail={"reason": reason[:200]})


def attempt_mark_returned(*, attempt: PaymentAttempt) -> None:
    """The payer came back from the provider's page saying it went through. Only shown as
    "confirming": the fee is paid when the provider confirms, never because of this."""
    PaymentAttempt.objects.filter(
        pk=attempt.pk, state=PaymentAttempt.State.PENDING, returned_at__isnull=True
    ).update(returned_at=timezone.now())
