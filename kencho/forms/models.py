"""Form definitions, their numbered versions, and files uploaded as answers."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kencho.core.i18n import in_language


class FormDefinition(models.Model):
    """A form that is asked again and again (a procedure's application form, a survey). Its questions
    live in numbered FormVersions; answers point at the version they were asked with."""

    slug = models.SlugField(_("識別名"), max_length=100, unique=True)
    title_ja = models.CharField(_("名称"), max_length=200)
    title_en = models.CharField(_("英語名称"), max_length=200, blank=True)
    owner_unit = models.ForeignKey(
        "core.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="form_definitions",
        verbose_name=_("担当所属"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("フォーム定義")
        verbose_name_plural = _("フォーム定義")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_ja, self.title_en)


class FormVersion(models.Model):
    """One numbered version of a form's questions. A draft may be edited; once published
    (published_at set) it never changes, so stored answers can always be read against it. Only the
    services in kencho.forms.services write versions."""

    definition = models.ForeignKey(FormDefinition, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("版"))
    schema = models.JSONField(_("定義"))
    published_at = models.DateTimeField(_("公開日時"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["definition", "number"]
        verbose_name = _("フォームの版")
        verbose_name_plural = _("フォームの版")
        constraints = [
            models.UniqueConstraint(fields=["definition", "number"], name="form_version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.definition.slug} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Upload(models.Model):
    """A file uploaded as (part of) an answer. It belongs to the person (or browser session) that
    uploaded it until it is claimed by what it was attached to ("procedures.application:123")."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    file = models.FileField(upload_to="uploads/%Y/%m/", max_length=255)
    original_name = models.CharField(_("ファイル名"), max_length=255)
    content_type = models.CharField(max_length=100)
    kind = models.CharField(_("種類"), max_length=10)
    size = models.PositiveBigIntegerField(_("サイズ"))
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    session_key = models.CharField(max_length=64, blank=True)
    claimed_by = models.CharField(max_length=100, blank=True, db_index=True)

    class Meta:
        verbose_name = _("アップロードファイル")
        verbose_name_plural = _("アップロードファイル")

    def __str__(self) -> str:
        return self.original_name
