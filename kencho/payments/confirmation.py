"""Provider notifications: verified, recorded once, and applied to the attempt's state machine.

    pending ──> succeeded          (the fee becomes paid — or, if it no longer needs paying or was
       │                            already paid by another attempt, a refund for staff to approve)
       ├──> failed | cancelled | expired
       └─ a late success after failed, cancelled or expired is still recorded: money has moved.
    succeeded is final: a failure or cancellation that arrives after it changes nothing.

Exactly once: the WebhookEvent row (unique provider + event id) is inserted in the same transaction
that applies the event, so five deliveries of one event racing on five connections apply it once —
the others wait on the unique index and then find it taken. The fee row is locked before the attempt
row, by every writer, so two confirmations of different attempts for one fee are applied one after
the other, and the partial unique index on PaymentAttempt (one settlement per fee) stands behind it."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import logging
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from kencho.core.audit import audit_record

from .models import Fee, PaymentAttempt, Refund, WebhookEvent
from .providers.base import Notice, Outcome, ProviderError, WebhookRejected, payment_providers, provider_get
from .services import fee_history_add

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class WebhookResult:
    http_status: int
    code: str
    duplicate: bool = False
    message: str = ""


def webhook_receive(*, provider_id: str, body: bytes, headers: Any) -> WebhookResult:
    """Handle one delivery to /api/v1/payments/webhooks/<provider>. 200 when the event is taken (or
    was taken before), 400 when it is refused, 404 for an unknown provider, 503 when the provider's
    API must be asked and cannot be (the provider will retry)."""
    try:
        provider = provider_get(provider_id)
    except LookupError:
        return WebhookResult(404, "unknown_provider")
    try:
        notice = provider.parse_and_verify_webhook(body, headers)
    except WebhookRejected as exc:
        logger.warning("payments: %s webhook refused: %s", provider_id, exc)
        return WebhookResult(400, exc.code, message=exc.message)
    if WebhookEvent.objects.filter(provider=provider_id, event_id=notice.event_id).exists():
        return WebhookResult(200, "duplicate", duplicate=True)
    try:
        notice = provider.authoritative(notice)
    except ProviderError as exc:
        logger.warning("payments: %s webhook could not be checked with the provider: %s", provider_id, exc)
        return WebhookResult(503, "provider_unavailable")
    code, duplicate = notice_apply(
        provider_id=provider_id, notice=notice, payload_sha256=hashlib.sha256(body).hexdigest()
    )
    return WebhookResult(200, code, duplicate=duplicate)


def notice_apply(*, provider_id: str, notice: Notice, payload_sha256: str) -> tuple[str, bool]:
    """Record the event and apply it, once. Returns (what happened, whether it was a duplicate)."""
    try:
        with transaction.atomic():
            event = WebhookEvent.objects.create(
                provider=provider_id,
                event_id=notice.event_id[:255],
                event_type=notice.event_type[:100],
                payload_sha256=payload_sha256,
                signed_at=notice.signed_at,
            )
            code, attempt = _apply(provider_id, notice)
            event.attempt = attempt
            event.result = code
            event.processed_at = timezone.now()
            event.save(update_fields=["attempt", "result", "processed_at"])
    except IntegrityError:
        existing = WebhookEvent.objects.filter(provider=provider_id, event_id=notice.event_id[:255]).first()
        if existing is None:
            raise
        if existing.payload_sha256 != payload_sha256:
            logger.warning(
                "payments: %s event %s redelivered with another body", provider_id, notice.event_id
            )
        return "duplicate", True
    return code, False


def _attempt_for(provider_id: str, notice: Notice) -> PaymentAttempt | None:
    condition = Q()
    with contextlib.suppress(ValueError):
        condition |= Q(public_id=uuid.UUID(notice.attempt_id))
    if notice.reference:
        condition |= Q(provider_reference=notice.reference)
    if not condition:
        return None
    return PaymentAttempt.objects.filter(condition, provider=provider_id).first()


def _apply(provider_id: str, notice: Notice) -> tuple[str, PaymentAttempt | None]:
    if notice.outcome in {Outcome.IGNORED, Outcome.PENDING}:
        return "ignored", None
    found = _attempt_for(provider_id, notice)
    if found is None:
        return "unknown_attempt", None
    fee = Fee.objects.select_for_update().select_related("application__unit").get(pk=found.fee_id)
    attempt = PaymentAttempt.objects.select_for_update().get(pk=found.pk)
    if notice.reference and attempt.provider_reference and notice.reference != attempt.provider_reference:
        return "reference_mismatch", attempt
    if notice.outcome == Outcome.SUCCEEDED:
        return _succeed(fee, attempt, notice), attempt
    return _close(fee, attempt, notice), attempt


def _succeed(fee: Fee, attempt: PaymentAttempt, notice: Notice) -> str:
    if attempt.state == PaymentAttempt.State.SUCCEEDED:
        return "already_succeeded"
    now = timezone.now()
    amount = notice.amount if notice.amount is not None else attempt.amount
    attempt.state = PaymentAttempt.State.SUCCEEDED
    attempt.confirmed_at = now
    attempt.confirmed_amount = amount
    attempt.provider_data = {**attempt.provider_data, **notice.data}
    if fee.state in {Fee.State.DUE, Fee.State.PENDING} and amount == attempt.amount == fee.amount:
        attempt.is_settlement = True
        attempt.save()
        fee.state = Fee.State.PAID
        fee.paid_at = now
        fee.save(update_fields=["state", "paid_at", "updated_at"])
        fee_history_add(
            fee=fee,
            actor=None,
            audit_action="payments.fee_paid",
            ja=f"{fee.name_ja} {fee.amount:,}円のお支払いを確認しました。",
            en=f"Your payment of {fee.amount:,} yen ({fee.name_en or 'fee'}) has been confirmed.",
            attempt=str(attempt.public_id),
            provider=attempt.provider,
            event=notice.event_id,
        )
        return "paid"
    attempt.save()
    if fee.state == Fee.State.PAID:
        reason = Refund.Reason.DUPLICATE
    elif fee.state in {Fee.State.DUE, Fee.State.PENDING}:
        reason = Refund.Reason.AMOUNT_MISMATCH
    else:
        reason = Refund.Reason.NOT_DUE
    Refund.objects.create(attempt=attempt, amount=amount, reason=reason, state=Refund.State.REQUESTED)
    fee_history_add(
        fee=fee,
        actor=None,
        audit_action="payments.refund_required",
        ja=f"返金が必要な入金があります（{Refund.Reason(reason).label}、{amount:,}円）。",
        en=f"A payment needs refunding ({reason}, {amount:,} yen).",
        visible=False,
        attempt=str(attempt.public_id),
        reason=reason,
        event=notice.event_id,
    )
    return "refund_required"


def _close(fee: Fee, attempt: PaymentAttempt, notice: Notice) -> str:
    if attempt.state != PaymentAttempt.State.PENDING:
        return "out_of_order"  # e.g. a failure reported after the success: the success stands
    attempt.state = {
        Outcome.FAILED: PaymentAttempt.State.FAILED,
        Outcome.CANCELLED: PaymentAttempt.State.CANCELLED,
        Outcome.EXPIRED: PaymentAttempt.State.EXPIRED,
    }[notice.outcome]
    attempt.closed_at = timezone.now()
    attempt.failure_reason = notice.reason[:200]
    attempt.save(update_fields=["state", "closed_at", "failure_reason"])
    if (
        fee.state == Fee.State.PENDING
        and not fee.attempts.filter(state=PaymentAttempt.State.PENDING).exists()
    ):
        fee.state = Fee.State.DUE
        fee.save(update_fields=["state", "updated_at"])
    audit_record(
        action=f"payments.payment_{attempt.state}",
        obj=attempt,
        unit_code=fee.application.unit.code,
        detail={"event": notice.event_id, "reason": attempt.failure_reason},
    )
    return str(attempt.state)


def attempts_sync(*, older_than_minutes: int = 30, limit: int = 200) -> dict[str, int]:
    """For notifications that never came: ask the provider about attempts still pending after
    `older_than_minutes`, and expire payment numbers past their deadline. What the provider says is
    applied exactly like a notification (event id "sync:<attempt>:<outcome>")."""
    cutoff = timezone.now() - datetime.timedelta(minutes=older_than_minutes)
    counts: dict[str, int] = {}
    pending = PaymentAttempt.objects.filter(
        state=PaymentAttempt.State.PENDING, created_at__lt=cutoff, provider_reference__isnull=False
    ).order_by("created_at")[:limit]
    for attempt in pending:
        if attempt.provider not in payment_providers:
            continue
        try:
            status = payment_providers.get(attempt.provider)().fetch_status(attempt.provider_reference or "")
        except ProviderError as exc:
            logger.warning("payments: status of %s unavailable: %s", attempt, exc)
            counts["unavailable"] = counts.get("unavailable", 0) + 1
            continue
        outcome = status.outcome
        if outcome == Outcome.PENDING and attempt.expires_at and attempt.expires_at < timezone.now():
            outcome = Outcome.EXPIRED
        if outcome in {Outcome.PENDING, Outcome.IGNORED}:
            continue
        notice = Notice(
            event_id=f"sync:{attempt.public_id}:{outcome}",
            event_type="sync",
            outcome=outcome,
            attempt_id=str(attempt.public_id),
            amount=status.amount,
            data=status.data,
        )
        code, _duplicate = notice_apply(provider_id=attempt.provider, notice=notice, payload_sha256="")
        counts[code] = counts.get(code, 0) + 1
    return counts
