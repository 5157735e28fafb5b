"""Writes to procedures and applications. Every function here runs in one transaction, records an
audit entry and schedules e-mails and background work only after commit."""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from kencho.core.accounts import user_can_apply
from kencho.core.audit import audit_record
from kencho.core.background import enqueue_after_commit
from kencho.core.i18n import in_both_languages
from kencho.core.japanese.business_days import add_business_days
from kencho.core.mail import email_send_templated
from kencho.core.models import User
from kencho.core.search import search_document
from kencho.forms.definition import field_by_key, field_labels
from kencho.forms.models import FormVersion
from kencho.forms.selectors import form_version_current
from kencho.forms.uploads import upload_resolver, uploads_claim
from kencho.forms.validation import FieldError, ValidationResult, validate_answers

from . import errors, selectors, status
from .links import local_path_ok
from .models import Application, ApplicationEvent, ApplicationStatus, Procedure
from .receipts import receipt_number_allocate


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def request_fingerprint(data: dict[str, Any]) -> str:
    """A stable hash of a submission's content, to tell a retry from a different request that
    reuses an Idempotency-Key."""
    return _hash(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str))


def guest_secret_matches(application: Application, secret: str) -> bool:
    return bool(application.guest_secret_hash) and secrets.compare_digest(
        application.guest_secret_hash, _hash(secret)
    )


def procedure_reindex(*, procedure: Procedure) -> None:
    """Refresh the Japanese search tokens of a procedure (called after every edit)."""
    text = " ".join([procedure.title_ja, procedure.title_en, procedure.summary_ja, procedure.summary_en])
    if procedure.category:
        text += f" {procedure.category.name_ja} {procedure.category.name_en}"
    Procedure.objects.filter(pk=procedure.pk).update(search_document=f" {search_document(text)} ")


def procedure_save(
    *, procedure: Procedure, required_attachments: list[dict[str, str]], actor: User
) -> Procedure:
    """Create or update a procedure from the staff settings form, audited and re-indexed for search."""
    if procedure.start_url and not local_path_ok(procedure.start_url):
        raise errors.link_error("start_url")
    created = procedure.pk is None
    with transaction.atomic():
        procedure.required_attachments = required_attachments
        procedure.save()
        procedure_reindex(procedure=procedure)
        audit_record(
            action="procedures.procedure_created" if created else "procedures.procedure_updated",
            actor=actor,
            obj=procedure,
            unit_code=procedure.owning_unit.code,
            detail={
                "slug": procedure.slug,
                "published": procedure.is_published,
                "listed": procedure.is_listed,
            },
        )
    return procedure


def procedure_listing_set(
    *, procedure: Procedure, is_listed: bool, start_url: str = "", actor: User | None
) -> Procedure:
    """Show a procedure in the catalogue, search and API list, or leave it out (unlisted) with the
    local path of the page where its applications are started. For flows that start drafts for the
    person, such as a subsidy programme's report and claim procedures. No change, no audit entry."""
    if start_url and not local_path_ok(start_url):
        raise errors.link_error("start_url")
    with transaction.atomic():
        locked = Procedure.objects.select_for_update().select_related("owning_unit").get(pk=procedure.pk)
        if locked.is_listed == is_listed and locked.start_url == start_url:
            return locked
        locked.is_listed, locked.start_url = is_listed, start_url
        locked.save(update_fields=["is_listed", "start_url", "updated_at"])
        audit_record(
            action="procedures.procedure_listing_changed",
            actor=actor,
            obj=locked,
            unit_code=locked.owning_unit.code,
            detail={"slug": locked.slug, "listed": is_listed, "start_url": start_url},
        )
    procedure.is_listed, procedure.start_url = is_listed, start_url
    return locked


def procedure_direct_start_check(*, procedure: Procedure) -> None:
    """Applying from the procedure's own page or the public API: refused for an unlisted procedure,
    whose applications are started by another flow (the error names its start page)."""
    if not procedure.is_listed:
        raise errors.start_elsewhere_error(procedure.start_url)


def _applicant_name(form_version: FormVersion, data: dict[str, Any]) -> str:
    """The first name-type answer, used to show applications in lists without opening them."""
    for page in form_version.schema.get("pages", []):
        for field in page.get("fields", []):
            if field.get("type") == "name" and isinstance(data.get(field["key"]), dict):
                return str(data[field["key"]].get("name", ""))[:200]
    return ""


