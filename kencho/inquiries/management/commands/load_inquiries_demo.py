"""Demo surveys: the 29 municipalities of Mie as respondents, a demo user for 津市, a monthly overtime
survey (時間外勤務) with last month closed and this month open, and the survey of special nursing homes
(特別養護老人ホーム入所状況) with one row per facility; some municipalities have answered. Safe to run
again: what exists is left as it is."""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from kencho.core.models import Membership, OrgUnit, User
from kencho.core.services import membership_add, org_unit_create
from kencho.forms.models import FormDefinition
from kencho.forms.services import form_definition_create, form_version_publish
from kencho.procedures.management.commands.load_demo import DEMO_PASSWORD, DEMO_TOTP_KEY_HEX

from ...demo_forms import NURSING_HOME_RULES, OVERTIME_RULES, nursing_home_definition, overtime_definition
from ...models import RespondentOrganisation, Survey
from ...services import (
    municipalities_ensure,
    respondent_member_add,
    submission_create,
    survey_close,
    survey_create,
    survey_send,
)

UNITS = [
    ("01", "総務部", "General Affairs Department", "department", None),
    ("0102", "人事課", "Personnel Division", "division", "01"),
    ("04", "医療保健部", "Medical Care and Health Department", "department", None),
    ("0401", "長寿介護課", "Elderly Care Division", "division", "04"),
]
SENDER = "survey.officer@kencho.example.jp"
TSU_USER = "tsu.survey@kencho.example.jp"
FACILITY_WORDS = ["ひまわり", "さくら", "あおば", "みどり", "わかば", "やすらぎ", "せせらぎ", "なぎさ"]


def _month(day: datetime.date, back: int) -> str:
    year, month = day.year, day.month - back
    while month < 1:
        year, month = year - 1, month + 12
    return f"{year}-{month:02d}"


class Command(BaseCommand):
    help = "Load demo surveys, the 29 municipalities of Mie and a demo respondent for 津市 (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            units = self._units()
            sender = self._staff(SENDER, "照会 担当", [(units["0102"], "主査"), (units["0401"], "主査")])
            municipalities = municipalities_ensure(actor=None)
            tsu = next(m for m in municipalities if m.code == "242012")
            tsu_user = self._staff(TSU_USER, "津市 照会担当", [])
            respondent_member_add(organisation=tsu, user=tsu_user, actor=None)
            self._overtime(units["0102"], sender, municipalities)
            self._nursing(units["0401"], sender, municipalities)
        self.stdout.write(
            f"inquiries demo: {len(municipalities)} municipalities; sender {SENDER}, respondent {TSU_USER}"
        )

    def _units(self) -> dict[str, OrgUnit]:
        units = {u.code: u for u in OrgUnit.objects.filter(code__in=[c for c, *_ in UNITS])}
        for code, name_ja, name_en, level, parent in UNITS:
            if code not in units:
                units[code] = org_unit_create(
                    code=code,
                    name_ja=name_ja,
                    name_en=name_en,
                    level=level,
                    parent=units[parent] if parent else None,
                )
        return units

    def _staff(self, email: str, name: str, memberships: list[tuple[OrgUnit, str]]) -> User:
        from django_otp.plugins.otp_totp.models import TOTPDevice

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
        for unit, title in memberships:
            if not Membership.objects.filter(user=user, unit=unit).exists():
                membership_add(user=user, unit=unit, role=Membership.Role.OFFICER, title=title)
        return user

    def _form(self, slug: str, title: str, unit: OrgUnit, schema: dict[str, Any], sender: User) -> Any:
        existing = FormDefinition.objects.filter(slug=slug).first()
        if existing is not None:
            return existing.versions.filter(published_at__isnull=False).order_by("-number").first()
        definition = form_definition_create(
            slug=slug, title_ja=title, owner_unit=unit, schema=schema, actor=sender
        )
        return form_version_publish(version=definition.versions.get(), actor=sender)

    def _overtime(self, unit: OrgUnit, sender: User, municipalities: list[RespondentOrganisation]) -> None:
        if Survey.objects.filter(series="overtime").exists():
            return
        version = self._form("demo-overtime", "時間外勤務の状況", unit, overtime_definition(), sender)
        today = timezone.localdate()
        rng = random.Random(2025)  # noqa: S311 - demo figures, not secrets
        previous = None
        for back, deadline, answered in (
            (1, today - datetime.timedelta(days=20), 29),
            (0, today + datetime.timedelta(days=10), 12),
        ):
            survey = survey_create(
                unit=unit,
                title="時間外勤務の状況",
                form_version=version,
                deadline=deadline,
                organisations=municipalities,
                actor=sender,
                instructions="各市町の職員の時間外勤務時間を、職員ごとに1行で回答してください。",
                series="overtime",
                period=_month(today, back),
                rules=OVERTIME_RULES,
                previous=previous,
            )
            survey = survey_send(survey=survey, actor=sender)
            recipients = list(
                survey.recipients.select_related("organisation").exclude(organisation__code="242012")
            )
            for recipient in recipients[:answered]:
                staff = [
                    {
                        "employee_id": f"{recipient.organisation.code}-{n:03d}",
                        "section": rng.choice(["admin", "tech", "other"]),
                        "weekday_hours": str(round(rng.uniform(0, 60), 1)),
                        "holiday_hours": str(round(rng.uniform(0, 12), 1)),
                    }
                    for n in range(1, rng.randint(3, 8))
                ]
                answers = {"contact_name": f"{recipient.organisation.name_ja} 人事担当", "staff": staff}
                submission_create(recipient=recipient, answers=answers, source="excel", actor=None)
            if back == 1:
                survey_close(survey=survey, actor=sender)
            previous = survey

    def _nursing(self, unit: OrgUnit, sender: User, municipalities: list[RespondentOrganisation]) -> None:
        if Survey.objects.filter(title="特別養護老人ホーム入所状況調査").exists():
            return
        version = self._form(
            "demo-nursing-home", "特別養護老人ホーム入所状況調査", unit, nursing_home_definition(), sender
        )
        today = timezone.localdate()
        survey = survey_create(
            unit=unit,
            title="特別養護老人ホーム入所状況調査",
            form_version=version,
            deadline=today + datetime.timedelta(days=14),
            organisations=municipalities,
            actor=sender,
            instructions="管内の特別養護老人ホームごとに、定員・入所者数・入所待ちの人数を1行ずつ回答してください。",
            rules=NURSING_HOME_RULES,
        )
        survey = survey_send(survey=survey, actor=sender)
        rng = random.Random(24)  # noqa: S311 - demo figures, not secrets
        for recipient in survey.recipients.select_related("organisation").exclude(
            organisation__code="242012"
        )[:10]:
            rows = []
            for word in rng.sample(FACILITY_WORDS, rng.randint(1, 4)):
                capacity = rng.choice([50, 60, 80, 100])
                rows.append(
                    {
                        "facility_name": f"特別養護老人ホーム{word}苑",
                        "operator": rng.choice(["welfare", "welfare", "municipal", "other"]),
                        "capacity": str(capacity),
                        "residents": str(capacity - rng.randint(-1, 5)),
                        "waiting": str(rng.randint(0, 40)),
                    }
                )
            answers = {
                "reference_date": today.replace(day=1).isoformat(),
                "contact_name": f"{recipient.organisation.name_ja} 介護保険担当",
                "facilities": rows,
            }
            submission_create(recipient=recipient, answers=answers, source="browser", actor=None)
