"""Read-mostly admin views: notices and numbers are made and cancelled only through the services."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Notice, NoticeBatch, NoticeTemplate, NumberingScheme


@admin.register(NumberingScheme)
class NumberingSchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "prefix", "symbol", "pattern", "year_basis", "is_active"]
    list_filter = ["year_basis", "is_active"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(NoticeTemplate)
class NoticeTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "kind", "numbering_scheme", "is_active"]
    list_filter = ["kind", "is_active"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(NoticeBatch)
class NoticeBatchAdmin(admin.ModelAdmin):
    list_display = ["template", "status", "total", "done", "failed", "created_at"]
    readonly_fields = [f.name for f in NoticeBatch._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["number", "application", "status", "issue_date", "issued_by"]
    list_filter = ["status"]
    search_fields = ["number", "application__receipt_number"]
    readonly_fields = [f.name for f in Notice._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
