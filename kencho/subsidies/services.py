"""Writes: programmes, opening a case, starting a stage's form, the staff decisions (交付決定, 確定,
支払) and reviewers' scores. Every change is audited in its own transaction.

Budget rule: a programme's `committed` is the sum of the granted amounts, less what 確定 released.
Every change takes a row lock on the programme first (then on the case), so concurrent decisions
are serialised and the budget is never overcommitted."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from kencho.core.accounts import user_can_apply
from kencho.core.audit import audit_record
from kencho.core.models import User
from kencho.procedures.drafts import draft_start
from kencho.procedures.models import Application, ApplicationStatus, Draft
from kencho.procedures.services import application_transition, procedure_listing_set

from .eligibility import eligibility_problems, eligibility_reasons
from .errors import SubsidyError, amount_error, stage_error, yen
from .models import APPLICANT_STAGES, Case, CaseForm, Programme, Review, Stage
from .scoring import points_parse, scoring_sheet_problems
from .selectors import businesses_of, case_view

PROGRAMME_FIELDS = [
    "slug",
    "title_ja",
    "title_en",
    "summary_ja",
    "summary_en",
    "owning_unit",
    "opens_at",
    "closes_at",
    "budget",
    "max_per_case",
    "budget_display",
    "eligibility",
    "scoring_sheet",
    "application_procedure",
    "report_procedure",
    "claim_procedure",
    "is_published",
]


def _audit(action: str, *, actor: User | None, case: Case, detail: dict[str, Any], request: Any) -> None:
    audit_record(
        action=action,
        actor=actor,
        obj=case,
        unit_code=case.programme.owning_unit.code,
        detail={"case": case.reference, "programme": case.programme.slug, **detail},
        request=request,
    )


# --- Programmes

_FOREIGN_KEYS = {"owning_unit", "application_procedure", "report_procedure", "claim_procedure"}


def _attname(name: str) -> str:
    return f"{name}_id" if name in _FOREIGN_KEYS else name


def programme_save(*, programme: Programme, actor: User, request: HttpRequest | None = None) -> Programme:
    """Create or change a programme's settings. The budget may not go below what is committed."""
    problems = eligibility_problems(programme.eligibility) + scoring_sheet_problems(programme.scoring_sheet)
    if problems:
        raise SubsidyError("invalid_settings", " ".join(problems), " ".join(problems), 422)
    if programme.closes_at <= programme.opens_at:
        raise SubsidyError(
            "invalid_period",
            "公募終了は公募開始より後の日時にしてください。",
            "The call must close after it opens.",
            422,
            "closes_at",
        )
    if programme.max_per_case > programme.budget:
        raise amount_error(
            "max_per_case",
            "1件あたりの上限額は予算額以下にしてください。",
            "The per-case maximum must not exceed the budget.",
        )
    with transaction.atomic():
        if programme.pk is None:
            programme.committed = 0
            programme.save()
            action, changed = "subsidies.programme_created", PROGRAMME_FIELDS
        else:
            current = Programme.objects.select_for_update().get(pk=programme.pk)
            if programme.budget < current.committed:
                raise amount_error(
                    "budget",
                    f"予算額は交付決定済みの {yen(current.committed)} 円を下回れません。",
                    f"The budget cannot be less than the {yen(current.committed)} yen already granted.",
                )
            changed = [
                name
                for name in PROGRAMME_FIELDS
                if getattr(current, _attname(name)) != getattr(programme, _attname(name))
            ]
            programme.committed = current.committed
            programme.save(update_fields=[*PROGRAMME_FIELDS, "updated_at"])
            action = "subsidies.programme_changed"
        _stage_procedures_unlist(programme, actor=actor)
        audit_record(
            action=action,
            actor=actor,
            obj=programme,
            unit_code=programme.owning_unit.code,
            detail={"slug": programme.slug, "fields": list(changed), "budget": programme.budget},
            request=request,
        )
    return programme


def _stage_procedures_unlist(programme: Programme, *, actor: User) -> None:
    """The report and claim procedures are started only from the case page, so they are left out of
    the procedures catalogue, search and API list, and their own page points to my cases. The 申請
    procedure stays listed (it is where people find the programme)."""
    start_url = reverse("subsidies:my_cases")
    for procedure in (programme.report_procedure, programme.claim_procedure):
        if procedure.pk != programme.application_procedure_id:
            procedure_listing_set(procedure=procedure, is_listed=False, start_url=start_url, actor=actor)


