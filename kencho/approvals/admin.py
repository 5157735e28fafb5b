"""Administration of 決裁区分, route templates, the 専決 table, absences and deputies. Documents are
read-only here: they change only through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from kencho.core.audit import audit_record
from kencho.core.models import User

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


class AuditedAdmin(admin.ModelAdmin):
    """Changes to the rules of approval (categories, the 専決 table, routes, absences, deputies) are
    audited like every other write: who changed what, with the changed fields."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                action=f"approvals.{obj._meta.model_name}_{'changed' if change else 'created'}",
                actor=request.user if isinstance(request.user, User) else None,
                obj=obj,
                detail={"changed": list(form.changed_data), "value": str(obj)},
                request=request,
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            audit_record(
                action=f"approvals.{obj._meta.model_name}_deleted",
                actor=request.user if isinstance(request.user, User) else None,
                obj=obj,
                detail={"value": str(obj)},
                request=request,
            )
            super().delete_model(request, obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            if formset.has_changed():
                audit_record(
                    action=f"approvals.{formset.model._meta.model_name}_saved",
                    actor=request.user if isinstance(request.user, User) else None,
                    obj=form.instance,
                    detail={"rows": len(formset.forms)},
                    request=request,
                )


class DelegationRuleInline(admin.StackedInline):
    model = DelegationRule
    extra = 0


@admin.register(DecisionCategory)
class DecisionCategoryAdmin(AuditedAdmin):
    list_display = ["code", "name_ja", "retention", "order", "is_active"]
    inlines = [DelegationRuleInline]


@admin.register(DelegationRule)
class DelegationRuleAdmin(AuditedAdmin):
    list_display = ["category", "level", "decider_title"]


class StageInline(admin.TabularInline):
    model = RouteTemplateStage
    extra = 0
    show_change_link = True


@admin.register(RouteTemplate)
class RouteTemplateAdmin(AuditedAdmin):
    list_display = ["name", "category"]
    inlines = [StageInline]


class PositionInline(admin.TabularInline):
    model = RouteTemplatePosition
    extra = 1


@admin.register(RouteTemplateStage)
class RouteTemplateStageAdmin(AuditedAdmin):
    list_display = ["template", "order", "kind"]
    inlines = [PositionInline]


@admin.register(Absence)
class AbsenceAdmin(AuditedAdmin):
    list_display = ["user", "starts_on", "ends_on", "reason"]
    list_filter = ["starts_on"]
    autocomplete_fields = ["user"]


@admin.register(Deputy)
class DeputyAdmin(AuditedAdmin):
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
