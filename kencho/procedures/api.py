"""REST API for procedures and applications. Handlers parse, call one service or selector, and
shape the answer; the services are the same ones the web pages use."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, File, Form, Header, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import ConfigDict

from kencho.core.api import ErrorsOut
from kencho.core.i18n import in_both_languages
from kencho.core.tokens import OptionalTokenAuth, TokenAuth
from kencho.forms.definition import field_by_key
from kencho.forms.selectors import form_version_current
from kencho.forms.uploads import UploadRejected, upload_store

from . import access, errors, selectors, services
from .models import Application, ApplicationStatus, Procedure

public_router = Router(tags=["procedures"])
staff_router = Router(tags=["staff"], auth=TokenAuth())

API_UPLOAD_SESSION = "api"


class Text(Schema):
    ja: str
    en: str


class UnitOut(Schema):
    code: str
    name: Text


class ProcedureOut(Schema):
    slug: str
    title: Text
    summary: Text
    category: str | None
    owning_unit: UnitOut
    allow_guest: bool
    processing_days: int | None
    opens_at: datetime.datetime | None
    closes_at: datetime.datetime | None
    is_open: bool
    form_version: int | None


class ProcedureDetailOut(ProcedureOut):
    form: dict[str, Any] | None


class SubmitIn(Schema):
    model_config = ConfigDict(extra="forbid")
    data: dict[str, Any] = Field(
        description="フォーム定義のキーごとの回答 / answers keyed by the form's field keys"
    )


class SubmitOut(Schema):
    receipt_number: str
    status: str
    status_url: str
    secret: str | None = Field(None, description="ログインなしの申請のみ。状況確認に必要 / guests only")
    due_date: datetime.date | None
    replayed: bool


class UploadOut(Schema):
    upload_id: str
    name: str
    size: int
    content_type: str


class EventOut(Schema):
    kind: str
    status: str | None
    at: datetime.datetime
    comment: str


class CorrectionFieldOut(Schema):
    path: str
    comment: str


class StatusOut(Schema):
    receipt_number: str
    procedure: str
    status: str
    status_label: Text
    submitted_at: datetime.datetime
    due_date: datetime.date | None
    correction_fields: list[CorrectionFieldOut]
    history: list[EventOut]


def _text(ja: str, en: str) -> dict[str, str]:
    return {"ja": ja, "en": en or ja}


def _procedure_out(procedure: Procedure, *, with_form: bool = False) -> dict[str, Any]:
    version = form_version_current(procedure.form)
    out: dict[str, Any] = {
        "slug": procedure.slug,
        "title": _text(procedure.title_ja, procedure.title_en),
        "summary": _text(procedure.summary_ja, procedure.summary_en),
        "category": procedure.category.slug if procedure.category else None,
        "owning_unit": {
            "code": procedure.owning_unit.code,
            "name": _text(procedure.owning_unit.name_ja, procedure.owning_unit.name_en),
        },
        "allow_guest": procedure.allow_guest,
        "processing_days": procedure.processing_days,
        "opens_at": procedure.opens_at,
        "closes_at": procedure.closes_at,
        "is_open": procedure.is_open(),
        "form_version": version.number if version else None,
    }
    if with_form:
        out["form"] = version.schema if version else None
    return out


def _published(slug: str) -> Procedure:
    return get_object_or_404(
        Procedure.objects.select_related("owning_unit", "category", "form"), slug=slug, is_published=True
    )


@public_router.get(
    "/procedures", response=list[ProcedureOut], summary="手続の一覧 / List procedures", auth=None
)
def procedure_list(request: HttpRequest, q: str = Query("", max_length=200)) -> list[dict[str, Any]]:
    return [_procedure_out(p) for p in selectors.procedures_for_catalogue(query=q)]


@public_router.get(
    "/procedures/{slug}",
    response={200: ProcedureDetailOut, 404: ErrorsOut},
    summary="手続と現在のフォーム定義 / A procedure with its current form definition",
    auth=None,
)
def procedure_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    return _procedure_out(_published(slug), with_form=True)


@public_router.post(
    "/procedures/{slug}/uploads",
    response={201: UploadOut, 404: ErrorsOut, 422: ErrorsOut},
    summary="添付ファイルを送る / Upload a file for a file field",
    description='返された upload_id を申請の data の該当項目に ["<upload_id>"] として指定します。',
    auth=OptionalTokenAuth(),
)
def upload_create(request: HttpRequest, slug: str, field: Form[str], file: File[UploadedFile]) -> Status:
    procedure = _published(slug)
    version = form_version_current(procedure.form)
    spec = field_by_key(version.schema, field) if version else None
    if spec is None or spec.get("type") != "file":
        return Status(
            422,
            {
                "errors": [
                    {
                        "field": "field",
                        "code": "unknown_field",
                        "message": {
                            "ja": f"「{field}」はこの手続のファイル項目ではありません。",
                            "en": f"'{field}' is not a file field of this procedure.",
                        },
                    }
                ]
            },
        )
    user = request.auth if getattr(request.auth, "is_authenticated", False) else None  # type: ignore[attr-defined]
    try:
        upload = upload_store(
            field=spec, uploaded_file=file, owner=user, session_key="" if user else API_UPLOAD_SESSION
        )
    except UploadRejected as exc:
        return Status(
            422,
            {
                "errors": [
                    {
                        "field": "file",
                        "code": exc.code,
                        "message": {"ja": exc.message_ja, "en": exc.message_en},
                    }
                ]
            },
        )
    return Status(
        201,
        {
            "upload_id": str(upload.pk),
            "name": upload.original_name,
            "size": upload.size,
            "content_type": upload.content_type,
        },
    )


@public_router.post(
    "/procedures/{slug}/applications",
    response={
        200: SubmitOut,
        201: SubmitOut,
        401: ErrorsOut,
        403: ErrorsOut,
        404: ErrorsOut,
        409: ErrorsOut,
        422: ErrorsOut,
    },
    summary="申請する / Submit an application",
    description=(
        "Idempotency-Key ヘッダーを付けると、同じキーでの再送は最初の申請を返します（200, replayed=true）。"
        " A retry with the same Idempotency-Key returns the first application (200, replayed=true)."
        " 一覧に表示しない手続（補助金の実績報告など）は 409 start_elsewhere です。"
        " Unlisted procedures (e.g. a subsidy's completion report) answer 409 start_elsewhere."
    ),
    auth=OptionalTokenAuth(),
)
def application_create(
    request: HttpRequest,
    slug: str,
    payload: SubmitIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=255),
    accept_language: str | None = Header(None, alias="Accept-Language", max_length=200),
) -> Status:
    procedure = _published(slug)
    services.procedure_direct_start_check(procedure=procedure)
    user = request.auth if getattr(request.auth, "is_authenticated", False) else None  # type: ignore[attr-defined]
    language = "en" if (accept_language or "").lower().startswith("en") else "ja"
    result = services.application_submit(
        procedure=procedure,
        answers=payload.data,
        applicant=user,
        language=language,
        idempotency_key=(idempotency_key or "").strip() or None,
        strict=True,
        upload_owner=user,
        upload_session_key="" if user else API_UPLOAD_SESSION,
        request=request,
    )
    application = result.application
    return Status(
        201 if result.created else 200,
        {
            "receipt_number": application.receipt_number,
            "status": application.status,
            "status_url": request.build_absolute_uri(
                reverse("api:application_status", args=[application.receipt_number])
            ),
            "secret": result.guest_secret,
            "due_date": application.due_date,
            "replayed": not result.created,
        },
    )


def _status_out(application: Application, *, applicant_view: bool) -> dict[str, Any]:
    events = application.events.all()
    if applicant_view:
        events = events.filter(visible_to_applicant=True)
    return {
        "receipt_number": application.receipt_number,
        "procedure": application.procedure.slug,
        "status": application.status,
        "status_label": in_both_languages(ApplicationStatus(application.status).label),
        "submitted_at": application.submitted_at,
        "due_date": application.due_date,
        "correction_fields": application.correction_fields,
        "history": [
            {"kind": e.kind, "status": e.to_status or None, "at": e.created_at, "comment": e.comment}
            for e in events
        ],
    }


@public_router.get(
    "/applications/{receipt_number}/status",
    response={200: StatusOut, 404: ErrorsOut},
    url_name="application_status",
    summary="申請の状況 / Application status",
    description="ログインなしの申請は X-Application-Secret ヘッダーに確認キーを指定します。",
    auth=OptionalTokenAuth(),
)
def application_status(
    request: HttpRequest,
    receipt_number: str,
    secret: str | None = Header(None, alias="X-Application-Secret", max_length=200),
) -> dict[str, Any]:
    user = request.auth if getattr(request.auth, "is_authenticated", False) else None  # type: ignore[attr-defined]
    application = access.application_for_applicant(
        user=user, receipt_number=receipt_number[:20], secret=secret or ""
    )
    return _status_out(application, applicant_view=True)


# --- Staff -----------------------------------------------------------------------------------------


class StaffApplicationOut(Schema):
    receipt_number: str
    procedure: str
    unit: str
    status: str
    submitted_at: datetime.datetime
    due_date: datetime.date | None
    applicant_name: str
    assignee: str | None


class StaffApplicationDetailOut(StaffApplicationOut):
    form_version: int
    data: dict[str, Any]
    correction_fields: list[CorrectionFieldOut]
    history: list[EventOut]


class StaffApplicationPage(Schema):
    count: int
    items: list[StaffApplicationOut]


class StatusChangeIn(Schema):
    model_config = ConfigDict(extra="forbid")
    status: ApplicationStatus
    comment: str = Field("", max_length=4000)


class CorrectionItemIn(Schema):
    model_config = ConfigDict(extra="forbid")
    path: str = Field(..., min_length=1, max_length=200)
    comment: str = Field("", max_length=1000)


class CorrectionIn(Schema):
    model_config = ConfigDict(extra="forbid")
    fields: list[CorrectionItemIn] = Field(..., min_length=1, max_length=200)
    message: str = Field("", max_length=4000)


def _staff_out(application: Application) -> dict[str, Any]:
    return {
        "receipt_number": application.receipt_number,
        "procedure": application.procedure.slug,
        "unit": application.unit.code,
        "status": application.status,
        "submitted_at": application.submitted_at,
        "due_date": application.due_date,
        "applicant_name": application.applicant_name,
        "assignee": application.assignee.email if application.assignee else None,
    }


def _staff_user(request: HttpRequest) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    if getattr(user, "kind", None) != "staff":
        raise HttpError(403, "staff only")
    return user


@staff_router.get(
    "/applications",
    response={200: StaffApplicationPage, 403: ErrorsOut},
    summary="所属の申請一覧 / Applications of your units",
)
def staff_application_list(
    request: HttpRequest,
    status: str = Query("", max_length=30),
    procedure: str = Query("", max_length=80),
    overdue: bool = False,
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> dict[str, Any]:
    user = _staff_user(request)
    filters = selectors.InboxFilters(
        status=status if status in {"", "open", *ApplicationStatus.values} else "open",
        procedure=procedure,
        overdue=overdue,
    )
    applications = selectors.applications_for_inbox(viewer=user, filters=filters)
    return {
        "count": applications.count(),
        "items": [_staff_out(a) for a in applications[offset : offset + limit]],
    }


@staff_router.get(
    "/applications/{receipt_number}",
    response={200: StaffApplicationDetailOut, 403: ErrorsOut, 404: ErrorsOut},
    summary="申請の詳細（閲覧は監査記録されます）/ One application (the read is audited)",
)
def staff_application_detail(request: HttpRequest, receipt_number: str) -> dict[str, Any]:
    user = _staff_user(request)
    application = access.application_for_staff(user=user, receipt_number=receipt_number[:20])
    services.application_record_staff_view(
        application=application, viewer=user, what="api_detail", request=request
    )
    out = _staff_out(application)
    out.update(_status_out(application, applicant_view=False))
    out.update({"form_version": application.form_version.number, "data": application.data})
    return out


@staff_router.post(
    "/applications/{receipt_number}/status",
    response={200: StaffApplicationOut, 403: ErrorsOut, 404: ErrorsOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="状況を変更する / Change the status",
)
def staff_application_transition(
    request: HttpRequest, receipt_number: str, payload: StatusChangeIn
) -> dict[str, Any]:
    user = _staff_user(request)
    application = access.application_for_staff(user=user, receipt_number=receipt_number[:20])
    if payload.status == ApplicationStatus.CORRECTION_REQUESTED:
        raise errors.ProcedureError(
            "use_corrections",
            "補正依頼は /corrections に項目を指定して送ってください。",
            "Request a correction through /corrections, naming the fields.",
            422,
        )
    updated = services.application_transition(
        application=application,
        to_status=payload.status,
        actor=user,
        comment=payload.comment,
        request=request,
    )
    return _staff_out(updated)


@staff_router.post(
    "/applications/{receipt_number}/corrections",
    response={200: StaffApplicationOut, 403: ErrorsOut, 404: ErrorsOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="補正を依頼する / Request a correction",
)
def staff_application_request_correction(
    request: HttpRequest, receipt_number: str, payload: CorrectionIn
) -> dict[str, Any]:
    user = _staff_user(request)
    application = access.application_for_staff(user=user, receipt_number=receipt_number[:20])
    updated = services.application_request_correction(
        application=application,
        actor=user,
        items=[services.CorrectionItem(path=f.path, comment=f.comment) for f in payload.fields],
        message=payload.message,
        request=request,
    )
    return _staff_out(updated)
