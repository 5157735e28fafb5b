"""Staff pages: a fee and its payments on one application, refunds to decide, the daily
reconciliation report and the Pay-easy 消込 import."""

from __future__ import annotations

import datetime
import uuid
from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kencho.core.i18n import current_language
from kencho.core.models import User
from kencho.core.permissions import staff_required
from kencho.procedures.services import application_record_staff_view

from .. import access, errors, selectors
from ..models import Fee, PaymentAttempt
from ..payeasy_import import payeasy_file_import
from ..providers.base import enabled_provider_ids, payment_providers
from ..reconciliation import XLSX, reconciliation_export
from ..refunds import may_approve, refund_decide, refund_mark_completed, refund_request, refundable_amount
from .public import receipt_response

MAX_IMPORT_BYTES = 10 * 1024 * 1024


def _viewer(request: HttpRequest) -> User:
    return cast(User, request.user)  # every view here is behind staff_required


@staff_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    refunds = list(selectors.refunds_for_staff(viewer=viewer)[:200])
    return render(
        request,
        "payments/staff/dashboard.html",
        {
            "refunds": [(refund, may_approve(viewer, refund)) for refund in refunds],
            "providers": list(payment_providers),
            "today": timezone.localdate(),
            "payeasy_enabled": "payeasy" in enabled_provider_ids(),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def fee_detail(request: HttpRequest, receipt_number: str) -> HttpResponse:
    viewer = _viewer(request)
    fee = access.fee_for_staff(user=viewer, receipt_number=receipt_number)
    if request.method == "POST":
        attempt = _attempt_of(fee, request.POST.get("attempt", ""))
        try:
            if attempt is None:
                raise errors.PaymentError(
                    "unknown_attempt", "返金する決済を選んでください。", "Choose the payment to refund.", 422
                )
            refund_request(
                attempt=attempt,
                amount=_int(request.POST.get("amount", "")),
                comment=request.POST.get("comment", "")[:2000],
                actor=viewer,
                request=request,
            )
        except errors.PaymentError as exc:
            messages.error(request, exc.message(current_language()))
        else:
            messages.success(request, _("返金の承認を依頼しました。"))
        return redirect("payments:staff_fee", receipt_number=fee.application.receipt_number)
    application_record_staff_view(
        application=fee.application, viewer=viewer, what="payments", request=request
    )
    attempts = selectors.attempts_for_staff(fee=fee)
    return render(
        request,
        "payments/staff/fee_detail.html",
        {
            "fee": fee,
            "application": fee.application,
            "view": selectors.fee_view(fee),
            "attempts": [
                (a, refundable_amount(a), [(r, may_approve(viewer, r)) for r in a.refunds.all()])
                for a in attempts
            ],
        },
    )


def _attempt_of(fee: Fee, value: str) -> PaymentAttempt | None:
    try:
        return fee.attempts.filter(public_id=uuid.UUID(value[:36])).first()
    except ValueError:
        return None


def _int(value: str) -> int:
    try:
        return int(value.strip().replace(",", ""))
    except ValueError:
        return 0


@staff_required
@require_POST
def refund_action(request: HttpRequest, refund_id: str) -> HttpResponse:
    viewer = _viewer(request)
    refund = access.refund_for_staff(user=viewer, public_id=refund_id)
    action = request.POST.get("action", "")
    try:
        if action in {"approve", "reject"}:
            refund_decide(
                refund=refund,
                approve=action == "approve",
                actor=viewer,
                comment=request.POST.get("comment", "")[:2000],
                request=request,
            )
            messages.success(
                request, _("返金を承認しました。") if action == "approve" else _("返金を却下しました。")
            )
        elif action == "mark_completed":
            refund_mark_completed(refund=refund, actor=viewer, request=request)
            messages.success(request, _("振込による返金の完了を記録しました。"))
    except errors.PaymentError as exc:
        messages.error(request, exc.message(current_language()))
    if request.POST.get("next") == "fee":
        return redirect("payments:staff_fee", receipt_number=refund.attempt.fee.application.receipt_number)
    return redirect("payments:staff_dashboard")


@staff_required
@require_GET
def reconciliation(request: HttpRequest) -> HttpResponse:
    try:
        day = datetime.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        messages.error(request, _("照合日は 2025-04-01 の形で入力してください。"))
        return redirect("payments:staff_dashboard")
    provider = request.GET.get("provider", "")
    if provider and provider not in payment_providers:
        provider = ""
    content = reconciliation_export(
        viewer=_viewer(request), day=day, provider=provider, language=current_language(), request=request
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="reconciliation-{day.isoformat()}{"-" + provider if provider else ""}.xlsx"'
    )
    return response


@staff_required
@require_POST
def payeasy_import(request: HttpRequest) -> HttpResponse:
    upload = request.FILES.get("file")
    if upload is None or upload.size is None or upload.size > MAX_IMPORT_BYTES:
        messages.error(request, _("消込ファイル（CSV、10MB まで）を選んでください。"))
        return redirect("payments:staff_dashboard")
    summary = payeasy_file_import(content=upload.read(), actor=_viewer(request), request=request)
    paid = summary.results.get("paid", 0)
    messages.success(
        request,
        _("%(total)d 件を読み込みました（うち納付確認 %(paid)d 件）。")
        % {"total": summary.total, "paid": paid},
    )
    for problem in summary.problems[:20]:
        messages.error(
            request,
            _("%(line)d 行目: %(message)s")
            % {
                "line": problem.line,
                "message": problem.message_en if current_language() == "en" else problem.message_ja,
            },
        )
    return redirect("payments:staff_dashboard")


@staff_required
@require_GET
def receipt_pdf(request: HttpRequest, receipt_number: str) -> HttpResponse:
    fee = access.fee_for_staff(user=_viewer(request), receipt_number=receipt_number)
    return receipt_response(fee)
