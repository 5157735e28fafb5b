"""Notices test data: a numbering scheme, the demo templates, and accepted applications."""

from __future__ import annotations

from typing import Any

from kencho.core.models import OrgUnit, User
from kencho.procedures.models import Application, ApplicationStatus, Procedure
from kencho.procedures.services import application_submit
from kencho.procedures.tests.factories import VALID_ANSWERS, make_procedure

from ..demo_templates import grant_decision_docx, rejection_docx
from ..models import NoticeKind, NoticeTemplate, NumberingScheme
from ..services import notice_template_create, numbering_scheme_save


def make_scheme(unit: OrgUnit, **fields: Any) -> NumberingScheme:
    values = {"name": "指令", "prefix": "三重県指令", "symbol": "環", "pattern": "{prefix} {symbol}第{n}号"}
    values.update(fields)
    return numbering_scheme_save(scheme=NumberingScheme(unit=unit, **values), actor=None)


def make_template(
    unit: OrgUnit,
    *,
    scheme: NumberingScheme | None,
    kind: str = NoticeKind.GRANT_DECISION,
    name: str = "交付決定通知書",
    content: bytes | None = None,
    actor: User | None = None,
) -> NoticeTemplate:
    if content is None:
        content = rejection_docx() if kind == NoticeKind.REJECTION else grant_decision_docx()
    return notice_template_create(
        unit=unit,
        kind=kind,
        name=name,
        numbering_scheme=scheme,
        sender="三重県知事 三重 一郎",
        content=content,
        filename="template.docx",
        actor=actor,
    )


def make_applications(
    procedure: Procedure, count: int, *, applicant: User | None = None
) -> list[Application]:
    made = []
    for i in range(count):
        answers = {**VALID_ANSWERS, "name": {"name": f"申請 太郎{i}", "kana": "シンセイ タロウ"}}
        result = application_submit(procedure=procedure, answers=answers, applicant=applicant, language="ja")
        made.append(result.application)
    Application.objects.filter(pk__in=[a.pk for a in made]).update(status=ApplicationStatus.ACCEPTED)
    for application in made:
        application.refresh_from_db()
    return made


def make_notice_procedure(unit: OrgUnit, slug: str = "notice-procedure") -> Procedure:
    return make_procedure(unit=unit, slug=slug)
