"""Reads: where a case stands, the cases a person or a unit sees, and the reviewers' scores."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kencho.core.models import Business, User
from kencho.procedures.models import Application, ApplicationStatus, Draft

from .models import APPLICANT_STAGES, STAGE_ORDER, Case, Programme, Review, Stage

# A withdrawn or refused (不受理) application leaves its stage to be filled in again.
INACTIVE_STATUSES = frozenset({ApplicationStatus.WITHDRAWN, ApplicationStatus.REJECTED})

NEXT_STEP = {
    Stage.APPLICATION: _("申請書を提出してください。"),
    Stage.GRANT: _("審査中です。交付決定をお待ちください。"),
    Stage.REPORT: _("補助事業が終わったら、実績報告書を提出してください。"),
    Stage.CONFIRMATION: _("実績報告を確認しています。補助金の額の確定をお待ちください。"),
    Stage.CLAIM: _("確定した額の請求書を提出してください。"),
    Stage.PAYMENT: _("請求を受け付けました。お支払いをお待ちください。"),
    Stage.DONE: _("補助金のお支払いが済みました。"),
    Stage.REFUSED: _("不交付と決定しました。"),
}
STAFF_NEXT_STEP = {
    Stage.APPLICATION: _("申請書の提出待ち"),
    Stage.GRANT: _("審査・交付決定"),
    Stage.REPORT: _("実績報告の提出待ち"),
    Stage.CONFIRMATION: _("額の確定"),
    Stage.CLAIM: _("請求書の提出待ち"),
    Stage.PAYMENT: _("支払"),
    Stage.DONE: _("完了"),
    Stage.REFUSED: _("不交付"),
}


@dataclass
class CaseView:
    """A case with the applications of its stages and the stage open now."""

    case: Case
    stage: str
    applications: dict[str, Application | None]
    drafts: dict[str, list[Draft]] = field(default_factory=dict)

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label)

    @property
    def next_step(self) -> str:
        return str(NEXT_STEP[Stage(self.stage)])

    @property
    def staff_next_step(self) -> str:
        return str(STAFF_NEXT_STEP[Stage(self.stage)])

    @property
    def applicant_turn(self) -> bool:
        return self.stage in APPLICANT_STAGES

    def steps(self) -> list[dict[str, Any]]:
        """Each of the six stages with whether it is done, open now, or still to come."""
        position = STAGE_ORDER.index(self.stage) if self.stage in STAGE_ORDER else len(STAGE_ORDER)
        if self.stage == Stage.REFUSED:
            position = STAGE_ORDER.index(Stage.GRANT)
        case = self.case
        details: dict[str, int | None] = {
            Stage.GRANT: case.granted_amount,
            Stage.CONFIRMATION: case.confirmed_amount,
            Stage.PAYMENT: case.paid_amount,
        }
        return [
            {
                "stage": stage,
                "label": Stage(stage).label,
                "done": index < position,
                "current": index == position and self.stage != Stage.REFUSED,
                "refused": self.stage == Stage.REFUSED and stage == Stage.GRANT,
                "application": self.applications.get(stage),
                "amount": details.get(stage),
            }
            for index, stage in enumerate(STAGE_ORDER)
        ]


def case_stage(case: Case, applications: dict[str, Application | None]) -> str:
    if case.refused_on is not None:
        return Stage.REFUSED
    if case.granted_amount is None:
        return Stage.APPLICATION if applications[Stage.APPLICATION] is None else Stage.GRANT
    if case.confirmed_amount is None:
        return Stage.REPORT if applications[Stage.REPORT] is None else Stage.CONFIRMATION
    if case.paid_amount is None:
        return Stage.CLAIM if applications[Stage.CLAIM] is None else Stage.PAYMENT
    return Stage.DONE


def case_view(case: Case) -> CaseView:
    """Where `case` stands. Reads `case.forms.all()`, so a list prefetches `forms__draft__application`."""
    applications: dict[str, Application | None] = dict.fromkeys(APPLICANT_STAGES)
    drafts: dict[str, list[Draft]] = {stage: [] for stage in APPLICANT_STAGES}
    for form in sorted(case.forms.all(), key=lambda f: (f.created_at, f.pk)):
        application = form.draft.application
        if application is None:
            drafts[form.stage].append(form.draft)
        elif application.status not in INACTIVE_STATUSES:
            applications[form.stage] = application
    return CaseView(case=case, stage=case_stage(case, applications), applications=applications, drafts=drafts)


def _with_forms(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.select_related("programme", "business", "applicant").prefetch_related(
        "forms__draft__application"
    )


def programmes_published() -> QuerySet[Programme]:
    return Programme.objects.filter(is_published=True).select_related("owning_unit")


def programmes_open(*, at: Any = None) -> QuerySet[Programme]:
    at = at or timezone.now()
    return programmes_published().filter(opens_at__lte=at, closes_at__gt=at)


def businesses_of(user: User) -> QuerySet[Business]:
    return Business.objects.filter(members__user=user).order_by("pk")


def cases_of_applicant(*, user: User) -> QuerySet[Case]:
    """The cases `user` may follow: their own, and every case of a business they are a member of."""
    if not user.is_authenticated:
        return Case.objects.none()
    condition = Q(business__members__user=user) | Q(business__isnull=True, applicant=user)
    return _with_forms(Case.objects.filter(condition).distinct()).order_by("-created_at", "-pk")


def case_views(cases: Iterable[Case]) -> list[CaseView]:
    return [case_view(case) for case in cases]


def cases_of_programme(*, programme: Programme, stage: str = "") -> list[CaseView]:
    views = case_views(_with_forms(programme.cases.all()).prefetch_related("reviews__reviewer"))
    if stage:
        views = [v for v in views if v.stage == stage]
    return views


@dataclass(frozen=True)
class ScoreSummary:
    count: int
    average: float | None
    rank: int | None


def score_summaries(*, programme: Programme) -> dict[int, ScoreSummary]:
    """Per case: how many reviewers scored it, the average total, and its rank (1 = best; cases
    with equal averages share a rank; unscored cases have none)."""
    totals: dict[int, list[int]] = {}
    for case_id, total in Review.objects.filter(case__programme=programme).values_list("case_id", "total"):
        totals.setdefault(case_id, []).append(total)
    averages = {case_id: sum(values) / len(values) for case_id, values in totals.items()}
    summaries: dict[int, ScoreSummary] = {}
    for case_id in programme.cases.values_list("pk", flat=True):
        average = averages.get(case_id)
        rank = None
        if average is not None:
            rank = 1 + sum(1 for other in averages.values() if other > average)
        summaries[case_id] = ScoreSummary(len(totals.get(case_id, [])), average, rank)
    return summaries
