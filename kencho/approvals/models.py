"""電子決裁: 決裁区分 and their route templates, the 専決 table, absences and deputies, and 起案 with
their route steps, action history, linked applications, attachments and frozen record.

Routes: a 起案's steps are grouped in stages (`stage`, ascending). A stage is done when every step in
it is approved; a serial route is one step per stage, a parallel stage several steps, a 合議 stage the
steps of another unit that come before the own line. The last stage is the decider's (決裁者), chosen
by the 専決 table for the 決裁区分."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kencho.core.i18n import in_language


class DeciderLevel(models.TextChoices):
    DIVISION = "division", _("課長専決")
    DEPARTMENT = "department", _("部長専決")
    GOVERNOR = "governor", _("知事決裁")


class Retention(models.TextChoices):
    YEAR_1 = "1", _("1年")
    YEAR_3 = "3", _("3年")
    YEAR_5 = "5", _("5年")
    YEAR_10 = "10", _("10年")
    YEAR_30 = "30", _("30年")
    PERMANENT = "permanent", _("常用")


class DecisionCategory(models.Model):
    """決裁区分: what kind of matter a 起案 is; picks the route template and, through the 専決 table,
    who decides."""

    code = models.SlugField(_("コード"), max_length=30, unique=True)
    name_ja = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英語名称"), max_length=150, blank=True)
    retention = models.CharField(
        _("保存期間（既定）"), max_length=10, choices=Retention.choices, default=Retention.YEAR_5
    )
    order = models.PositiveIntegerField(_("表示順"), default=0)
    is_active = models.BooleanField(_("有効"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("決裁区分")
        verbose_name_plural = _("決裁区分")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_ja, self.name_en)


class DelegationRule(models.Model):
    """One row of the 専決 table: who makes the final decision for a 決裁区分. The decider is the
    person holding `decider_title` in the drafter's 課 (division) or 部局 (department), or the
    governor (the holder of `decider_title`, 知事, in any unit)."""

    category = models.OneToOneField(
        DecisionCategory, on_delete=models.CASCADE, related_name="rule", verbose_name=_("決裁区分")
    )
    level = models.CharField(_("決裁者"), max_length=20, choices=DeciderLevel.choices)
    decider_title = models.CharField(_("決裁者の職名"), max_length=50, help_text=_("例：課長・部長・知事"))

    class Meta:
        ordering = ["category__order"]
        verbose_name = _("専決区分")
        verbose_name_plural = _("専決区分")

    def __str__(self) -> str:
        return f"{self.category}: {self.get_level_display()}"


class StageKind(models.TextChoices):
    SERIAL = "serial", _("順次")
    PARALLEL = "parallel", _("並列（全員の承認）")
    CONSULTATION = "consultation", _("合議")
    DECISION = "decision", _("決裁")


class UnitLevel(models.TextChoices):
    SECTION = "section", _("起案者の係")
    DIVISION = "division", _("起案者の課")
    DEPARTMENT = "department", _("起案者の部局")


class RouteTemplate(models.Model):
    """The reviewers (before the decider) a 決裁区分's 起案 pass, by position."""

    category = models.OneToOneField(
        DecisionCategory, on_delete=models.CASCADE, related_name="route_template", verbose_name=_("決裁区分")
    )
    name = models.CharField(_("名称"), max_length=100)

    class Meta:
        verbose_name = _("回付ルートの型")
        verbose_name_plural = _("回付ルートの型")

    def __str__(self) -> str:
        return self.name