def _contact_email(form_version: FormVersion, data: dict[str, Any], applicant: User | None) -> str:
    if applicant is not None:
        return applicant.email
    for page in form_version.schema.get("pages", []):
        for field in page.get("fields", []):
            if field.get("type") == "email" and data.get(field["key"]):
                return str(data[field["key"]])
    return ""


def applicant_check(*, procedure: Procedure, applicant: User | None) -> None:
    """Who may apply: guests only where the procedure allows them; people with an account once
    their e-mail address is confirmed."""
    if applicant is None and not procedure.allow_guest:
        raise errors.ProcedureError(
            "login_required",
            "この手続の申請にはログインが必要です。",
            "You need to sign in to apply for this procedure.",
            401,
        )
    if applicant is not None and not user_can_apply(applicant):
        raise errors.ProcedureError(
            "email_unverified",
            "申請するには、メールアドレスの確認を済ませてください。",
            "Confirm your e-mail address before you apply.",
            403,
        )


@dataclass(frozen=True)
class SubmitResult:
    application: Application
    created: bool
    guest_secret: str | None = None


def application_submit(
    *,
    procedure: Procedure,
    answers: dict[str, Any],
    applicant: User | None,
    language: str,
    idempotency_key: str | None = None,
    form_version: FormVersion | None = None,
    strict: bool = True,
    upload_owner: User | None = None,
    upload_session_key: str = "",
    request: Any = None,
) -> SubmitResult:
    """Validate and store one application with its files, and hand out its receipt number.

    A repeated call with the same `idempotency_key` returns the first application (`created` is
    False) instead of storing a second one, also when both calls race on different processes.
    Raises `errors.InvalidAnswers` with per-field errors, or `errors.ProcedureError`."""
    if idempotency_key:
        existing = _existing_for_key(procedure, idempotency_key, answers)
        if existing is not None:
            return SubmitResult(existing, created=False)
    applicant_check(procedure=procedure, applicant=applicant)

    version = form_version or form_version_current(procedure.form)
    if version is None:
        raise errors.closed_error()
    resolver = upload_resolver(owner=upload_owner, session_key=upload_session_key)
    result: ValidationResult = validate_answers(version.schema, answers, strict=strict, uploads=resolver)
    if not result.ok:
        raise errors.InvalidAnswers(result.errors)

    now = timezone.now()
    guest_secret = None if applicant else secrets.token_urlsafe(24)
    try:
        with transaction.atomic():
            if procedure.capacity is not None:
                # Lock the procedure so concurrent submissions cannot both take the last place.
                locked = Procedure.objects.select_for_update().get(pk=procedure.pk)
                taken = locked.applications.exclude(status=ApplicationStatus.WITHDRAWN).count()
                if taken >= procedure.capacity:
                    raise errors.capacity_error()
            if not procedure.is_open(now):
                raise errors.closed_error()
            local_day = timezone.localdate(now)
            application = Application.objects.create(
                receipt_number=receipt_number_allocate(day=local_day),
                procedure=procedure,
                form_version=version,
                unit=procedure.owning_unit,
                data=result.data,
                applicant=applicant,
                applicant_name=_applicant_name(version, result.data)
                or (applicant.display_name if applicant else ""),
                contact_email=_contact_email(version, result.data, applicant),
                guest_secret_hash=_hash(guest_secret) if guest_secret else "",
                language=language if language in {"ja", "en"} else "ja",
                submitted_at=now,
                due_date=(
                    add_business_days(local_day, procedure.processing_days)
                    if procedure.processing_days is not None
                    else None
                ),
                idempotency_key=idempotency_key,
                request_hash=request_fingerprint(answers) if idempotency_key else "",
            )
            upload_ids = _upload_ids(result.data, version.schema)
            if upload_ids:
                uploads_claim(upload_ids=upload_ids, claim=f"procedures.application:{application.pk}")
            # The fee (手数料) is assessed in the same transaction: no application is stored without
            # it. Imported here because payments itself imports procedures.
            from kencho.payments.hooks import on_application_submitted

            on_application_submitted(application=application)
            _record(
                application=application,
                actor=applicant,
                kind=ApplicationEvent.Kind.SUBMITTED,
                audit_action="procedures.application_submitted",
                audit_detail={"receipt_number": application.receipt_number, "procedure": procedure.slug},
                request=request,
                to_status=ApplicationStatus.RECEIVED,
                created_at=now,
            )
            _notify_applicant(application, template="procedures/email/submitted")
            _schedule_pdf(application)
    except IntegrityError:
        if not idempotency_key:
            raise
        # A concurrent request with the same key committed first: answer with its application.
        existing = _existing_for_key(procedure, idempotency_key, answers)
        if existing is None:
            raise
        return SubmitResult(existing, created=False)
    return SubmitResult(application, created=True, guest_secret=guest_secret)


