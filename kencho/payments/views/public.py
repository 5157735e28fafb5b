"""Pages for the applicant: the fee and how to pay it, the way back from the provider, the payment
number, and the receipt."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kencho.core.i18n import current_language

from .. import access, errors, selectors
from ..models import Fee
from ..receipts import receipt_pdf_bytes
from ..services import PaymentStart, attempt_mark_returned, payment_start

RETURN_SESSION_PREFIX = "payments:return:"


def _user(request: HttpRequest) -> Any:
    return request.user if request.user.is_authenticated else None


def _secret(request: HttpRequest) -> str:
    return (request.GET.get("key") or request.POST.get("key") or "")[:100]


def status_url(fee: Fee, secret: str) -> str:
    url = reverse("procedures:application_status", args=[fee.application.receipt_number])
    return f"{url}?key={secret}" if secret else url


def _applicant_fee(request: HttpRequest, receipt_number: str) -> tuple[Fee, str]:
    secret = _secret(request)
    return access.fee_for_applicant(user=_user(request), receipt_number=receipt_number, secret=secret), secret


def _urls(request: HttpRequest) -> PaymentStart:
    back = reverse("payments:attempt_return", args=["00000000-0000-0000-0000-000000000000"])
    back = request.build_absolute_uri(back).replace("00000000-0000-0000-0000-000000000000", "{attempt}")
    return PaymentStart(
        success_url=f"{back}?outcome=success",
        cancel_url=f"{back}?outcome=cancel",
        base_url=request.build_absolute_uri("/"),
        language=current_language(),
    )


@require_http_methods(["GET", "POST"])
def pay(request: HttpRequest, receipt_number: str) -> HttpResponse:
    """The fee with its breakdown, a choice of payment methods, and the button that starts one."""
    fee, secret = _applicant_fee(request, receipt_number)
    choices = selectors.provider_choices(current_language())
    problem, problem_status = "", 200
    if request.method == "POST":
        provider_id = request.POST.get("provider", "")[:30]
        try:
            attempt = payment_start(
                application=fee.application,
                provider_id=provider_id,
                urls=_urls(request),
                actor=_user(request),
                request=request,
            )
        except errors.PaymentError as exc:
            problem, problem_status = exc.message(current_language()), exc.http_status
        else:
            if secret:
                request.session[f"{RETURN_SESSION_PREFIX}{attempt.public_id}"] = secret
            if attempt.redirect_url:
                return HttpResponseRedirect(attempt.redirect_url, status=303)
            url = reverse("payments:attempt", args=[attempt.public_id])
            return HttpResponseRedirect(f"{url}?key={secret}" if secret else url, status=303)
    view = selectors.fee_view(fee)
    return render(
        request,
        "payments/pay.html",
        {
            "fee": fee,
            "view": view,
            "application": fee.application,
            "choices": choices,
            "secret": secret,
            "problem": problem,
            "status_url": status_url(fee, secret),
        },
        status=problem_status,
    )


@require_GET
def fee_state(request: HttpRequest, receipt_number: str) -> HttpResponse:
    """The fee panel alone, for the status page to refresh itself while a payment is confirmed."""
    fee, secret = _applicant_fee(request, receipt_number)
    return render(
        request,
        "payments/_fee_panel.html",
        {"view": selectors.fee_view(fee), "fee": fee, "secret": secret, "application": fee.application},
    )


@require_GET
def attempt_return(request: HttpRequest, attempt_id: str) -> HttpResponse:
    """Where the provider sends the browser back. It proves nothing: the fee shows "confirming" until
    the provider's notification arrives."""
    attempt = access.attempt_by_public_id(public_id=attempt_id)
    secret = request.session.get(f"{RETURN_SESSION_PREFIX}{attempt.public_id}", "")
    if request.GET.get("outcome") == "success":
        attempt_mark_returned(attempt=attempt)
        messages.info(
            request, _("お支払いの結果を決済サービスに確認しています。確認できると「支払済」になります。")
        )
    else:
        messages.warning(request, _("お支払いは完了していません。もう一度お支払いいただけます。"))
    return redirect(status_url(attempt.fee, secret))


@require_GET
def attempt_detail(request: HttpRequest, attempt_id: str) -> HttpResponse:
    """A payment number (ペイジー) with its deadline."""
    secret = _secret(request)
    attempt = access.attempt_for_applicant(user=_user(request), public_id=attempt_id, secret=secret)
    return render(
        request,
        "payments/attempt.html",
        {
            "attempt": attempt,
            "fee": attempt.fee,
            "application": attempt.fee.application,
            "secret": secret,
            "status_url": status_url(attempt.fee, secret),
        },
    )


def receipt_response(fee: Fee) -> HttpResponse:
    try:
        content = receipt_pdf_bytes(fee)
    except errors.PaymentError as exc:
        return HttpResponse(
            exc.message(current_language()), status=404, content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{fee.application.receipt_number}.pdf"'
    return response


@require_GET
def receipt_pdf(request: HttpRequest, receipt_number: str) -> HttpResponse:
    fee, _secret_value = _applicant_fee(request, receipt_number)
    return receipt_response(fee)
