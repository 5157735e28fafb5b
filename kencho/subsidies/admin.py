"""Programmes and cases are changed through the staff pages (their services lock the budget and
audit); the admin only shows them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Case, Programme


class ReadOnlyAdmin(admin.ModelAdmin):  # shared by two models
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ["title_ja", "owning_unit", "opens_at", "closes_at", "budget", "committed", "is_published"]
    search_fields = ["title_ja", "slug"]


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = [
        "pk",
        "programme",
        "business",
        "applicant",
        "granted_amount",
        "confirmed_amount",
        "paid_amount",
    ]
    list_filter = ["programme"]
    list_select_related = ["programme", "business", "applicant"]