# --- Applicants


def case_open(
    *, programme: Programme, user: User, answers: dict[str, Any], request: HttpRequest | None = None
) -> Case:
    """Open the applicant's case in `programme` once the eligibility answers qualify, or return the
    case they (or their business) already have. Raises SubsidyError: not open, not eligible (with
    every reason), or an account that may not apply."""
    if not user_can_apply(user):
        raise SubsidyError(
            "cannot_apply",
            "申請するには、メールアドレスの確認を済ませた県民・事業者のアカウントでログインしてください。",
            "Sign in with a resident or business account whose e-mail address is confirmed to apply.",
            403,
        )
    if not programme.is_open():
        raise SubsidyError(
            "closed",
            "この補助金は公募期間外です。公募期間をご確認ください。",
            "This programme is not accepting applications now. Check the call period.",
        )
    reasons = eligibility_reasons(programme.eligibility, answers)
    if reasons:
        raise SubsidyError(
            "ineligible",
            "申請要件を満たしていません: " + " ".join(r.ja for r in reasons),
            "You do not meet the requirements: " + " ".join(r.en for r in reasons),
            422,
        )
    business = None
    if user.kind == User.Kind.BUSINESS:
        business = businesses_of(user).first()
        if business is None:
            raise SubsidyError(
                "no_business",
                "法人番号が登録された事業者として申請してください（事業者の登録が見つかりません）。",
                "Apply as a business registered with its Corporate Number (none was found for you).",
                403,
            )
    existing = _case_of(programme, user, business)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            case = Case.objects.create(
                programme=programme, business=business, applicant=user, eligibility_answers=answers
            )
            _audit(
                "subsidies.case_opened",
                actor=user,
                case=case,
                detail={"business": business.corporate_number if business else None, "answers": answers},
                request=request,
            )
    except IntegrityError:
        # Another member of the business opened it just now.
        found = _case_of(programme, user, business)
        if found is None:
            raise
        return found
    return case


def _case_of(programme: Programme, user: User, business: Any) -> Case | None:
    cases = Case.objects.filter(programme=programme)
    if business is not None:
        return cases.filter(business=business).first()
    return cases.filter(business__isnull=True, applicant=user).first()


def case_stage_start(
    *, case: Case, stage: str, user: User, session_key: str = "", request: HttpRequest | None = None
) -> Draft:
    """The draft of the stage's form for `user` to fill in through the procedures pages: the one
    they already began, or a new one linked to the case. Only the stage open now may be started."""
    case.refresh_from_db()
    view = case_view(case)
    if stage not in APPLICANT_STAGES or view.stage != stage:
        label = Stage(stage).label if stage in Stage.values else stage
        raise stage_error(str(label), stage)
    for draft in view.drafts[stage]:
        if draft.owner_id == user.pk:
            return draft
    if stage == Stage.APPLICATION and not case.programme.is_open():
        raise SubsidyError(
            "closed",
            "公募期間が終了したため、申請書を提出できません。",
            "The call period has ended; the application can no longer be submitted.",
        )
    procedure = case.programme.procedure_for(stage)
    with transaction.atomic():
        programme = case.programme
        draft = draft_start(
            procedure=procedure,
            owner=user,
            session_key=session_key,
            return_url=reverse("subsidies:case", args=[case.pk]),
            return_label_ja=f"「{programme.title_ja}」の案件のページに戻る",
            return_label_en=f"Back to your case: {programme.title_en or programme.title_ja}",
        )
        CaseForm.objects.create(case=case, stage=stage, draft=draft)
        _audit(
            "subsidies.stage_started",
            actor=user,
            case=case,
            detail={"stage": stage, "draft": str(draft.pk)},
            request=request,
        )
    return draft


# --- Staff decisions


