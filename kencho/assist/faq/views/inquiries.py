"""The inbox of hand-over inquiries for staff of the units they were handed to. The list shows no
personal data; opening one goes through access.inquiry_for_staff, which writes an audit entry."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kencho.core.models import User
from kencho.core.permissions import staff_required

from ..access import inquiry_for_staff
from ..forms import InquiryStatusForm
from ..handover import inquiry_reference
from ..models import FaqInquiry
from ..records import inquiry_status_set
from ..selectors import inquiries_for_staff


@staff_required
@require_GET
def inquiry_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in FaqInquiry.Status.values else ""
    inquiries = inquiries_for_staff(viewer=cast(User, request.user), status=status or None)
    page = Paginator(inquiries, 50).get_page(request.GET.get("page"))
    rows = [(inquiry, inquiry_reference(inquiry)) for inquiry in page]
    return render(
        request,
        "faq/staff/inquiry_list.html",
        {"page": page, "rows": rows, "status": status, "statuses": FaqInquiry.Status.choices},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def inquiry_detail(request: HttpRequest, inquiry_id: int) -> HttpResponse:
    user = cast(User, request.user)
    inquiry = inquiry_for_staff(user=user, inquiry_id=inquiry_id, request=request)
    form = InquiryStatusForm(
        request.POST if request.method == "POST" else None, initial={"status": inquiry.status}
    )
    if request.method == "POST" and form.is_valid():
        inquiry_status_set(inquiry=inquiry, status=form.cleaned_data["status"], actor=user)
        messages.success(
            request, _("状況を「%(status)s」にしました。") % {"status": inquiry.get_status_display()}
        )
        return redirect("faq_staff:inquiry", inquiry_id=inquiry.pk)
    return render(
        request,
        "faq/staff/inquiry_detail.html",
        {"inquiry": inquiry, "reference": inquiry_reference(inquiry), "form": form},
        status=422 if form.errors else 200,
    )
