"""Writes while a 起案 is being drafted: create and edit it, attach files, add or remove optional
reviewers, and send it along its route (起案). The route actions are in actions.py. Each function is one
transaction with an audit entry."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from kencho.core.access import staff_unit_ids
from kencho.core.audit import audit_record
from kencho.core.models import OrgUnit, User
from kencho.notices.models import NoticeTemplate, NumberingScheme
from kencho.notices.numbering import number_format, numbers_allocate
from kencho.notices.placeholders import PER_NOTICE_NAMES, canonical_name
from kencho.notices.selectors import template_version_current
from kencho.notices.services import numbering_scheme_save
from kencho.procedures.models import Application, ApplicationStatus

from . import errors
from .errors import ApprovalError
from .models import (
    FINAL_STATUSES,
    Action,
    ActionKind,
    DecisionCategory,
    Document,
    DocumentApplication,
    DocumentAttachment,
    DocumentStatus,
    OptionalReviewer,
    StepState,
)
from .routing import route_plan

DECIDABLE_STATUSES = frozenset(
    {ApplicationStatus.RECEIVED, ApplicationStatus.UNDER_REVIEW, ApplicationStatus.RESUBMITTED}
)
VALUE_KEYS = ("決定額", "理由", "条件", "備考")
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
NUMBERING_NAME = "起案"


def action_log(
    *,
    document: Document,
    kind: str,
    actor: User,
    comment: str = "",
    step: Any = None,
    on_behalf_of: User | None = None,
    request: Any = None,
    detail: dict[str, Any] | None = None,
) -> Action:
    """One line of the document's history and its audit entry: every change writes both."""
    action = Action.objects.create(
        document=document,
        step=step,
        kind=kind,
        actor=actor,
        on_behalf_of=on_behalf_of,
        comment=comment,
        created_at=timezone.now(),
    )
    audit_record(
        action=f"approvals.document_{kind}",
        actor=actor,
        obj=document,
        unit_code=document.unit.code,
        request=request,
        detail={
            "number": document.number,
            "status": document.status,
            "on_behalf_of": on_behalf_of.email if on_behalf_of else None,
            "comment": comment,
            **(detail or {}),
        },
    )
    return action


def _check_drafter_unit(drafter: User, unit: OrgUnit) -> None:
    units = staff_unit_ids(drafter)
    if units is not None and unit.pk not in units:
        raise ApprovalError(
            "unit",
            "起案できるのは自分の所属（またはその下の所属）の起案だけです。所属を選び直してください。",
            "You can only draft for your own unit or a unit below it. Choose another unit.",
            422,
            field="unit",
        )


def _check_values(values: Mapping[str, Any], receipt_number: str) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if key not in VALUE_KEYS:
            raise ApprovalError(
                "unknown_value",
                f"申請 {receipt_number} の値「{key}」は使えません（使えるのは 決定額・理由・条件・備考）。",
                f"Application {receipt_number}: '{key}' is not a known value "
                "(use 決定額, 理由, 条件 or 備考).",
                422,
                field="values",
            )
        if value in (None, ""):
            continue
        if key == "決定額":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10**12:
                raise ApprovalError(
                    "amount",
                    f"申請 {receipt_number} の決定額は 0 以上の整数（円）で入力してください。",
                    f"Application {receipt_number}: enter the amount as a whole number of yen, 0 or more.",
                    422,
                    field="values",
                )
        else:
            value = str(value)[:2000]
        clean[key] = value
    return clean


