"""The receipt (領収書) of a paid fee as a PDF: the payer, the amount, 但し書き, the 和暦 date of the
payment, the method, and the issuer (KENCHO_PAYMENTS_ISSUER and the procedure's unit)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from kencho.core.japanese.wareki import format_date, format_wareki

from .errors import PaymentError
from .models import Fee, PaymentAttempt
from .providers.base import payment_providers


def _date(value: object, language: str) -> str:
    day = timezone.localdate(value)  # type: ignore[arg-type]  # an aware datetime
    return format_date(day, language="en", wareki=True) if language == "en" else format_wareki(day)


def receipt_pdf_bytes(fee: Fee) -> bytes:
    """The receipt of a paid fee. Raises PaymentError while the payment is not confirmed."""
    from weasyprint import HTML  # heavy: imported only when a PDF is made

    attempt = PaymentAttempt.objects.filter(fee=fee, is_settlement=True).first()
    if attempt is None or fee.paid_at is None:
        raise PaymentError(
            "not_paid",
            "お支払いの確認後に領収書を発行できます。",
            "The receipt is available once the payment has been confirmed.",
            404,
        )
    application = fee.application
    language = application.language if application.language in {"ja", "en"} else "ja"
    provider = payment_providers.get(attempt.provider)() if attempt.provider in payment_providers else None
    with translation.override(language):
        html = render_to_string(
            "payments/receipt_pdf.html",
            {
                "fee": fee,
                "attempt": attempt,
                "application": application,
                "language": language,
                "receipt_id": f"{application.receipt_number}-{attempt.pk}",
                "paid_on": _date(fee.paid_at, language),
                "issued_on": _date(timezone.now(), language),
                "method": provider.label(language) if provider else attempt.provider,
                "issuer": getattr(settings, "KENCHO_PAYMENTS_ISSUER", ""),
            },
        )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
