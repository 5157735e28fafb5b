"""Surveys (照会), the organisations that answer them, their answers (回答) and the aggregate.

Who answers: a `RespondentOrganisation` — a unit of the prefecture, one of the municipalities
(identified by its 全国地方公共団体コード), or a school or facility imported from a list. People who answer
for an organisation are `User`s of kind staff (so the staff rules, one-time code included, apply to
municipality staff as to prefecture staff) linked by `RespondentMember`; they have no `Membership` in
the prefecture's units, so they see none of the prefecture's work. For an organisation that is a
prefecture unit, its current members (Membership) may answer too."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kencho.core.i18n import in_language
from kencho.core.models import OrgUnit
from kencho.forms.models import FormVersion


class RespondentOrganisation(models.Model):
    class Kind(models.TextChoices):
        PREFECTURE_UNIT = "unit", _("県の所属")
        MUNICIPALITY = "municipality", _("市町")
        FACILITY = "facility", _("学校・施設")

    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    code = models.CharField(
        _("コード"), max_length=30, unique=True, help_text=_("市町は全国地方公共団体コード（6桁）")
    )
    name_ja = models.CharField(_("名称"), max_length=200)
    name_en = models.CharField(_("英語名称"), max_length=200, blank=True)
    unit = models.OneToOneField(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="respondent"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("設置者"),
    )
    email = models.EmailField(_("連絡先メールアドレス"), blank=True)
    is_active = models.BooleanField(_("有効"), default=True)

    class Meta:
        verbose_name = _("回答団体")
        verbose_name_plural = _("回答団体")
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.name_ja

    @property
    def name(self) -> str:
        return in_language(self.name_ja, self.name_en)


class RespondentMember(models.Model):
    """A person who answers surveys for an organisation."""

    organisation = models.ForeignKey(RespondentOrganisation, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="respondent_memberships"
    )
    valid_from = models.DateField(_("開始日"), default=timezone.localdate)
    valid_until = models.DateField(_("終了日"), null=True, blank=True)

    class Meta:
        verbose_name = _("回答担当者")
        verbose_name_plural = _("回答担当者")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="inquiries_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("作成中")
    OPEN = "open", _("照会中")
    CLOSED = "closed", _("締切済み")


class Survey(models.Model):
    """A 照会: a question form sent by a unit to a set of respondents, with a deadline."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="surveys")
    title = models.CharField(_("件名"), max_length=200)
    instructions = models.TextField(_("依頼内容"), blank=True)
    form_version = models.ForeignKey(FormVersion, on_delete=models.PROTECT, related_name="surveys")
    deadline = models.DateField(_("回答期限"))
    status = models.CharField(
        _("状態"), max_length=20, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    series = models.SlugField(_("定例照会の識別名"), max_length=100, blank=True)
    period = models.CharField(_("対象期間"), max_length=20, blank=True)
    previous = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next"
    )
    rules = models.JSONField(_("確認ルール"), default=list, blank=True)
    remind_days_before = models.PositiveSmallIntegerField(_("督促する日（期限の何日前）"), default=3)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("照会")
        verbose_name_plural = _("照会")
        ordering = ["-deadline", "-id"]

    def __str__(self) -> str:
        return f"{self.title}（{self.period}）" if self.period else self.title

    @property
    def definition(self) -> dict[str, Any]:
        schema: dict[str, Any] = self.form_version.schema
        return schema


class SurveyAttachment(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="inquiries/attachments/%Y/%m/", max_length=255)
    name = models.CharField(_("ファイル名"), max_length=200)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class RecipientStatus(models.TextChoices):
    PENDING = "pending", _("未回答")
    ANSWERED = "answered", _("回答済み")
    RETURNED = "returned", _("差戻し中")


class SurveyRecipient(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="recipients")
    organisation = models.ForeignKey(
        RespondentOrganisation, on_delete=models.PROTECT, related_name="recipients"
    )
    status = models.CharField(
        _("状況"), max_length=20, choices=RecipientStatus.choices, default=RecipientStatus.PENDING
    )
    return_reason = models.TextField(_("差戻しの理由"), blank=True)
    reminded_at = models.DateTimeField(_("最終督促日時"), null=True, blank=True)
    reminder_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("照会先")
        verbose_name_plural = _("照会先")
        ordering = ["organisation__kind", "organisation__code"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "organisation"], name="inquiries_recipient_unique")
        ]

    def __str__(self) -> str:
        return f"{self.survey} → {self.organisation}"


class SubmissionSource(models.TextChoices):
    BROWSER = "browser", _("画面入力")
    EXCEL = "excel", _("Excel")
    LEGACY = "legacy", _("既存様式のExcel")
    API = "api", _("API")


class Submission(models.Model):
    """One version of a recipient's answer. The newest is the answer; older ones stay as history."""

    recipient = models.ForeignKey(SurveyRecipient, on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveIntegerField(_("版"))
    data = models.JSONField(_("回答"))
    source = models.CharField(_("回答方法"), max_length=20, choices=SubmissionSource.choices)
    file_name = models.CharField(_("ファイル名"), max_length=200, blank=True)
    flags = models.JSONField(_("要確認"), default=list, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("回答")
        verbose_name_plural = _("回答")
        ordering = ["recipient", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "number"], name="inquiries_submission_number")
        ]

    def __str__(self) -> str:
        return f"{self.recipient} #{self.number}"


class LegacyMapping(models.Model):
    """Where a respondent's own workbook keeps the answers: the rows below `header_row` of `sheet`
    become the items of `group`; `columns` maps a column letter to a field of the group, and `cells`
    maps a cell (B3) to a top-level question. `headers` keeps the header texts seen when the mapping was
    made, so a changed layout is refused instead of read wrongly."""

    organisation = models.ForeignKey(
        RespondentOrganisation, on_delete=models.CASCADE, related_name="legacy_mappings"
    )
    series = models.SlugField(max_length=100)
    sheet = models.CharField(_("シート名"), max_length=31)
    header_row = models.PositiveIntegerField(_("見出しの行"), default=1)
    group = models.CharField(max_length=50, blank=True)
    columns = models.JSONField(default=dict, blank=True)
    cells = models.JSONField(default=dict, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "series"], name="inquiries_legacy_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} / {self.series}"


class AggregationRun(models.Model):
    """The aggregate of a survey computed in the background, with its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("待機中")
        RUNNING = "running", _("集計中")
        DONE = "done", _("完了")
        FAILED = "failed", _("失敗")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="aggregation_runs")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.survey} ({self.status})"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.done * 100 // self.total)

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