def _check_links(
    *,
    drafter: User,
    document: Document | None,
    applications: Sequence[Application],
    approve_template: NoticeTemplate | None,
    reject_template: NoticeTemplate | None,
) -> None:
    if not applications:
        return
    units = staff_unit_ids(drafter)
    open_links = DocumentApplication.objects.filter(application__in=applications).exclude(
        document__status__in=FINAL_STATUSES
    )
    if document is not None and document.pk:
        open_links = open_links.exclude(document=document)
    taken = sorted(open_links.values_list("application__receipt_number", flat=True))
    if taken:
        raise ApprovalError(
            "already_linked",
            f"次の申請は別の起案で決裁中です: {'、'.join(taken[:20])}",
            f"These applications are already in another document: {', '.join(taken[:20])}",
            409,
            field="applications",
        )
    for application in applications:
        if units is not None and application.unit_id not in units:
            raise ApprovalError(
                "application_unit",
                f"申請 {application.receipt_number} はあなたの所属の申請ではありません。",
                f"Application {application.receipt_number} is not one of your units'.",
                422,
                field="applications",
            )
        if application.status not in DECIDABLE_STATUSES:
            raise ApprovalError(
                "application_status",
                f"申請 {application.receipt_number} は受付・審査中・再提出のいずれでもないため"
                "決裁できません。",
                f"Application {application.receipt_number} is not received, under review or resubmitted, "
                "so it cannot be decided.",
                409,
                field="applications",
            )
    for label, template, field in (
        (("決裁したときの通知書", "the notice for approval"), approve_template, "approve_template"),
        (("却下したときの通知書", "the notice for refusal"), reject_template, "reject_template"),
    ):
        if template is None:
            raise ApprovalError(
                "template_required",
                f"申請を選んだときは「{label[0]}」の様式を選んでください。",
                f"With applications chosen, choose {label[1]}.",
                422,
                field=field,
            )
        if not template.is_active or any(a.unit_id != template.unit_id for a in applications):
            raise ApprovalError(
                "template_unit",
                f"「{label[0]}」には、申請と同じ所属の有効な様式を選んでください。",
                f"For {label[1]}, choose an active template of the applications' unit.",
                422,
                field=field,
            )


def values_needed(template: NoticeTemplate | None) -> list[str]:
    """The per-application values (決定額・理由・条件・備考) the template's current version uses."""
    version = template_version_current(template) if template is not None else None
    if version is None:
        return []
    names = {canonical_name(str(name).split("|")[0].strip()) for name in version.placeholders}
    return sorted(name for name in names if name in PER_NOTICE_NAMES)


def _check_values_complete(document: Document) -> None:
    """Before sending: every linked application has the values the approval notice needs (the refusal
    notice's 理由 is the decider's comment)."""
    needed = [name for name in values_needed(document.approve_template) if name != "備考"]
    for link in document.links.select_related("application"):
        missing = [name for name in needed if link.values.get(name) in (None, "")]
        if missing:
            number = link.application.receipt_number
            raise ApprovalError(
                "values_missing",
                f"申請 {number} の「{'・'.join(missing)}」を入力してください（通知書に使います）。",
                f"Enter {', '.join(missing)} for application {number}; the notice uses it.",
                422,
                field="values",
            )


def _check_editable(document: Document) -> None:
    if document.is_frozen:
        raise errors.frozen_error()
    if not document.is_editable:
        raise errors.state_error("編集", "edit")


def _locked(document: Document) -> Document:
    return (
        Document.objects.select_for_update().select_related("unit", "category", "drafter").get(pk=document.pk)
    )


def _set_links(
    document: Document, applications: Sequence[Application], values: Mapping[int, Mapping[str, Any]]
) -> None:
    document.links.exclude(application__in=applications).delete()
    for application in applications:
        clean = _check_values(values.get(application.pk, {}), application.receipt_number)
        DocumentApplication.objects.update_or_create(
            document=document, application=application, defaults={"values": clean}
        )


