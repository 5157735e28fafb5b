"""Accepting a reviewed page: the corrected fields are normalised and validated with the form's own
rules, and the page becomes an application in the procedure, with the scan attached and
"received on paper" (紙で受付) in its history."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from kencho.core.audit import audit_record
from kencho.core.japanese.business_days import add_business_days
from kencho.core.models import User
from kencho.forms.selectors import form_version_current
from kencho.forms.uploads import upload_store, uploads_claim
from kencho.forms.validation import validate_answers
from kencho.procedures.models import Application, ApplicationEvent, ApplicationStatus
from kencho.procedures.receipts import receipt_number_allocate
from kencho.procedures.services import application_history_add

from .errors import OcrError, OcrInvalid
from .models import BoxKind, ExtractedField, FieldStatus, Page, PageStatus
from .normalise import display, normalise
from .reading import BoxSpec, assemble_answers, boxes_of_error, field_type

TICKED = {"✓", "✔", "1", "on", "true", "yes", "はい", "レ", "x", "X"}
SCAN_FIELD: dict[str, Any] = {
    "key": "paper_scan",
    "type": "file",
    "label": {"ja": "紙の申請書の画像", "en": "Scan of the paper form"},
    "accept": ["png", "jpeg", "pdf"],
    "max_size_mb": 50,
}


def _spec(field: ExtractedField) -> BoxSpec:
    box = field.box
    return BoxSpec(
        key=box.key,
        kind=box.kind,
        x=box.x,
        y=box.y,
        width=box.width,
        height=box.height,
        part=box.part,
        option=box.option,
        label=box.label,
    )


def field_value(field: ExtractedField, text: str, schema: dict[str, Any]) -> tuple[Any, bool]:
    """The value a corrected text stands for, and whether it is a well-formed one."""
    text = text.strip()
    if field.box.kind == BoxKind.CHECKBOX:
        return (True if text in TICKED else None), True
    if not text:
        return None, True
    kind_type = field_type(schema, field.box.key)
    if kind_type in {"name", "address"}:
        kind_type = "postal_code" if field.box.part == "postal_code" else "text"
    value = normalise(text, field_type=kind_type)
    return (value, True) if value is not None else (text, False)


def page_fields_check(
    *, page: Page, edits: dict[int, str], schema: dict[str, Any]
) -> tuple[dict[str, Any], list[dict[str, Any]], list[tuple[ExtractedField, Any]]]:
    """The page's answers after the edits, the problems (each naming `fields.<id>`) and the values."""
    fields = list(page.fields.select_related("box"))
    values: list[tuple[ExtractedField, Any]] = []
    well_formed: list[bool] = []
    problems: list[dict[str, Any]] = []
    for f in fields:
        value, ok = field_value(f, edits.get(f.pk, f.text), schema)
        values.append((f, value))
        well_formed.append(ok)
        if not ok:
            label = f.box.label or f.box.key
            problems.append(
                {
                    "field": f"fields.{f.pk}",
                    "code": "invalid",
                    "message": {
                        "ja": f"「{label}」の値「{value}」を読み取れる形に直してください。",
                        "en": f"Correct the value '{value}' of \"{label}\" to a valid one.",
                    },
                }
            )
    answers = assemble_answers(
        ((_spec(f), v) for (f, v), ok in zip(values, well_formed, strict=True) if ok), schema
    )
    result = validate_answers(schema, answers, strict=False)
    specs = [_spec(f) for f in fields]
    for error in result.errors:
        targets = boxes_of_error(error, specs)
        target = f"fields.{fields[targets[0]].pk}" if targets else error.path
        problems.append(
            {"field": target, "code": error.code, "message": {"ja": error.message_ja, "en": error.message_en}}
        )
    return result.data, problems, values


def page_accept(*, page: Page, edits: dict[int, str], actor: User, request: Any = None) -> Application:
    """Turn a reviewed page into an application. Raises OcrInvalid (each problem naming the field)
    when the corrected answers do not pass the form's rules, OcrError when the page is not waiting."""
    procedure = page.batch.template.procedure
    version = form_version_current(procedure.form)
    if version is None:
        raise OcrError(
            "no_form", "この手続には公開中のフォームがありません。", "This procedure has no published form."
        )
    schema = dict(version.schema)
    with transaction.atomic():
        locked = Page.objects.select_for_update().get(pk=page.pk)
        if locked.status != PageStatus.REVIEW:
            raise OcrError(
                "not_waiting",
                "このページは確認待ちではありません。",
                "This page is not waiting for review.",
                field="page",
                status=409,
            )
        data, problems, values = page_fields_check(page=locked, edits=edits, schema=schema)
        if problems:
            raise OcrInvalid(problems)
        for f, value in values:
            text = display(value) if not isinstance(value, str) else value
            changed = text != f.text
            f.value, f.text = value, text[:400]
            if changed or f.needs_review:
                f.status = FieldStatus.CONFIRMED
            f.save(update_fields=["value", "text", "status"])
        now = timezone.now()
        local_day = timezone.localdate(now)
        name_value = next((v for v in data.values() if isinstance(v, dict) and "name" in v), {})
        application = Application.objects.create(
            receipt_number=receipt_number_allocate(day=local_day),
            procedure=procedure,
            form_version=version,
            unit=procedure.owning_unit,
            data=data,
            applicant=None,
            applicant_name=str(name_value.get("name", ""))[:200],
            contact_email=next(
                (
                    str(data[f["key"]])
                    for p in schema.get("pages", [])
                    for f in p.get("fields", [])
                    if f.get("type") == "email" and data.get(f["key"])
                ),
                "",
            ),
            language="ja",
            submitted_at=now,
            due_date=(
                add_business_days(local_day, procedure.processing_days)
                if procedure.processing_days is not None
                else None
            ),
        )
        with locked.image.open("rb") as stream:
            scan = upload_store(
                field=SCAN_FIELD, uploaded_file=(f"scan-{secrets.token_hex(4)}.png", stream.read())
            )
        uploads_claim(upload_ids=[str(scan.pk)], claim=f"procedures.application:{application.pk}")
        from kencho.payments.hooks import on_application_submitted

        on_application_submitted(application=application)
        application_history_add(
            application=application,
            actor=actor,
            kind=ApplicationEvent.Kind.SUBMITTED,
            audit_action="ocr.page_accepted",
            comment="紙で受付（AI-OCRで読み取り、職員が確認）",
            detail={
                "received_on_paper": True,
                "ocr_batch": str(locked.batch.public_id),
                "ocr_page": locked.number,
                "scan_upload_id": str(scan.pk),
                "to_status": ApplicationStatus.RECEIVED,
            },
            request=request,
        )
        ApplicationEvent.objects.filter(application=application, kind=ApplicationEvent.Kind.SUBMITTED).update(
            to_status=ApplicationStatus.RECEIVED
        )
        locked.status = PageStatus.ACCEPTED
        locked.application = application
        locked.accepted_by = actor
        locked.accepted_at = now
        locked.save(update_fields=["status", "application", "accepted_by", "accepted_at"])
        audit_record(
            action="ocr.application_created",
            actor=actor,
            obj=locked.batch,
            unit_code=locked.batch.unit.code,
            detail={"page": locked.number, "receipt_number": application.receipt_number},
            request=request,
        )
    page.refresh_from_db()
    return application
