"""Attempts to pay a fee through a provider, the provider's notifications, and refunds."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .fees import Fee


class PaymentAttempt(models.Model):
    """One try at paying a fee with one provider: a hosted checkout page or a payment number.

    State machine (see confirmation.py): pending -> succeeded | failed | cancelled | expired. A late
    success after failed, cancelled or expired is still recorded (money has moved); nothing moves a
    succeeded attempt back. `is_settlement` marks the one attempt that paid the fee; a partial unique
    constraint makes a second one impossible, whatever the application code does."""

    class State(models.TextChoices):
        PENDING = "pending", _("手続中")
        SUCCEEDED = "succeeded", _("成功")
        FAILED = "failed", _("失敗")
        CANCELLED = "cancelled", _("キャンセル")
        EXPIRED = "expired", _("期限切れ")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    fee = models.ForeignKey(Fee, on_delete=models.PROTECT, related_name="attempts")
    provider = models.CharField(_("決済手段"), max_length=30, db_index=True)
    # NULL until the provider has answered, so that the unique constraint ignores it.
    provider_reference = models.CharField(_("決済ID"), max_length=255, null=True, blank=True)  # noqa: DJ001
    amount = models.PositiveIntegerField(_("請求額"))
    confirmed_amount = models.PositiveIntegerField(_("確認額"), null=True, blank=True)
    state = models.CharField(_("状態"), max_length=20, choices=State.choices, default=State.PENDING)
    is_settlement = models.BooleanField(_("この決済で納付済"), default=False)
    redirect_url = models.URLField(max_length=2000, blank=True)
    instructions = models.JSONField(default=dict, blank=True)
    provider_data = models.JSONField(default=dict, blank=True)
    failure_reason = models.CharField(max_length=200, blank=True)
    # NULL (not "") when the caller sent no Idempotency-Key.
    idempotency_key = models.CharField(max_length=255, null=True, blank=True)  # noqa: DJ001
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    returned_at = models.DateTimeField(_("決済画面から戻った日時"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("確認日時"), null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("支払期限"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("決済")
        verbose_name_plural = _("決済")
        constraints = [
            models.UniqueConstraint(
                fields=["fee"], condition=models.Q(is_settlement=True), name="payment_one_settlement_per_fee"
            ),
            models.UniqueConstraint(
                fields=["provider", "provider_reference"],
                condition=models.Q(provider_reference__isnull=False),
                name="payment_provider_reference_unique",
            ),
            models.UniqueConstraint(
                fields=["fee", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="payment_idempotency_key_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(is_settlement=False) | models.Q(state="succeeded"),
                name="payment_settlement_succeeded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.provider_reference or self.public_id}"


class WebhookEvent(models.Model):
    """A provider's notification, kept so that each event is applied once: a redelivery (same event
    id) is answered without effect, a different body under a known id is refused."""

    provider = models.CharField(max_length=30)
    event_id = models.CharField(max_length=255)
    event_type = models.CharField(max_length=100, blank=True)
    payload_sha256 = models.CharField(max_length=64)
    signed_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempt = models.ForeignKey(
        PaymentAttempt, on_delete=models.SET_NULL, null=True, blank=True, related_name="webhook_events"
    )
    result = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("決済通知")
        verbose_name_plural = _("決済通知")
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="webhook_event_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.event_id}"


class Refund(models.Model):
    """A refund, requested by an officer (or by the system for a double payment) and approved by a
    different staff member with the approver role before it is sent to the provider."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("承認待ち")
        APPROVED = "approved", _("承認済（返金処理中）")
        SUCCEEDED = "succeeded", _("返金済")
        FAILED = "failed", _("返金失敗")
        REJECTED = "rejected", _("却下")

    class Reason(models.TextChoices):
        REQUESTED = "requested", _("職員による返金")
        DUPLICATE = "duplicate", _("二重払い")
        NOT_DUE = "not_due", _("納付不要の支払い")
        AMOUNT_MISMATCH = "amount_mismatch", _("金額の不一致")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    attempt = models.ForeignKey(PaymentAttempt, on_delete=models.PROTECT, related_name="refunds")
    amount = models.PositiveIntegerField(_("返金額"))
    reason = models.CharField(_("理由"), max_length=20, choices=Reason.choices)
    comment = models.TextField(_("説明"), blank=True)
    state = models.CharField(
        _("状態"), max_length=20, choices=State.choices, default=State.REQUESTED, db_index=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)
    provider_reference = models.CharField(max_length=255, blank=True)
    provider_status = models.CharField(max_length=50, blank=True)
    manual = models.BooleanField(_("口座振込での返金"), default=False)
    completed_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("返金")
        verbose_name_plural = _("返金")

    def __str__(self) -> str:
        return f"{self.attempt_id}: {self.amount} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state in {self.State.REQUESTED, self.State.APPROVED}
