"""REST API for fees and payments: the applicant's fee and paying it, the providers' webhooks, and
staff's view of payments, refunds and the reconciliation report. Handlers parse, call one service or
selector, and shape the answer."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Header, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import ConfigDict

from kencho.core.api import ErrorsOut
from kencho.core.tokens import OptionalTokenAuth, TokenAuth

from . import access, errors, selectors
from .confirmation import webhook_receive
from .models import Fee, PaymentAttempt, Refund
from .providers.base import payment_providers
from .receipts import receipt_pdf_bytes
from .reconciliation import XLSX, reconciliation_export
from .refunds import refund_decide, refund_request
from .services import PaymentStart, payment_start

public_router = Router(tags=["payments"])
staff_router = Router(tags=["staff"], auth=TokenAuth())


class Text(Schema):
    ja: str
    en: str


class FeeLineOut(Schema):
    label: Text
    amount: int
    unit_amount: int | None
    quantity: int | None


class ExemptionOut(Schema):
    label: Text
    percent: int
    reduction: int


class AttemptOut(Schema):
    attempt_id: str
    provider: str
    state: str
    amount: int
    redirect_url: str | None
    instructions: dict[str, Any] | None
    created_at: datetime.datetime
    confirmed_at: datetime.datetime | None
    expires_at: datetime.datetime | None


class FeeOut(Schema):
    receipt_number: str
    name: Text
    purpose: Text
    state: str = Field(
        description="due | pending | confirming | awaiting_payment | paid | refunded | exempt | cancelled"
    )
    state_label: Text
    amount: int = Field(description="納付額（円）/ amount due in yen")
    gross_amount: int
    breakdown: list[FeeLineOut]
    exemption: ExemptionOut | None
    paid_at: datetime.datetime | None
    can_pay: bool
    providers: list[str]
    receipt_url: str | None
    latest_payment: AttemptOut | None


class PaymentIn(Schema):
    model_config = ConfigDict(extra="forbid")
    provider: str = Field(
        ..., max_length=30, description="KENCHO_PAYMENT_PROVIDERS の1つ / an enabled provider"
    )
    return_url: str | None = Field(
        None,
        max_length=1000,
        description="決済後に戻るURL（省略時は申請状況ページ）/ where the payer returns",
    )


class RefundOut(Schema):
    refund_id: str
    attempt_id: str
    amount: int
    reason: str
    state: str
    requested_by: str | None
    decided_by: str | None


class StaffFeeOut(FeeOut):
    payments: list[AttemptOut]
    refunds: list[RefundOut]


class RefundIn(Schema):
    model_config = ConfigDict(extra="forbid")
    attempt_id: uuid.UUID
    amount: int = Field(..., ge=1)
    comment: str = Field(..., min_length=1, max_length=2000)


class DecisionIn(Schema):
    model_config = ConfigDict(extra="forbid")
    approve: bool
    comment: str = Field("", max_length=2000)


class WebhookOut(Schema):
    received: bool
    duplicate: bool
    result: str


def _caller(request: HttpRequest) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    return user if getattr(user, "is_authenticated", False) else None


def _attempt_out(attempt: PaymentAttempt | None) -> dict[str, Any] | None:
    if attempt is None:
        return None
    return {
        "attempt_id": str(attempt.public_id),
        "provider": attempt.provider,
        "state": attempt.state,
        "amount": attempt.amount,
        "redirect_url": attempt.redirect_url or None,
        "instructions": attempt.instructions or None,
        "created_at": attempt.created_at,
        "confirmed_at": attempt.confirmed_at,
        "expires_at": attempt.expires_at,
    }


def _fee_out(request: HttpRequest, fee: Fee, *, receipt_url: str) -> dict[str, Any]:
    view = selectors.fee_view(fee)
    return {
        "receipt_number": fee.application.receipt_number,
        "name": {"ja": fee.name_ja, "en": fee.name_en or fee.name_ja},
        "purpose": {"ja": fee.purpose_ja, "en": fee.purpose_en or fee.purpose_ja},
        "state": view.display_state,
        "state_label": view.label_both,
        "amount": fee.amount,
        "gross_amount": fee.gross_amount,
        "breakdown": fee.breakdown,
        "exemption": fee.exemption or None,
        "paid_at": fee.paid_at,
        "can_pay": view.can_pay,
        "providers": [c.id for c in selectors.provider_choices("ja")] if view.can_pay else [],
        "receipt_url": request.build_absolute_uri(receipt_url) if view.has_receipt else None,
        "latest_payment": _attempt_out(view.latest),
    }


def _applicant_fee(request: HttpRequest, receipt_number: str, secret: str | None) -> Fee:
    return access.fee_for_applicant(user=_caller(request), receipt_number=receipt_number, secret=secret or "")


@public_router.get(
    "/applications/{receipt_number}/fee",
    response={200: FeeOut, 404: ErrorsOut},
    summary="手数料とお支払いの状況 / The fee and how its payment stands",
    description="ログインなしの申請は X-Application-Secret ヘッダーに確認キーを指定します。"
    " 「paid」はお支払いサービスからの確認が届いてからです。",
    auth=OptionalTokenAuth(),
)
def fee_detail(
    request: HttpRequest,
    receipt_number: str,
    secret: str | None = Header(None, alias="X-Application-Secret", max_length=200),
) -> dict[str, Any]:
    fee = _applicant_fee(request, receipt_number, secret)
    return _fee_out(
        request, fee, receipt_url=reverse("api:payments_receipt", args=[fee.application.receipt_number])
    )


@public_router.post(
    "/applications/{receipt_number}/payments",
    response={
        200: AttemptOut,
        201: AttemptOut,
        404: ErrorsOut,
        409: ErrorsOut,
        422: ErrorsOut,
        503: ErrorsOut,
    },
    summary="お支払いを始める / Start a payment",
    description="redirect_url へ利用者を案内するか、instructions（ペイジーの番号）を表示します。"
    " Idempotency-Key を付けた再送は同じお支払いを返します（200）。",
    auth=OptionalTokenAuth(),
)
def payment_create(
    request: HttpRequest,
    receipt_number: str,
    payload: PaymentIn,
    secret: str | None = Header(None, alias="X-Application-Secret", max_length=200),
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=255),
    accept_language: str | None = Header(None, alias="Accept-Language", max_length=200),
) -> Status:
    fee = _applicant_fee(request, receipt_number, secret)
    back = payload.return_url or request.build_absolute_uri(
        reverse("procedures:application_status", args=[fee.application.receipt_number])
    )
    if not back.startswith(("https://", "http://")):
        raise errors.PaymentError(
            "invalid_return_url",
            "return_url は http(s) のURLにしてください。",
            "return_url must be an http(s) URL.",
            422,
        )
    before = fee.attempts.count()
    attempt = payment_start(
        application=fee.application,
        provider_id=payload.provider,
        urls=PaymentStart(
            success_url=back,
            cancel_url=back,
            base_url=request.build_absolute_uri("/"),
            language="en" if (accept_language or "").lower().startswith("en") else "ja",
        ),
        actor=_caller(request),
        idempotency_key=(idempotency_key or "").strip() or None,
        request=request,
    )
    return Status(201 if fee.attempts.count() > before else 200, _attempt_out(attempt))


@public_router.get(
    "/applications/{receipt_number}/receipt.pdf",
    response={200: None, 404: ErrorsOut},
    url_name="payments_receipt",
    summary="領収書（PDF）/ The receipt as PDF",
    auth=OptionalTokenAuth(),
)
def receipt(
    request: HttpRequest,
    receipt_number: str,
    secret: str | None = Header(None, alias="X-Application-Secret", max_length=200),
) -> HttpResponse:
    fee = _applicant_fee(request, receipt_number, secret)
    response = HttpResponse(receipt_pdf_bytes(fee), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{fee.application.receipt_number}.pdf"'
    return response


@public_router.post(
    "/payments/webhooks/{provider}",
    response={200: WebhookOut, 400: ErrorsOut, 404: ErrorsOut, 503: ErrorsOut},
    summary="決済サービスからの通知 / A payment provider's webhook",
    description="署名（またはトークン）と時刻を確かめ、同じイベントは一度だけ反映します。CSRF・セッションは使いません。",
    auth=None,
)
def webhook(request: HttpRequest, provider: str) -> Status:
    result = webhook_receive(provider_id=provider[:30], body=request.body, headers=request.headers)
    if result.http_status == 200:
        return Status(200, {"received": True, "duplicate": result.duplicate, "result": result.code})
    messages = {
        400: (
            "通知を確認できませんでした（署名・時刻・形式）。",
            f"The notification was refused ({result.code}).",
        ),
        404: ("この決済サービスは使われていません。", "This payment provider is not enabled."),
        503: (
            "決済サービスに確認できません。あとで再送してください。",
            "The provider could not be asked; retry later.",
        ),
    }
    ja, en = messages.get(result.http_status, ("エラー", "Error"))
    return Status(
        result.http_status,
        {"errors": [{"field": None, "code": result.code, "message": {"ja": ja, "en": en}}]},
    )


# --- Staff -----------------------------------------------------------------------------------------


def _staff(request: HttpRequest) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    if getattr(user, "kind", None) != "staff":
        raise HttpError(403, "staff only")
    return user


def _refund_out(refund: Refund) -> dict[str, Any]:
    return {
        "refund_id": str(refund.public_id),
        "attempt_id": str(refund.attempt.public_id),
        "amount": refund.amount,
        "reason": refund.reason,
        "state": refund.state,
        "requested_by": refund.requested_by.email if refund.requested_by else None,
        "decided_by": refund.decided_by.email if refund.decided_by else None,
    }


@staff_router.get(
    "/applications/{receipt_number}/fee",
    response={200: StaffFeeOut, 403: ErrorsOut, 404: ErrorsOut},
    summary="申請の手数料・決済・返金 / An application's fee, payments and refunds",
)
def staff_fee_detail(request: HttpRequest, receipt_number: str) -> dict[str, Any]:
    fee = access.fee_for_staff(user=_staff(request), receipt_number=receipt_number)
    out = _fee_out(
        request, fee, receipt_url=reverse("payments:staff_receipt", args=[fee.application.receipt_number])
    )
    attempts = selectors.attempts_for_staff(fee=fee)
    out["payments"] = [_attempt_out(a) for a in attempts]
    out["refunds"] = [_refund_out(r) for a in attempts for r in a.refunds.all()]
    return out


@staff_router.post(
    "/applications/{receipt_number}/refunds",
    response={201: RefundOut, 403: ErrorsOut, 404: ErrorsOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="返金を依頼する（承認待ちになります）/ Request a refund (it waits for approval)",
)
def staff_refund_request(request: HttpRequest, receipt_number: str, payload: RefundIn) -> Status:
    user = _staff(request)
    fee = access.fee_for_staff(user=user, receipt_number=receipt_number)
    attempt = fee.attempts.filter(public_id=payload.attempt_id).first()
    if attempt is None:
        raise HttpError(404, "not found")
    refund = refund_request(
        attempt=attempt, amount=payload.amount, comment=payload.comment, actor=user, request=request
    )
    return Status(201, _refund_out(refund))


@staff_router.post(
    "/refunds/{refund_id}/decision",
    response={200: RefundOut, 403: ErrorsOut, 404: ErrorsOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="返金を承認・却下する（依頼者以外の承認者）/ Approve or reject a refund",
)
def staff_refund_decide(request: HttpRequest, refund_id: str, payload: DecisionIn) -> dict[str, Any]:
    user = _staff(request)
    refund = access.refund_for_staff(user=user, public_id=refund_id)
    decided = refund_decide(
        refund=refund, approve=payload.approve, actor=user, comment=payload.comment, request=request
    )
    decided.refresh_from_db()
    return _refund_out(decided)


@staff_router.get(
    "/payments/reconciliation",
    response={200: None, 403: ErrorsOut, 422: ErrorsOut},
    summary="日次照合表（xlsx）/ The daily reconciliation report",
)
def staff_reconciliation(
    request: HttpRequest, date: datetime.date, provider: str = Query("", max_length=30)
) -> HttpResponse:
    if provider and provider not in payment_providers:
        raise errors.PaymentError(
            "unknown_provider",
            f"決済手段「{provider}」はありません。",
            f"There is no payment provider '{provider}'.",
            422,
        )
    content = reconciliation_export(viewer=_staff(request), day=date, provider=provider, request=request)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="reconciliation-{date.isoformat()}.xlsx"'
    return response
