"""Writes of form definitions and versions. A published version never changes: a new draft is a new
version, so answers stored against an old version can always be read with the questions they
answered."""

from __future__ import annotations

import copy
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from kencho.core.audit import audit_record
from kencho.core.models import OrgUnit, User

from .definition import DefinitionError, definition_validate, localized
from .models import FormDefinition, FormVersion

EXPORT_FORMAT = "kencho.form/1"


class FormVersionPublished(ValueError):
    """A published version was about to be changed."""

    def __init__(self, version: FormVersion) -> None:
        super().__init__(f"{version} is published and cannot be changed; create a new draft instead.")
        self.version = version


def _unit_code(definition: FormDefinition) -> str:
    return definition.owner_unit.code if definition.owner_unit is not None else ""


def form_definition_create(
    *,
    slug: str,
    title_ja: str,
    title_en: str = "",
    owner_unit: OrgUnit | None,
    schema: dict[str, Any] | None = None,
    actor: User | None,
) -> FormDefinition:
    """Create a definition; with `schema`, also its first draft version."""
    if schema is not None:
        definition_validate(schema)
    with transaction.atomic():
        definition = FormDefinition.objects.create(
            slug=slug, title_ja=title_ja, title_en=title_en, owner_unit=owner_unit
        )
        audit_record(
            action="forms.definition_created",
            actor=actor,
            obj=definition,
            unit_code=_unit_code(definition),
            detail={"slug": slug},
        )
        if schema is not None:
            form_version_create_draft(definition=definition, schema=schema, actor=actor)
    return definition


def form_version_create_draft(
    *, definition: FormDefinition, schema: dict[str, Any], actor: User | None
) -> FormVersion:
    """A new draft version with the next number."""
    definition_validate(schema)
    with transaction.atomic():
        locked = FormDefinition.objects.select_for_update().get(pk=definition.pk)
        last = locked.versions.aggregate(last=Max("number"))["last"] or 0
        version = FormVersion.objects.create(
            definition=locked, number=last + 1, schema=copy.deepcopy(schema), created_by=actor
        )
        audit_record(
            action="forms.version_created",
            actor=actor,
            obj=version,
            unit_code=_unit_code(locked),
            detail={"slug": locked.slug, "number": version.number},
        )
    return version


def form_version_update_draft(
    *, version: FormVersion, schema: dict[str, Any], actor: User | None
) -> FormVersion:
    """Replace a draft's questions. Refuses a published version (FormVersionPublished)."""
    definition_validate(schema)
    with transaction.atomic():
        locked = (
            FormVersion.objects.select_for_update(of=("self",))
            .select_related("definition__owner_unit")
            .get(pk=version.pk)
        )
        if locked.is_published:
            raise FormVersionPublished(locked)
        locked.schema = copy.deepcopy(schema)
        locked.save(update_fields=["schema"])
        FormDefinition.objects.filter(pk=locked.definition_id).update(updated_at=timezone.now())
        audit_record(
            action="forms.version_updated",
            actor=actor,
            obj=locked,
            unit_code=_unit_code(locked.definition),
            detail={"slug": locked.definition.slug, "number": locked.number},
        )
    version.schema = locked.schema
    return locked


def form_version_publish(*, version: FormVersion, actor: User | None) -> FormVersion:
    """Publish a draft: from now on it is the version new answers are asked with, and it is frozen."""
    with transaction.atomic():
        locked = (
            FormVersion.objects.select_for_update(of=("self",))
            .select_related("definition__owner_unit")
            .get(pk=version.pk)
        )
        if locked.is_published:
            raise FormVersionPublished(locked)
        definition_validate(locked.schema)
        locked.published_at = timezone.now()
        locked.save(update_fields=["published_at"])
        definition = locked.definition
        title = locked.schema.get("title", {})
        definition.title_ja = localized(title, "ja") or definition.title_ja
        definition.title_en = title.get("en", definition.title_en)
        definition.save(update_fields=["title_ja", "title_en", "updated_at"])
        audit_record(
            action="forms.version_published",
            actor=actor,
            obj=locked,
            unit_code=_unit_code(definition),
            detail={"slug": definition.slug, "number": locked.number},
        )
    version.published_at = locked.published_at
    return locked


def form_definition_export(definition: FormDefinition) -> dict[str, Any]:
    """A JSON document to share the form with another municipality: the current published version,
    or the latest draft when nothing is published yet."""
    from .selectors import form_version_current, form_version_draft

    version = form_version_current(definition) or form_version_draft(definition)
    return {
        "export_format": EXPORT_FORMAT,
        "slug": definition.slug,
        "title_ja": definition.title_ja,
        "title_en": definition.title_en,
        "version": version.number if version else None,
        "schema": copy.deepcopy(version.schema) if version else None,
    }


def form_definition_import(
    *, data: dict[str, Any], owner_unit: OrgUnit | None, actor: User | None, slug: str = ""
) -> FormDefinition:
    """Create a definition with one draft version from an export. Raises DefinitionError listing every
    problem (with JSON paths) when the document cannot be used."""
    problems = []
    if not isinstance(data, dict):
        raise DefinitionError(["$: an export must be a JSON object."])
    if data.get("export_format") != EXPORT_FORMAT:
        problems.append(f'$.export_format: expected "{EXPORT_FORMAT}"; export the form from Kencho again.')
    slug = slug or data.get("slug") or ""
    if not isinstance(slug, str) or not slug:
        problems.append("$.slug: give the form a slug (lower-case letters, digits and hyphens).")
    elif FormDefinition.objects.filter(slug=slug).exists():
        problems.append(f"$.slug: a form {slug!r} already exists here; choose another slug.")
    schema = data.get("schema")
    if not isinstance(schema, dict):
        problems.append("$.schema: the export holds no form definition.")
    else:
        try:
            definition_validate(schema)
        except DefinitionError as exc:
            problems += [problem.replace("$", "$.schema", 1) for problem in exc.problems]
    if problems:
        raise DefinitionError(problems)
    assert isinstance(schema, dict)  # noqa: S101 - narrowed by the checks above
    title = schema.get("title", {})
    with transaction.atomic():
        definition = form_definition_create(
            slug=slug,
            title_ja=str(data.get("title_ja") or localized(title, "ja"))[:200],
            title_en=str(data.get("title_en") or title.get("en", ""))[:200],
            owner_unit=owner_unit,
            schema=schema,
            actor=actor,
        )
        audit_record(
            action="forms.definition_imported",
            actor=actor,
            obj=definition,
            unit_code=_unit_code(definition),
            detail={"slug": slug, "from_version": data.get("version")},
        )
    return definition