def _existing_for_key(procedure: Procedure, key: str, answers: dict[str, Any]) -> Application | None:
    existing = Application.objects.filter(procedure=procedure, idempotency_key=key).first()
    if (
        existing is not None
        and existing.request_hash
        and existing.request_hash != request_fingerprint(answers)
    ):
        raise errors.idempotency_conflict_error()
    return existing


def _upload_ids(data: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    ids: list[str] = []

    def collect(fields: list[dict[str, Any]], values: dict[str, Any]) -> None:
        for field in fields:
            value = values.get(field["key"])
            if field["type"] == "file" and isinstance(value, list):
                ids.extend(str(item["upload_id"]) for item in value if isinstance(item, dict))
            elif field["type"] == "group" and isinstance(value, list):
                for item in value:
                    if isinstance(item, dict):
                        collect(field.get("fields", []), item)

    for page in schema.get("pages", []):
        collect(page.get("fields", []), data)
    return ids


def _schedule_pdf(application: Application) -> None:
    """Render the submission PDF in the background, or — on a single machine without workers —
    leave it to the first person who opens it (see KENCHO_RENDER_PDF_ON_SUBMIT)."""
    if settings.KENCHO_RENDER_PDF_ON_SUBMIT:
        from .tasks import application_render_pdf

        enqueue_after_commit(application_render_pdf, application.pk)
    elif application.pdf:
        Application.objects.filter(pk=application.pk).update(pdf="")  # stale after a resubmission


def _notify_applicant(
    application: Application, *, template: str, extra: dict[str, Any] | None = None
) -> None:
    if not application.contact_email:
        return
    email_send_templated(
        to=application.contact_email,
        language=application.language,
        template=template,
        context={"application": application, "procedure": application.procedure, **(extra or {})},
    )


def _labels(value: str) -> tuple[str, str]:
    both = in_both_languages(ApplicationStatus(value).label)
    return both["ja"], both["en"]


def _change_status(
    *,
    application: Application,
    to_status: str,
    actor: User | None,
    kind: str,
    comment: str = "",
    detail: dict[str, Any] | None = None,
    request: Any = None,
) -> ApplicationEvent:
    from_status = application.status
    application.status = to_status
    application.save(update_fields=["status", "correction_fields", "updated_at"])
    event = _record(
        application=application,
        actor=actor,
        kind=kind,
        audit_action=f"procedures.application_{kind}",
        audit_detail={"from": from_status, "to": to_status, "comment": comment, **(detail or {})},
        request=request,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
        detail=detail or {},
    )
    _notify_applicant(
        application,
        template="procedures/email/status_changed",
        extra={"event": event, "correction_items": correction_items(application, application.language)},
    )
    return event


def _record(
    *,
    application: Application,
    actor: User | None,
    kind: str,
    audit_action: str,
    audit_detail: dict[str, Any] | None = None,
    request: Any = None,
    **event_fields: Any,
) -> ApplicationEvent:
    """One line of the application's history and its audit entry: every change writes both."""
    event = ApplicationEvent.objects.create(application=application, actor=actor, kind=kind, **event_fields)
    audit_record(
        action=audit_action,
        actor=actor,
        obj=application,
        unit_code=application.unit.code,
        detail=audit_detail or {},
        request=request,
    )
    return event


def application_history_add(
    *,
    application: Application,
    actor: User | None,
    kind: str,
    audit_action: str,
    comment: str = "",
    detail: dict[str, Any] | None = None,
    visible_to_applicant: bool = True,
    request: Any = None,
) -> ApplicationEvent:
    """A line in the application's history written for another module (payments), with its audit
    entry. Call it inside the transaction of the change it records."""
    return _record(
        application=application,
        actor=actor,
        kind=kind,
        audit_action=audit_action,
        audit_detail=detail,
        request=request,
        comment=comment,
        detail=detail or {},
        visible_to_applicant=visible_to_applicant,
    )


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("unit", "procedure").get(pk=application.pk)


def application_transition(
    *, application: Application, to_status: str, actor: User, comment: str = "", request: Any = None
) -> Application:
    """A staff decision: start review, accept (受理), reject (不受理) or complete (完了)."""
    if to_status == ApplicationStatus.CORRECTION_REQUESTED:
        raise ValueError("use application_request_correction to ask for a correction")
    with transaction.atomic():
        locked = _locked(application)
        if not status.staff_can_move(locked.status, to_status):
            from_ja, from_en = _labels(locked.status)
            to_ja, to_en = _labels(to_status)
            raise errors.transition_error_both(from_ja, from_en, to_ja, to_en)
        _change_status(
            application=locked,
            to_status=to_status,
            actor=actor,
            kind=ApplicationEvent.Kind.STATUS,
            comment=comment,
            request=request,
        )
    return locked


@dataclass(frozen=True)
class CorrectionItem:
    path: str
    comment: str


def application_request_correction(
    *, application: Application, actor: User, items: list[CorrectionItem], message: str, request: Any = None
) -> Application:
    """補正依頼: mark the fields the applicant must fix, each with a comment. Only those fields can
    be edited on resubmission."""
    if not items:
        raise errors.ProcedureError(
            "no_fields",
            "補正する項目を1つ以上選んでください。",
            "Select at least one field to be corrected.",
            422,
        )
    with transaction.atomic():
        locked = _locked(application)
        if not status.staff_can_move(locked.status, ApplicationStatus.CORRECTION_REQUESTED):
            from_ja, from_en = _labels(locked.status)
            to_ja, to_en = _labels(ApplicationStatus.CORRECTION_REQUESTED)
            raise errors.transition_error_both(from_ja, from_en, to_ja, to_en)
        schema = locked.form_version.schema
        for item in items:
            if field_by_key(schema, item.path.split(".", 1)[0]) is None:
                raise errors.ProcedureError(
                    "unknown_field",
                    f"補正対象の項目「{item.path}」はこの申請にありません。",
                    f"The field '{item.path}' to be corrected is not part of this application.",
                    422,
                )
        locked.correction_fields = [{"path": i.path, "comment": i.comment} for i in items]
        _change_status(
            application=locked,
            to_status=ApplicationStatus.CORRECTION_REQUESTED,
            actor=actor,
            kind=ApplicationEvent.Kind.CORRECTION_REQUESTED,
            comment=message,
            detail={"fields": locked.correction_fields},
            request=request,
        )
    return locked


@dataclass(frozen=True)
class CorrectionRequestItem:
    label: str
    comment: str


def correction_items(application: Application, language: str) -> list[CorrectionRequestItem]:
    """The fields the officer asked to correct, by label, with the officer's comments."""
    labels = field_labels(application.form_version.schema, language)
    return [
        CorrectionRequestItem(labels.get(item["path"].split(".", 1)[0], item["path"]), item["comment"])
        for item in application.correction_fields
    ]


def correction_editable_keys(application: Application) -> set[str]:
    """Top-level field keys the applicant may change in the current correction request."""
    return {item["path"].split(".", 1)[0] for item in application.correction_fields}


def application_resubmit(
    *,
    application: Application,
    answers: dict[str, Any],
    actor: User | None,
    upload_owner: User | None = None,
    upload_session_key: str = "",
    strict: bool = False,
    request: Any = None,
) -> Application:
    """The applicant's corrected answers. Fields that were not marked keep their submitted values,
    whatever the request contains."""
    with transaction.atomic():
        locked = _locked(application)
        if locked.status != ApplicationStatus.CORRECTION_REQUESTED:
            raise errors.ProcedureError(
                "not_in_correction",
                "この申請は現在、補正を受け付けていません。",
                "This application is not waiting for a correction.",
            )
        editable = correction_editable_keys(locked)
        merged = dict(locked.data)
        for key in editable:
            if key in answers:
                merged[key] = answers[key]
            else:
                merged.pop(key, None)
        resolver = upload_resolver(
            owner=upload_owner, session_key=upload_session_key, claim=f"procedures.application:{locked.pk}"
        )
        result = validate_answers(locked.form_version.schema, merged, strict=strict, uploads=resolver)
        if not result.ok:
            raise errors.InvalidAnswers(result.errors)
        changed = sorted(k for k in editable if locked.data.get(k) != result.data.get(k))
        locked.data = result.data
        locked.save(update_fields=["data", "updated_at"])
        new_uploads = _upload_ids({k: result.data.get(k) for k in editable}, locked.form_version.schema)
        if new_uploads:
            uploads_claim(upload_ids=new_uploads, claim=f"procedures.application:{locked.pk}")
        locked.correction_fields = []
        _change_status(
            application=locked,
            to_status=ApplicationStatus.RESUBMITTED,
            actor=actor,
            kind=ApplicationEvent.Kind.RESUBMITTED,
            detail={"changed_fields": changed},
            request=request,
        )
        _schedule_pdf(locked)
    return locked


def application_withdraw(
    *, application: Application, actor: User | None, reason: str = "", request: Any = None
) -> Application:
    with transaction.atomic():
        locked = _locked(application)
        if locked.status not in status.APPLICANT_WITHDRAWABLE:
            raise errors.ProcedureError(
                "cannot_withdraw",
                "この申請は処理が終わっているため、取り下げることはできません。",
                "This application has already been decided and cannot be withdrawn.",
            )
        locked.correction_fields = []
        _change_status(
            application=locked,
            to_status=ApplicationStatus.WITHDRAWN,
            actor=actor,
            kind=ApplicationEvent.Kind.WITHDRAWN,
            comment=reason,
            request=request,
        )
        from kencho.payments.hooks import on_application_withdrawn  # payments imports procedures

        on_application_withdrawn(application=locked, actor=actor)
    return locked


def application_assign(
    *, application: Application, assignee_id: int | None, actor: User, request: Any = None
) -> None:
    """Give the case to one of the unit's staff, or to nobody (`assignee_id` None)."""
    assignee = None
    if assignee_id is not None:
        assignee = selectors.staff_of_unit(unit_id=application.unit_id).filter(pk=assignee_id).first()
        if assignee is None:
            raise errors.ProcedureError(
                "invalid_assignee",
                "担当者はこの所属の職員から選んでください。",
                "Choose the assignee from the staff of this unit.",
                422,
            )
    with transaction.atomic():
        locked = _locked(application)
        previous = locked.assignee_id
        locked.assignee = assignee
        locked.save(update_fields=["assignee", "updated_at"])
        _record(
            application=locked,
            actor=actor,
            kind=ApplicationEvent.Kind.ASSIGNED,
            audit_action="procedures.application_assigned",
            audit_detail={"from": previous, "to": assignee.pk if assignee else None},
            request=request,
            detail={"assignee": assignee.email if assignee else None},
            visible_to_applicant=False,
        )


def application_add_note(
    *, application: Application, actor: User, body: str, request: Any = None
) -> ApplicationEvent:
    body = body.strip()
    if not body:
        raise errors.ProcedureError("empty_note", "メモを入力してください。", "Enter a note.", 422)
    with transaction.atomic():
        event = _record(
            application=application,
            actor=actor,
            kind=ApplicationEvent.Kind.NOTE,
            audit_action="procedures.application_note_added",
            request=request,
            comment=body[:4000],
            visible_to_applicant=False,
        )
    return event


def application_record_staff_view(
    *, application: Application, viewer: User, what: str, request: Any = None
) -> None:
    """Every staff read of an application's personal data is audited: who, when, what."""
    audit_record(
        action="procedures.application_viewed",
        actor=viewer,
        obj=application,
        unit_code=application.unit.code,
        detail={"what": what, "receipt_number": application.receipt_number},
        request=request,
    )


def field_errors_as_dicts(field_errors: list[FieldError]) -> list[dict[str, Any]]:
    return [e.as_dict() for e in field_errors]
