"""The respondent's pages: the surveys sent to their organisation, answering in the browser, or
downloading the Excel template and uploading it filled in (or the organisation's own mapped workbook).
Respondents are staff accounts, so the staff log-in rules (one-time code) apply."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kencho.core.i18n import current_language
from kencho.core.models import User
from kencho.core.permissions import staff_required
from kencho.forms.definition import page_keys
from kencho.forms.rendering import group_action, page_context, parse_post
from kencho.forms.validation import FieldError
from kencho.procedures.errors import InvalidAnswers, ProcedureError

from .. import access, selectors
from ..errors import WorkbookInvalid
from ..exports import XLSX
from ..forms import LegacyMappingForm, UploadForm
from ..legacy import legacy_mapping_save, submission_from_legacy
from ..models import LegacyMapping, SubmissionSource, SurveyStatus
from ..services import submission_create, submission_from_workbook
from ..workbook import MAX_FILE_BYTES, CellProblem, WorkbookRejected


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@staff_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    recipients = selectors.recipients_for_respondent(_user(request))[:500]
    return render(request, "inquiries/respondent_home.html", {"recipients": recipients})


def _detail(
    request: HttpRequest, recipient: Any, *, problems: list[CellProblem] | None = None, status: int = 200
) -> HttpResponse:
    survey = recipient.survey
    series = survey.series or f"survey-{survey.pk}"
    return render(
        request,
        "inquiries/respond.html",
        {
            "survey": survey,
            "recipient": recipient,
            "submissions": recipient.submissions.order_by("-number")[:20],
            "attachments": survey.attachments.all(),
            "upload_form": UploadForm(),
            "problems": problems or [],
            "language": current_language(),
            "is_open": survey.status == SurveyStatus.OPEN,
            "has_mapping": LegacyMapping.objects.filter(
                organisation=recipient.organisation, series=series
            ).exists(),
        },
        status=status,
    )


@staff_required
@require_GET
def respond(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    recipient = access.recipient_for_respondent(user=_user(request), public_id=public_id)
    return _detail(request, recipient)


@staff_required
@require_GET
def template(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    recipient = access.recipient_for_respondent(user=_user(request), public_id=public_id)
    response = HttpResponse(selectors.survey_template_xlsx(recipient.survey), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="survey-{recipient.survey.pk}.xlsx"'
    return response


@staff_required
@require_GET
def attachment(request: HttpRequest, public_id: uuid.UUID, attachment_id: int) -> HttpResponse:
    recipient = access.recipient_for_respondent(user=_user(request), public_id=public_id)
    found = recipient.survey.attachments.filter(pk=attachment_id).first()
    if found is None:
        raise Http404
    with found.file.open("rb") as stored:
        response = HttpResponse(stored.read(), content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=found.name)
    return response


def _read_upload(request: HttpRequest) -> tuple[bytes, str] | None:
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return None
    upload = form.cleaned_data["file"]
    if upload.size > MAX_FILE_BYTES:
        # Refused by its declared size, before a byte is read.
        raise WorkbookRejected(
            CellProblem(
                code="too_large",
                message_ja=f"ファイルが大きすぎます（上限 {MAX_FILE_BYTES // 1024 // 1024} MB）。",
                message_en=f"The file is too large (at most {MAX_FILE_BYTES // 1024 // 1024} MB).",
            )
        )
    return upload.read(), upload.name


def _no_file() -> CellProblem:
    return CellProblem(
        code="required",
        message_ja="提出する Excel ファイルを選んでください。",
        message_en="Choose the Excel file to upload.",
    )


@staff_required
@require_POST
def upload(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    recipient = access.recipient_for_respondent(user=user, public_id=public_id)
    legacy = request.POST.get("layout") == "legacy"
    try:
        read = _read_upload(request)
        if read is None:
            return _detail(request, recipient, problems=[_no_file()], status=422)
        content, name = read
        if legacy:
            submission_from_legacy(
                recipient=recipient, content=content, file_name=name, actor=user, request=request
            )
        else:
            submission_from_workbook(
                recipient=recipient, content=content, file_name=name, actor=user, request=request
            )
    except WorkbookRejected as exc:
        return _detail(request, recipient, problems=[exc.problem], status=422)
    except WorkbookInvalid as exc:
        return _detail(request, recipient, problems=exc.problems, status=422)
    except ProcedureError as exc:
        return _detail(
            request, recipient, problems=[CellProblem(exc.code, exc.message_ja, exc.message_en)], status=422
        )
    messages.success(request, _("回答を提出しました。"))
    return redirect("inquiries:respond", public_id=public_id)


@staff_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Answer in the browser: every page of the form on one page, validated by the form engine."""
    user = _user(request)
    recipient = access.recipient_for_respondent(user=user, public_id=public_id)
    survey = recipient.survey
    definition = survey.definition
    latest = selectors.latest_submission(recipient)
    answers: dict[str, Any] = dict(latest.data) if latest else {}
    errors: list[FieldError] = []
    if request.method == "POST":
        if survey.status != SurveyStatus.OPEN:
            messages.error(request, _("この照会は回答を受け付けていません。"))
            return redirect("inquiries:respond", public_id=public_id)
        answers = {}
        for key in page_keys(definition):
            answers.update(parse_post(definition, key, request.POST))
        if group_action(request.POST) is None:
            try:
                submission_create(
                    recipient=recipient,
                    answers=answers,
                    source=SubmissionSource.BROWSER,
                    actor=user,
                    request=request,
                )
            except InvalidAnswers as exc:
                errors = exc.errors
            except ProcedureError as exc:
                messages.error(request, exc.message(current_language()))
                return redirect("inquiries:respond", public_id=public_id)
            else:
                messages.success(request, _("回答を提出しました。"))
                return redirect("inquiries:respond", public_id=public_id)
    language = current_language()
    pages = [page_context(definition, key, answers, errors, language) for key in page_keys(definition)]
    return render(
        request,
        "inquiries/answer.html",
        {
            "survey": survey,
            "recipient": recipient,
            "pages": pages,
            "errors": errors,
            "is_open": survey.status == SurveyStatus.OPEN,
        },
        status=422 if errors else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def legacy_mapping(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Map the organisation's own workbook (sheet, header row, column → question) once."""
    user = _user(request)
    recipient = access.recipient_for_respondent(user=user, public_id=public_id)
    survey = recipient.survey
    series = survey.series or f"survey-{survey.pk}"
    existing = LegacyMapping.objects.filter(organisation=recipient.organisation, series=series).first()
    initial = {}
    if existing is not None:
        initial = {
            "sheet": existing.sheet,
            "header_row": existing.header_row,
            "columns": "\n".join(f"{c}={k}" for c, k in existing.columns.items()),
            "cells": "\n".join(f"{c}={k}" for c, k in existing.cells.items()),
        }
    form = LegacyMappingForm(request.POST or None, request.FILES or None, initial=initial)
    groups = [f for p in survey.definition["pages"] for f in p["fields"] if f["type"] == "group"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            legacy_mapping_save(
                organisation=recipient.organisation,
                series=series,
                definition=survey.definition,
                sheet=data["sheet"],
                header_row=data["header_row"],
                group=groups[0]["key"] if groups else "",
                columns=form.pairs(data["columns"]),
                cells=form.pairs(data.get("cells") or ""),
                sample=data["sample"].read(),
                actor=user,
            )
        except ProcedureError as exc:
            form.add_error(None, exc.message(current_language()))
        except WorkbookRejected as exc:
            form.add_error("sample", exc.problem.message(current_language()))
        else:
            messages.success(
                request, _("既存様式の対応づけを保存しました。毎回このブックをそのまま提出できます。")
            )
            return redirect("inquiries:respond", public_id=public_id)
    return render(
        request,
        "inquiries/legacy_mapping.html",
        {"survey": survey, "recipient": recipient, "form": form, "groups": groups},
        status=422 if form.errors else 200,
    )