class RouteTemplateStage(models.Model):
    template = models.ForeignKey(RouteTemplate, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveIntegerField(_("順番"))
    kind = models.CharField(
        _("種類"),
        max_length=20,
        choices=[(k.value, k.label) for k in StageKind if k != StageKind.DECISION],
        default=StageKind.SERIAL,
    )

    class Meta:
        ordering = ["template", "order"]
        verbose_name = _("段階")
        verbose_name_plural = _("段階")
        constraints = [models.UniqueConstraint(fields=["template", "order"], name="route_stage_unique_order")]

    def __str__(self) -> str:
        return f"{self.template} {self.order}"


class RouteTemplatePosition(models.Model):
    """A position in a stage: the holder of `title` in the drafter's section/division/department
    (`unit_level`), or in a fixed unit (合議 with another unit), on the day the 起案 is sent."""

    stage = models.ForeignKey(RouteTemplateStage, on_delete=models.CASCADE, related_name="positions")
    unit_level = models.CharField(
        _("所属（起案者から見て）"), max_length=20, choices=UnitLevel.choices, blank=True
    )
    fixed_unit = models.ForeignKey(
        "core.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("固定の所属（合議先）"),
    )
    title = models.CharField(_("職名"), max_length=50, help_text=_("例：係長・課長・部長"))

    class Meta:
        verbose_name = _("職位")
        verbose_name_plural = _("職位")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(fixed_unit__isnull=True) & ~models.Q(unit_level=""))
                | (models.Q(fixed_unit__isnull=False) & models.Q(unit_level="")),
                name="route_position_unit_one_way",
            )
        ]

    def __str__(self) -> str:
        return f"{self.fixed_unit or self.get_unit_level_display()} {self.title}"


class Absence(models.Model):
    """A registered absence (不在): while it lasts, the person's registered deputies may act for them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="absences", verbose_name=_("職員")
    )
    starts_on = models.DateField(_("開始日"))
    ends_on = models.DateField(_("終了日"))
    reason = models.CharField(_("理由"), max_length=200, blank=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("不在")
        verbose_name_plural = _("不在")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="absence_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.starts_on}–{self.ends_on}"


class Deputy(models.Model):
    """A registered deputy (代決者): may act for `principal` while the principal is absent."""

    principal = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deputies", verbose_name=_("本人")
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="deputy_for",
        verbose_name=_("代決者"),
    )
    valid_from = models.DateField(_("開始日"))
    valid_until = models.DateField(_("終了日"), null=True, blank=True)

    class Meta:
        verbose_name = _("代決者")
        verbose_name_plural = _("代決者")
        constraints = [
            models.UniqueConstraint(fields=["principal", "deputy", "valid_from"], name="deputy_unique"),
            models.CheckConstraint(condition=~models.Q(principal=models.F("deputy")), name="deputy_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.deputy} → {self.principal}"


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("起案中")
    IN_PROGRESS = "in_progress", _("回付中")
    RETURNED = "returned", _("差戻し")
    DECIDED = "decided", _("決裁済み")
    REJECTED = "rejected", _("却下")
    WITHDRAWN = "withdrawn", _("取下げ")


EDITABLE_STATUSES = frozenset({DocumentStatus.DRAFT, DocumentStatus.RETURNED})
FINAL_STATUSES = frozenset({DocumentStatus.DECIDED, DocumentStatus.REJECTED, DocumentStatus.WITHDRAWN})


class Document(models.Model):
    """起案: a draft decision document and, once decided, its frozen record."""

    unit = models.ForeignKey(
        "core.OrgUnit",
        on_delete=models.PROTECT,
        related_name="approval_documents",
        verbose_name=_("起案所属"),
    )
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("起案者")
    )
    category = models.ForeignKey(
        DecisionCategory, on_delete=models.PROTECT, related_name="documents", verbose_name=_("決裁区分")
    )
    title = models.CharField(_("件名"), max_length=200)
    body = models.TextField(_("本文"))
    status = models.CharField(
        _("状況"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    approve_template = models.ForeignKey(
        "notices.NoticeTemplate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("決裁したときの通知書"),
    )
    reject_template = models.ForeignKey(
        "notices.NoticeTemplate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("却下したときの通知書"),
    )
    number_scheme = models.ForeignKey(
        "notices.NumberingScheme", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    number_year = models.PositiveIntegerField(null=True, blank=True)
    number_sequence = models.PositiveBigIntegerField(null=True, blank=True)
    number = models.CharField(_("文書番号"), max_length=100, blank=True)
    retention = models.CharField(_("保存期間"), max_length=10, choices=Retention.choices)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(_("起案日時"), null=True, blank=True)
    routed_on = models.DateField(_("回付ルートを決めた日"), null=True, blank=True)
    decided_at = models.DateTimeField(_("決裁日時"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    frozen_at = models.DateTimeField(_("確定日時"), null=True, blank=True)
    record_pdf = models.FileField(upload_to="approvals/records/%Y/", blank=True)
    record_sha256 = models.CharField(max_length=64, blank=True)
    disposal_on = models.DateField(_("廃棄予定日"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("起案")
        verbose_name_plural = _("起案")
        constraints = [
            models.UniqueConstraint(
                fields=["number_scheme", "number_year", "number_sequence"],
                condition=models.Q(number_sequence__isnull=False),
                name="approval_document_number_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number or _('（番号未定）')} {self.title}"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES and not self.is_frozen


class DocumentApplication(models.Model):
    """An application the 起案 decides on, with what the drafter entered for it (決定額, 理由)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="links")
    application = models.ForeignKey(
        "procedures.Application", on_delete=models.PROTECT, related_name="approval_links"
    )
    values = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["application__receipt_number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "application"], name="approval_link_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document_id}:{self.application_id}"


