"""The demo gateway's own records. The demo provider plays a payment company inside Kencho: these
tables are its side of the story (what the tester did on the hosted page, which notifications it still
has to send), kept apart from Kencho's PaymentAttempt as a real gateway's database would be."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class DemoCheckout(models.Model):
    class State(models.TextChoices):
        OPEN = "open", "open"
        SUCCEEDED = "succeeded", "succeeded"
        FAILED = "failed", "failed"
        CANCELLED = "cancelled", "cancelled"

    token = models.CharField(max_length=64, unique=True)
    reference = models.CharField(max_length=64, db_index=True)  # the merchant's attempt id
    amount = models.PositiveIntegerField()
    description = models.CharField(max_length=200)
    merchant = models.CharField(max_length=200)
    success_url = models.URLField(max_length=2000)
    cancel_url = models.URLField(max_length=2000)
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN)
    refunded_amount = models.PositiveIntegerField(default=0)
    refunds = models.JSONField(default=dict, blank=True)  # idempotency key -> amount
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"demo checkout {self.token[:8]} ({self.state})"


class DemoNotification(models.Model):
    """A webhook the demo gateway owes the merchant. Delivered (and re-signed) by a Celery task;
    `body` is sent byte for byte, so a duplicate delivery is exactly the same event."""

    checkout = models.ForeignKey(DemoCheckout, on_delete=models.CASCADE, related_name="notifications")
    event_id = models.CharField(max_length=64)
    event_type = models.CharField(max_length=50)
    body = models.TextField()
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)
    deliveries = models.PositiveIntegerField(default=0)
    last_status = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["sequence", "id"]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id}"
