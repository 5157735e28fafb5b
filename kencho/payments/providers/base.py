"""What a payment provider plugin must do, and the registry that names them.

A provider is one module under providers/ with a class decorated `@payment_providers.register("id")`.
KENCHO_PAYMENT_PROVIDERS lists the ids a site offers; settings are read when a provider is made,
never at import time. Kencho's own records (fees, attempts, webhook events) are written by
payments.services and payments.confirmation only: a provider talks to its gateway and translates
its answers into the small vocabulary below."""

from __future__ import annotations

import datetime
import enum
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.conf import settings

from kencho.core.registry import Registry


class Outcome(enum.StrEnum):
    """What a provider says about one checkout."""

    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    IGNORED = "ignored"  # an event about something else (a refund, another product on the account)


@dataclass(frozen=True)
class CheckoutRequest:
    attempt_id: str
    amount: int
    description: str
    merchant: str
    success_url: str
    cancel_url: str
    base_url: str
    language: str = "ja"
    customer_email: str = ""


@dataclass(frozen=True)
class Checkout:
    """The provider's answer: a page to send the payer to, or instructions (a payment number)."""

    reference: str
    redirect_url: str = ""
    instructions: dict[str, Any] = field(default_factory=dict)
    expires_at: datetime.datetime | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Notice:
    """One verified notification, in Kencho's terms. `attempt_id` is Kencho's id of the attempt when
    the provider echoes it back; `reference` is the provider's own id of the checkout."""

    event_id: str
    event_type: str
    outcome: Outcome
    attempt_id: str = ""
    reference: str = ""
    amount: int | None = None
    signed_at: datetime.datetime | None = None
    data: dict[str, Any] = field(default_factory=dict)
    reason: str = ""


@dataclass(frozen=True)
class ProviderStatus:
    outcome: Outcome
    amount: int | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RefundResult:
    """`status`: succeeded, pending (the provider will finish it), failed, or manual (the provider
    cannot refund; staff transfer the money and record it)."""

    status: str
    reference: str = ""


class WebhookRejected(Exception):
    """A notification that is not taken: no or bad signature, outside the time window, unreadable."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class ProviderError(Exception):
    """The provider could not be reached or refused a request; safe to retry later."""


class PaymentProvider(ABC):
    plugin_id: ClassVar[str]
    label_ja: ClassVar[str]
    label_en: ClassVar[str]
    # "redirect": a hosted payment page; "number": a payment number paid at a bank or ATM.
    kind: ClassVar[str] = "redirect"

    def label(self, language: str) -> str:
        return self.label_en if language == "en" else self.label_ja

    @abstractmethod
    def create_checkout(self, request: CheckoutRequest) -> Checkout:
        """Open a checkout with the provider (idempotent on request.attempt_id where the provider
        supports it). Raises ProviderError."""

    @abstractmethod
    def parse_and_verify_webhook(self, body: bytes, headers: Mapping[str, str]) -> Notice:
        """Check the notification's signature and time, then translate it. Raises WebhookRejected."""

    def authoritative(self, notice: Notice) -> Notice:
        """The notice to act on. Providers whose notifications are not signed over their content
        replace it with what their API says (see payjp)."""
        return notice

    @abstractmethod
    def fetch_status(self, reference: str) -> ProviderStatus:
        """Ask the provider how the checkout `reference` stands. Raises ProviderError."""

    @abstractmethod
    def refund(
        self, *, reference: str, data: Mapping[str, Any], amount: int, idempotency_key: str
    ) -> RefundResult:
        """Return `amount` yen of the payment made through checkout `reference`. Raises ProviderError."""


payment_providers: Registry[PaymentProvider] = Registry("payment provider")


def enabled_provider_ids() -> list[str]:
    return [p for p in settings.KENCHO_PAYMENT_PROVIDERS if p in payment_providers]


def provider_get(provider_id: str) -> PaymentProvider:
    """An instance of an enabled provider. Raises LookupError for unknown or disabled ids."""
    if provider_id not in enabled_provider_ids():
        raise LookupError(f"payment provider {provider_id!r} is not enabled")
    return payment_providers.get(provider_id)()
