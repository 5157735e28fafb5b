"""Writes while a 起案 is being drafted: create and edit it, attach files, add or remove optional
reviewers, and send it along its route (起案). The rules it must keep are in rules.py, the route actions
in actions.py. Each function is one transaction with an audit entry."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from kencho.core.audit import audit_record
from kencho.core.models import OrgUnit, User
from kencho.notices.models import NoticeTemplate, NumberingScheme
from kencho.notices.numbering import number_format, numbers_allocate
from kencho.notices.services import numbering_scheme_save
from kencho.procedures.models import Application

from .errors import ApprovalError
from .history import action_log
from .models import (
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
from .rules import (
    check_drafter,
    check_drafter_unit,
    check_editable,
    check_links,
    check_values,
    check_values_complete,
    locked_document,
)

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
NUMBERING_NAME = "起案"


def _set_links(
    document: Document, applications: Sequence[Application], values: Mapping[int, Mapping[str, Any]]
) -> None:
    document.links.exclude(application__in=applications).delete()
    for application in applications:
        clean = check_values(values.get(application.pk, {}), application.receipt_number)
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
    check_drafter_unit(drafter, unit)
    check_links(
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
        locked = locked_document(document)
        check_editable(locked)
        check_drafter(locked, actor)
        check_links(
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
        locked = locked_document(document)
        check_editable(locked)
        check_drafter(locked, actor)
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
        locked = locked_document(document)
        check_editable(locked)
        check_drafter(locked, actor)
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


def document_record_file_read(
    *, document: Document, viewer: User, what: str, filename: str = "", request: Any = None
) -> None:
    """Every staff download of a document's files (the frozen record, an attachment) is audited."""
    audit_record(
        action=f"approvals.{what}_downloaded",
        actor=viewer,
        obj=document,
        unit_code=document.unit.code,
        request=request,
        detail={"filename": filename} if filename else None,
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
        locked = locked_document(document)
        check_editable(locked)
        check_drafter(locked, actor)
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
        locked = locked_document(document)
        check_editable(locked)
        check_drafter(locked, actor)
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
        locked = locked_document(document)
        check_editable(locked)
        check_drafter(locked, actor)
        applications = [link.application for link in locked.links.select_related("application")]
        check_links(
            drafter=actor,
            document=locked,
            applications=applications,
            approve_template=locked.approve_template,
            reject_template=locked.reject_template,
        )
        check_values_complete(locked)
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
