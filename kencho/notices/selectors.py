"""Reads for notices: templates and batches a staff member may see, and an applicant's notices."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.http import urlencode

from kencho.core.access import staff_unit_ids
from kencho.core.models import Membership, OrgUnit, User
from kencho.procedures.models import Application

from .models import (
    Notice,
    NoticeBatch,
    NoticeStatus,
    NoticeTemplate,
    NoticeTemplateVersion,
    NumberingScheme,
)


def template_version_current(template: NoticeTemplate) -> NoticeTemplateVersion | None:
    return template.versions.order_by("-number").first()


def units_for_notices(user: User) -> QuerySet[OrgUnit]:
    """Units whose templates and batches `user` works with."""
    ids = staff_unit_ids(user)
    units = OrgUnit.objects.filter(is_active=True)
    return units if ids is None else units.filter(id__in=ids)


def units_for_schemes(user: User) -> QuerySet[OrgUnit]:
    """Units whose numbering schemes `user` may set up: unit administrators (管理者) only."""
    ids = staff_unit_ids(user, roles=[Membership.Role.ADMIN])
    units = OrgUnit.objects.filter(is_active=True)
    return units if ids is None else units.filter(id__in=ids)


def templates_for_staff(*, viewer: User) -> QuerySet[NoticeTemplate]:
    return NoticeTemplate.objects.filter(unit__in=units_for_notices(viewer)).select_related(
        "unit", "numbering_scheme"
    )


def schemes_for_staff(*, viewer: User) -> QuerySet[NumberingScheme]:
    return NumberingScheme.objects.filter(unit__in=units_for_notices(viewer)).select_related("unit")


def batches_for_staff(*, viewer: User) -> QuerySet[NoticeBatch]:
    return NoticeBatch.objects.filter(unit__in=units_for_notices(viewer)).select_related(
        "template", "template_version", "created_by"
    )


def cancelled_numbers(*, scheme: NumberingScheme, year: int) -> QuerySet[Notice]:
    """The year's 欠番: numbers whose notice was cancelled, with the reason."""
    return Notice.objects.filter(scheme=scheme, year=year, status=NoticeStatus.CANCELLED).order_by("sequence")


@dataclass(frozen=True)
class NoticeLink:
    title: str
    number: str
    issue_date: object
    pdf_url: str
    docx_url: str


def notices_for_applicant(*, application: Application, secret: str = "") -> list[NoticeLink]:
    """The application's issued notices as its applicant sees them on the status page, each with a
    download link (carrying a guest's secret key, as the status page does)."""
    query = f"?{urlencode({'key': secret})}" if secret else ""
    links = []
    notices = (
        Notice.objects.filter(application=application, status=NoticeStatus.ISSUED)
        .select_related("template_version__template")
        .order_by("issued_at", "id")
    )
    for notice in notices:
        pdf_url = reverse("notices:download", args=[notice.public_id, "pdf"]) + query if notice.pdf else ""
        links.append(
            NoticeLink(
                title=notice.title,
                number=notice.number,
                issue_date=notice.issue_date,
                pdf_url=pdf_url,
                docx_url=""
                if pdf_url
                else reverse("notices:download", args=[notice.public_id, "docx"]) + query,
            )
        )
    return links