def document_create(
    *,
    unit: OrgUnit,
    drafter: User,
    category: DecisionCategory,
    title: str,
    body: str,
    applications: Sequence[Application] = (),
    values: Mapping[int, Mapping[str, Any]] | None = None,
    approve_template: NoticeTemplate | None = None,
    reject_template: NoticeTemplate | None = None,
    retention: str = "",
    request: Any = None,
) -> Document:
    """A new 起案 in 起案中 (draft). Linked applications must be open and of the drafter's units, and
    not in another open 起案; with applications, both notice templates are required."""
    _check_drafter_unit(drafter, unit)
    _check_links(
        drafter=drafter,
        document=None,
        applications=applications,
        approve_template=approve_template,
        reject_template=reject_template,
    )
    with transaction.atomic():
        document = Document.objects.create(
            unit=unit,
            drafter=drafter,
            category=category,
            title=title.strip()[:200],
            body=body,
            approve_template=approve_template,
            reject_template=reject_template,
            retention=retention or category.retention,
        )
        _set_links(document, applications, values or {})
        action_log(
            document=document,
            kind=ActionKind.CREATE,
            actor=drafter,
            request=request,
            detail={"applications": [a.receipt_number for a in applications]},
        )
    return document


def document_update(
    *,
    document: Document,
    actor: User,
    category: DecisionCategory,
    title: str,
    body: str,
    applications: Sequence[Application] = (),
    values: Mapping[int, Mapping[str, Any]] | None = None,
    approve_template: NoticeTemplate | None = None,
    reject_template: NoticeTemplate | None = None,
    retention: str = "",
    request: Any = None,
) -> Document:
    with transaction.atomic():
        locked = _locked(document)
        _check_editable(locked)
        _check_drafter(locked, actor)
        _check_links(
            drafter=actor,
            document=locked,
            applications=applications,
            approve_template=approve_template,
            reject_template=reject_template,
        )
        locked.category = category
        locked.title = title.strip()[:200]
        locked.body = body
        locked.approve_template = approve_template
        locked.reject_template = reject_template
        locked.retention = retention or category.retention
        locked.save()
        _set_links(locked, applications, values or {})
        audit_record(
            action="approvals.document_updated",
            actor=actor,
            obj=locked,
            unit_code=locked.unit.code,
            request=request,
            detail={"applications": [a.receipt_number for a in applications], "category": category.code},
        )
    return locked


def _check_drafter(document: Document, actor: User) -> None:
    if document.drafter_id != actor.pk:
        raise ApprovalError(
            "not_drafter",
            "この操作は起案者だけができます。",
            "Only the drafter can do this.",
            403,
        )


def document_attachment_add(
    *, document: Document, actor: User, upload: UploadedFile, request: Any = None
) -> DocumentAttachment:
    if upload.size is None or upload.size > MAX_ATTACHMENT_BYTES:
        raise ApprovalError(
            "attachment_size",
            "添付ファイルは 20 MB までにしてください。",
            "Attachments must be 20 MB or smaller.",
            422,
            field="attachment",
        )
    content = upload.read()
    with transaction.atomic():
        locked = _locked(document)
        _check_editable(locked)
        _check_drafter(locked, actor)
        attachment = DocumentAttachment(
            document=locked,
            original_filename=(upload.name or "attachment")[:255],
            content_type=(upload.content_type or "application/octet-stream")[:100],
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=actor,
        )
        attachment.file.save(attachment.original_filename, upload, save=False)
        attachment.save()
        audit_record(
            action="approvals.attachment_added",
            actor=actor,
            obj=locked,
            unit_code=locked.unit.code,
            request=request,
            detail={"filename": attachment.original_filename, "sha256": attachment.sha256},
        )
    return attachment


def document_attachment_remove(
    *, document: Document, actor: User, attachment_id: int, request: Any = None
) -> None:
    with transaction.atomic():
        locked = _locked(document)
        _check_editable(locked)
        _check_drafter(locked, actor)
        attachment = locked.attachments.filter(pk=attachment_id).first()
        if attachment is None:
            return
        name = attachment.original_filename
        attachment.delete()
        audit_record(
            action="approvals.attachment_removed",
            actor=actor,
            obj=locked,
            unit_code=locked.unit.code,
            request=request,
            detail={"filename": name},
        )


