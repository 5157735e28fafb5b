"""Reads of form definitions and versions."""

from __future__ import annotations

from django.db.models import QuerySet

from kencho.core.models import User

from .models import FormDefinition, FormVersion


def form_version_current(definition: FormDefinition) -> FormVersion | None:
    """The latest published version: the one new answers are asked with."""
    return definition.versions.filter(published_at__isnull=False).order_by("-number").first()


def form_version_draft(definition: FormDefinition) -> FormVersion | None:
    """The unpublished version being edited, if there is one."""
    return definition.versions.filter(published_at__isnull=True).order_by("-number").first()


def form_definitions_for_staff(*, viewer: User) -> QuerySet[FormDefinition]:
    """The definitions a staff member may build: those of the units they are a member of today."""
    from .access import staff_unit_ids

    definitions = FormDefinition.objects.select_related("owner_unit").order_by("slug")
    if viewer.is_superuser:
        return definitions
    return definitions.filter(owner_unit_id__in=staff_unit_ids(viewer))
