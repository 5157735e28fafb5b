"""Demo data: Mie Prefecture's unit tree, staff for each role, residents, a business, and three
procedures from the Smart Reform report. Safe to run again: existing records are left as they are."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from kencho.core.models import Business, BusinessMember, Membership, OrgUnit, User
from kencho.core.services import membership_add, org_unit_create
from kencho.forms.models import FormDefinition
from kencho.forms.services import form_definition_create, form_version_create_draft, form_version_publish

from ...models import Application, ApplicationStatus, Category, Procedure
from ...services import application_submit, application_transition, procedure_reindex

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
DEMO_PASSWORD = "kencho-demo-2025"  # noqa: S105 - documented demo log-in, never used outside demo data
# Every demo staff member's TOTP secret (base32 KENCHODEMOTOTPKEYFORSTAFF2345ABC) so a phone app can be set up
# once for all of them; `manage.py totp_code EMAIL` prints the current code too.
DEMO_TOTP_KEY_HEX = "511a23b86463a6e9bd44c15d194c052eb7ce8022"

UNITS: list[tuple[str, str, str, str, str | None]] = [
    ("01", "総務部", "General Affairs Department", "department", None),
    ("0101", "デジタル推進局 デジタル改革推進課", "Digital Reform Division", "division", "01"),
    ("010101", "スマート改革班", "Smart Reform Section", "section", "0101"),
    ("02", "雇用経済部", "Employment and Economy Department", "department", None),
    ("0201", "中小企業・サービス産業振興課", "SME and Service Industry Division", "division", "02"),
    ("020101", "経営支援班", "Business Support Section", "section", "0201"),
    ("0202", "大学・学生支援課", "University and Student Support Division", "division", "02"),
    ("020201", "学生支援班", "Student Support Section", "section", "0202"),
    ("03", "県土整備部", "Land Development Department", "department", None),
    ("0301", "住宅政策課", "Housing Policy Division", "division", "03"),
    ("030101", "県営住宅班", "Prefectural Housing Section", "section", "0301"),
]

STAFF: list[tuple[str, str, list[tuple[str, str, str]]]] = [
    ("admin@kencho.example.jp", "情報 管理者", []),
    (
        "officer@kencho.example.jp",
        "三重 花子",
        [("020201", "officer", "主事"), ("030101", "officer", "主事")],
    ),
    ("subsidy.officer@kencho.example.jp", "津 一郎", [("020101", "officer", "主査")]),
    ("approver@kencho.example.jp", "伊勢 次郎", [("0202", "approver", "課長"), ("0301", "approver", "課長")]),
    ("unitadmin@kencho.example.jp", "鈴鹿 三郎", [("0201", "admin", "班長")]),
]

CATEGORIES = [
    ("living", "くらし・学び", "Living and learning", 1),
    ("business", "事業者向け", "For businesses", 2),
    ("housing", "住まい", "Housing", 3),
]


class Command(BaseCommand):
    help = "Load demo units, staff, applicants and three procedures (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            units = self._units()
            self._staff(units)
            self._applicants()
            self._procedures(units)
            self._applications()
        call_command("load_opendata_demo", stdout=self.stdout)
        call_command("load_payments_demo", stdout=self.stdout)
        call_command("load_notices_demo", stdout=self.stdout)
        call_command("load_approvals_demo", stdout=self.stdout)
        call_command("load_faq_demo", stdout=self.stdout)
        call_command("load_inquiries_demo", stdout=self.stdout)
        call_command("load_ocr_demo", stdout=self.stdout)
        call_command("load_subsidies_demo", stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"demo data ready; every demo password is {DEMO_PASSWORD!r}"))

    def _applications(self) -> None:
        """A few applications in different states, so the inbox and status pages have something to show."""
        if Application.objects.exists():
            return
        meal = Procedure.objects.get(slug="student-meal-ticket")
        students = [
            ("伊賀 さくら", "イガ サクラ", "平成16年5月12日", "三重大学"),
            ("志摩 健太", "シマ ケンタ", "2003-11-03", "鈴鹿医療科学大学"),
            ("桑名 美咲", "クワナ ミサキ", "H17.2.20", "三重短期大学"),
        ]
        officer = User.objects.get(email="officer@kencho.example.jp")
        submitted = []
        for index, (name, kana, born, school) in enumerate(students):
            answers = {
                "name": {"name": name, "kana": kana},
                "birth_date": born,
                "email": f"student{index + 1}@example.jp",
                "phone": "059-224-3070",
                "address": {"postal_code": "514-0006", "address": f"三重県津市広明町{13 + index}番地"},
                "school_kind": "university",
                "school_name": school,
                "student_number": f"S2025-{index + 1:04d}",
                "agree": True,
            }
            submitted.append(
                application_submit(procedure=meal, answers=answers, applicant=None, language="ja").application
            )
        application_transition(
            application=submitted[1], to_status=ApplicationStatus.UNDER_REVIEW, actor=officer
        )
        # One that has waited longer than its 標準処理期間, to show how overdue work stands out.
        Application.objects.filter(pk=submitted[2].pk).update(
            submitted_at=timezone.now() - datetime.timedelta(days=30),
            due_date=timezone.localdate() - datetime.timedelta(days=10),
        )

    def _units(self) -> dict[str, OrgUnit]:
        units: dict[str, OrgUnit] = {u.code: u for u in OrgUnit.objects.all()}
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

    def _staff(self, units: dict[str, OrgUnit]) -> None:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        for email, name, memberships in STAFF:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email,
                    DEMO_PASSWORD,
                    display_name=name,
                    kind=User.Kind.STAFF,
                    email_verified_at=timezone.now(),
                    is_staff=email.startswith("admin"),
                    is_superuser=email.startswith("admin"),
                )
            if not TOTPDevice.objects.filter(user=user).exists():
                TOTPDevice.objects.create(user=user, name="demo", key=DEMO_TOTP_KEY_HEX, confirmed=True)
            for code, role, title in memberships:
                if not Membership.objects.filter(user=user, unit=units[code], role=role).exists():
                    membership_add(user=user, unit=units[code], role=role, title=title)

    def _applicants(self) -> None:
        if not User.objects.filter(email="resident@kencho.example.jp").exists():
            User.objects.create_user(
                "resident@kencho.example.jp",
                DEMO_PASSWORD,
                display_name="県民 太郎",
                kind=User.Kind.RESIDENT,
                email_verified_at=timezone.now(),
            )
        if not User.objects.filter(email="business@kencho.example.jp").exists():
            user = User.objects.create_user(
                "business@kencho.example.jp",
                DEMO_PASSWORD,
                display_name="松阪 商店",
                kind=User.Kind.BUSINESS,
                email_verified_at=timezone.now(),
            )
            business, _created = Business.objects.get_or_create(
                corporate_number="8190001000007", defaults={"name": "株式会社松阪商店"}
            )
            BusinessMember.objects.create(
                business=business, user=user, role=BusinessMember.Role.REPRESENTATIVE
            )

    def _procedures(self, units: dict[str, OrgUnit]) -> None:
        categories = {}
        for slug, name_ja, name_en, order in CATEGORIES:
            categories[slug], _created = Category.objects.get_or_create(
                slug=slug, defaults={"name_ja": name_ja, "name_en": name_en, "order": order}
            )
        for spec in json.loads((DEMO_DIR / "procedures.json").read_text(encoding="utf-8")):
            if Procedure.objects.filter(slug=spec["slug"]).exists():
                continue
            schema = json.loads((DEMO_DIR / spec["file"]).read_text(encoding="utf-8"))
            unit = units[spec["unit"]]
            definition = FormDefinition.objects.filter(slug=spec["slug"]).first() or form_definition_create(
                slug=spec["slug"],
                title_ja=schema["title"]["ja"],
                title_en=schema["title"]["en"],
                owner_unit=unit,
                schema=schema,
                actor=None,
            )
            if not definition.versions.filter(published_at__isnull=False).exists():
                version = definition.versions.order_by("-number").first() or form_version_create_draft(
                    definition=definition, schema=schema, actor=None
                )
                form_version_publish(version=version, actor=None)
            procedure = Procedure.objects.create(
                slug=spec["slug"],
                title_ja=spec["title_ja"],
                title_en=spec["title_en"],
                summary_ja=spec["summary_ja"],
                summary_en=spec["summary_en"],
                category=categories[spec["category"]],
                owning_unit=unit,
                form=definition,
                processing_days=spec["processing_days"],
                allow_guest=spec["allow_guest"],
                capacity=spec["capacity"],
                required_attachments=spec["required_attachments"],
                is_published=True,
            )
            procedure_reindex(procedure=procedure)
