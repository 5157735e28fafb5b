"""Proofreading data: the prefecture's term dictionary, rule switches per document type, and the
documents staff are working on (kept until they are purged, see services.documents_purge)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .document_types import DocumentType


class Term(models.Model):
    """One of the prefecture's own terms: the form to write, and the variants to flag."""

    preferred = models.CharField(_("正しい表記"), max_length=100, unique=True)
    variants = models.JSONField(_("誤った表記・ゆれ"), default=list)
    note = models.CharField(_("メモ"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["preferred"]
        verbose_name = _("用語")
        verbose_name_plural = _("用語集")

    def __str__(self) -> str:
        return self.preferred


class RuleSetting(models.Model):
    """A rule switched on or off for one document type; without a row the rule's default applies."""

    document_type = models.CharField(max_length=30, choices=DocumentType.choices)
    rule_id = models.CharField(max_length=50)
    enabled = models.BooleanField()
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document_type", "rule_id"], name="proofread_one_setting_per_rule"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_type}:{self.rule_id}={'on' if self.enabled else 'off'}"


class DocumentKind(models.TextChoices):
    TEXT = "text", _("貼り付けた文章")
    TXT = "txt", _("テキストファイル")
    MARKDOWN = "md", _("Markdownファイル")
    DOCX = "docx", _("Wordファイル")


class ProofreadDocument(models.Model):
    """A text a staff member is proofreading, with its findings and what they decided for each.

    `decisions` maps a finding's index (as a string) to "accepted" or "ignored". A Word file is kept
    as uploaded in `source`, so that the corrected file keeps its formatting."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=DocumentKind.choices)
    document_type = models.CharField(max_length=30, choices=DocumentType.choices)
    text = models.TextField()
    source = models.BinaryField(null=True, blank=True)
    findings = models.JSONField(default=list)
    decisions = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"]), models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return self.name
