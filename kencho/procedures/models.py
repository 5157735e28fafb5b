"""Procedures (手続), applications (申請) and their history."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kencho.core.i18n import in_language


class Category(models.Model):
    slug = models.SlugField(unique=True)
    name_ja = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英語名称"), max_length=100, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("分類")
        verbose_name_plural = _("分類")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_ja, self.name_en)


class Procedure(models.Model):
    """A procedure residents or businesses can apply for online, with the form it asks."""

    slug = models.SlugField(_("URL名"), unique=True, max_length=80)
    title_ja = models.CharField(_("手続名"), max_length=200)
    title_en = models.CharField(_("英語の手続名"), max_length=200, blank=True)
    summary_ja = models.TextField(_("概要"), blank=True)
    summary_en = models.TextField(_("英語の概要"), blank=True)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="procedures",
        verbose_name=_("分類"),
    )
    owning_unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.PROTECT, related_name="procedures", verbose_name=_("担当所属")
    )
    form = models.ForeignKey(
        "forms.FormDefinition",
        on_delete=models.PROTECT,
        related_name="procedures",
        verbose_name=_("フォーム"),
    )
    processing_days = models.PositiveIntegerField(_("標準処理期間（営業日）"), null=True, blank=True)
    opens_at = models.DateTimeField(_("受付開始"), null=True, blank=True)
    closes_at = models.DateTimeField(_("受付終了"), null=True, blank=True)
    allow_guest = models.BooleanField(_("ログインなしの申請を許可"), default=False)
    required_attachments = models.JSONField(_("必要な添付書類"), default=list, blank=True)
    capacity = models.PositiveIntegerField(_("受付上限件数"), null=True, blank=True)
    is_published = models.BooleanField(_("公開"), default=False)
    # Unlisted procedures are published but left out of the catalogue, search and the API list: they
    # are reached only through a flow that starts the draft for the person (e.g. a subsidy case).
    is_listed = models.BooleanField(
        _("手続の一覧・検索に表示"),
        default=True,
        help_text=_(
            "外すと、手続の一覧・検索・APIの一覧に表示されず、この手続のページから直接申請することもできません。"
            "他の機能（補助金の案件など）から始める手続に使います。"
        ),
    )
    start_url = models.CharField(
        _("申請を始めるページ"),
        max_length=300,
        blank=True,
        help_text=_("一覧に表示しない手続で、申請を始めるページのパス。例: /my/subsidies/"),
    )
    search_document = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category__order", "title_ja"]
        verbose_name = _("手続")
        verbose_name_plural = _("手続")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_ja, self.title_en)

    @property
    def summary(self) -> str:
        return in_language(self.summary_ja, self.summary_en)

    def is_open(self, at: datetime.datetime | None = None) -> bool:
        at = at or timezone.now()
        if self.opens_at and at < self.opens_at:
            return False
        return not (self.closes_at and at >= self.closes_at)


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", _("受付")
    UNDER_REVIEW = "under_review", _("審査中")
    CORRECTION_REQUESTED = "correction_requested", _("補正依頼")
    RESUBMITTED = "resubmitted", _("補正済")
    ACCEPTED = "accepted", _("受理")
    REJECTED = "rejected", _("不受理")
    COMPLETED = "completed", _("完了")
    WITHDRAWN = "withdrawn", _("取下げ")


class Application(models.Model):
    """One submitted application. `data` holds the answers exactly as validated against
    `form_version`, which never changes after publication."""

    receipt_number = models.CharField(_("受付番号"), max_length=20, unique=True)
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="applications")
    form_version = models.ForeignKey("forms.FormVersion", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("core.OrgUnit", on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(
        _("状況"),
        max_length=30,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.RECEIVED,
        db_index=True,
    )
    data = models.JSONField(default=dict)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="applications"
    )
    applicant_name = models.CharField(_("申請者"), max_length=200, blank=True)
    contact_email = models.EmailField(_("連絡先メールアドレス"), blank=True)
    guest_secret_hash = models.CharField(max_length=64, blank=True)
    language = models.CharField(max_length=8, default="ja")
    submitted_at = models.DateTimeField(_("申請日時"), default=timezone.now, db_index=True)
    due_date = models.DateField(_("処理期限"), null=True, blank=True, db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_applications",
    )
    correction_fields = models.JSONField(default=list, blank=True)
    # NULL (not "") when there is no key, so the partial unique constraint ignores it.
    idempotency_key = models.CharField(max_length=255, null=True, blank=True)  # noqa: DJ001
    request_hash = models.CharField(max_length=64, blank=True)
    pdf = models.FileField(upload_to="applications/%Y/%m/", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("申請")
        verbose_name_plural = _("申請")
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="application_idempotency_key_unique",
            )
        ]
        indexes = [models.Index(fields=["unit", "status", "due_date"])]

    def __str__(self) -> str:
        return self.receipt_number

    @property
    def is_overdue(self) -> bool:
        """Past its 標準処理期間 due date and still waiting for the office."""
        from .status import OPEN_STATUSES

        return bool(self.due_date and self.due_date < timezone.localdate() and self.status in OPEN_STATUSES)


class ApplicationEvent(models.Model):
    """One line of an application's history: status changes, messages, notes, assignments."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("申請")
        STATUS = "status", _("状況の変更")
        CORRECTION_REQUESTED = "correction_requested", _("補正依頼")
        RESUBMITTED = "resubmitted", _("補正後の再提出")
        ASSIGNED = "assigned", _("担当者の変更")
        NOTE = "note", _("内部メモ")
        WITHDRAWN = "withdrawn", _("取下げ")
        PAYMENT = "payment", _("お支払い")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30, blank=True)
    comment = models.TextField(blank=True)
    detail = models.JSONField(default=dict, blank=True)
    visible_to_applicant = models.BooleanField(default=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def to_status_label(self) -> str:
        return str(ApplicationStatus(self.to_status).label) if self.to_status else ""


class ReceiptCounter(models.Model):
    """The last receipt number handed out for one era year. Incremented with a row lock inside the
    submitting transaction, so numbers are gapless, unique, and a rolled-back submission frees its
    number for the next one instead of burning it."""

    era_year = models.CharField(max_length=8, unique=True)
    last_value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.era_year}: {self.last_value}"


class Draft(models.Model):
    """A form being filled in. `submit_token` is the one-time form token: submitting the same draft
    twice returns the same application."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="drafts")
    form_version = models.ForeignKey("forms.FormVersion", on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="drafts"
    )
    session_key = models.CharField(max_length=64, blank=True, db_index=True)
    resume_secret_hash = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    completed_pages = models.JSONField(default=list, blank=True)
    submit_token = models.UUIDField(default=uuid.uuid4, editable=False)
    application = models.OneToOneField(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="draft"
    )
    # Where the applicant goes next, set by the flow that started the draft (a local path only).
    return_url = models.CharField(max_length=300, blank=True)
    return_label_ja = models.CharField(max_length=200, blank=True)
    return_label_en = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"draft {self.pk} of {self.procedure_id}"

    @property
    def return_label(self) -> str:
        return in_language(self.return_label_ja, self.return_label_en)
