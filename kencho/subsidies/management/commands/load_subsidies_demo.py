"""Demo subsidy programme: 中小企業デジタル化支援補助金 of the 経営支援班 (020101), using the demo
procedure `sme-digital-subsidy` for the 申請 and two procedures of its own for the 実績報告 and the
請求; eligibility questions, a scoring sheet, and three businesses' cases at different stages (the
demo business account business@kencho.example.jp has none, so it can apply). Needs `load_demo`
first; safe to run again."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kencho.core.models import Business, BusinessMember, OrgUnit, User
from kencho.forms.services import form_definition_create, form_version_create_draft, form_version_publish
from kencho.forms.uploads import upload_store
from kencho.procedures.drafts import draft_submit
from kencho.procedures.models import Procedure
from kencho.procedures.services import procedure_reindex

from ...models import Case, Programme, Stage
from ...services import (
    case_open,
    case_stage_start,
    grant_confirm,
    grant_decide,
    grant_pay,
    programme_save,
    review_save,
)

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
SLUG = "sme-digital"
UNIT = "020101"
PASSWORD = "kencho-demo-2025"  # noqa: S105 - the documented demo log-in of load_demo
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

ELIGIBILITY: list[dict[str, Any]] = [
    {
        "key": "sme",
        "type": "yes_no",
        "require": "yes",
        "text": {
            "ja": "中小企業基本法に定める中小企業者ですか。",
            "en": "Is the business an SME under the SME Basic Act?",
        },
        "reason": {
            "ja": "中小企業者だけが対象です。",
            "en": "Only small and medium-sized enterprises may apply.",
        },
    },
    {
        "key": "in_mie",
        "type": "yes_no",
        "require": "yes",
        "text": {"ja": "三重県内に事業所がありますか。", "en": "Does the business have premises in Mie?"},
        "reason": {
            "ja": "県内に事業所のある事業者が対象です。",
            "en": "The business must have premises in Mie.",
        },
    },
    {
        "key": "employees",
        "type": "number",
        "min": 1,
        "max": 300,
        "text": {"ja": "常時使用する従業員の数（人）", "en": "Number of regular employees"},
        "reason": {
            "ja": "従業員300人以下の事業者が対象です。",
            "en": "The business must have at most 300 employees.",
        },
    },
    {
        "key": "tax_arrears",
        "type": "yes_no",
        "require": "no",
        "text": {"ja": "県税の滞納がありますか。", "en": "Does the business owe overdue prefectural taxes?"},
        "reason": {
            "ja": "県税を滞納している事業者は申請できません。",
            "en": "Businesses with overdue prefectural taxes cannot apply.",
        },
    },
]
SCORING: list[dict[str, Any]] = [
    {
        "key": "plan",
        "title": {"ja": "事業計画の具体性・実現可能性", "en": "Concreteness and feasibility"},
        "max": 30,
    },
    {"key": "effect", "title": {"ja": "生産性向上の効果", "en": "Effect on productivity"}, "max": 30},
    {"key": "spread", "title": {"ja": "地域への波及効果", "en": "Benefit to the region"}, "max": 20},
    {"key": "cost", "title": {"ja": "経費の妥当性", "en": "Reasonable costs"}, "max": 20},
]
BUSINESSES = [
    ("ise.digital@kencho.example.jp", "伊勢 花子", "4190001000002", "株式会社伊勢デジタル", Stage.GRANT),
    ("suzuka.works@kencho.example.jp", "鈴鹿 健", "6190001000009", "有限会社鈴鹿製作所", Stage.CONFIRMATION),
    ("yokkaichi@kencho.example.jp", "四日市 茂", "1190001000005", "四日市物産株式会社", Stage.DONE),
]


def _procedure(
    unit: OrgUnit, slug: str, file: str, title_ja: str, title_en: str, summary_ja: str
) -> Procedure:
    existing = Procedure.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    schema = json.loads((DEMO_DIR / file).read_text(encoding="utf-8"))
    definition = form_definition_create(
        slug=slug,
        title_ja=schema["title"]["ja"],
        title_en=schema["title"]["en"],
        owner_unit=unit,
        schema=schema,
        actor=None,
    )
    form_version_publish(
        version=form_version_create_draft(definition=definition, schema=schema, actor=None), actor=None
    )
    procedure = Procedure.objects.create(
        slug=slug,
        title_ja=title_ja,
        title_en=title_en,
        summary_ja=summary_ja,
        owning_unit=unit,
        form=definition,
        processing_days=20,
        allow_guest=False,
        is_published=True,
        # Started only from the case page: not in the procedures catalogue, search or API list.
        is_listed=False,
        start_url=reverse("subsidies:my_cases"),
    )
    procedure_reindex(procedure=procedure)
    return procedure


class Command(BaseCommand):
    help = "Load the demo subsidy programme and cases (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if Programme.objects.filter(slug=SLUG).exists():
            self.stdout.write("demo subsidies already loaded")
            return
        unit = OrgUnit.objects.filter(code=UNIT).first()
        application = Procedure.objects.filter(slug="sme-digital-subsidy").first()
        officer = User.objects.filter(email="subsidy.officer@kencho.example.jp").first()
        if unit is None or application is None or officer is None:
            self.stdout.write("demo subsidies skipped: run load_demo first")
            return
        with transaction.atomic():
            programme = self._programme(unit, application, officer)
            for email, name, number, business_name, stage in BUSINESSES:
                self._case(programme, officer, email, name, number, business_name, stage)
        self.stdout.write(self.style.SUCCESS(f"demo subsidy programme /subsidies/{SLUG}/ ready"))

    def _programme(self, unit: OrgUnit, application: Procedure, officer: User) -> Programme:
        now = timezone.now()
        report = _procedure(
            unit,
            "sme-digital-subsidy-report",
            "report.json",
            "中小企業デジタル化支援補助金の実績報告",
            "SME Digitalisation Subsidy: completion report",
            "交付決定を受けた補助事業が終わったら、補助金の案件のページから提出してください。",
        )
        claim = _procedure(
            unit,
            "sme-digital-subsidy-claim",
            "claim.json",
            "中小企業デジタル化支援補助金の請求",
            "SME Digitalisation Subsidy: claim for payment",
            "補助金の額が確定したら、補助金の案件のページから請求してください。",
        )
        programme = Programme(
            slug=SLUG,
            title_ja="中小企業デジタル化支援補助金",
            title_en="SME Digitalisation Subsidy",
            summary_ja=(
                "県内の中小企業がクラウドサービスやキャッシュレス決済を導入する経費の2分の1（上限200万円）を"
                "補助します。申請の前に申請要件の質問に答えてください。"
            ),
            summary_en=(
                "Covers half of the cost (up to 2 million yen) for SMEs in Mie introducing cloud services or "
                "cashless payment. Answer the eligibility questions before you apply."
            ),
            owning_unit=unit,
            opens_at=now - datetime.timedelta(days=20),
            closes_at=now + datetime.timedelta(days=40),
            budget=30_000_000,
            max_per_case=2_000_000,
            budget_display=Programme.BudgetDisplay.AMOUNT,
            eligibility=ELIGIBILITY,
            scoring_sheet=SCORING,
            application_procedure=application,
            report_procedure=report,
            claim_procedure=claim,
            is_published=True,
        )
        return programme_save(programme=programme, actor=officer)

    def _case(
        self,
        programme: Programme,
        officer: User,
        email: str,
        name: str,
        number: str,
        business_name: str,
        stage: str,
    ) -> Case:
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email, PASSWORD, display_name=name, kind=User.Kind.BUSINESS, email_verified_at=timezone.now()
        )
        business, _created = Business.objects.get_or_create(
            corporate_number=number, defaults={"name": business_name}
        )
        BusinessMember.objects.get_or_create(
            business=business, user=user, defaults={"role": BusinessMember.Role.REPRESENTATIVE}
        )
        answers = {"sme": "yes", "in_mie": "yes", "employees": 12, "tax_arrears": "no"}
        case = case_open(programme=programme, user=user, answers=answers)
        self._submit(
            case, Stage.APPLICATION, user, self._application_answers(programme, user, number, business_name)
        )
        reviewers = list(
            User.objects.filter(
                email__in=["subsidy.officer@kencho.example.jp", "unitadmin@kencho.example.jp"]
            )
        )
        for index, reviewer in enumerate(reviewers):
            review_save(
                case=case,
                reviewer=reviewer,
                points={"plan": 20 + index * 3, "effect": 22, "spread": 12 + len(number) % 5, "cost": 15},
                comment="計画が具体的で、導入後の効果も見込める。",
            )
        if stage == Stage.GRANT:
            return case
        grant_decide(case=case, amount=1_500_000, actor=officer, reference="三重県指令 中第101号")
        self._submit(
            case,
            Stage.REPORT,
            user,
            {
                "completed_on": (timezone.localdate() - datetime.timedelta(days=5)).isoformat(),
                "results": "クラウド会計と受発注システムを導入し、月次決算を10日早めた。",
                "actual_cost": 2_800_000,
                "subsidy_amount": 1_400_000,
            },
        )
        if stage == Stage.CONFIRMATION:
            return case
        grant_confirm(case=case, amount=1_400_000, actor=officer)
        self._submit(
            case,
            Stage.CLAIM,
            user,
            {
                "amount": 1_400_000,
                "bank": "百五銀行 本店営業部",
                "account": "普通 1234567 ヨッカイチブッサン（カ",
                "agree": True,
            },
        )
        grant_pay(case=case, amount=1_400_000, actor=officer)
        return case

    def _application_answers(
        self, programme: Programme, user: User, number: str, business_name: str
    ) -> dict[str, Any]:
        schema = (
            programme.application_procedure.form.versions.filter(published_at__isnull=False)
            .order_by("-number")
            .first()
        )
        assert schema is not None  # noqa: S101 - load_demo publishes it
        fields = {f["key"]: f for page in schema.schema["pages"] for f in page["fields"]}

        def pdf(key: str) -> list[dict[str, str]]:
            upload = upload_store(field=fields[key], uploaded_file=(f"{key}.pdf", PDF), owner=user)
            return [{"upload_id": str(upload.pk)}]

        return {
            "corporate_number": number,
            "business_name": business_name,
            "representative": {"name": user.display_name, "kana": "ダイヒョウ タロウ"},
            "address": {"postal_code": "514-0006", "address": "三重県津市広明町13番地"},
            "employees": 12,
            "contact_email": user.email,
            "contact_phone": "059-224-2000",
            "project_title": "クラウド会計と受発注システムの導入",
            "project_summary": "紙の伝票をやめ、受発注から会計までをクラウドでつなぐ。",
            "start_date": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
            "total_cost": 3_000_000,
            "requested_amount": 1_500_000,
            "categories": ["cloud", "cashless"],
            "business_plan": pdf("business_plan"),
            "estimate": pdf("estimate"),
            "agree": True,
        }

    def _submit(self, case: Case, stage: str, user: User, answers: dict[str, Any]) -> None:
        draft = case_stage_start(case=case, stage=stage, user=user)
        draft.data = answers
        draft.completed_pages = [p["key"] for p in draft.form_version.schema["pages"]]
        draft.save(update_fields=["data", "completed_pages"])
        draft_submit(draft=draft, applicant=user, language="ja", session_key="")
