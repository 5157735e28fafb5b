"""The rules a 起案 must keep while it is drafted and sent: who may draft for which unit, which
applications may be linked and with which values, which notice templates fit, and who may change
it. Shared by services.py (drafting) and actions.py (the route)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from kencho.core.access import staff_unit_ids
from kencho.core.models import OrgUnit, User
from kencho.notices.models import NoticeTemplate
from kencho.notices.placeholders import PER_NOTICE_NAMES, canonical_name
from kencho.notices.selectors import template_version_current
from kencho.procedures.models import Application, ApplicationStatus

from . import errors
from .errors import ApprovalError
from .models import FINAL_STATUSES, Document, DocumentApplication

DECIDABLE_STATUSES = frozenset(
    {ApplicationStatus.RECEIVED, ApplicationStatus.UNDER_REVIEW, ApplicationStatus.RESUBMITTED}
)
VALUE_KEYS = ("決定額", "理由", "条件", "備考")


def check_drafter_unit(drafter: User, unit: OrgUnit) -> None:
    units = staff_unit_ids(drafter)
    if units is not None and unit.pk not in units:
        raise ApprovalError(
            "unit",
            "起案できるのは自分の所属（またはその下の所属）の起案だけです。所属を選び直してください。",
            "You can only draft for your own unit or a unit below it. Choose another unit.",
            422,
            field="unit",
        )


def check_values(values: Mapping[str, Any], receipt_number: str) -> dict[str, Any]:
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


def check_links(
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


def check_values_complete(document: Document) -> None:
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


def check_editable(document: Document) -> None:
    if document.is_frozen:
        raise errors.frozen_error()
    if not document.is_editable:
        raise errors.state_error("編集", "edit")


def locked_document(document: Document) -> Document:
    return (
        Document.objects.select_for_update().select_related("unit", "category", "drafter").get(pk=document.pk)
    )


def check_drafter(document: Document, actor: User) -> None:
    if document.drafter_id != actor.pk:
        raise ApprovalError(
            "not_drafter",
            "この操作は起案者だけができます。",
            "Only the drafter can do this.",
            403,
        )
