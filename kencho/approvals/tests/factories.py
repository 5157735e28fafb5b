"""Approvals test data: positions in the unit tree, 決裁区分 with their 専決 rules and route
templates, notice templates and open applications."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kencho.conftest import make_staff
from kencho.core.models import Membership, OrgUnit, User
from kencho.core.services import org_unit_create
from kencho.notices.models import NoticeKind, NoticeTemplate
from kencho.notices.tests.factories import make_scheme, make_template
from kencho.procedures.models import Application, Procedure
from kencho.procedures.services import application_submit
from kencho.procedures.tests.factories import VALID_ANSWERS, make_procedure

from ..models import (
    DeciderLevel,
    DecisionCategory,
    DelegationRule,
    Document,
    RouteTemplate,
    RouteTemplatePosition,
    RouteTemplateStage,
    StageKind,
    UnitLevel,
)
from ..services import document_create


@dataclass
class Office:
    units: dict[str, OrgUnit]
    drafter: User
    kakaricho: User
    kacho: User
    bucho: User
    consultee: User
    governor: User
    deputy: User
    categories: dict[str, DecisionCategory]
    procedure: Procedure
    approve_template: NoticeTemplate
    reject_template: NoticeTemplate
    extra: dict[str, Any] = field(default_factory=dict)


def _staff(email: str, unit: OrgUnit, title: str, name: str, role: str = Membership.Role.APPROVER) -> User:
    user = make_staff(email, unit, role, name=name)
    Membership.objects.filter(user=user).update(title=title, valid_from=datetime.date(2020, 4, 1))
    return user


def make_category(
    code: str, name: str, level: str, title: str, stages: Sequence[tuple[str, list[dict[str, Any]]]]
) -> DecisionCategory:
    category = DecisionCategory.objects.create(code=code, name_ja=name, name_en=code)
    DelegationRule.objects.create(category=category, level=level, decider_title=title)
    template = RouteTemplate.objects.create(category=category, name=f"{name}の回付")
    for order, (kind, positions) in enumerate(stages, start=1):
        stage = RouteTemplateStage.objects.create(template=template, order=order, kind=kind)
        for position in positions:
            RouteTemplatePosition.objects.create(stage=stage, **position)
    return category


def make_office(units: dict[str, OrgUnit]) -> Office:
    section, division, department, other = (
        units["section"],
        units["division"],
        units["department"],
        units["other"],
    )
    governor_office = org_unit_create(
        code="00", name_ja="知事室", name_en="Governor", level="department", parent=None
    )
    drafter = _staff("drafter@example.jp", section, "主事", "三重 花子", Membership.Role.OFFICER)
    kakaricho = _staff("kakaricho@example.jp", section, "係長", "津 係長")
    kacho = _staff("kacho@example.jp", division, "課長", "伊勢 課長")
    bucho = _staff("bucho@example.jp", department, "部長", "松阪 部長")
    consultee = _staff("consultee@example.jp", other, "次長", "桑名 次長")
    governor = _staff("governor@example.jp", governor_office, "知事", "三重 知事")
    deputy = _staff("deputy@example.jp", division, "課長補佐", "鈴鹿 補佐")
    own = [(StageKind.SERIAL, [{"unit_level": UnitLevel.SECTION, "title": "係長"}])]
    consult = [(StageKind.CONSULTATION, [{"fixed_unit": other, "title": "次長"}])]
    categories = {
        "light": make_category("light", "軽易", DeciderLevel.DIVISION, "課長", own),
        "important": make_category(
            "important",
            "重要",
            DeciderLevel.DEPARTMENT,
            "部長",
            [*own, (StageKind.SERIAL, [{"unit_level": UnitLevel.DIVISION, "title": "課長"}]), *consult],
        ),
        "top": make_category(
            "top",
            "最重要",
            DeciderLevel.GOVERNOR,
            "知事",
            [
                *own,
                (
                    StageKind.PARALLEL,
                    [
                        {"unit_level": UnitLevel.DIVISION, "title": "課長"},
                        {"unit_level": UnitLevel.DEPARTMENT, "title": "部長"},
                    ],
                ),
            ],
        ),
    }
    scheme = make_scheme(section)
    procedure = make_procedure(unit=section, slug="approval-procedure")
    return Office(
        units=units,
        drafter=drafter,
        kakaricho=kakaricho,
        kacho=kacho,
        bucho=bucho,
        consultee=consultee,
        governor=governor,
        deputy=deputy,
        categories=categories,
        procedure=procedure,
        approve_template=make_template(section, scheme=scheme, kind=NoticeKind.PERMIT, name="許可通知書"),
        reject_template=make_template(section, scheme=scheme, kind=NoticeKind.REJECTION, name="不受理通知"),
    )


def make_applications(office: Office, count: int, *, applicant: User | None = None) -> list[Application]:
    return [
        application_submit(
            procedure=office.procedure,
            answers={**VALID_ANSWERS, "name": {"name": f"申請 太郎{i}", "kana": "シンセイ タロウ"}},
            applicant=applicant,
            language="ja",
        ).application
        for i in range(count)
    ]


def make_document(
    office: Office, *, category: str = "light", applications: list[Application] | None = None, **fields: Any
) -> Document:
    applications = applications or []
    common = {"理由": "要件を満たすため", "条件": "期限内に報告すること"}
    values = {a.pk: {"決定額": 100_000 * (i + 1), **common} for i, a in enumerate(applications)}
    return document_create(
        unit=office.units["section"],
        drafter=office.drafter,
        category=office.categories[category],
        title=fields.pop("title", "学生食事券の交付について"),
        body=fields.pop("body", "標記について、次のとおり決定してよろしいか伺います。"),
        applications=applications,
        values=values,
        approve_template=office.approve_template if applications else None,
        reject_template=office.reject_template if applications else None,
        **fields,
    )
