"""Read-only admin views of OCR templates and batches (changes go through the staff pages, which
validate boxes against the form and audit every change)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Batch, FormTemplate


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FormTemplate)
class FormTemplateAdmin(ReadOnlyAdmin):
    list_display = ["name", "procedure", "unit", "updated_at"]
    list_filter = ["unit"]


@admin.register(Batch)
class BatchAdmin(ReadOnlyAdmin):
    list_display = ["public_id", "template", "status", "processed", "total", "created_at"]
    list_filter = ["status"]
