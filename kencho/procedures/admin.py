from __future__ import annotations

from typing import Any, cast

from django.contrib import admin
from django.http import HttpRequest

from kencho.core.audit import audit_record
from kencho.core.models import User

from .models import Application, Category, Procedure
from .services import procedure_reindex


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_ja", "name_en", "order"]


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = [
        "slug",
        "title_ja",
        "owning_unit",
        "is_published",
        "is_listed",
        "allow_guest",
        "processing_days",
    ]
    list_filter = ["is_published", "is_listed", "allow_guest", "category"]
    search_fields = ["slug", "title_ja", "title_en"]

    def save_model(self, request: HttpRequest, obj: Procedure, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        procedure_reindex(procedure=obj)


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-only: applications change only through the services, which audit every step."""

    list_display = ["receipt_number", "procedure", "status", "submitted_at", "due_date"]
    list_filter = ["status", "procedure"]
    search_fields = ["receipt_number"]
    readonly_fields = [f.name for f in Application._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> Any:
        application = self.get_object(request, object_id)
        if application is not None:
            audit_record(
                action="procedures.application_viewed",
                actor=cast(User, request.user),
                obj=application,
                unit_code=application.unit.code,
                detail={"what": "admin"},
                request=request,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def has_delete_permission(self, request: HttpRequest, obj: Application | None = None) -> bool:
        return False
