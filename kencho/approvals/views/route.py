"""The approver's pages: the inbox, the document with its route and history, the action form, 後閲,
and the frozen record."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kencho.core.i18n import current_language
from kencho.core.models import User
from kencho.core.permissions import staff_required
from kencho.notices.views.responses import file_response
from kencho.procedures.services import application_record_staff_view

from .. import access, actions, selectors, services
from ..errors import ApprovalError
from ..forms import ActionForm, AttachmentForm, ReviewerForm
from ..freezing import record_verify
from ..models import Document, DocumentStatus
from ..routing import route_plan
from .drafting import staff_for_reviewers


@staff_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    return render(request, "approvals/inbox.html", {"inbox": selectors.inbox_for(user=user)})


@staff_required
@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    """The 起案 of the staff member's units and those they are on the route of, newest first."""
    user = cast(User, request.user)
    status = request.GET.get("status", "")
    if status not in DocumentStatus.values:
        status = ""
    documents = selectors.documents_for_staff(viewer=user, status=status)[:200]
    return render(
        request,
        "approvals/document_list.html",
        {"documents": documents, "status": status, "statuses": DocumentStatus.choices},
    )


def _stages(document: Document, before: int | None) -> list[tuple[int, str]]:
    steps = document.steps.select_related("assignee").order_by("stage", "id")
    names: dict[int, list[str]] = {}
    for step in steps:
        if before is not None and step.stage < before:
            names.setdefault(step.stage, []).append(str(step.assignee))
    return [(stage, f"{stage}: {'・'.join(people)}") for stage, people in names.items()]


def _context(
    request: HttpRequest, user: User, document: Document, action_form: ActionForm | None = None
) -> dict[str, Any]:
    links = list(document.links.select_related("application__procedure"))
    for link in links:
        application_record_staff_view(
            application=link.application, viewer=user, what="approvals.document", request=request
        )
    step = actions.acting_step(document=document, user=user)
    preview: list[Any] = []
    preview_error = ""
    if document.is_editable and document.drafter_id == user.pk:
        try:
            preview = route_plan(document=document, on=timezone.localdate())
        except ApprovalError as exc:
            preview_error = exc.message(current_language())
    return {
        "document": document,
        "links": links,
        "attachments": document.attachments.all(),
        "steps": document.steps.select_related("assignee", "acted_by", "unit").order_by("stage", "id"),
        "history": document.actions.select_related("actor", "on_behalf_of").order_by("created_at", "id"),
        "acting_step": step,
        "is_drafter": document.drafter_id == user.pk,
        "action_form": action_form or ActionForm(stages=_stages(document, step.stage if step else None)),
        "preview": preview,
        "preview_error": preview_error,
        "reviewers": document.optional_reviewers.select_related("user"),
        "reviewer_form": ReviewerForm(staff=staff_for_reviewers(user)),
        "attachment_form": AttachmentForm(),
        "post_reviews": document.actions.filter(on_behalf_of=user, post_reviewed_at__isnull=True),
        "record_ok": record_verify(document) if document.is_frozen else None,
        "can_pull_back": document.drafter_id == user.pk and document.status == "in_progress",
    }


@staff_required
@require_GET
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    user = cast(User, request.user)
    document = access.document_for_staff(user=user, document_id=document_id)
    return render(request, "approvals/document.html", _context(request, user, document))


@staff_required
@require_http_methods(["POST"])
def document_act(request: HttpRequest, document_id: int) -> HttpResponse:
    user = cast(User, request.user)
    document = access.document_for_staff(user=user, document_id=document_id)
    step = actions.acting_step(document=document, user=user)
    form = ActionForm(request.POST, stages=_stages(document, step.stage if step else None))
    status = 422
    if form.is_valid():
        kind = form.cleaned_data["action"]
        comment = form.cleaned_data["comment"]
        try:
            if kind == "approve":
                actions.document_approve(document=document, actor=user, comment=comment, request=request)
            elif kind == "return":
                actions.document_return(
                    document=document,
                    actor=user,
                    comment=comment,
                    to_stage=form.cleaned_data["to_stage"],
                    request=request,
                )
            elif kind == "decide":
                actions.document_decide(document=document, actor=user, comment=comment, request=request)
            elif kind == "reject":
                actions.document_reject(document=document, actor=user, comment=comment, request=request)
            elif kind == "pull_back":
                actions.document_pull_back(document=document, actor=user, comment=comment, request=request)
            else:
                actions.document_withdraw(document=document, actor=user, comment=comment, request=request)
        except ApprovalError as exc:
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, exc.message(current_language()))
            status = exc.http_status
        else:
            labels = dict(ActionForm.ACTIONS)
            messages.success(request, _("「%(action)s」を記録しました。") % {"action": labels[kind]})
            return redirect("approvals:document", document_id=document.pk)
    document.refresh_from_db()
    return render(request, "approvals/document.html", _context(request, user, document, form), status=status)


@staff_required
@require_POST
def post_review(request: HttpRequest, document_id: int, action_id: int) -> HttpResponse:
    user = cast(User, request.user)
    document = access.document_for_staff(user=user, document_id=document_id)
    action = access.post_review_action_for(user=user, document=document, action_id=action_id)
    actions.document_post_review(action=action, actor=user, request=request)
    messages.success(request, _("後閲しました。"))
    return redirect("approvals:document", document_id=document.pk)


@staff_required
@require_GET
def record_download(request: HttpRequest, document_id: int) -> HttpResponse:
    user = cast(User, request.user)
    document = access.document_for_staff(user=user, document_id=document_id)
    if not document.is_frozen or not document.record_pdf:
        raise Http404
    services.document_record_file_read(document=document, viewer=user, what="record", request=request)
    with document.record_pdf.open("rb") as stored:
        content = stored.read()
    return file_response(content, "application/pdf", f"{document.number or document.pk}.pdf")


@staff_required
@require_GET
def attachment_download(request: HttpRequest, document_id: int, attachment_id: int) -> HttpResponse:
    user = cast(User, request.user)
    document = access.document_for_staff(user=user, document_id=document_id)
    attachment = document.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    services.document_record_file_read(
        document=document,
        viewer=user,
        what="attachment",
        filename=attachment.original_filename,
        request=request,
    )
    with attachment.file.open("rb") as stored:
        content = stored.read()
    return file_response(content, "application/octet-stream", attachment.original_filename)