def _amount(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise amount_error(field, "金額は円単位の整数で入力してください。", "Give the amount as whole yen.")
    if value < 0:
        raise amount_error(field, "金額は0円以上にしてください。", "The amount cannot be negative.")
    return value


_STAGE_NAMES_EN = {
    Stage.GRANT: "grant decision",
    Stage.CONFIRMATION: "amount confirmation",
    Stage.PAYMENT: "payment",
}


def _locked(case: Case) -> tuple[Programme, Case]:
    """Lock the programme, then the case (always in that order)."""
    programme = Programme.objects.select_for_update().select_related("owning_unit").get(pk=case.programme_id)
    locked = Case.objects.select_for_update().get(pk=case.pk)
    locked.programme = programme
    return programme, locked


def _at_stage(case: Case, stage: str) -> dict[str, Application | None]:
    view = case_view(case)
    if view.stage != stage:
        raise stage_error(str(Stage(stage).label), _STAGE_NAMES_EN.get(Stage(stage), stage))
    return view.applications


def _accept(application: Application | None, actor: User, request: Any) -> None:
    """The stage's application becomes 受理 when staff decide on it (already so when the decision
    came through electronic approval)."""
    if application is None:
        return
    if application.status == ApplicationStatus.CORRECTION_REQUESTED:
        raise SubsidyError(
            "correction_pending",
            f"申請 {application.receipt_number} は補正中です。補正が済んでから決定してください。",
            f"Application {application.receipt_number} is awaiting a correction. "
            "Decide once it is corrected.",
        )
    if application.status in {
        ApplicationStatus.RECEIVED,
        ApplicationStatus.UNDER_REVIEW,
        ApplicationStatus.RESUBMITTED,
    }:
        application_transition(
            application=application, to_status=ApplicationStatus.ACCEPTED, actor=actor, request=request
        )


def grant_decide(
    *,
    case: Case,
    amount: Any,
    actor: User,
    decided_on: datetime.date | None = None,
    reference: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """交付決定: grant `amount` yen. Refused when the case is not waiting for it, the amount is not
    positive, above the programme's per-case maximum, or above the budget still remaining."""
    amount = _amount(amount, "amount")
    if amount == 0:
        raise amount_error(
            "amount", "交付決定額は1円以上にしてください。", "The grant must be at least 1 yen."
        )
    with transaction.atomic():
        programme, locked = _locked(case)
        applications = _at_stage(locked, Stage.GRANT)
        if amount > programme.max_per_case:
            raise amount_error(
                "amount",
                f"交付決定額 {yen(amount)} 円は1件あたりの上限 "
                f"{yen(programme.max_per_case)} 円を超えています。",
                f"The grant of {yen(amount)} yen exceeds the per-case maximum of "
                f"{yen(programme.max_per_case)} yen.",
            )
        if amount > programme.remaining:
            raise SubsidyError(
                "budget_exceeded",
                f"予算の残額 {yen(programme.remaining)} 円を超えるため、"
                f"{yen(amount)} 円の交付決定はできません。",
                f"A grant of {yen(amount)} yen exceeds the {yen(programme.remaining)} yen "
                "left in the budget.",
                409,
                "amount",
            )
        _accept(applications[Stage.APPLICATION], actor, request)
        locked.granted_amount = amount
        locked.granted_on = decided_on or timezone.localdate()
        locked.granted_by = actor
        locked.grant_reference = reference[:100]
        locked.save(update_fields=["granted_amount", "granted_on", "granted_by", "grant_reference"])
        Programme.objects.filter(pk=programme.pk).update(committed=F("committed") + amount)
        programme.committed += amount
        _audit(
            "subsidies.grant_decided",
            actor=actor,
            case=locked,
            detail={"amount": amount, "decided_on": locked.granted_on, "reference": locked.grant_reference},
            request=request,
        )
    return locked


def grant_refuse(
    *,
    case: Case,
    actor: User,
    reason: str,
    decided_on: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> Case:
    """不交付: the case ends at the grant stage; its application becomes 不受理 if still open. A 申請
    already made 不受理 (by electronic approval, before its listeners run) is refused as well."""
    with transaction.atomic():
        _programme, locked = _locked(case)
        view = case_view(locked)
        rejected = [
            form.draft.application
            for form in locked.forms.all()
            if form.stage == Stage.APPLICATION
            and form.draft.application is not None
            and form.draft.application.status == ApplicationStatus.REJECTED
        ]
        if not (view.stage == Stage.GRANT or (view.stage == Stage.APPLICATION and rejected)):
            raise stage_error(str(Stage.GRANT.label), _STAGE_NAMES_EN[Stage.GRANT])
        application = view.applications[Stage.APPLICATION]
        if application is not None and application.status in {
            ApplicationStatus.RECEIVED,
            ApplicationStatus.UNDER_REVIEW,
            ApplicationStatus.RESUBMITTED,
        }:
            application_transition(
                application=application,
                to_status=ApplicationStatus.REJECTED,
                actor=actor,
                comment=reason,
                request=request,
            )
        locked.refused_on = decided_on or timezone.localdate()
        locked.refusal_reason = reason[:2000]
        locked.save(update_fields=["refused_on", "refusal_reason"])
        _audit(
            "subsidies.grant_refused", actor=actor, case=locked, detail={"reason": reason}, request=request
        )
    return locked


def grant_confirm(
    *,
    case: Case,
    amount: Any,
    actor: User,
    decided_on: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> Case:
    """確定: fix the subsidy at `amount` (at most the grant) after the 実績報告; the difference goes
    back to the budget."""
    amount = _amount(amount, "amount")
    with transaction.atomic():
        programme, locked = _locked(case)
        applications = _at_stage(locked, Stage.CONFIRMATION)
        granted = locked.granted_amount or 0
        if amount > granted:
            raise amount_error(
                "amount",
                f"確定額 {yen(amount)} 円は交付決定額 {yen(granted)} 円以下にしてください。",
                f"The confirmed amount of {yen(amount)} yen must not exceed the grant of {yen(granted)} yen.",
            )
        _accept(applications[Stage.REPORT], actor, request)
        released = granted - amount
        locked.confirmed_amount = amount
        locked.confirmed_on = decided_on or timezone.localdate()
        locked.confirmed_by = actor
        locked.save(update_fields=["confirmed_amount", "confirmed_on", "confirmed_by"])
        if released:
            Programme.objects.filter(pk=programme.pk).update(committed=F("committed") - released)
            programme.committed -= released
        _audit(
            "subsidies.amount_confirmed",
            actor=actor,
            case=locked,
            detail={"amount": amount, "released": released, "decided_on": locked.confirmed_on},
            request=request,
        )
    return locked


def grant_pay(
    *,
    case: Case,
    amount: Any,
    actor: User,
    paid_on: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> Case:
    """支払: record the payment of the confirmed amount after the 請求."""
    amount = _amount(amount, "amount")
    with transaction.atomic():
        _programme, locked = _locked(case)
        applications = _at_stage(locked, Stage.PAYMENT)
        if amount != locked.confirmed_amount:
            confirmed = locked.confirmed_amount or 0
            raise amount_error(
                "amount",
                f"支払額は確定額の {yen(confirmed)} 円と同じにしてください。",
                f"The payment must equal the confirmed amount of {yen(confirmed)} yen.",
            )
        _accept(applications[Stage.CLAIM], actor, request)
        locked.paid_amount = amount
        locked.paid_on = paid_on or timezone.localdate()
        locked.paid_by = actor
        locked.save(update_fields=["paid_amount", "paid_on", "paid_by"])
        _audit(
            "subsidies.paid",
            actor=actor,
            case=locked,
            detail={"amount": amount, "paid_on": locked.paid_on},
            request=request,
        )
    return locked


# --- Reviews and reads of personal data


def review_save(
    *, case: Case, reviewer: User, points: dict[str, Any], comment: str, request: HttpRequest | None = None
) -> Review:
    """A reviewer's scores for a case (replacing their earlier ones). Cases are scored once the
    application is in and until the grant is decided."""
    sheet = case.programme.scoring_sheet
    if not sheet:
        raise SubsidyError(
            "no_scoring_sheet",
            "この補助金には審査項目が設定されていません。",
            "This programme has no scoring sheet.",
        )
    case.refresh_from_db()
    if case_view(case).stage != Stage.GRANT:
        raise stage_error(str(Stage.GRANT.label), "review")
    parsed = points_parse(sheet, points)
    with transaction.atomic():
        review, created = Review.objects.update_or_create(
            case=case,
            reviewer=reviewer,
            defaults={
                "points": parsed,
                "total": sum(parsed.values()),
                "comment": comment[:4000],
                "updated_at": timezone.now(),
            },
        )
        _audit(
            "subsidies.review_saved",
            actor=reviewer,
            case=case,
            detail={"points": parsed, "total": review.total, "created": created},
            request=request,
        )
    return review


def case_record_staff_view(*, case: Case, viewer: User, request: HttpRequest | None = None) -> None:
    """Staff opened a case with the applicant's personal data: the audit log says who and when."""
    _audit("subsidies.case_viewed", actor=viewer, case=case, detail={}, request=request)
