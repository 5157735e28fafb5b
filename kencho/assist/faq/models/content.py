"""FAQ collections and their entries, with translations and the stored embeddings of their phrasings."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kencho.core.i18n import in_language
from kencho.core.models import OrgUnit

from ..languages import TRANSLATION_LANGUAGES

_KEY = RegexValidator(r"^[a-z0-9][a-z0-9_-]*$", _("半角英小文字・数字・-・_ で入力してください。"))


class FaqCollection(models.Model):
    """One owner's set of questions and answers (観光, 県税, 職員ITヘルプデスク ...).

    `index_version` goes up whenever an entry or an embedding changes; every app process compares it
    with the version of its in-memory search index on each query and rebuilds when they differ. The
    fusion fields hold the values `manage.py faq_evaluate --save` chose; empty means the settings'
    defaults (KENCHO_FAQ_FUSION)."""

    class Audience(models.TextChoices):
        PUBLIC = "public", _("一般公開")
        STAFF = "staff", _("職員のみ")

    slug = models.SlugField(_("識別名"), max_length=60, unique=True)
    title_ja = models.CharField(_("名称"), max_length=100)
    title_en = models.CharField(_("英語名称"), max_length=150, blank=True)
    description_ja = models.TextField(_("説明"), blank=True)
    description_en = models.TextField(_("英語の説明"), blank=True)
    owner_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="faq_collections", verbose_name=_("担当所属")
    )
    handover_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("問い合わせの受付所属"),
        help_text=_("空欄のときは担当所属が受け付けます。"),
    )
    contact_note_ja = models.TextField(_("問い合わせ先の案内"), blank=True)
    contact_note_en = models.TextField(_("問い合わせ先の案内（英語）"), blank=True)
    audience = models.CharField(
        _("公開範囲"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    is_active = models.BooleanField(_("有効"), default=True)
    index_version = models.PositiveBigIntegerField(default=1, editable=False)
    # Retrieval settings chosen by faq_evaluate; null means the defaults in settings.
    rrf_k = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MinValueValidator(1)])
    bm25_weight = models.FloatField(null=True, blank=True, validators=[MinValueValidator(0)])
    bm25_weight_other_languages = models.FloatField(null=True, blank=True, validators=[MinValueValidator(0)])
    dense_weight = models.FloatField(null=True, blank=True, validators=[MinValueValidator(0)])
    no_match_threshold = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-1), MaxValueValidator(2)]
    )
    no_match_threshold_other_languages = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-1), MaxValueValidator(2)]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("FAQ集")
        verbose_name_plural = _("FAQ集")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_ja, self.title_en)

    @property
    def inquiry_unit_id(self) -> int:
        return self.handover_unit_id or self.owner_unit_id


class FaqCategory(models.Model):
    collection = models.ForeignKey(FaqCollection, on_delete=models.CASCADE, related_name="categories")
    name_ja = models.CharField(_("分類"), max_length=60)
    name_en = models.CharField(_("英語の分類名"), max_length=100, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["collection", "position", "id"]
        verbose_name = _("FAQの分類")
        verbose_name_plural = _("FAQの分類")
        constraints = [
            models.UniqueConstraint(fields=["collection", "name_ja"], name="faq_category_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_ja, self.name_en)


class FaqEntry(models.Model):
    """A question and its answer. `answer` is sanitised HTML (richtext.py: paragraphs, lists, links,
    emphasis). `alternative_questions` are other ways people ask the same thing; they are searched like
    the question. `key` is the entry's stable name for imports, exports and the labelled query set."""

    collection = models.ForeignKey(FaqCollection, on_delete=models.CASCADE, related_name="entries")
    key = models.CharField(_("キー"), max_length=80, validators=[_KEY])
    category = models.ForeignKey(
        FaqCategory, on_delete=models.SET_NULL, null=True, blank=True, related_name="entries"
    )
    question = models.CharField(_("質問"), max_length=300)
    answer = models.TextField(_("回答"))
    alternative_questions = models.JSONField(_("言い換え"), default=list, blank=True)
    easy_question = models.CharField(_("やさしい日本語の質問"), max_length=300, blank=True)
    easy_answer = models.TextField(_("やさしい日本語の回答"), blank=True)
    is_active = models.BooleanField(_("公開"), default=True)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["collection", "position", "id"]
        verbose_name = _("FAQ")
        verbose_name_plural = _("FAQ")
        constraints = [models.UniqueConstraint(fields=["collection", "key"], name="faq_entry_unique_key")]

    def __str__(self) -> str:
        return self.question

    @property
    def languages(self) -> list[str]:
        """The languages the entry can be served in: ja, "ja-easy" (やさしい日本語) and its translations.
        Reads prefetched translations when there are any."""
        codes = ["ja"]
        if self.easy_question and self.easy_answer:
            codes.append("ja-easy")
        codes += sorted(t.language for t in self.translations.all())
        return codes


class FaqTranslation(models.Model):
    entry = models.ForeignKey(FaqEntry, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("言語"), max_length=10, choices=TRANSLATION_LANGUAGES)
    question = models.CharField(_("質問"), max_length=300)
    answer = models.TextField(_("回答"))

    class Meta:
        ordering = ["entry", "language"]
        verbose_name = _("FAQの翻訳")
        verbose_name_plural = _("FAQの翻訳")
        constraints = [
            models.UniqueConstraint(fields=["entry", "language"], name="faq_translation_unique_language")
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.question}"


class FaqEmbedding(models.Model):
    """The sentence embeddings of an entry's phrasings (question, alternatives, easy Japanese and
    translated questions, in the order of `texts`), as little-endian float32 rows of `dimension`.
    `source_hash` covers the model and the texts, so a stale row is recognised and recomputed."""

    entry = models.OneToOneField(FaqEntry, on_delete=models.CASCADE, related_name="embedding")
    model_name = models.CharField(max_length=100)
    dimension = models.PositiveSmallIntegerField()
    texts = models.JSONField(default=list)
    vectors = models.BinaryField()
    source_hash = models.CharField(max_length=64)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("FAQの埋め込み")
        verbose_name_plural = _("FAQの埋め込み")

    def __str__(self) -> str:
        return f"{self.model_name} x{len(self.texts)} for entry {self.entry_id}"
