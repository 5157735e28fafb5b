"""Writes for notices other than issuing (batches.py, issuing.py): templates and their versions,
numbering schemes, cancelling a notice, and the audit line of a staff download. Each function is one
transaction with an audit entry."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kencho.core.audit import audit_record
from kencho.core.models import OrgUnit, User

from .errors import NoticeError
from .models import Notice, NoticeStatus, NoticeTemplate, NoticeTemplateVersion, NumberingScheme
from .numbering import PatternError, pattern_check
from .templating import template_inspect


def numbering_scheme_save(
    *, scheme: NumberingScheme, actor: User | None, request: Any = None
) -> NumberingScheme:
    """Create or change a numbering scheme. Its pattern is checked; the counters are not touched, so
    a changed symbol applies to the next number and numbers already issued keep theirs."""
    try:
        pattern_check(scheme.pattern)
    except PatternError as exc:
        raise NoticeError("pattern", str(exc)) from None
    created = scheme.pk is None
    with transaction.atomic():
        scheme.save()
        audit_record(
            action="notices.scheme_created" if created else "notices.scheme_updated",
            actor=actor,
            obj=scheme,
            unit_code=scheme.unit.code,
            request=request,
            detail={
                "prefix": scheme.prefix,
                "symbol": scheme.symbol,
                "pattern": scheme.pattern,
                "year_basis": scheme.year_basis,
            },
        )
    return scheme


def notice_template_create(
    *,
    unit: OrgUnit,
    kind: str,
    name: str,
    numbering_scheme: NumberingScheme | None,
    sender: str,
    content: bytes,
    filename: str,
    actor: User | None,
    comment: str = "",
    request: Any = None,
) -> NoticeTemplate:
    """A new template with its first version. Raises TemplateRejected (file) or NoticeError."""
    inspection = template_inspect(content, filename)
    if numbering_scheme is not None and numbering_scheme.unit_id != unit.pk:
        raise NoticeError("scheme_unit", _("文書番号の体系は同じ所属のものを選んでください。"))
    if NoticeTemplate.objects.filter(unit=unit, name=name).exists():
        raise NoticeError("duplicate_name", _("同じ所属に同じ名前の様式があります。別の名前にしてください。"))
    with transaction.atomic():
        template = NoticeTemplate.objects.create(
            unit=unit,
            kind=kind,
            name=name,
            numbering_scheme=numbering_scheme,
            sender=sender,
            created_by=actor,
        )
        audit_record(
            action="notices.template_created",
            actor=actor,
            obj=template,
            unit_code=unit.code,
            request=request,
            detail={"name": name, "kind": kind},
        )
        _add_version(
            template, content, filename, inspection.placeholders, inspection.sha256, actor, comment, request
        )
    return template


def notice_template_version_add(
    *,
    template: NoticeTemplate,
    content: bytes,
    filename: str,
    actor: User | None,
    comment: str = "",
    request: Any = None,
) -> NoticeTemplateVersion:
    """Upload a new version (the Word file staff edited). Notices issued from older versions keep
    pointing at the version they were made from."""
    inspection = template_inspect(content, filename)
    with transaction.atomic():
        NoticeTemplate.objects.select_for_update().filter(pk=template.pk).first()
        return _add_version(
            template, content, filename, inspection.placeholders, inspection.sha256, actor, comment, request
        )


def _add_version(
    template: NoticeTemplate,
    content: bytes,
    filename: str,
    placeholders: list[str],
    sha256: str,
    actor: User | None,
    comment: str,
    request: Any,
) -> NoticeTemplateVersion:
    number = (template.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = NoticeTemplateVersion(
        template=template,
        number=number,
        original_filename=filename[:255],
        sha256=sha256,
        size=len(content),
        placeholders=placeholders,
        comment=comment[:500],
        uploaded_by=actor,
    )
    version.file.save("template.docx", ContentFile(content), save=False)
    try:
        version.save()
        audit_record(
            action="notices.template_version_added",
            actor=actor,
            obj=version,
            unit_code=template.unit.code,
            request=request,
            detail={
                "template": template.pk,
                "number": number,
                "sha256": sha256,
                "placeholders": placeholders,
            },
        )
    except BaseException:
        version.file.storage.delete(version.file.name or "")
        raise
    return version


def notice_template_update(
    *,
    template: NoticeTemplate,
    numbering_scheme: NumberingScheme | None,
    sender: str,
    is_active: bool,
    actor: User,
    request: Any = None,
) -> NoticeTemplate:
    if numbering_scheme is not None and numbering_scheme.unit_id != template.unit_id:
        raise NoticeError("scheme_unit", _("文書番号の体系は同じ所属のものを選んでください。"))
    with transaction.atomic():
        template.numbering_scheme = numbering_scheme
        template.sender = sender
        template.is_active = is_active
        template.save(update_fields=["numbering_scheme", "sender", "is_active"])
        audit_record(
            action="notices.template_updated",
            actor=actor,
            obj=template,
            unit_code=template.unit.code,
            request=request,
            detail={"scheme": numbering_scheme.pk if numbering_scheme else None, "active": is_active},
        )
    return template


def notice_cancel(*, notice: Notice, actor: User, reason: str, request: Any = None) -> Notice:
    """Cancel an issued notice (e.g. issued by mistake). Its 文書番号 stays recorded as 欠番 with the
    reason and is never given to another notice; the applicant no longer sees it."""
    reason = reason.strip()
    if not reason:
        raise NoticeError(
            "reason_required", _("取り消す理由を入力してください。欠番の理由として記録されます。")
        )
    with transaction.atomic():
        locked = Notice.objects.select_for_update().get(pk=notice.pk)
        if locked.status == NoticeStatus.CANCELLED:
            raise NoticeError("already_cancelled", _("この通知書はすでに取り消されています。"), 409)
        locked.status = NoticeStatus.CANCELLED
        locked.cancelled_at = timezone.now()
        locked.cancelled_by = actor
        locked.cancel_reason = reason[:2000]
        locked.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
        audit_record(
            action="notices.notice_cancelled",
            actor=actor,
            obj=locked,
            unit_code=notice.application.unit.code,
            request=request,
            detail={"number": locked.number, "reason": locked.cancel_reason},
        )
    return locked


def notice_download_record(*, notice: Notice, actor: User, file_format: str, request: Any = None) -> None:
    """Staff opening a notice read personal data: one audit line per download."""
    with transaction.atomic():
        audit_record(
            action="notices.notice_downloaded",
            actor=actor,
            obj=notice,
            unit_code=notice.application.unit.code,
            request=request,
            detail={
                "number": notice.number,
                "format": file_format,
                "receipt_number": notice.application.receipt_number,
            },
        )
