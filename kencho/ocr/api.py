"""REST API of ocr: handlers parse, call one service or selector, and shape the answer."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import ConfigDict

from kencho.core.api import ErrorsOut
from kencho.core.tokens import TokenAuth

from . import access, selectors
from .errors import OcrError, OcrInvalid
from .intake import page_accept
from .models import Batch, FormTemplate, Page
from .services import batch_create, template_boxes_save, template_create
from .views.batches import batch_progress_state

public_router = Router(tags=["ocr"])
staff_router = Router(tags=["staff"], auth=TokenAuth())

MAX_ID = 2**31 - 1


def _staff(request: HttpRequest) -> Any:
    user = request.auth  # type: ignore[attr-defined]  # set by TokenAuth
    if getattr(user, "kind", None) != "staff":
        raise HttpError(403, "staff only")
    return user


def _error(exc: OcrError) -> Status:
    return Status(exc.status, {"errors": [exc.as_dict()]})


class BoxIn(Schema):
    model_config = ConfigDict(extra="forbid")
    key: str = Field("", max_length=50)
    part: str = Field("", max_length=20)
    option: str = Field("", max_length=100)
    kind: str = Field(..., max_length=10, description="line, digits, date, checkbox, ignore")
    label: str = Field("", max_length=100)
    x: int = Field(..., ge=0, le=100_000)
    y: int = Field(..., ge=0, le=100_000)
    width: int = Field(..., ge=1, le=100_000)
    height: int = Field(..., ge=1, le=100_000)


class BoxesIn(Schema):
    model_config = ConfigDict(extra="forbid")
    boxes: list[BoxIn] = Field(..., max_length=200)


class BoxOut(Schema):
    key: str
    part: str
    option: str
    kind: str
    label: str
    x: int
    y: int
    width: int
    height: int


class TemplateOut(Schema):
    id: int
    name: str
    procedure: str
    width: int
    height: int
    boxes: list[BoxOut]


class BatchOut(Schema):
    batch_id: uuid.UUID
    template_id: int
    name: str
    status: str
    total: int
    processed: int
    percent: int
    finished: bool
    review: int
    unreadable: int
    accepted: int
    archive: bool
    created_at: datetime.datetime


class ReadingOut(Schema):
    engine: str
    text: str
    confidence: float


class FieldOut(Schema):
    field_id: int
    key: str
    part: str
    label: str
    kind: str
    value: Any
    text: str
    confidence: float
    status: str
    reasons: list[str]
    readings: list[ReadingOut]


class PageOut(Schema):
    number: int
    status: str
    source_name: str
    reason: dict[str, str] | None
    registered: bool
    doubtful: int
    receipt_number: str | None
    fields: list[FieldOut]


class AcceptIn(Schema):
    model_config = ConfigDict(extra="forbid")
    fields: dict[str, str] = Field(
        default_factory=dict, description="corrected text by field_id; fields left out keep what was read"
    )


class AcceptOut(Schema):
    receipt_number: str
    data: dict[str, Any]


def _template_out(template: FormTemplate) -> dict[str, Any]:
    return {
        "id": template.pk,
        "name": template.name,
        "procedure": template.procedure.slug,
        "width": template.width,
        "height": template.height,
        "boxes": [
            {
                k: getattr(b, k)
                for k in ("key", "part", "option", "kind", "label", "x", "y", "width", "height")
            }
            for b in template.boxes.all()
        ],
    }


def _batch_out(batch: Batch) -> dict[str, Any]:
    return {
        "batch_id": batch.public_id,
        "template_id": batch.template_id,
        "name": batch.name,
        "archive": bool(batch.archive),
        "created_at": batch.created_at,
        **batch_progress_state(batch),
    }


def _page_out(page: Page) -> dict[str, Any]:
    return {
        "number": page.number,
        "status": page.status,
        "source_name": page.source_name,
        "reason": {"ja": page.reason_ja, "en": page.reason_en} if page.reason_ja else None,
        "registered": page.registered,
        "doubtful": page.doubtful,
        "receipt_number": page.application.receipt_number if page.application else None,
        "fields": [
            {
                "field_id": f.pk,
                "key": f.box.key,
                "part": f.box.part,
                "label": f.box.label,
                "kind": f.box.kind,
                "value": f.value,
                "text": f.text,
                "confidence": f.confidence,
                "status": f.status,
                "reasons": f.reasons,
                "readings": f.readings,
            }
            for f in selectors.fields_for_review(page=page)
        ],
    }


def _template(request: HttpRequest, template_id: int) -> FormTemplate:
    if not 0 < template_id <= MAX_ID:
        raise Http404
    return access.template_for_staff(user=_staff(request), template_id=template_id)


def _page(request: HttpRequest, batch_id: uuid.UUID, number: int) -> Page:
    if not 0 < number <= MAX_ID:
        raise Http404
    return access.page_for_staff(user=_staff(request), public_id=batch_id, number=number)


@staff_router.get(
    "/ocr/templates",
    response={200: list[TemplateOut], 403: ErrorsOut},
    summary="OCR様式の一覧 / Paper-form templates",
)
def ocr_template_list(request: HttpRequest) -> list[dict[str, Any]]:
    templates = selectors.templates_for_staff(user=_staff(request)).prefetch_related("boxes")
    return [_template_out(t) for t in templates]


@staff_router.post(
    "/ocr/templates",
    response={201: TemplateOut, 403: ErrorsOut, 404: ErrorsOut, 422: ErrorsOut},
    summary="白紙の様式を登録する / Register a blank paper form",
)
def ocr_template_create(
    request: HttpRequest, name: Form[str], procedure: Form[str], image: File[UploadedFile]
) -> Status:
    user = _staff(request)
    found = selectors.procedures_for_staff(user=user).filter(slug=procedure[:80]).first()
    if found is None:
        raise Http404
    try:
        template = template_create(
            name=name[:200], procedure=found, image_name=image.name or "", image=image.read(), actor=user
        )
    except OcrError as exc:
        return _error(exc)
    return Status(201, _template_out(template))


@staff_router.get(
    "/ocr/templates/{template_id}",
    response={200: TemplateOut, 403: ErrorsOut, 404: ErrorsOut},
    summary="OCR様式と読み取り枠 / A template and its boxes",
)
def ocr_template_detail(request: HttpRequest, template_id: int) -> dict[str, Any]:
    return _template_out(_template(request, template_id))


@staff_router.put(
    "/ocr/templates/{template_id}/boxes",
    response={200: TemplateOut, 403: ErrorsOut, 404: ErrorsOut, 422: ErrorsOut},
    summary="読み取り枠を置き換える / Replace a template's boxes",
)
def ocr_template_boxes(request: HttpRequest, template_id: int, payload: BoxesIn) -> Status:
    template = _template(request, template_id)
    try:
        template_boxes_save(template=template, boxes=[b.dict() for b in payload.boxes], actor=_staff(request))
    except OcrInvalid as exc:
        return Status(422, {"errors": exc.errors})
    except OcrError as exc:
        return _error(exc)
    return Status(200, _template_out(template))


@staff_router.post(
    "/ocr/templates/{template_id}/batches",
    response={202: BatchOut, 403: ErrorsOut, 404: ErrorsOut, 422: ErrorsOut},
    summary="スキャンしたファイルを送って読み取る / Upload scans to read",
)
def ocr_batch_create(
    request: HttpRequest,
    template_id: int,
    files: File[list[UploadedFile]],
    name: Form[str] = "",
    make_archive: Form[bool] = True,
) -> Status:
    template = _template(request, template_id)
    try:
        batch = batch_create(
            template=template,
            files=[(f.name or "", f.read()) for f in files],
            actor=_staff(request),
            name=name[:200],
            make_archive=make_archive,
        )
    except OcrError as exc:
        return _error(exc)
    return Status(202, _batch_out(batch))


@staff_router.get(
    "/ocr/batches/{batch_id}",
    response={200: BatchOut, 403: ErrorsOut, 404: ErrorsOut},
    summary="読み取りの進み具合 / A batch's status and progress",
)
def ocr_batch_detail(request: HttpRequest, batch_id: uuid.UUID) -> dict[str, Any]:
    return _batch_out(access.batch_for_staff(user=_staff(request), public_id=batch_id))


@staff_router.get(
    "/ocr/batches/{batch_id}/pages",
    response={200: list[PageOut], 403: ErrorsOut, 404: ErrorsOut},
    summary="ページと読み取った欄 / Pages and the fields read",
)
def ocr_page_list(request: HttpRequest, batch_id: uuid.UUID) -> list[dict[str, Any]]:
    batch = access.batch_for_staff(user=_staff(request), public_id=batch_id)
    return [_page_out(p) for p in batch.pages.select_related("application")]


@staff_router.get(
    "/ocr/batches/{batch_id}/pages/{number}",
    response={200: PageOut, 403: ErrorsOut, 404: ErrorsOut},
    summary="1ページの読み取り結果 / One page and its fields",
)
def ocr_page_detail(request: HttpRequest, batch_id: uuid.UUID, number: int) -> dict[str, Any]:
    return _page_out(_page(request, batch_id, number))


@staff_router.post(
    "/ocr/batches/{batch_id}/pages/{number}/accept",
    response={201: AcceptOut, 403: ErrorsOut, 404: ErrorsOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="確認したページを申請として受け付ける / Accept a reviewed page as an application",
)
def ocr_page_accept(request: HttpRequest, batch_id: uuid.UUID, number: int, payload: AcceptIn) -> Status:
    page = _page(request, batch_id, number)
    known = set(page.fields.values_list("pk", flat=True))
    edits: dict[int, str] = {}
    for key, text in payload.fields.items():
        field_id = int(key) if key.isascii() and key.isdigit() and len(key) < 10 else None
        if field_id not in known:
            return Status(
                422,
                {
                    "errors": [
                        {
                            "field": f"fields.{key}",
                            "code": "unknown_field",
                            "message": {
                                "ja": f"このページに欄「{key}」はありません。field_id を指定してください。",
                                "en": f"This page has no field '{key}'. Use a field_id of the page.",
                            },
                        }
                    ]
                },
            )
        edits[int(key)] = text[:400]
    try:
        application = page_accept(page=page, edits=edits, actor=_staff(request), request=request)
    except OcrInvalid as exc:
        return Status(422, {"errors": exc.errors})
    except OcrError as exc:
        return _error(exc)
    return Status(201, {"receipt_number": application.receipt_number, "data": application.data})
