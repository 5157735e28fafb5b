"""Notice templates (通知書の様式), numbering schemes for 文書番号, batches and issued notices."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class YearBasis(models.TextChoices):
    FISCAL = "fiscal", _("年度（4月1日に番号を1から振り直す）")
    CALENDAR = "calendar", _("暦年（1月1日に番号を1から振り直す）")


class NumberingScheme(models.Model):
    """How one unit numbers its outgoing documents, e.g. 三重県指令 環第123号. Numbers restart at 1
    each fiscal or calendar year of the document's date; see numbering.py for the pattern."""

    unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.PROTECT, related_name="numbering_schemes", verbose_name=_("所属")
    )
    name = models.CharField(_("名称"), max_length=100)
    prefix = models.CharField(_("前置部分"), max_length=30, blank=True, help_text=_("例：三重県指令"))
    symbol = models.CharField(_("記号"), max_length=20, blank=True, help_text=_("例：環"))
    pattern = models.CharField(_("書式"), max_length=100, default="{prefix} {symbol}第{n}号")
    year_basis = models.CharField(
        _("番号の区切り"), max_length=10, choices=YearBasis.choices, default=YearBasis.FISCAL
    )
    is_active = models.BooleanField(_("有効"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit__path", "name"]
        verbose_name = _("文書番号の体系")
        verbose_name_plural = _("文書番号の体系")
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="numbering_scheme_unique_name")]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit.name_ja}）"


class NumberCounter(models.Model):
    """The last number handed out by a scheme in one year (the Gregorian year in which the fiscal or
    calendar year starts). Incremented with UPDATE … RETURNING inside the issuing transaction, so
    numbers are gapless and unique, and a rolled-back issuance frees its numbers."""

    scheme = models.ForeignKey(NumberingScheme, on_delete=models.PROTECT, related_name="counters")
    year = models.PositiveIntegerField()
    last_value = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scheme", "year"], name="number_counter_unique_year")]

    def __str__(self) -> str:
        return f"{self.scheme_id}/{self.year}: {self.last_value}"


class NoticeKind(models.TextChoices):
    PERMIT = "permit", _("許可通知書")
    GRANT_DECISION = "grant_decision", _("交付決定通知書")
    REJECTION = "rejection", _("不受理通知")
    RECEIPT = "receipt", _("受領書")
    OTHER = "other", _("その他の通知")


class NoticeTemplate(models.Model):
    """A notice as staff designed it in Word. Its content lives in versions; issuing uses the newest."""

    unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.PROTECT, related_name="notice_templates", verbose_name=_("所属")
    )
    kind = models.CharField(_("種類"), max_length=20, choices=NoticeKind.choices)
    name = models.CharField(_("様式名"), max_length=200)
    numbering_scheme = models.ForeignKey(
        NumberingScheme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="templates",
        verbose_name=_("文書番号の体系"),
    )
    sender = models.CharField(_("差出人"), max_length=200, blank=True, help_text=_("例：三重県知事 ○○ ○○"))
    is_active = models.BooleanField(_("有効"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["unit__path", "name"]
        verbose_name = _("通知書の様式")
        verbose_name_plural = _("通知書の様式")
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="notice_template_unique_name")]

    def __str__(self) -> str:
        return self.name


def _template_upload_to(instance: NoticeTemplateVersion, filename: str) -> str:
    return f"notices/templates/{instance.template_id}/{uuid.uuid4().hex}.docx"


