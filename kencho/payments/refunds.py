"""Refunds: an officer asks, an approver (a different person, with the approver role for the
application's unit) decides, a background task asks the provider, and the outcome is recorded. A
double payment found by confirmation.py starts here too, as a request from the system."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from kencho.core.access import staff_unit_ids
from kencho.core.audit import audit_record
from kencho.core.background import enqueue_after_commit
from kencho.core.models import Membership, User

from .errors import PaymentError
from .models import Fee, PaymentAttempt, Refund
from .providers.base import ProviderError, payment_providers
from .services import fee_history_add


def may_approve(user: User, refund: Refund) -> bool:
    """Approvers of the application's unit (or of a unit above it), never the person who asked."""
    if refund.requested_by_id is not None and refund.requested_by_id == user.pk:
        return False
    units = staff_unit_ids(user, roles=[Membership.Role.APPROVER])
    return units is None or refund.attempt.fee.application.unit_id in units


def refundable_amount(attempt: PaymentAttempt) -> int:
    """What is left to refund of an attempt: confirmed minus refunds done or under way."""
    if attempt.state != PaymentAttempt.State.SUCCEEDED:
        return 0
    taken = attempt.refunds.exclude(state__in=[Refund.State.REJECTED, Refund.State.FAILED]).aggregate(
        total=Sum("amount")
    )["total"]
    return max(0, (attempt.confirmed_amount or attempt.amount) - (taken or 0))


def refund_request(
    *, attempt: PaymentAttempt, amount: int, comment: str, actor: User, request: Any = None
) -> Refund:
    """An officer asks to refund `amount` yen of a confirmed payment (過誤納, a cancelled service...)."""
    with transaction.atomic():
        Fee.objects.select_for_update().get(pk=attempt.fee_id)
        locked = PaymentAttempt.objects.select_related("fee__application__unit").get(pk=attempt.pk)
        available = refundable_amount(locked)
        if amount < 1 or amount > available:
            raise PaymentError(
                "invalid_refund_amount",
                f"返金額は1円から{available:,}円までで指定してください。",
                f"The refund must be between 1 and {available:,} yen.",
                422,
            )
        if not comment.strip():
            raise PaymentError(
                "no_reason", "返金の理由を入力してください。", "Give the reason for the refund.", 422
            )
        refund = Refund.objects.create(
            attempt=locked,
            amount=amount,
            reason=Refund.Reason.REQUESTED,
            comment=comment.strip()[:2000],
            requested_by=actor,
        )
        fee_history_add(
            fee=locked.fee,
            actor=actor,
            audit_action="payments.refund_requested",
            ja=f"返金（{amount:,}円）の承認を依頼しました。",
            en=f"A refund of {amount:,} yen was sent for approval.",
            visible=False,
            refund=str(refund.public_id),
        )
    return refund


def refund_decide(
    *, refund: Refund, approve: bool, actor: User, comment: str = "", request: Any = None
) -> Refund:
    """The approver's decision. On approval the refund is sent to the provider after commit."""
    with transaction.atomic():
        locked = (
            Refund.objects.select_for_update()
            .select_related("attempt__fee__application__unit")
            .get(pk=refund.pk)
        )
        if locked.state != Refund.State.REQUESTED:
            raise PaymentError(
                "already_decided", "この返金は処理済みです。", "This refund has already been decided."
            )
        if not may_approve(actor, locked):
            raise PaymentError(
                "not_approver",
                "返金を承認できるのは、依頼した人以外の承認者（課長など）です。",
                "A refund must be approved by an approver other than the person who requested it.",
                403,
            )
        locked.state = Refund.State.APPROVED if approve else Refund.State.REJECTED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_comment = comment.strip()[:2000]
        locked.save(update_fields=["state", "decided_by", "decided_at", "decision_comment"])
        fee_history_add(
            fee=locked.attempt.fee,
            actor=actor,
            audit_action="payments.refund_approved" if approve else "payments.refund_rejected",
            ja=f"返金（{locked.amount:,}円）を{'承認' if approve else '却下'}しました。",
            en=f"The refund of {locked.amount:,} yen was {'approved' if approve else 'rejected'}.",
            visible=False,
            refund=str(locked.public_id),
        )
        if approve:
            from .tasks import refund_execute_task

            enqueue_after_commit(refund_execute_task, locked.pk)
    return locked


