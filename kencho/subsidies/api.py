"""REST API of subsidies: handlers parse, call one service or selector, and shape the answer."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import ConfigDict

from kencho.core.api import ErrorsOut
from kencho.core.models import User
from kencho.core.tokens import TokenAuth

from . import access, selectors
from .eligibility import eligibility_parse, eligibility_reasons
from .errors import SubsidyError
from .models import Case, Programme
from .selectors import CaseView
from .services import case_record_staff_view, grant_decide

public_router = Router(tags=["subsidies"])
staff_router = Router(tags=["staff"], auth=TokenAuth())


class Text(Schema):
    ja: str
    en: str


class QuestionOut(Schema):
    key: str
    type: str = Field(description="yes_no | number")
    text: Text
    require: str | None = Field(None, description="yes_no: the answer that qualifies")
    min: int | None = None
    max: int | None = None


class CriterionOut(Schema):
    key: str
    title: Text
    max: int


class ProgrammeOut(Schema):
    slug: str
    title: Text
    summary: Text
    unit: str
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    is_open: bool
    max_per_case: int = Field(description="1件あたりの上限額（円）/ per-case maximum in yen")
    budget: int | None = Field(None, description="公開する場合のみ / only when the office shows it")
    remaining: int | None = Field(None, description="予算残額（円）、公開する場合のみ")
    remaining_percent: int | None = None


class ProgrammeDetailOut(ProgrammeOut):
    eligibility: list[QuestionOut]


class EligibilityIn(Schema):
    model_config = ConfigDict(extra="forbid")
    answers: dict[str, str | int] = Field(
        ..., description='質問の key ごとの回答。yes_no は "yes"/"no"、number は整数 / answers by key'
    )


class ReasonOut(Schema):
    key: str
    message: Text


class EligibilityOut(Schema):
    eligible: bool
    reasons: list[ReasonOut]


class StageOut(Schema):
    stage: str
    label: str
    done: bool
    current: bool
    receipt_number: str | None
    amount: int | None


class CaseOut(Schema):
    case_id: int
    reference: str
    programme: str
    applicant: str
    corporate_number: str | None
    stage: str = Field(
        description="application | grant | report | confirmation | claim | payment | done | refused"
    )
    granted_amount: int | None
    granted_on: datetime.date | None
    confirmed_amount: int | None
    paid_amount: int | None
    stages: list[StageOut]


class StaffCaseOut(CaseOut):
    review_count: int
    average_score: float | None
    rank: int | None


class GrantIn(Schema):
    model_config = ConfigDict(extra="forbid")
    amount: int = Field(..., ge=1, le=10**13, description="交付決定額（円）/ grant in yen")
    decided_on: datetime.date | None = None
    reference: str = Field("", max_length=100, description="文書番号 / document number")


def _text(value: Any) -> dict[str, str]:
    value = value if isinstance(value, dict) else {}
    ja = str(value.get("ja", ""))
    return {"ja": ja, "en": str(value.get("en") or ja)}


def _programme_out(programme: Programme) -> dict[str, Any]:
    shown = programme.budget_display
    return {
        "slug": programme.slug,
        "title": {"ja": programme.title_ja, "en": programme.title_en or programme.title_ja},
        "summary": {"ja": programme.summary_ja, "en": programme.summary_en or programme.summary_ja},
        "unit": programme.owning_unit.name_ja,
        "opens_at": programme.opens_at,
        "closes_at": programme.closes_at,
        "is_open": programme.is_open(),
        "max_per_case": programme.max_per_case,
        "budget": programme.budget if shown == Programme.BudgetDisplay.AMOUNT else None,
        "remaining": programme.remaining if shown == Programme.BudgetDisplay.AMOUNT else None,
        "remaining_percent": programme.remaining_percent if shown != Programme.BudgetDisplay.HIDDEN else None,
    }


def _case_out(view: CaseView) -> dict[str, Any]:
    case = view.case
    return {
        "case_id": case.pk,
        "reference": case.reference,
        "programme": case.programme.slug,
        "applicant": case.business.name if case.business else str(case.applicant),
        "corporate_number": case.business.corporate_number if case.business else None,
        "stage": view.stage,
        "granted_amount": case.granted_amount,
        "granted_on": case.granted_on,
        "confirmed_amount": case.confirmed_amount,
        "paid_amount": case.paid_amount,
        "stages": [
            {
                "stage": step["stage"],
                "label": str(step["label"]),
                "done": step["done"],
                "current": step["current"],
                "receipt_number": step["application"].receipt_number if step["application"] else None,
                "amount": step["amount"],
            }
            for step in view.steps()
        ],
    }


def _failure(exc: SubsidyError) -> Status:
    return Status(
        exc.http_status,
        {
            "errors": [
                {
                    "field": exc.field,
                    "code": exc.code,
                    "message": {"ja": exc.message_ja, "en": exc.message_en},
                }
            ]
        },
    )


def _caller(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    if not isinstance(user, User):
        raise HttpError(403, "forbidden")
    return user


def _staff(request: HttpRequest) -> User:
    user = _caller(request)
    if user.kind != User.Kind.STAFF:
        raise HttpError(403, "staff only")
    return user


# --- Public


@public_router.get(
    "/subsidies/programmes",
    response={200: list[ProgrammeOut]},
    summary="公開中の補助金 / Published subsidy programmes",
    auth=None,
)
def programme_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_programme_out(p) for p in selectors.programmes_published()]


@public_router.get(
    "/subsidies/programmes/{slug}",
    response={200: ProgrammeDetailOut, 404: ErrorsOut},
    summary="補助金の詳細と申請要件の質問 / A programme with its eligibility questions",
    auth=None,
)
def programme_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    programme = access.programme_published(slug=slug[:80])
    questions = [
        {
            "key": q["key"],
            "type": q["type"],
            "text": _text(q.get("text")),
            "require": q.get("require"),
            "min": q.get("min"),
            "max": q.get("max"),
        }
        for q in programme.eligibility
    ]
    return {**_programme_out(programme), "eligibility": questions}


@public_router.post(
    "/subsidies/programmes/{slug}/eligibility",
    response={200: EligibilityOut, 404: ErrorsOut, 422: ErrorsOut},
    summary="申請要件を確認する / Check eligibility",
    description="要件を満たさないときは eligible=false と理由を返します。回答の不足や形式の誤りは 422。",
    auth=None,
)
def eligibility_check(request: HttpRequest, slug: str, payload: EligibilityIn) -> Status:
    programme = access.programme_published(slug=slug[:80])
    raw = {key: str(value) for key, value in payload.answers.items()}
    answers, missing = eligibility_parse(programme.eligibility, raw)
    if missing:
        return Status(
            422,
            {
                "errors": [
                    {
                        "field": f"answers.{m.key}",
                        "code": "invalid_answer",
                        "message": {"ja": m.ja, "en": m.en},
                    }
                    for m in missing
                ]
            },
        )
    reasons = eligibility_reasons(programme.eligibility, answers)
    return Status(
        200,
        {
            "eligible": not reasons,
            "reasons": [{"key": r.key, "message": {"ja": r.ja, "en": r.en}} for r in reasons],
        },
    )


@public_router.get(
    "/subsidies/cases",
    response={200: list[CaseOut], 401: ErrorsOut},
    summary="自分（自社）の補助金の案件 / My (my business's) subsidy cases",
    auth=TokenAuth(),
)
def my_cases(request: HttpRequest) -> list[dict[str, Any]]:
    user = _caller(request)
    return [_case_out(v) for v in selectors.case_views(selectors.cases_of_applicant(user=user))]


@public_router.get(
    "/subsidies/cases/{case_id}",
    response={200: CaseOut, 401: ErrorsOut, 404: ErrorsOut},
    summary="自分（自社）の案件 / One of my cases",
    auth=TokenAuth(),
)
def my_case(request: HttpRequest, case_id: int) -> dict[str, Any]:
    case = access.case_for_applicant(user=_caller(request), case_id=case_id)
    return _case_out(selectors.case_view(case))


# --- Staff


def _staff_case_out(view: CaseView, summaries: dict[int, selectors.ScoreSummary]) -> dict[str, Any]:
    summary = summaries.get(view.case.pk)
    return {
        **_case_out(view),
        "review_count": summary.count if summary else 0,
        "average_score": summary.average if summary else None,
        "rank": summary.rank if summary else None,
    }


@staff_router.get(
    "/subsidies/programmes/{programme_id}/cases",
    response={200: list[StaffCaseOut], 401: ErrorsOut, 403: ErrorsOut, 404: ErrorsOut},
    summary="補助金の案件一覧（担当所属のみ）/ A programme's cases",
)
def staff_cases(request: HttpRequest, programme_id: int) -> list[dict[str, Any]]:
    programme = access.programme_for_staff(user=_staff(request), programme_id=programme_id)
    summaries = selectors.score_summaries(programme=programme)
    return [_staff_case_out(v, summaries) for v in selectors.cases_of_programme(programme=programme)]


@staff_router.get(
    "/subsidies/cases/{case_id}",
    response={200: StaffCaseOut, 401: ErrorsOut, 403: ErrorsOut, 404: ErrorsOut},
    summary="案件の詳細 / A case",
)
def staff_case(request: HttpRequest, case_id: int) -> dict[str, Any]:
    viewer = _staff(request)
    case = access.case_for_staff(user=viewer, case_id=case_id)
    case_record_staff_view(case=case, viewer=viewer, request=request)
    return _staff_case_out(selectors.case_view(case), selectors.score_summaries(programme=case.programme))


@staff_router.post(
    "/subsidies/cases/{case_id}/grant",
    response={
        200: StaffCaseOut,
        401: ErrorsOut,
        403: ErrorsOut,
        404: ErrorsOut,
        409: ErrorsOut,
        422: ErrorsOut,
    },
    summary="交付決定を記録する / Record the grant decision",
    description="1件あたりの上限額または予算残額を超える額、交付決定の段階でない案件は拒否します。",
)
def staff_grant(request: HttpRequest, case_id: int, payload: GrantIn) -> Status:
    viewer = _staff(request)
    case = access.case_for_staff(user=viewer, case_id=case_id)
    try:
        decided: Case = grant_decide(
            case=case,
            amount=payload.amount,
            actor=viewer,
            decided_on=payload.decided_on,
            reference=payload.reference,
            request=request,
        )
    except SubsidyError as exc:
        return _failure(exc)
    fresh = access.case_for_staff(user=viewer, case_id=decided.pk)
    return Status(
        200, _staff_case_out(selectors.case_view(fresh), selectors.score_summaries(programme=fresh.programme))
    )
