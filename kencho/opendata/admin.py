"""Platform administrators set up publishers and groups here; datasets change only through the
staff pages and the API, whose services validate, keep revisions and audit."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from kencho.core.audit import audit_record
from kencho.core.models import User

from .models import Dataset, Group, Organization
from .validation import name_problem


class _NamedForm(forms.ModelForm):
    """CKAN's rule for organisation and group names, as the API and the services apply it."""

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"])
        if problem := name_problem(name):
            raise ValidationError(f"{problem[0]} / {problem[1]}")
        return name


class _AuditedAdmin(admin.ModelAdmin):
    audit_prefix = ""
    form = _NamedForm

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit_record(
            action=f"opendata.{self.audit_prefix}_{'changed' if change else 'created'}",
            actor=cast(User, request.user),
            obj=obj,
            detail={"name": obj.name, "fields": sorted(form.changed_data)},
            request=request,
        )


@admin.register(Organization)
class OrganizationAdmin(_AuditedAdmin):
    audit_prefix = "organization"
    list_display = ["name", "title_ja", "unit", "municipality_code", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "title_ja", "title_en", "municipality_code"]
    filter_horizontal = ["editors"]
    autocomplete_fields = ["unit"]


@admin.register(Group)
class GroupAdmin(_AuditedAdmin):
    audit_prefix = "group"
    list_display = ["name", "title_ja", "title_en"]
    search_fields = ["name", "title_ja", "title_en"]


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    """Read-only overview for administrators."""

    list_display = ["name", "title", "organization", "state", "private", "metadata_modified"]
    list_filter = ["state", "private", "organization"]
    search_fields = ["name", "title"]
    readonly_fields = [f.name for f in Dataset._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Dataset | None = None) -> bool:
        return False
