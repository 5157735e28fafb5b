"""The open data catalogue: publishers, datasets, their files (resources) and their history.

Field names follow CKAN where CKAN has one (name, title, notes, owner_org...), so that the CKAN
Action API in `ckan/` is a thin translation rather than a second data model.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kencho.core.i18n import in_language


class Organization(models.Model):
    """A publisher (CKAN's organization): a unit of the prefecture or a municipality.

    Staff of `unit` and of the units above it may publish for it; `editors` lets people outside the
    prefecture's unit tree (a municipality's staff) publish for their own organisation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("URL名"), max_length=100, unique=True)
    title_ja = models.CharField(_("名称"), max_length=200)
    title_en = models.CharField(_("英語名称"), max_length=200, blank=True)
    description = models.TextField(_("説明"), blank=True)
    image_url = models.URLField(_("画像URL"), max_length=500, blank=True)
    unit = models.ForeignKey(
        "core.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opendata_organizations",
        verbose_name=_("所属"),
    )
    municipality_code = models.CharField(_("全国地方公共団体コード"), max_length=6, blank=True)
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="opendata_organizations", verbose_name=_("編集者")
    )
    is_active = models.BooleanField(_("有効"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("公開組織")
        verbose_name_plural = _("公開組織")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_ja, self.title_en)


class Group(models.Model):
    """A category across publishers (CKAN's group), e.g. 防災 or 観光."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("URL名"), max_length=100, unique=True)
    title_ja = models.CharField(_("名称"), max_length=200)
    title_en = models.CharField(_("英語名称"), max_length=200, blank=True)
    description = models.TextField(_("説明"), blank=True)
    image_url = models.URLField(_("画像URL"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("分類")
        verbose_name_plural = _("分類")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_ja, self.title_en)


class Tag(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("タグ"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("タグ")
        verbose_name_plural = _("タグ")

    def __str__(self) -> str:
        return self.name


class DatasetState(models.TextChoices):
    DRAFT = "draft", _("下書き")
    ACTIVE = "active", _("公開中")
    DELETED = "deleted", _("削除済み")


class Frequency(models.TextChoices):
    UNSET = "", _("未設定")
    IRREGULAR = "irregular", _("不定期")
    CONTINUOUS = "continuous", _("随時")
    DAILY = "daily", _("毎日")
    WEEKLY = "weekly", _("毎週")
    MONTHLY = "monthly", _("毎月")
    QUARTERLY = "quarterly", _("四半期ごと")
    SEMIANNUAL = "semiannual", _("半年ごと")
    ANNUAL = "annual", _("毎年")


class Dataset(models.Model):
    """A dataset (CKAN's package). `search_document` and `search_title` hold SudachiPy tokens,
    space-padded, rebuilt by the services on every change."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("URL名"), max_length=100, unique=True)
    title = models.CharField(_("タイトル"), max_length=300)
    title_en = models.CharField(_("英語タイトル"), max_length=300, blank=True)
    notes = models.TextField(_("説明"), blank=True)
    notes_en = models.TextField(_("英語の説明"), blank=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="datasets", verbose_name=_("公開組織")
    )
    license_id = models.CharField(_("ライセンス"), max_length=50, blank=True)
    author = models.CharField(_("作成者"), max_length=200, blank=True)
    author_email = models.EmailField(_("作成者メールアドレス"), blank=True)
    maintainer = models.CharField(_("問い合わせ先"), max_length=200, blank=True)
    maintainer_email = models.EmailField(_("問い合わせ先メールアドレス"), blank=True)
    url = models.URLField(_("出典URL"), max_length=2000, blank=True)
    version = models.CharField(_("版"), max_length=100, blank=True)
    frequency = models.CharField(_("更新頻度"), max_length=20, choices=Frequency.choices, blank=True)
    spatial = models.CharField(_("対象地域"), max_length=200, blank=True)
    spatial_geojson = models.JSONField(_("対象地域の範囲（GeoJSON）"), null=True, blank=True)
    temporal_start = models.DateField(_("対象期間の開始"), null=True, blank=True)
    temporal_end = models.DateField(_("対象期間の終了"), null=True, blank=True)
    state = models.CharField(
        _("状態"), max_length=10, choices=DatasetState.choices, default=DatasetState.DRAFT, db_index=True
    )
    private = models.BooleanField(_("非公開"), default=False)
    groups = models.ManyToManyField(Group, blank=True, related_name="datasets", verbose_name=_("分類"))
    tags = models.ManyToManyField(Tag, blank=True, related_name="datasets", verbose_name=_("タグ"))
    extras = models.JSONField(_("追加項目"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    metadata_created = models.DateTimeField(default=timezone.now)
    metadata_modified = models.DateTimeField(default=timezone.now, db_index=True)
    search_title = models.TextField(editable=False, blank=True)
    search_document = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["-metadata_modified"]
        verbose_name = _("データセット")
        verbose_name_plural = _("データセット")
        indexes = [
            models.Index(fields=["state", "private", "metadata_modified"]),
            # Visibility answered from the index alone on PostgreSQL (include is ignored elsewhere).
            models.Index(fields=["state", "private"], include=["id"], name="opendata_dataset_visible"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        return in_language(self.title, self.title_en)

    @property
    def display_notes(self) -> str:
        return in_language(self.notes, self.notes_en)

    @property
    def is_public(self) -> bool:
        return self.state == DatasetState.ACTIVE and not self.private


class DatasetRevision(models.Model):
    """The dataset as it was after one change: the history staff and the audit rely on."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    action = models.CharField(max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    snapshot = models.JSONField(default=dict)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "number"], name="dataset_revision_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.dataset_id} r{self.number} {self.action}"


def resource_upload_to(resource: Resource, filename: str) -> str:
    return f"opendata/{resource.dataset_id}/{resource.id}/{filename}"


class ResourceState(models.TextChoices):
    ACTIVE = "active", _("有効")
    DELETED = "deleted", _("削除済み")


class Resource(models.Model):
    """A file of a dataset: uploaded here (`file`, CKAN's url_type "upload") or a link elsewhere."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="resources")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(_("名称"), max_length=300, blank=True)
    description = models.TextField(_("説明"), blank=True)
    format = models.CharField(_("形式"), max_length=50, blank=True, db_index=True)
    mimetype = models.CharField(max_length=100, blank=True)
    url = models.URLField(_("URL"), max_length=2000, blank=True)
    file = models.FileField(_("ファイル"), upload_to=resource_upload_to, max_length=500, blank=True)
    size = models.BigIntegerField(_("サイズ"), null=True, blank=True)
    hash = models.CharField(_("SHA-256"), max_length=64, blank=True)
    standard_dataset = models.CharField(_("自治体標準オープンデータセット"), max_length=50, blank=True)
    validation_report = models.JSONField(null=True, blank=True)
    preview_geojson = models.FileField(upload_to=resource_upload_to, max_length=500, blank=True)
    extras = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=10, choices=ResourceState.choices, default=ResourceState.ACTIVE)
    created = models.DateTimeField(default=timezone.now)
    last_modified = models.DateTimeField(null=True, blank=True)
    metadata_modified = models.DateTimeField(default=timezone.now)
    download_count = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["position", "created"]
        verbose_name = _("リソース")
        verbose_name_plural = _("リソース")

    def __str__(self) -> str:
        return self.name or str(self.id)

    @property
    def url_type(self) -> str:
        return "upload" if self.file else ""

    @property
    def filename(self) -> str:
        return (self.file.name or "").rsplit("/", 1)[-1] if self.file else ""

    @property
    def has_validation_errors(self) -> bool:
        return bool(self.validation_report and not self.validation_report.get("is_valid", True))