def refund_execute(*, refund_id: int) -> Refund:
    """Send an approved refund to its provider (idempotent: the provider sees the refund's own id as
    Idempotency-Key, so a retried task cannot refund twice) and record the answer."""
    refund = Refund.objects.select_related("attempt").get(pk=refund_id)
    if refund.state != Refund.State.APPROVED or refund.manual:
        return refund
    attempt = refund.attempt
    try:
        result = payment_providers.get(attempt.provider)().refund(
            reference=attempt.provider_reference or "",
            data=attempt.provider_data,
            amount=refund.amount,
            idempotency_key=str(refund.public_id),
        )
    except ProviderError as exc:
        audit_record(action="payments.refund_retry", obj=refund, detail={"error": str(exc)[:200]})
        raise
    with transaction.atomic():
        locked = Refund.objects.select_for_update().get(pk=refund.pk)
        if locked.state != Refund.State.APPROVED:
            return locked
        locked.provider_reference = result.reference[:255]
        locked.provider_status = result.status
        if result.status == "manual":
            locked.manual = True
            locked.save(update_fields=["provider_reference", "provider_status", "manual"])
            audit_record(action="payments.refund_manual", obj=locked, detail={"amount": locked.amount})
            return locked
        if result.status == "failed":
            locked.state = Refund.State.FAILED
            locked.save(update_fields=["state", "provider_reference", "provider_status"])
            audit_record(action="payments.refund_failed", obj=locked, detail={"amount": locked.amount})
            return locked
        locked.save(update_fields=["provider_reference", "provider_status"])
        if result.status == "succeeded":
            _complete(locked, actor=None)
    return locked


def refund_mark_completed(*, refund: Refund, actor: User, request: Any = None) -> Refund:
    """Record that a manual refund (bank transfer) has been paid out."""
    with transaction.atomic():
        locked = Refund.objects.select_for_update().get(pk=refund.pk)
        if locked.state != Refund.State.APPROVED or not locked.manual:
            raise PaymentError(
                "not_manual",
                "この返金は振込完了を記録できません。",
                "This refund cannot be marked as paid out.",
            )
        _complete(locked, actor=actor)
    return locked


def _complete(refund: Refund, *, actor: User | None) -> None:
    fee = Fee.objects.select_for_update().select_related("application__unit").get(pk=refund.attempt.fee_id)
    attempt = PaymentAttempt.objects.get(pk=refund.attempt_id)
    refund.state = Refund.State.SUCCEEDED
    refund.completed_at = timezone.now()
    refund.save(update_fields=["state", "completed_at"])
    if attempt.is_settlement:
        fee.refunded_amount += refund.amount
        if fee.refunded_amount >= (attempt.confirmed_amount or attempt.amount):
            fee.state = Fee.State.REFUNDED
        fee.save(update_fields=["refunded_amount", "state", "updated_at"])
    fee_history_add(
        fee=fee,
        actor=actor,
        audit_action="payments.refund_completed",
        ja=f"{refund.amount:,}円を返金しました。",
        en=f"{refund.amount:,} yen has been refunded.",
        refund=str(refund.public_id),
    )


def refunds_resend(*, older_than_minutes: int = 10) -> int:
    """Send again approved refunds that never got an answer from their provider (no workers, or the
    provider was down). Only within 24 hours of approval: providers keep an Idempotency-Key about
    that long, and past it a resend could refund twice. Returns how many were sent."""
    now = timezone.now()
    waiting = Refund.objects.filter(
        state=Refund.State.APPROVED,
        manual=False,
        provider_status="",
        decided_at__lt=now - datetime.timedelta(minutes=older_than_minutes),
        decided_at__gt=now - datetime.timedelta(hours=24),
    ).values_list("pk", flat=True)
    sent = 0
    for refund_id in list(waiting):
        try:
            refund_execute(refund_id=refund_id)
        except ProviderError:
            continue
        sent += 1
    return sent
