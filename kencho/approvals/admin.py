"""Administration of 決裁区分, route templates, the 専決 table, absences and deputies. Documents are
read-only here: they change only through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    Absence,
    DecisionCategory,
    DelegationRule,
    Deputy,
    Document,
    RouteTemplate,
    RouteTemplatePosition,
    RouteTemplateStage,
)


class DelegationRuleInline(admin.StackedInline):
    model = DelegationRule
    extra = 0


@admin.register(DecisionCategory)
class DecisionCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ja", "retention", "order", "is_active"]
    inlines = [DelegationRuleInline]


@admin.register(DelegationRule)
class DelegationRuleAdmin(admin.ModelAdmin):
    list_display = ["category", "level", "decider_title"]


class StageInline(admin.TabularInline):
    model = RouteTemplateStage
    extra = 0
    show_change_link = True


@admin.register(RouteTemplate)
class RouteTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "category"]
    inlines = [StageInline]


class PositionInline(admin.TabularInline):
    model = RouteTemplatePosition
    extra = 1


@admin.register(RouteTemplateStage)
class RouteTemplateStageAdmin(admin.ModelAdmin):
    list_display = ["template", "order", "kind"]
    inlines = [PositionInline]


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ["user", "starts_on", "ends_on", "reason"]
    list_filter = ["starts_on"]
    autocomplete_fields = ["user"]


@admin.register(Deputy)
class DeputyAdmin(admin.ModelAdmin):
    list_display = ["principal", "deputy", "valid_from", "valid_until"]
    autocomplete_fields = ["principal", "deputy"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "unit", "status", "frozen_at", "disposal_on"]
    list_filter = ["status"]
    search_fields = ["number", "title"]
    readonly_fields = [f.name for f in Document._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
