"""Staff pages: the unit's inbox, an application's case page, decisions and exports."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kencho.core.i18n import current_language
from kencho.core.models import User
from kencho.core.permissions import staff_required
from kencho.forms.definition import field_labels, localized
from kencho.forms.display import answers_display

from .. import access, errors, exports, selectors, services
from ..models import ApplicationStatus
from ..status import staff_next_statuses
from .public import pdf_response


def _viewer(request: HttpRequest) -> User:
    """The staff member; every view here is behind staff_required."""
    return cast(User, request.user)


def _filters(request: HttpRequest) -> selectors.InboxFilters:
    due_before = None
    if raw := request.GET.get("due_before", "").strip():
        try:
            due_before = datetime.date.fromisoformat(raw)
        except ValueError:
            messages.error(request, _("処理期限は 2025-04-01 の形で入力してください。"))
    status = request.GET.get("status", "open")
    if status not in {"", "open", *ApplicationStatus.values}:
        status = "open"
    return selectors.InboxFilters(
        status=status,
        procedure=request.GET.get("procedure", "")[:80],
        assignee=request.GET.get("assignee", "")
        if request.GET.get("assignee") in {"me", "unassigned"}
        else "",
        due_before=due_before,
        overdue=request.GET.get("overdue") == "1",
        query=request.GET.get("q", "")[:50],
    )


@staff_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    applications = selectors.applications_for_inbox(viewer=_viewer(request), filters=filters)
    page_size = 50
    try:
        page_number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page_number = 1
    total = applications.count()
    rows = list(applications[(page_number - 1) * page_size : page_number * page_size])
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "procedures/staff/inbox.html",
        {
            "applications": rows,
            "total": total,
            "page_number": page_number,
            "has_next": page_number * page_size < total,
            "filters": filters,
            "query_string": query.urlencode(),
            "statuses": ApplicationStatus.choices,
            "procedures": selectors.procedures_for_staff(viewer=_viewer(request)),
            "today": timezone.localdate(),
        },
    )


@staff_required
@require_GET
def inbox_export(request: HttpRequest, fmt: str) -> HttpResponse:
    filters = _filters(request)
    applications = selectors.applications_for_inbox(viewer=_viewer(request), filters=filters)
    encoding = "cp932" if request.GET.get("encoding") == "cp932" else "utf-8-sig"
    return exports.inbox_export_response(
        applications=applications,
        viewer=_viewer(request),
        fmt=fmt,
        encoding=encoding,
        language=current_language(),
        request=request,
    )


@staff_required
@require_GET
def application_detail(request: HttpRequest, receipt_number: str) -> HttpResponse:
    application = access.application_for_staff(user=_viewer(request), receipt_number=receipt_number)
    services.application_record_staff_view(
        application=application,
        viewer=_viewer(request),
        what="case_page",
        request=request,
    )
    pages = answers_display(application.form_version.schema, application.data, language=current_language())
    return render(
        request,
        "procedures/staff/application_detail.html",
        {
            "application": application,
            "procedure": application.procedure,
            "pages": pages,
            "events": _history(application),
            "next_statuses": [
                (s, ApplicationStatus(s).label)
                for s in staff_next_statuses(application.status)
                if s != ApplicationStatus.CORRECTION_REQUESTED
            ],
            "correction_choices": [
                (field["key"], localized(field["label"], current_language()))
                for page in application.form_version.schema["pages"]
                for field in page["fields"]
            ],
            "can_request_correction": ApplicationStatus.CORRECTION_REQUESTED
            in staff_next_statuses(application.status),
            "unit_staff": selectors.staff_of_unit(unit_id=application.unit_id),
            "today": timezone.localdate(),
        },
    )


def _history(application: Any) -> list[dict[str, Any]]:
    """The case history with field keys turned into labels."""
    labels = field_labels(application.form_version.schema, current_language())

    def label(path: str) -> str:
        return labels.get(path.split(".", 1)[0], path)

    return [
        {
            "event": event,
            "fields": [(label(f["path"]), f.get("comment", "")) for f in event.detail.get("fields", [])],
            "changed": [label(key) for key in event.detail.get("changed_fields", [])],
        }
        for event in application.events.select_related("actor")
    ]


@staff_required
@require_POST
def application_action(request: HttpRequest, receipt_number: str) -> HttpResponse:
    """One form post per decision: status change, correction request, assignment or note."""
    user: User = _viewer(request)
    application = access.application_for_staff(user=user, receipt_number=receipt_number)
    action = request.POST.get("action", "")
    try:
        if action == "transition":
            services.application_transition(
                application=application,
                to_status=request.POST.get("to_status", ""),
                actor=user,
                comment=request.POST.get("comment", "")[:4000],
                request=request,
            )
            messages.success(request, _("状況を更新しました。"))
        elif action == "request_correction":
            items = [
                services.CorrectionItem(path=path, comment=request.POST.get(f"comment-{path}", "")[:1000])
                for path in request.POST.getlist("fields")
            ]
            services.application_request_correction(
                application=application,
                actor=user,
                items=items,
                message=request.POST.get("message", "")[:4000],
                request=request,
            )
            messages.success(request, _("補正を依頼しました。申請者にメールで通知しました。"))
        elif action == "assign":
            services.application_assign(
                application=application, assignee_id=_assignee_id(request, user), actor=user, request=request
            )
            messages.success(request, _("担当者を変更しました。"))
        elif action == "note":
            services.application_add_note(
                application=application, actor=user, body=request.POST.get("body", ""), request=request
            )
            messages.success(request, _("メモを追加しました。"))
        else:
            messages.error(request, _("操作を選んでください。"))
    except errors.ProcedureError as exc:
        messages.error(request, exc.message(current_language()))
    return redirect("procedures:staff_application", receipt_number=application.receipt_number)


def _assignee_id(request: HttpRequest, user: User) -> int | None:
    """The id chosen in the form: oneself ("me"), nobody (empty) or a member of the unit."""
    value = request.POST.get("assignee", "")
    if value == "me":
        return user.pk
    return int(value) if value.isdigit() else None


@staff_required
@require_GET
def application_pdf(request: HttpRequest, receipt_number: str) -> HttpResponse:
    application = access.application_for_staff(user=_viewer(request), receipt_number=receipt_number)
    services.application_record_staff_view(
        application=application,
        viewer=_viewer(request),
        what="pdf",
        request=request,
    )
    return pdf_response(application)  # type: ignore[return-value]  # a FileResponse is a response too
