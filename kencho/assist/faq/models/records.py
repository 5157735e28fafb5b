"""What asking leaves behind: "did this solve it?" feedback, questions nothing answered, and the
inquiries residents send when the FAQ could not help (hand-over to the owning unit).

Only inquiries hold personal data (name, contact, message); staff read them through
access.inquiry_for_staff, which checks the unit and writes an audit entry."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kencho.core.models import OrgUnit

from .content import FaqCollection, FaqEntry


class FaqFeedback(models.Model):
    collection = models.ForeignKey(FaqCollection, on_delete=models.CASCADE, related_name="feedback")
    entry = models.ForeignKey(FaqEntry, on_delete=models.SET_NULL, null=True, related_name="feedback")
    query = models.CharField(_("質問文"), max_length=500, blank=True)
    language = models.CharField(_("言語"), max_length=10, blank=True)
    helpful = models.BooleanField(_("解決した"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("FAQの評価")
        verbose_name_plural = _("FAQの評価")

    def __str__(self) -> str:
        return f"{'+' if self.helpful else '-'} {self.query}"


class FaqUnansweredQuery(models.Model):
    """A question for which no entry fitted well enough (the search's `no_good_match`). `vector` holds
    the query embedding the search already computed, for grouping similar questions for staff."""

    collection = models.ForeignKey(FaqCollection, on_delete=models.CASCADE, related_name="unanswered")
    query = models.CharField(_("質問文"), max_length=500)
    language = models.CharField(_("言語"), max_length=10, blank=True)
    best_entry = models.ForeignKey(FaqEntry, on_delete=models.SET_NULL, null=True, related_name="+")
    best_score = models.FloatField(_("最も近い回答の類似度"), null=True)
    vector = models.BinaryField(null=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    resolved_entry = models.ForeignKey(
        FaqEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("回答できなかった質問")
        verbose_name_plural = _("回答できなかった質問")

    def __str__(self) -> str:
        return self.query


class FaqInquiry(models.Model):
    """お問い合わせ: a resident's message to the unit that owns the collection, sent from the chat when
    nothing fitted."""

    class Status(models.TextChoices):
        NEW = "new", _("未対応")
        IN_PROGRESS = "in_progress", _("対応中")
        CLOSED = "closed", _("対応済み")

    collection = models.ForeignKey(FaqCollection, on_delete=models.PROTECT, related_name="inquiries")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="faq_inquiries")
    query = models.CharField(_("チャットでの質問"), max_length=500, blank=True)
    message = models.TextField(_("お問い合わせ内容"), max_length=4000)
    name = models.CharField(_("お名前"), max_length=100, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)
    phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    language = models.CharField(_("言語"), max_length=10, blank=True)
    status = models.CharField(_("状況"), max_length=20, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("FAQからのお問い合わせ")
        verbose_name_plural = _("FAQからのお問い合わせ")
        indexes = [models.Index(fields=["unit", "status"])]

    def __str__(self) -> str:
        return f"FAQ inquiry #{self.pk}"