class NoticeTemplateVersion(models.Model):
    """One uploaded .docx of a template. Never changed after upload: an issued notice points here."""

    template = models.ForeignKey(NoticeTemplate, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("版"))
    file = models.FileField(upload_to=_template_upload_to)
    original_filename = models.CharField(_("ファイル名"), max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    placeholders = models.JSONField(_("差し込み項目"), default=list)
    comment = models.CharField(_("変更内容"), max_length=500, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="notice_template_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.template} 第{self.number}版"


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("待機中")
    RUNNING = "running", _("作成中")
    COMPLETED = "completed", _("完了")
    COMPLETED_WITH_FAILURES = "completed_with_failures", _("完了（作成できなかったものあり）")


class NoticeBatch(models.Model):
    """Notices from one template for many applications, made in the background in chunks."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    template = models.ForeignKey(NoticeTemplate, on_delete=models.PROTECT, related_name="batches")
    template_version = models.ForeignKey(NoticeTemplateVersion, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("core.OrgUnit", on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(_("決定日"))
    issue_date = models.DateField(_("発行日"))
    values = models.JSONField(_("共通の差し込み値"), default=dict, blank=True)
    with_pdf = models.BooleanField(_("PDFも作成"), default=True)
    status = models.CharField(max_length=30, choices=BatchStatus.choices, default=BatchStatus.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    source = models.CharField(max_length=30, default="web")
    source_ref = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("通知書の一括作成")
        verbose_name_plural = _("通知書の一括作成")

    def __str__(self) -> str:
        return f"{self.template} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else int((self.done + self.failed) * 100 / self.total)

    @property
    def is_finished(self) -> bool:
        return self.status in {BatchStatus.COMPLETED, BatchStatus.COMPLETED_WITH_FAILURES}


class ItemStatus(models.TextChoices):
    PENDING = "pending", _("待機中")
    ISSUED = "issued", _("発行済み")
    FAILED = "failed", _("作成できませんでした")


class NoticeBatchItem(models.Model):
    """One application of a batch. Issued at most once: the item's status and the notice's unique
    (batch, application) make a re-run skip what is done."""

    batch = models.ForeignKey(NoticeBatch, on_delete=models.CASCADE, related_name="items")
    application = models.ForeignKey("procedures.Application", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField()
    values = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=ItemStatus.choices, default=ItemStatus.PENDING)
    error_code = models.CharField(max_length=50, blank=True)
    error_message = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["batch", "position"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "application"], name="notice_batch_item_unique")
        ]
        indexes = [models.Index(fields=["batch", "status", "position"])]

    def __str__(self) -> str:
        return f"{self.batch_id}#{self.position}"


class NoticeStatus(models.TextChoices):
    ISSUED = "issued", _("発行済み")
    CANCELLED = "cancelled", _("取消（欠番）")


def _notice_upload_to(instance: Notice, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1]
    return f"notices/issued/{instance.issue_date:%Y/%m}/{instance.public_id.hex}.{extension}"


class Notice(models.Model):
    """One issued notice. Its 文書番号 is never reused: a cancelled notice keeps it as 欠番 with the
    reason, so every gap in a year's numbers is explained."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        "procedures.Application", on_delete=models.PROTECT, related_name="notices"
    )
    template_version = models.ForeignKey(
        NoticeTemplateVersion, on_delete=models.PROTECT, related_name="notices"
    )
    batch = models.ForeignKey(
        NoticeBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="notices"
    )
    scheme = models.ForeignKey(
        NumberingScheme, on_delete=models.PROTECT, null=True, blank=True, related_name="notices"
    )
    year = models.PositiveIntegerField(null=True, blank=True)
    sequence = models.PositiveBigIntegerField(null=True, blank=True)
    number = models.CharField(_("文書番号"), max_length=100, blank=True)
    issue_date = models.DateField(_("発行日"))
    docx = models.FileField(upload_to=_notice_upload_to)
    docx_sha256 = models.CharField(max_length=64)
    pdf = models.FileField(upload_to=_notice_upload_to, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.ISSUED)
    issued_at = models.DateTimeField(_("発行日時"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.TextField(_("取消の理由"), blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("通知書")
        verbose_name_plural = _("通知書")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "year", "sequence"],
                condition=models.Q(sequence__isnull=False),
                name="notice_number_unique",
            ),
            models.UniqueConstraint(
                fields=["batch", "application"],
                condition=models.Q(batch__isnull=False),
                name="notice_once_per_batch",
            ),
        ]

    def __str__(self) -> str:
        return self.number or str(self.public_id)

    @property
    def title(self) -> str:
        return self.template_version.template.name
