"""Subsidy programmes (補助金), their cases and the reviewers' scores.

A programme is one call (公募) with a budget. Each applicant business (or resident) has one case per
programme; the case links the applications of its three applicant stages (申請, 実績報告, 請求 — each
a procedure with a form of its own) and records the three staff decisions (交付決定, 確定, 支払).
`committed` is changed only by the services, under a row lock on the programme."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kencho.core.i18n import in_language

if TYPE_CHECKING:
    from kencho.procedures.models import Procedure


class Stage(models.TextChoices):
    """Where a case stands: the stage that is open now (the first one not yet done)."""

    APPLICATION = "application", _("申請")
    GRANT = "grant", _("交付決定")
    REPORT = "report", _("実績報告")
    CONFIRMATION = "confirmation", _("確定")
    CLAIM = "claim", _("請求")
    PAYMENT = "payment", _("支払")
    DONE = "done", _("完了")
    REFUSED = "refused", _("不交付")


# The stages the applicant fills in a form for, in order, and the ones staff decide.
APPLICANT_STAGES: tuple[str, ...] = (Stage.APPLICATION, Stage.REPORT, Stage.CLAIM)
STAFF_STAGES: tuple[str, ...] = (Stage.GRANT, Stage.CONFIRMATION, Stage.PAYMENT)
STAGE_ORDER: tuple[str, ...] = (
    Stage.APPLICATION,
    Stage.GRANT,
    Stage.REPORT,
    Stage.CONFIRMATION,
    Stage.CLAIM,
    Stage.PAYMENT,
)


class Programme(models.Model):
    class BudgetDisplay(models.TextChoices):
        AMOUNT = "amount", _("残額を金額で表示")
        PERCENT = "percent", _("残額を割合で表示")
        HIDDEN = "hidden", _("表示しない")

    slug = models.SlugField(_("URL名"), unique=True, max_length=80)
    title_ja = models.CharField(_("補助金名"), max_length=200)
    title_en = models.CharField(_("英語の補助金名"), max_length=200, blank=True)
    summary_ja = models.TextField(_("概要"), blank=True)
    summary_en = models.TextField(_("英語の概要"), blank=True)
    owning_unit = models.ForeignKey(
        "core.OrgUnit",
        on_delete=models.PROTECT,
        related_name="subsidy_programmes",
        verbose_name=_("担当所属"),
    )
    opens_at = models.DateTimeField(_("公募開始"))
    closes_at = models.DateTimeField(_("公募終了"))
    budget = models.PositiveBigIntegerField(_("予算額（円）"))
    committed = models.PositiveBigIntegerField(_("交付決定済額（円）"), default=0, editable=False)
    max_per_case = models.PositiveBigIntegerField(_("1件あたりの上限額（円）"))
    budget_display = models.CharField(
        _("予算残額の公開"), max_length=10, choices=BudgetDisplay.choices, default=BudgetDisplay.AMOUNT
    )
    eligibility = models.JSONField(_("申請要件の質問"), default=list, blank=True)
    scoring_sheet = models.JSONField(_("審査項目"), default=list, blank=True)
    application_procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.PROTECT, related_name="+", verbose_name=_("申請の手続")
    )
    report_procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.PROTECT, related_name="+", verbose_name=_("実績報告の手続")
    )
    claim_procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.PROTECT, related_name="+", verbose_name=_("請求の手続")
    )
    is_published = models.BooleanField(_("公開"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opens_at", "title_ja"]
        verbose_name = _("補助金")
        verbose_name_plural = _("補助金")
        constraints = [
            models.CheckConstraint(condition=Q(committed__lte=F("budget")), name="programme_within_budget"),
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="programme_period_order"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_ja, self.title_en)

    @property
    def summary(self) -> str:
        return in_language(self.summary_ja, self.summary_en)

    @property
    def remaining(self) -> int:
        return self.budget - self.committed

    @property
    def remaining_percent(self) -> int:
        return int(self.remaining * 100 // self.budget) if self.budget else 0

    @property
    def committed_percent(self) -> int:
        return 100 - self.remaining_percent if self.budget else 0

    def is_open(self, at: datetime.datetime | None = None) -> bool:
        at = at or timezone.now()
        return self.is_published and self.opens_at <= at < self.closes_at

    def procedure_for(self, stage: str) -> Procedure:
        return {
            Stage.APPLICATION: self.application_procedure,
            Stage.REPORT: self.report_procedure,
            Stage.CLAIM: self.claim_procedure,
        }[Stage(stage)]


class Case(models.Model):
    """One applicant's case in one programme: a business (every member sees it) or a resident."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cases")
    business = models.ForeignKey(
        "core.Business", on_delete=models.PROTECT, null=True, blank=True, related_name="subsidy_cases"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="subsidy_cases",
        verbose_name=_("申請者"),
    )
    eligibility_answers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    granted_amount = models.PositiveBigIntegerField(_("交付決定額（円）"), null=True, blank=True)
    granted_on = models.DateField(_("交付決定日"), null=True, blank=True)
    grant_reference = models.CharField(_("交付決定の文書番号"), max_length=100, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    refused_on = models.DateField(_("不交付決定日"), null=True, blank=True)
    refusal_reason = models.TextField(_("不交付の理由"), blank=True)
    confirmed_amount = models.PositiveBigIntegerField(_("確定額（円）"), null=True, blank=True)
    confirmed_on = models.DateField(_("確定日"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    paid_amount = models.PositiveBigIntegerField(_("支払額（円）"), null=True, blank=True)
    paid_on = models.DateField(_("支払日"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["programme", "created_at", "pk"]
        verbose_name = _("補助金の案件")
        verbose_name_plural = _("補助金の案件")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "business"],
                condition=Q(business__isnull=False),
                name="subsidy_case_one_per_business",
            ),
            models.UniqueConstraint(
                fields=["programme", "applicant"],
                condition=Q(business__isnull=True),
                name="subsidy_case_one_per_resident",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_amount__isnull=True) | Q(confirmed_amount__lte=F("granted_amount")),
                name="subsidy_case_confirmed_within_grant",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"S{self.programme_id:03d}-{self.pk:05d}"

    @property
    def applicant_label(self) -> str:
        if self.business is not None:
            return f"{self.business.name}（{self.business.corporate_number}）"
        return str(self.applicant)


class CaseForm(models.Model):
    """A form of one applicant stage begun for a case. The procedures app fills it in as a draft;
    once submitted, `draft.application` is the stage's application."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="forms")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    draft = models.OneToOneField("procedures.Draft", on_delete=models.CASCADE, related_name="subsidy_form")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.stage}"


class Review(models.Model):
    """One reviewer's scores for one case against the programme's scoring sheet."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    points = models.JSONField(default=dict)
    total = models.PositiveIntegerField(default=0)
    comment = models.TextField(_("講評"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "reviewer"]
        constraints = [models.UniqueConstraint(fields=["case", "reviewer"], name="subsidy_review_once")]

    def __str__(self) -> str:
        return f"{self.case} by {self.reviewer_id}: {self.total}"
