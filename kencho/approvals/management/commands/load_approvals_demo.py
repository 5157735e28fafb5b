"""Demo electronic approval: 決裁区分 軽易 (課長専決), 重要 (部長専決, with a 合議 of デジタル改革推進課)
and 最重要 (知事決裁), their route templates and 専決 rows; a 係長, a 部長, a deputy (課長補佐), a
課長 to consult and the governor as demo staff; a notice for approved meal tickets; and three 起案
(a draft 知事レク, one waiting for the 係長, one decided). Safe to run again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from kencho.core.models import Membership, OrgUnit, User
from kencho.core.services import membership_add
from kencho.notices.demo_templates import grant_decision_docx
from kencho.notices.models import NoticeKind, NoticeTemplate, NumberingScheme
from kencho.notices.services import notice_template_create
from kencho.procedures.management.commands.load_demo import DEMO_PASSWORD, DEMO_TOTP_KEY_HEX
from kencho.procedures.models import Application, ApplicationStatus

from ...actions import document_approve, document_decide
from ...models import (
    DeciderLevel,
    DecisionCategory,
    DelegationRule,
    Document,
    Retention,
    RouteTemplate,
    RouteTemplatePosition,
    RouteTemplateStage,
    StageKind,
    UnitLevel,
)
from ...services import document_create, document_send

STAFF = [
    ("kakaricho@kencho.example.jp", "四日市 係長", "020201", "係長"),
    ("bucho@kencho.example.jp", "尾鷲 部長", "02", "部長"),
    ("deputy@kencho.example.jp", "名張 課長補佐", "0202", "課長補佐"),
    ("digital.kacho@kencho.example.jp", "亀山 課長", "0101", "課長"),
    ("governor@kencho.example.jp", "三重 一郎", "01", "知事"),
]
Stages = list[tuple[str, list[dict[str, Any]]]]
OWN_LINE: Stages = [(StageKind.SERIAL, [{"unit_level": UnitLevel.SECTION, "title": "係長"}])]
CATEGORIES: list[tuple[str, str, str, str, str, str, Stages]] = [
    ("minor", "軽易", "Minor", DeciderLevel.DIVISION, "課長", Retention.YEAR_1, OWN_LINE),
    (
        "important",
        "重要",
        "Important",
        DeciderLevel.DEPARTMENT,
        "部長",
        Retention.YEAR_10,
        [
            (StageKind.CONSULTATION, [{"fixed_unit": "0101", "title": "課長"}]),
            *OWN_LINE,
            (StageKind.SERIAL, [{"unit_level": UnitLevel.DIVISION, "title": "課長"}]),
        ],
    ),
    (
        "critical",
        "最重要",
        "Critical",
        DeciderLevel.GOVERNOR,
        "知事",
        Retention.YEAR_30,
        [
            *OWN_LINE,
            (StageKind.SERIAL, [{"unit_level": UnitLevel.DIVISION, "title": "課長"}]),
            (StageKind.SERIAL, [{"unit_level": UnitLevel.DEPARTMENT, "title": "部長"}]),
        ],
    ),
]
APPROVAL_TEMPLATE = "みえ学生応援食事券 交付決定通知書"
REJECTION_TEMPLATE = "みえ学生応援食事券 不受理通知"


class Command(BaseCommand):
    help = (
        "Load demo 決裁区分, routes, the 専決 table, approvers and a few 起案 (idempotent; after load_demo)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        units = {u.code: u for u in OrgUnit.objects.all()}
        if "020201" not in units:
            self.stderr.write("the demo units are missing; run load_demo first")
            return
        with transaction.atomic():
            self._staff(units)
            self._categories(units)
            self._templates(units)
        self._documents(units)
        self.stdout.write(self.style.SUCCESS("demo electronic approval ready"))

    def _staff(self, units: dict[str, OrgUnit]) -> None:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        officer = User.objects.filter(email="officer@kencho.example.jp").first()
        if officer is not None:
            # 主事 in 学生支援班: give the demo officer's memberships their 職名 if they lack one.
            Membership.objects.filter(user=officer, title="").update(title="主事")
        for email, name, code, title in STAFF:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email,
                    DEMO_PASSWORD,
                    display_name=name,
                    kind=User.Kind.STAFF,
                    email_verified_at=timezone.now(),
                )
            if not TOTPDevice.objects.filter(user=user).exists():
                TOTPDevice.objects.create(user=user, name="demo", key=DEMO_TOTP_KEY_HEX, confirmed=True)
            if not Membership.objects.filter(user=user, unit=units[code]).exists():
                membership_add(user=user, unit=units[code], role=Membership.Role.APPROVER, title=title)

    def _categories(self, units: dict[str, OrgUnit]) -> None:
        for order, (code, name_ja, name_en, level, title, retention, stages) in enumerate(CATEGORIES, 1):
            category, created = DecisionCategory.objects.get_or_create(
                code=code,
                defaults={"name_ja": name_ja, "name_en": name_en, "retention": retention, "order": order},
            )
            DelegationRule.objects.get_or_create(
                category=category, defaults={"level": level, "decider_title": title}
            )
            template, created = RouteTemplate.objects.get_or_create(
                category=category, defaults={"name": f"{name_ja}の回付"}
            )
            if not created:
                continue
            for stage_order, (kind, positions) in enumerate(stages, 1):
                stage = RouteTemplateStage.objects.create(template=template, order=stage_order, kind=kind)
                for position in positions:
                    fixed = position.get("fixed_unit")
                    RouteTemplatePosition.objects.create(
                        stage=stage,
                        unit_level=position.get("unit_level", ""),
                        fixed_unit=units[fixed] if fixed else None,
                        title=position["title"],
                    )

    def _templates(self, units: dict[str, OrgUnit]) -> None:
        unit = units["020201"]
        if NoticeTemplate.objects.filter(unit=unit, name=APPROVAL_TEMPLATE).exists():
            return
        notice_template_create(
            unit=unit,
            kind=NoticeKind.GRANT_DECISION,
            name=APPROVAL_TEMPLATE,
            numbering_scheme=NumberingScheme.objects.filter(unit=unit, name="指令").first(),
            sender="三重県知事　三重 一郎",
            content=grant_decision_docx(),
            filename="grant_decision.docx",
            actor=None,
            comment="デモ用の様式",
        )

    def _documents(self, units: dict[str, OrgUnit]) -> None:
        if Document.objects.exists():
            return
        officer = User.objects.get(email="officer@kencho.example.jp")
        unit = units["020201"]
        categories = {c.code: c for c in DecisionCategory.objects.all()}
        document_create(
            unit=unit,
            drafter=officer,
            category=categories["critical"],
            title="知事レク：みえ学生応援食事券の実施状況について",
            body="令和7年度の申請状況と今後の進め方について、知事に説明します。",
        )
        decided = document_send(
            document=document_create(
                unit=unit,
                drafter=officer,
                category=categories["minor"],
                title="学生支援班の会議室利用について",
                body="次のとおり会議室を利用してよろしいか伺います。",
            ),
            actor=officer,
        )
        document_approve(document=decided, actor=User.objects.get(email="kakaricho@kencho.example.jp"))
        document_decide(document=decided, actor=User.objects.get(email="approver@kencho.example.jp"))
        application = (
            Application.objects.filter(unit=unit, status=ApplicationStatus.RECEIVED)
            .order_by("receipt_number")
            .first()
        )
        templates = NoticeTemplate.objects.filter(unit=unit)
        if application is not None:
            document_send(
                document=document_create(
                    unit=unit,
                    drafter=officer,
                    category=categories["minor"],
                    title="みえ学生応援食事券の交付について",
                    body="次の申請について、食事券を交付してよろしいか伺います。",
                    applications=[application],
                    values={application.pk: {"決定額": 10000, "理由": "要件を満たすため", "条件": "なし"}},
                    approve_template=templates.filter(name=APPROVAL_TEMPLATE).first(),
                    reject_template=templates.filter(name=REJECTION_TEMPLATE).first(),
                ),
                actor=officer,
            )