def document_reviewer_add(*, document: Document, actor: User, reviewer: User, request: Any = None) -> None:
    """An optional reviewer (任意の回付先) before the decider; staff only, not the drafter."""
    if reviewer.kind != User.Kind.STAFF or not reviewer.is_active or reviewer.pk == document.drafter_id:
        raise ApprovalError(
            "reviewer",
            "回付先には起案者以外の職員を選んでください。",
            "Choose a member of staff other than the drafter as reviewer.",
            422,
            field="reviewer",
        )
    with transaction.atomic():
        locked = _locked(document)
        _check_editable(locked)
        _check_drafter(locked, actor)
        last = locked.optional_reviewers.order_by("-order").values_list("order", flat=True).first()
        OptionalReviewer.objects.get_or_create(
            document=locked, user=reviewer, defaults={"order": (last or 0) + 1}
        )
        audit_record(
            action="approvals.reviewer_added",
            actor=actor,
            obj=locked,
            unit_code=locked.unit.code,
            request=request,
            detail={"reviewer": reviewer.email},
        )


def document_reviewer_remove(
    *, document: Document, actor: User, reviewer_id: int, request: Any = None
) -> None:
    with transaction.atomic():
        locked = _locked(document)
        _check_editable(locked)
        _check_drafter(locked, actor)
        deleted, _kinds = locked.optional_reviewers.filter(user_id=reviewer_id).delete()
        if deleted:
            audit_record(
                action="approvals.reviewer_removed",
                actor=actor,
                obj=locked,
                unit_code=locked.unit.code,
                request=request,
                detail={"reviewer": reviewer_id},
            )


def numbering_scheme_for(unit: OrgUnit) -> NumberingScheme:
    """The unit's 起案 numbering (e.g. 学生支援班第7-12号), made on first use. Numbers restart each
    fiscal year and are allocated by notices.numbering, so they are gapless and never repeat."""
    scheme = NumberingScheme.objects.filter(unit=unit, name=NUMBERING_NAME).first()
    if scheme is None:
        scheme = numbering_scheme_save(
            scheme=NumberingScheme(
                unit=unit, name=NUMBERING_NAME, symbol=unit.name_ja[:20], pattern="{symbol}第{nendo}-{n}号"
            ),
            actor=None,
        )
    return scheme


def document_send(
    *, document: Document, actor: User, on: datetime.date | None = None, request: Any = None
) -> Document:
    """起案: resolve the route on `on` (today) and hand the document to the first stage. The 文書番号
    is allocated at the first sending and kept when the document comes back and is sent again."""
    day = on or timezone.localdate()
    with transaction.atomic():
        locked = _locked(document)
        _check_editable(locked)
        _check_drafter(locked, actor)
        applications = [link.application for link in locked.links.select_related("application")]
        _check_links(
            drafter=actor,
            document=locked,
            applications=applications,
            approve_template=locked.approve_template,
            reject_template=locked.reject_template,
        )
        _check_values_complete(locked)
        plan = route_plan(document=locked, on=day)
        locked.steps.all().delete()
        first = plan[0].stage
        for planned in plan:
            locked.steps.create(
                stage=planned.stage,
                kind=planned.kind,
                assignee=planned.assignee,
                unit=planned.unit,
                title=planned.title,
                is_optional=planned.is_optional,
                state=StepState.PENDING if planned.stage == first else StepState.WAITING,
            )
        if not locked.number:
            scheme = numbering_scheme_for(locked.unit)
            year, sequence = numbers_allocate(scheme=scheme, day=day)
            locked.number_scheme = scheme
            locked.number_year = year
            locked.number_sequence = sequence
            locked.number = number_format(scheme, year=year, sequence=sequence)
        locked.status = DocumentStatus.IN_PROGRESS
        locked.sent_at = timezone.now()
        locked.routed_on = day
        locked.save()
        action_log(
            document=locked,
            kind=ActionKind.SEND,
            actor=actor,
            request=request,
            detail={"route": [(p.stage, p.kind, p.assignee.email) for p in plan]},
        )
    return locked