def _attachment_upload_to(instance: DocumentAttachment, filename: str) -> str:
    return f"approvals/attachments/{instance.document_id}/{uuid.uuid4().hex}"


class DocumentAttachment(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_upload_to)
    original_filename = models.CharField(_("ファイル名"), max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["document", "id"]

    def __str__(self) -> str:
        return self.original_filename


class OptionalReviewer(models.Model):
    """A reviewer the drafter added before sending; they form a serial stage just before the decider."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="optional_reviewers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["document", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "user"], name="approval_optional_reviewer_unique")
        ]

    def __str__(self) -> str:
        return str(self.user)


class StepState(models.TextChoices):
    WAITING = "waiting", _("未着")
    PENDING = "pending", _("処理待ち")
    APPROVED = "approved", _("承認")
    DECIDED = "decided", _("決裁")
    REJECTED = "rejected", _("却下")


class Step(models.Model):
    """One person's place on the route, resolved from the template on the day of sending."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="steps")
    stage = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=StageKind.choices)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("core.OrgUnit", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=50, blank=True)
    is_optional = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=StepState.choices, default=StepState.WAITING)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acted_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["document", "stage", "id"]
        indexes = [models.Index(fields=["assignee", "state"])]

    def __str__(self) -> str:
        return f"{self.document_id}/{self.stage} {self.assignee}"

    @property
    def is_decision(self) -> bool:
        return self.kind == StageKind.DECISION

    @property
    def by_deputy(self) -> bool:
        return self.acted_by_id is not None and self.acted_by_id != self.assignee_id


class ActionKind(models.TextChoices):
    CREATE = "create", _("作成")
    SEND = "send", _("起案")
    APPROVE = "approve", _("承認")
    RETURN = "return", _("差戻し")
    PULL_BACK = "pull_back", _("引戻し")
    WITHDRAW = "withdraw", _("取下げ")
    REJECT = "reject", _("却下")
    DECIDE = "decide", _("決裁")
    POST_REVIEW = "post_review", _("後閲")


class Action(models.Model):
    """The document's history: who did what when, for whom (代決) and with which comment."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="actions")
    step = models.ForeignKey(Step, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=20, choices=ActionKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField()
    post_reviewed_at = models.DateTimeField(_("後閲日時"), null=True, blank=True)

    class Meta:
        ordering = ["document", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.document_id} {self.kind}"

    @property
    def awaits_post_review(self) -> bool:
        return self.on_behalf_of_id is not None and self.post_reviewed_at is None
