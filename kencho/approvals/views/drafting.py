"""The drafter's pages: write or edit a 起案, choose applications and their values, attach files,
add optional reviewers, and send it."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kencho.core.access import staff_unit_ids
from kencho.core.i18n import current_language
from kencho.core.models import OrgUnit, User
from kencho.core.permissions import staff_required
from kencho.notices.selectors import templates_for_staff

from .. import access, selectors, services
from ..errors import ApprovalError
from ..forms import AttachmentForm, DocumentForm, ReviewerForm
from ..models import Document


def _units(user: User) -> QuerySet[OrgUnit]:
    ids = staff_unit_ids(user)
    units = OrgUnit.objects.filter(is_active=True)
    return units if ids is None else units.filter(pk__in=ids)


def _form(request: HttpRequest, user: User, document: Document | None) -> DocumentForm:
    applications = list(selectors.applications_for_drafting(drafter=user)[:300])
    initial: dict[str, Any] = {}
    if document is not None:
        linked = [link.application for link in document.links.select_related("application__procedure")]
        applications = sorted(
            {a.pk: a for a in [*linked, *applications]}.values(), key=lambda a: a.receipt_number
        )
        initial = {
            "unit": document.unit_id,
            "category": document.category_id,
            "title": document.title,
            "body": document.body,
            "retention": document.retention,
            "applications": [a.pk for a in linked],
            "approve_template": document.approve_template_id,
            "reject_template": document.reject_template_id,
        }
        for link in document.links.all():
            initial[f"amount_{link.application_id}"] = link.values.get("決定額")
            initial[f"reason_{link.application_id}"] = link.values.get("理由", "")
            initial[f"conditions_{link.application_id}"] = link.values.get("条件", "")
    return DocumentForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        units=_units(user),
        applications=applications,
        templates=templates_for_staff(viewer=user).filter(is_active=True),
    )


def _save(request: HttpRequest, user: User, document: Document | None) -> HttpResponse:
    """The form for a new 起案 (`document` None) or an editable one, and saving it."""
    form = _form(request, user, document)
    if request.method == "POST" and form.is_valid():
        fields = {
            "category": form.cleaned_data["category"],
            "title": form.cleaned_data["title"],
            "body": form.cleaned_data["body"],
            "applications": form.chosen(),
            "values": form.values(),
            "approve_template": form.cleaned_data["approve_template"],
            "reject_template": form.cleaned_data["reject_template"],
            "retention": form.cleaned_data["retention"],
            "request": request,
        }
        try:
            if document is None:
                saved = services.document_create(unit=form.cleaned_data["unit"], drafter=user, **fields)
            else:
                saved = services.document_update(document=document, actor=user, **fields)
        except ApprovalError as exc:
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, exc.message(current_language()))
        else:
            messages.success(request, _("起案を保存しました。回付ルートを確認して送ってください。"))
            return redirect("approvals:document", document_id=saved.pk)
    return render(
        request,
        "approvals/document_form.html",
        {"form": form, "document": document},
        status=422 if form.errors else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def document_create(request: HttpRequest) -> HttpResponse:
    return _save(request, cast(User, request.user), None)


@staff_required
@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, document_id: int) -> HttpResponse:
    user = cast(User, request.user)
    document = access.document_for_staff(user=user, document_id=document_id)
    if not document.is_editable or document.drafter_id != user.pk:
        messages.error(request, _("この起案は今は編集できません。"))
        return redirect("approvals:document", document_id=document.pk)
    return _save(request, user, document)


def staff_for_reviewers(user: User) -> QuerySet[User]:
    return (
        User.objects.filter(kind=User.Kind.STAFF, is_active=True, memberships__isnull=False)
        .exclude(pk=user.pk)
        .distinct()
        .order_by("display_name", "email")
    )


@staff_required
@require_POST
def document_reviewers(request: HttpRequest, document_id: int) -> HttpResponse:
    user = cast(User, request.user)
    document = access.document_for_staff(user=user, document_id=document_id)
    try:
        if "remove" in request.POST:
            try:
                reviewer_id = int(request.POST["remove"])
            except ValueError:
                reviewer_id = 0
            services.document_reviewer_remove(
                document=document, actor=user, reviewer_id=reviewer_id, request=request
            )
        else:
            form = ReviewerForm(request.POST, staff=staff_for_reviewers(user))
            if not form.is_valid():
                messages.error(request, _("回付先に加える職員を選んでください。"))
                return redirect("approvals:document", document_id=document.pk)
            services.document_reviewer_add(
                document=document, actor=user, reviewer=form.cleaned_data["reviewer"], request=request
            )
    except ApprovalError as exc:
        messages.error(request, exc.message(current_language()))
    return redirect("approvals:document", document_id=document.pk)


@staff_required
@require_POST
def document_attachments(request: HttpRequest, document_id: int) -> HttpResponse:
    user = cast(User, request.user)
    document = access.document_for_staff(user=user, document_id=document_id)
    try:
        if "remove" in request.POST:
            try:
                attachment_id = int(request.POST["remove"])
            except ValueError:
                attachment_id = 0
            services.document_attachment_remove(
                document=document, actor=user, attachment_id=attachment_id, request=request
            )
        else:
            form = AttachmentForm(request.POST, request.FILES)
            if not form.is_valid():
                messages.error(request, _("添付するファイルを選んでください。"))
                return redirect("approvals:document", document_id=document.pk)
            services.document_attachment_add(
                document=document, actor=user, upload=form.cleaned_data["attachment"], request=request
            )
            messages.success(request, _("ファイルを添付しました。"))
    except ApprovalError as exc:
        messages.error(request, exc.message(current_language()))
    return redirect("approvals:document", document_id=document.pk)


@staff_required
@require_POST
def document_send(request: HttpRequest, document_id: int) -> HttpResponse:
    user = cast(User, request.user)
    document = access.document_for_staff(user=user, document_id=document_id)
    try:
        document = services.document_send(document=document, actor=user, request=request)
    except ApprovalError as exc:
        messages.error(request, exc.message(current_language()))
    else:
        messages.success(request, _("起案を回付しました（%(number)s）。") % {"number": document.number})
    return redirect("approvals:document", document_id=document.pk)
