"""Platform administrators' view of the FAQ. Entry edits go through the services, which raise the index
version (so every process rebuilds its search index) and schedule the embeddings. Inquiries hold
personal data and are not shown here: staff read them through access.inquiry_for_staff (audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .index import index_version_bump
from .models import FaqCategory, FaqCollection, FaqEntry, FaqTranslation, FaqUnansweredQuery
from .richtext import sanitize_answer
from .services import schedule_embedding


@admin.register(FaqCollection)
class FaqCollectionAdmin(admin.ModelAdmin):
    list_display = ["slug", "title_ja", "owner_unit", "audience", "is_active", "index_version"]
    list_filter = ["audience", "is_active"]
    search_fields = ["slug", "title_ja", "title_en"]


@admin.register(FaqCategory)
class FaqCategoryAdmin(admin.ModelAdmin):
    list_display = ["name_ja", "name_en", "collection", "position"]
    list_filter = ["collection"]


class FaqTranslationInline(admin.TabularInline):
    model = FaqTranslation
    extra = 0


@admin.register(FaqEntry)
class FaqEntryAdmin(admin.ModelAdmin):
    list_display = ["key", "question", "collection", "category", "is_active", "updated_at"]
    list_filter = ["collection", "is_active"]
    search_fields = ["key", "question"]
    inlines = [FaqTranslationInline]

    def save_model(self, request: HttpRequest, obj: FaqEntry, form: Any, change: bool) -> None:
        obj.answer = sanitize_answer(obj.answer)
        if obj.easy_answer:
            obj.easy_answer = sanitize_answer(obj.easy_answer)
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        entry: FaqEntry = form.instance
        for translation in entry.translations.all():
            cleaned = sanitize_answer(translation.answer)
            if cleaned != translation.answer:
                FaqTranslation.objects.filter(pk=translation.pk).update(answer=cleaned)
        index_version_bump(entry.collection_id)
        schedule_embedding(collection=entry.collection, entry_ids=[entry.pk])

    def delete_model(self, request: HttpRequest, obj: FaqEntry) -> None:
        collection_id = obj.collection_id
        super().delete_model(request, obj)
        index_version_bump(collection_id)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[FaqEntry]) -> None:
        collection_ids = set(queryset.values_list("collection_id", flat=True))
        super().delete_queryset(request, queryset)
        for collection_id in collection_ids:
            index_version_bump(collection_id)


@admin.register(FaqUnansweredQuery)
class FaqUnansweredQueryAdmin(admin.ModelAdmin):
    list_display = ["query", "collection", "language", "best_score", "created_at", "resolved_at"]
    list_filter = ["collection", "language"]
    readonly_fields = ["collection", "query", "language", "best_entry", "best_score", "created_at"]
    exclude = ["vector"]
