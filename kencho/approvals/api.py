"""REST API of approvals: handlers parse, call one service or selector, and shape the answer."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import ConfigDict

from kencho.core.api import ErrorsOut
from kencho.core.tokens import TokenAuth
from kencho.procedures.services import application_record_staff_view

from . import access, actions, selectors
from .absences import absence_cancel, absence_register
from .errors import ApprovalError
from .models import Absence, Action, Document, Step

public_router = Router(tags=["approvals"])
staff_router = Router(tags=["staff"], auth=TokenAuth())


class InboxItemOut(Schema):
    document_id: int
    number: str
    title: str
    category: str
    unit: str
    drafter: str
    stage: int
    kind: str
    as_deputy_for: str | None
    sent_at: datetime.datetime | None


class PostReviewOut(Schema):
    document_id: int
    action_id: int
    kind: str
    deputy: str
    acted_at: datetime.datetime


class InboxOut(Schema):
    waiting: list[InboxItemOut]
    as_deputy: list[InboxItemOut]
    post_review: list[PostReviewOut]


class StepOut(Schema):
    stage: int
    kind: str
    unit: str
    title: str
    assignee: str
    state: str
    acted_by: str | None
    by_deputy: bool
    acted_at: datetime.datetime | None


class ActionOut(Schema):
    kind: str
    actor: str
    on_behalf_of: str | None
    comment: str
    created_at: datetime.datetime
    post_reviewed_at: datetime.datetime | None


class LinkOut(Schema):
    receipt_number: str
    applicant_name: str
    status: str
    values: dict[str, Any]


class DocumentOut(Schema):
    document_id: int
    number: str
    title: str
    body: str
    status: str
    category: str
    unit: str
    drafter: str
    retention: str
    disposal_on: datetime.date | None
    frozen_at: datetime.datetime | None
    record_sha256: str
    applications: list[LinkOut]
    steps: list[StepOut]
    history: list[ActionOut]


class ActionIn(Schema):
    model_config = ConfigDict(extra="forbid")
    action: Literal["approve", "return", "decide", "reject", "pull_back", "withdraw"]
    comment: str = Field("", max_length=4000)
    to_stage: int | None = Field(None, ge=1, le=1000, description="差戻し先の段階（省略時は起案者）")


def _staff(request: HttpRequest) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    if getattr(user, "kind", None) != "staff":
        raise HttpError(403, "staff only")
    return user


def _person(user: Any) -> str:
    return str(user.email) if user is not None else ""


def _item(step: Step, *, deputy: bool) -> dict[str, Any]:
    document = step.document
    return {
        "document_id": document.pk,
        "number": document.number,
        "title": document.title,
        "category": document.category.code,
        "unit": document.unit.code,
        "drafter": _person(document.drafter),
        "stage": step.stage,
        "kind": step.kind,
        "as_deputy_for": _person(step.assignee) if deputy else None,
        "sent_at": document.sent_at,
    }


@staff_router.get(
    "/approvals/inbox",
    response={200: InboxOut, 403: ErrorsOut},
    summary="決裁の処理待ち・代決・後閲 / Documents waiting for me, as deputy, and to read afterwards",
)
def inbox(request: HttpRequest) -> dict[str, Any]:
    box = selectors.inbox_for(user=_staff(request))
    return {
        "waiting": [_item(s, deputy=False) for s in box.waiting],
        "as_deputy": [_item(s, deputy=True) for s in box.as_deputy],
        "post_review": [
            {
                "document_id": a.document_id,
                "action_id": a.pk,
                "kind": a.kind,
                "deputy": _person(a.actor),
                "acted_at": a.created_at,
            }
            for a in box.post_review
        ],
    }


def _action_out(action: Action) -> dict[str, Any]:
    return {
        "kind": action.kind,
        "actor": _person(action.actor),
        "on_behalf_of": _person(action.on_behalf_of) if action.on_behalf_of_id else None,
        "comment": action.comment,
        "created_at": action.created_at,
        "post_reviewed_at": action.post_reviewed_at,
    }


def _document_out(request: HttpRequest, user: Any, document: Document) -> dict[str, Any]:
    links = list(document.links.select_related("application__unit"))
    for link in links:
        application_record_staff_view(
            application=link.application, viewer=user, what="approvals.api_document", request=request
        )
    return {
        "document_id": document.pk,
        "number": document.number,
        "title": document.title,
        "body": document.body,
        "status": document.status,
        "category": document.category.code,
        "unit": document.unit.code,
        "drafter": _person(document.drafter),
        "retention": document.retention,
        "disposal_on": document.disposal_on,
        "frozen_at": document.frozen_at,
        "record_sha256": document.record_sha256,
        "applications": [
            {
                "receipt_number": link.application.receipt_number,
                "applicant_name": link.application.applicant_name,
                "status": link.application.status,
                "values": link.values,
            }
            for link in links
        ],
        "steps": [
            {
                "stage": s.stage,
                "kind": s.kind,
                "unit": s.unit.code,
                "title": s.title,
                "assignee": _person(s.assignee),
                "state": s.state,
                "acted_by": _person(s.acted_by) if s.acted_by_id else None,
                "by_deputy": s.by_deputy,
                "acted_at": s.acted_at,
            }
            for s in document.steps.select_related("unit", "assignee", "acted_by").order_by("stage", "id")
        ],
        "history": [
            _action_out(a)
            for a in document.actions.select_related("actor", "on_behalf_of").order_by("created_at", "id")
        ],
    }


@staff_router.get(
    "/approvals/documents/{document_id}",
    response={200: DocumentOut, 403: ErrorsOut, 404: ErrorsOut},
    summary="起案と回付の記録 / A document with its route and history",
)
def document_detail(request: HttpRequest, document_id: int) -> dict[str, Any]:
    user = _staff(request)
    document = access.document_for_staff(user=user, document_id=document_id)
    return _document_out(request, user, document)


@staff_router.post(
    "/approvals/documents/{document_id}/actions",
    response={200: DocumentOut, 403: ErrorsOut, 404: ErrorsOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="承認・差戻し・決裁・却下・引戻し・取下げ / Act on a document",
    description="差戻し・却下には comment が必要です。決裁・却下すると結び付いた申請が受理・不受理になり、"
    "通知書が作られます。",
)
def document_action(request: HttpRequest, document_id: int, payload: ActionIn) -> dict[str, Any]:
    user = _staff(request)
    document = access.document_for_staff(user=user, document_id=document_id)
    common = {"document": document, "actor": user, "comment": payload.comment, "request": request}
    if payload.action == "approve":
        actions.document_approve(**common)
    elif payload.action == "return":
        actions.document_return(**common, to_stage=payload.to_stage)
    elif payload.action == "decide":
        actions.document_decide(**common)
    elif payload.action == "reject":
        actions.document_reject(**common)
    elif payload.action == "pull_back":
        actions.document_pull_back(**common)
    else:
        actions.document_withdraw(**common)
    document.refresh_from_db()
    return _document_out(request, user, document)


def _error(exc: ApprovalError) -> Status[dict[str, Any]]:
    """The error envelope with the field the error is about."""
    return Status(exc.http_status, {"errors": [{"field": exc.field, **exc.as_dict()}]})


@staff_router.post(
    "/approvals/documents/{document_id}/post-reviews/{action_id}",
    response={200: DocumentOut, 403: ErrorsOut, 404: ErrorsOut, 409: ErrorsOut},
    summary="後閲 / Confirm having read what a deputy did in my name",
    description="action_id は代決された処理の履歴（inbox の post_review）です。2回目は何もしません。",
)
def document_post_review(request: HttpRequest, document_id: int, action_id: int) -> Any:
    user = _staff(request)
    document = access.document_for_staff(user=user, document_id=document_id)
    action = access.post_review_action_for(user=user, document=document, action_id=action_id)
    try:
        actions.document_post_review(action=action, actor=user, request=request)
    except ApprovalError as exc:
        return _error(exc)
    return _document_out(request, user, document)


class AbsenceOut(Schema):
    absence_id: int
    starts_on: datetime.date
    ends_on: datetime.date
    reason: str


class AbsenceIn(Schema):
    model_config = ConfigDict(extra="forbid")
    starts_on: datetime.date
    ends_on: datetime.date = Field(description="開始日と同じ日かそれ以降（両日を含む）")
    reason: str = Field("", max_length=200)


class AbsenceCancelOut(Schema):
    absence_id: int
    removed: bool = Field(description="まだ始まっていない不在は削除、不在中のものは前日で終了")
    absence: AbsenceOut | None


def _absence_out(absence: Absence) -> dict[str, Any]:
    return {
        "absence_id": absence.pk,
        "starts_on": absence.starts_on,
        "ends_on": absence.ends_on,
        "reason": absence.reason,
    }


@staff_router.get(
    "/approvals/absences",
    response={200: list[AbsenceOut], 403: ErrorsOut},
    summary="自分の不在 / My registered absences",
)
def absence_list(request: HttpRequest) -> list[dict[str, Any]]:
    user = _staff(request)
    return [_absence_out(a) for a in selectors.absences_of(user=user)[:500]]


@staff_router.post(
    "/approvals/absences",
    response={201: AbsenceOut, 403: ErrorsOut, 422: ErrorsOut},
    summary="不在を登録する / Register an absence",
    description="不在の間、登録された代決者が処理待ちの起案を代決できます。期間は重ねられません。",
)
def absence_create(request: HttpRequest, payload: AbsenceIn) -> Any:
    user = _staff(request)
    try:
        absence = absence_register(
            user=user,
            actor=user,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            reason=payload.reason,
            request=request,
        )
    except ApprovalError as exc:
        return _error(exc)
    return Status(201, _absence_out(absence))


@staff_router.delete(
    "/approvals/absences/{absence_id}",
    response={200: AbsenceCancelOut, 403: ErrorsOut, 404: ErrorsOut, 409: ErrorsOut},
    summary="不在を取り消す / Cancel an absence",
)
def absence_delete(request: HttpRequest, absence_id: int) -> Any:
    user = _staff(request)
    absence = access.absence_for_staff(user=user, absence_id=absence_id)
    try:
        remaining = absence_cancel(absence=absence, actor=user, request=request)
    except ApprovalError as exc:
        return _error(exc)
    return {
        "absence_id": absence_id,
        "removed": remaining is None,
        "absence": _absence_out(remaining) if remaining else None,
    }
