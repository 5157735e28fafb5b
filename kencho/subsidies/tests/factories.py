"""A programme with its three applicant-stage procedures, businesses with members, and cases moved
to any stage through the real services."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from kencho.core.models import Business, BusinessMember, OrgUnit, User
from kencho.procedures.drafts import draft_submit
from kencho.procedures.tests.factories import make_procedure

from ..models import Case, Programme, Stage
from ..services import case_open, case_stage_start, grant_confirm, grant_decide, grant_pay

PASSWORD = "correct horse battery staple"

STAGE_FORM: dict[str, Any] = {
    "format": 1,
    "title": {"ja": "補助金の様式", "en": "Subsidy form"},
    "pages": [
        {
            "key": "main",
            "title": {"ja": "内容", "en": "Details"},
            "fields": [
                {
                    "key": "summary",
                    "type": "text",
                    "label": {"ja": "概要", "en": "Summary"},
                    "required": True,
                    "max_length": 200,
                },
                {
                    "key": "amount",
                    "type": "yen",
                    "label": {"ja": "金額", "en": "Amount"},
                    "required": True,
                    "min": 1,
                    "max": 100000000,
                },
            ],
        }
    ],
}
STAGE_ANSWERS: dict[str, Any] = {"summary": "クラウド会計の導入", "amount": 1_000_000}

ELIGIBILITY: list[dict[str, Any]] = [
    {
        "key": "sme",
        "type": "yes_no",
        "require": "yes",
        "text": {"ja": "中小企業基本法の中小企業ですか。", "en": "Is the business an SME?"},
        "reason": {"ja": "中小企業だけが対象です。", "en": "Only SMEs may apply."},
    },
    {
        "key": "employees",
        "type": "number",
        "min": 1,
        "max": 300,
        "text": {"ja": "従業員数は何人ですか。", "en": "How many employees?"},
        "reason": {"ja": "従業員300人以下の事業者が対象です。", "en": "At most 300 employees."},
    },
]
ELIGIBLE = {"sme": "yes", "employees": 20}

SCORING: list[dict[str, Any]] = [
    {"key": "plan", "title": {"ja": "事業計画の妥当性", "en": "Soundness of the plan"}, "max": 40},
    {"key": "effect", "title": {"ja": "デジタル化の効果", "en": "Effect of digitalisation"}, "max": 60},
]


def make_programme(*, unit: OrgUnit, slug: str = "digital", **fields: Any) -> Programme:
    now = timezone.now()
    procedures = {
        stage: make_procedure(
            unit=unit,
            slug=f"{slug}-{stage}",
            schema={**STAGE_FORM, "title": {"ja": f"様式 {stage}", "en": f"Form {stage}"}},
            allow_guest=False,
            processing_days=None,
            # As programme_save leaves them: the report and claim start from the case page only.
            is_listed=stage == "application",
            start_url="" if stage == "application" else "/my/subsidies/",
        )
        for stage in ("application", "report", "claim")
    }
    values: dict[str, Any] = {
        "title_ja": "中小企業デジタル化支援補助金",
        "title_en": "SME Digitalisation Subsidy",
        "summary_ja": "クラウドサービスの導入経費を補助します。",
        "owning_unit": unit,
        "opens_at": now - datetime.timedelta(days=1),
        "closes_at": now + datetime.timedelta(days=30),
        "budget": 5_000_000,
        "max_per_case": 2_000_000,
        "eligibility": ELIGIBILITY,
        "scoring_sheet": SCORING,
        "application_procedure": procedures["application"],
        "report_procedure": procedures["report"],
        "claim_procedure": procedures["claim"],
        "is_published": True,
    }
    values.update(fields)
    return Programme.objects.create(slug=slug, **values)


def make_business_member(
    email: str, *, corporate_number: str = "1190001000007", role: str = BusinessMember.Role.REPRESENTATIVE
) -> User:
    user = User.objects.create_user(
        email,
        PASSWORD,
        kind=User.Kind.BUSINESS,
        display_name=email.split("@")[0],
        email_verified_at=timezone.now(),
    )
    business, _created = Business.objects.get_or_create(
        corporate_number=corporate_number, defaults={"name": f"株式会社{corporate_number[-4:]}"}
    )
    BusinessMember.objects.create(business=business, user=user, role=role)
    return user


def submit_stage(case: Case, stage: str, user: User) -> Any:
    draft = case_stage_start(case=case, stage=stage, user=user)
    draft.data = dict(STAGE_ANSWERS)
    draft.completed_pages = ["main"]
    draft.save()
    return draft_submit(draft=draft, applicant=user, language="ja", session_key="").application


def case_at(stage: str, *, programme: Programme, user: User, staff: User, amount: int = 1_000_000) -> Case:
    """A case of `user` moved through the real services until `stage` is the one open."""
    case = case_open(programme=programme, user=user, answers=dict(ELIGIBLE))
    steps = [
        (Stage.GRANT, lambda c: submit_stage(c, Stage.APPLICATION, user)),
        (Stage.REPORT, lambda c: grant_decide(case=c, amount=amount, actor=staff)),
        (Stage.CONFIRMATION, lambda c: submit_stage(c, Stage.REPORT, user)),
        (Stage.CLAIM, lambda c: grant_confirm(case=c, amount=amount, actor=staff)),
        (Stage.PAYMENT, lambda c: submit_stage(c, Stage.CLAIM, user)),
        (Stage.DONE, lambda c: grant_pay(case=c, amount=amount, actor=staff)),
    ]
    order: list[str] = [Stage.APPLICATION, *(after for after, _step in steps)]
    for after, step in steps:
        if order.index(stage) < order.index(after):
            break
        step(case)
        case.refresh_from_db()
    return case
