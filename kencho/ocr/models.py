"""Paper-form templates with their field boxes, uploaded batches of scans, pages and the fields read
from them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FormTemplate(models.Model):
    """A blank scanned page of a paper form, mapped box by box to the questions of a procedure's form."""

    name = models.CharField(_("名称"), max_length=200)
    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.PROTECT, related_name="ocr_templates", verbose_name=_("手続")
    )
    unit = models.ForeignKey("core.OrgUnit", on_delete=models.PROTECT, related_name="+")
    image = models.FileField(_("白紙の様式の画像"), upload_to="ocr/templates/")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("OCR様式")
        verbose_name_plural = _("OCR様式")

    def __str__(self) -> str:
        return self.name


class BoxKind(models.TextChoices):
    LINE = "line", _("文字（1行）")
    DIGITS = "digits", _("数字")
    DATE = "date", _("日付")
    CHECKBOX = "checkbox", _("チェック欄")
    IGNORE = "ignore", _("読み取らない（署名・押印）")


class TemplateBox(models.Model):
    """One field box on the template, in the template image's pixels."""

    template = models.ForeignKey(FormTemplate, on_delete=models.CASCADE, related_name="boxes")
    position = models.PositiveIntegerField(default=0)
    key = models.CharField(_("設問"), max_length=50, blank=True)
    part = models.CharField(_("部分"), max_length=20, blank=True)
    option = models.CharField(_("選択肢"), max_length=100, blank=True)
    kind = models.CharField(_("種類"), max_length=10, choices=BoxKind.choices, default=BoxKind.LINE)
    label = models.CharField(_("表示名"), max_length=100, blank=True)
    x = models.PositiveIntegerField()
    y = models.PositiveIntegerField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    class Meta:
        ordering = ["template", "position", "id"]

    def __str__(self) -> str:
        return f"{self.template_id}:{self.key or self.kind}"


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("待機中")
    RUNNING = "running", _("読み取り中")
    COMPLETED = "completed", _("読み取り完了")


class Batch(models.Model):
    """Scans uploaded together (one multi-page PDF or several images), read in the background."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    template = models.ForeignKey(FormTemplate, on_delete=models.PROTECT, related_name="batches")
    unit = models.ForeignKey("core.OrgUnit", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("名称"), max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=BatchStatus.choices, default=BatchStatus.PENDING)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    make_archive = models.BooleanField(_("検索できるPDFも作る"), default=True)
    archive = models.FileField(_("検索できるPDF"), upload_to="ocr/archive/%Y/%m/", blank=True)
    archive_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("OCRの読み取り")
        verbose_name_plural = _("OCRの読み取り")

    def __str__(self) -> str:
        return self.name or str(self.public_id)

    @property
    def percent(self) -> int:
        if not self.total:  # files not yet split into pages
            return 100 if self.is_finished else 0
        return int(self.processed * 100 / self.total)

    @property
    def is_finished(self) -> bool:
        return self.status == BatchStatus.COMPLETED


class BatchSource(models.Model):
    """One uploaded file, kept as it came; the background task splits it into pages."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="sources")
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=255)
    file = models.FileField(upload_to="ocr/uploads/%Y/%m/")
    split = models.BooleanField(default=False)

    class Meta:
        ordering = ["batch", "position"]

    def __str__(self) -> str:
        return self.name


class PageStatus(models.TextChoices):
    PENDING = "pending", _("読み取り待ち")
    REVIEW = "review", _("確認待ち")
    UNREADABLE = "unreadable", _("読み取れません")
    ACCEPTED = "accepted", _("申請として受付済み")


class Page(models.Model):
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()
    source_name = models.CharField(max_length=255, blank=True)
    image = models.FileField(upload_to="ocr/pages/%Y/%m/", blank=True)
    # The scan registered onto the template (what the boxes were cut from, shown in the review queue).
    aligned = models.FileField(upload_to="ocr/pages/%Y/%m/", blank=True)
    status = models.CharField(
        max_length=20, choices=PageStatus.choices, default=PageStatus.PENDING, db_index=True
    )
    reason_ja = models.TextField(blank=True)
    reason_en = models.TextField(blank=True)
    registered = models.BooleanField(default=False)
    doubtful = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    page_errors = models.JSONField(default=list, blank=True)
    application = models.OneToOneField(
        "procedures.Application", on_delete=models.SET_NULL, null=True, blank=True, related_name="ocr_page"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["batch", "number"]
        constraints = [models.UniqueConstraint(fields=["batch", "number"], name="ocr_page_number_unique")]

    def __str__(self) -> str:
        return f"{self.batch_id}#{self.number}"


class FieldStatus(models.TextChoices):
    OK = "ok", _("読み取り済み")
    DOUBTFUL = "doubtful", _("要確認")
    INVALID = "invalid", _("誤り")
    CONFIRMED = "confirmed", _("確認済み")


class ExtractedField(models.Model):
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="fields")
    box = models.ForeignKey(TemplateBox, on_delete=models.CASCADE, related_name="+")
    value = models.JSONField(null=True, blank=True)
    text = models.CharField(max_length=400, blank=True)
    confidence = models.FloatField(default=0)
    readings = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=FieldStatus.choices, default=FieldStatus.OK)
    reasons = models.JSONField(default=list, blank=True)
    message_ja = models.TextField(blank=True)
    message_en = models.TextField(blank=True)

    class Meta:
        ordering = ["page", "box__position", "id"]

    def __str__(self) -> str:
        return f"{self.page_id}:{self.box_id}"

    @property
    def needs_review(self) -> bool:
        return self.status in {FieldStatus.DOUBTFUL, FieldStatus.INVALID}
