"""Staff pages for batches: choose applications, follow the progress bar, resume, cancel a notice."""

from __future__ import annotations

import uuid
from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kencho.core.models import User
from kencho.core.permissions import staff_required
from kencho.procedures.models import Application, Procedure

from .. import access, services
from ..batches import batch_is_stalled, notice_batch_retry, notices_issue_batch
from ..errors import NoticeError
from ..forms import BatchFilterForm, BatchForm, CancelForm
from ..models import ItemStatus, NoticeBatch

MAX_LISTED = 10_000


@staff_required
@require_http_methods(["GET", "POST"])
def batch_create(request: HttpRequest, template_id: int) -> HttpResponse:
    """Step 1 (GET): a procedure and a status list the applications. Step 2 (POST): the ticked ones
    become a batch, made in the background; the page of the batch shows its progress."""
    user = cast(User, request.user)
    template = access.template_for_staff(user=user, template_id=template_id)
    procedures = Procedure.objects.filter(owning_unit=template.unit).order_by("title_ja")
    source = request.POST if request.method == "POST" else request.GET
    filters = BatchFilterForm(source if "procedure" in source else None, procedures=procedures)
    applications: list[Application] = []
    if filters.is_bound and filters.is_valid():
        applications = list(
            Application.objects.filter(
                procedure=filters.cleaned_data["procedure"],
                status=filters.cleaned_data["status"],
                unit=template.unit,
            ).order_by("receipt_number")[:MAX_LISTED]
        )
    choices = [(a.pk, a.receipt_number) for a in applications]
    form = BatchForm(
        request.POST if request.method == "POST" else None,
        choices=choices,
        initial={"applications": [pk for pk, _number in choices], "with_pdf": True},
    )
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["applications"])
        try:
            batch = notices_issue_batch(
                template=template,
                applications=[a for a in applications if a.pk in chosen],
                actor=user,
                decided_on=form.cleaned_data["decided_on"],
                issue_date=form.cleaned_data["issue_date"],
                values=form.common_values(),
                with_pdf=form.cleaned_data["with_pdf"],
                request=request,
            )
        except NoticeError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("%(count)s 件の通知書の作成を始めました。") % {"count": batch.total})
            return redirect("notices:batch", public_id=batch.public_id)
    rows = [(a, form["applications"]) for a in applications]
    return render(
        request,
        "notices/batch_create.html",
        {
            "template": template,
            "filters": filters,
            "form": form,
            "applications": applications,
            "rows": rows,
            "checked": set(form["applications"].value() or []),
        },
        status=422 if form.errors else 200,
    )


def _progress(batch: NoticeBatch) -> dict[str, object]:
    return {
        "status": batch.status,
        "status_label": str(batch.get_status_display()),
        "total": batch.total,
        "done": batch.done,
        "failed": batch.failed,
        "processed": batch.done + batch.failed,
        "percent": batch.percent,
        "finished": batch.is_finished,
        "stalled": batch_is_stalled(batch),
    }


@staff_required
@require_GET
def batch_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = cast(User, request.user)
    batch = access.batch_for_staff(user=user, public_id=public_id)
    return render(
        request,
        "notices/batch_detail.html",
        {
            "batch": batch,
            "progress": _progress(batch),
            "failures": batch.items.filter(status=ItemStatus.FAILED).select_related("application")[:500],
            "notices": batch.notices.select_related("application").order_by("sequence", "id")[:2000],
            "progress_url": reverse("notices:batch_progress", args=[batch.public_id]),
            "cancel_form": CancelForm(),
        },
    )


@staff_required
@require_GET
def batch_progress(request: HttpRequest, public_id: uuid.UUID) -> JsonResponse:
    """The numbers behind the progress bar, polled by progress.js."""
    user = cast(User, request.user)
    batch = access.batch_for_staff(user=user, public_id=public_id)
    response = JsonResponse(_progress(batch))
    response["Cache-Control"] = "no-store"
    return response


@staff_required
@require_POST
def batch_resume(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = cast(User, request.user)
    batch = access.batch_for_staff(user=user, public_id=public_id)
    reset = notice_batch_retry(batch=batch, actor=user, request=request)
    messages.success(request, _("作成を再開しました（やり直し %(count)s 件）。") % {"count": reset})
    return redirect("notices:batch", public_id=batch.public_id)


@staff_required
@require_POST
def notice_cancel(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = cast(User, request.user)
    notice = access.notice_for_staff(user=user, public_id=public_id)
    form = CancelForm(request.POST)
    back = (
        reverse("notices:batch", args=[notice.batch.public_id]) if notice.batch else reverse("notices:home")
    )
    if not form.is_valid():
        messages.error(request, _("取り消す理由を入力してください。欠番の理由として記録されます。"))
        return redirect(back)
    try:
        services.notice_cancel(notice=notice, actor=user, reason=form.cleaned_data["reason"], request=request)
    except NoticeError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("%(number)s を取り消しました（欠番として記録）。")
            % {"number": notice.number or notice.public_id},
        )
    return redirect(back)
