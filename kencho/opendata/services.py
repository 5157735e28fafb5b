"""Every change to the catalogue: datasets, resources, organisations and groups.

Each service runs in one transaction, keeps a revision of the dataset as CKAN would show it, and
writes an audit entry. A dataset is published ("active") only when each of its resources that
declares a 自治体標準オープンデータセット passes that standard's checks.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from kencho.core.audit import audit_record
from kencho.core.models import OrgUnit, User
from kencho.core.search import search_document

from .dicts import package_dict
from .errors import InvalidInput
from .files import INSPECT_LIMIT_BYTES, FileFacts, file_inspect
from .models import (
    Dataset,
    DatasetRevision,
    DatasetState,
    Group,
    Organization,
    Resource,
    ResourceState,
    Tag,
)
from .validation import dataset_input_clean, name_problem, resource_input_clean

_DATASET_SCALAR_FIELDS = (
    "name", "title", "title_en", "notes", "notes_en", "author", "author_email", "maintainer",
    "maintainer_email", "url", "version", "frequency", "spatial", "spatial_geojson", "temporal_start",
    "temporal_end", "private", "license_id", "state", "extras", "organization",
)  # fmt: skip


def _search_fields(dataset: Dataset) -> None:
    resources = dataset.resources.filter(state=ResourceState.ACTIVE)
    parts = [
        dataset.title,
        dataset.title_en,
        dataset.notes,
        dataset.notes_en,
        dataset.spatial,
        dataset.organization.title_ja,
        dataset.organization.title_en,
        *dataset.tags.values_list("name", flat=True),
        *(f"{g.title_ja} {g.title_en}" for g in dataset.groups.all()),
        *(f"{r.name} {r.description}" for r in resources),
        *(str(value) for value in dataset.extras.values()),
    ]
    dataset.search_title = f" {search_document(dataset.title + ' ' + dataset.title_en)} "
    dataset.search_document = f" {search_document(chr(10).join(p for p in parts if p))} "


def _revision(dataset: Dataset, *, actor: User | None, action: str) -> None:
    dataset.refresh_from_db()
    last = dataset.revisions.aggregate(last=Max("number"))["last"] or 0
    DatasetRevision.objects.create(
        dataset=dataset, number=last + 1, action=action, actor=actor, snapshot=package_dict(dataset)
    )


def _audit(
    action: str, *, actor: User | None, dataset: Dataset, detail: dict[str, Any] | None = None
) -> None:
    unit = dataset.organization.unit
    audit_record(
        action=f"opendata.{action}",
        actor=actor,
        obj=dataset,
        unit_code=unit.code if unit else "",
        detail={"name": dataset.name, **(detail or {})},
    )


def _check_publishable(dataset: Dataset) -> None:
    if dataset.state != DatasetState.ACTIVE:
        return
    failing = [r for r in dataset.resources.filter(state=ResourceState.ACTIVE) if r.has_validation_errors]
    if failing:
        names = "、".join(r.name or str(r.id) for r in failing)
        raise InvalidInput(
            errors={
                "state": [
                    (
                        f"リソース「{names}」が自治体標準オープンデータセットの検査に通っていないため公開できません。"
                        "検査結果を見て修正したファイルを登録し直してください。",
                        f'Resource "{names}" does not pass its standard dataset checks, so the dataset '
                        "cannot be published. Read the check report and upload a corrected file.",
                    )
                ]
            }
        )


def _name_taken(name: str) -> InvalidInput:
    return InvalidInput(
        errors={
            "name": [
                (f"URL名「{name}」は既に使われています。別の名前にしてください。",
                 f'The name "{name}" is already in use. Choose another name.'),
            ]
        }
    )  # fmt: skip


def _apply_dataset_fields(dataset: Dataset, cleaned: dict[str, Any]) -> None:
    for key in _DATASET_SCALAR_FIELDS:
        if key in cleaned:
            setattr(dataset, key, cleaned[key])


def _apply_relations(dataset: Dataset, cleaned: dict[str, Any], *, actor: User | None) -> None:
    if "tags" in cleaned:
        dataset.tags.set([Tag.objects.get_or_create(name=name)[0] for name in cleaned["tags"]])
    if "groups" in cleaned:
        dataset.groups.set(cleaned["groups"])
    if "resources" in cleaned:
        _replace_resources(dataset, cleaned["resources"], actor=actor)


def _replace_resources(dataset: Dataset, items: list[dict[str, Any]], *, actor: User | None) -> None:
    """CKAN's rule for a resource list in package_update: listed ids are updated, other existing
    resources are deleted, items without an id are created (as links; files go via resource_create)."""
    existing = {str(r.id): r for r in dataset.resources.filter(state=ResourceState.ACTIVE)}
    errors = InvalidInput()
    kept: set[str] = set()
    for position, item in enumerate(items):
        try:
            values = resource_input_clean(item, partial=False)
        except InvalidInput as problem:
            for key, messages in problem.errors.items():
                errors.errors.setdefault(f"resources[{position}].{key}", []).extend(messages)
            continue
        resource = existing.get(str(item.get("id", "")))
        if resource is None:
            resource = Resource(dataset=dataset)
            if item.get("id"):
                resource.id = item["id"]
        else:
            kept.add(str(resource.id))
            if resource.file and "url" in values and values["url"] == "":
                values.pop("url")
        for key, value in values.items():
            setattr(resource, key, value)
        resource.position = position
        resource.metadata_modified = timezone.now()
        resource.save()
    if errors:
        raise errors
    now = timezone.now()
    for key, resource in existing.items():
        if key not in kept:
            Resource.objects.filter(pk=resource.pk).update(state=ResourceState.DELETED, metadata_modified=now)


def _save_dataset(dataset: Dataset) -> None:
    try:
        with transaction.atomic():
            dataset.save()
    except IntegrityError as error:
        raise _name_taken(dataset.name) from error


def _finish(dataset: Dataset, *, actor: User | None, action: str) -> Dataset:
    dataset.metadata_modified = timezone.now()
    _search_fields(dataset)
    _check_publishable(dataset)
    dataset.save()
    _revision(dataset, actor=actor, action=action)
    _audit(action, actor=actor, dataset=dataset)
    return dataset


def dataset_create(*, actor: User | None, data: dict[str, Any]) -> Dataset:
    """CKAN's package_create. `actor` may publish for the organisation (checked by the caller
    through access.organization_for_editor)."""
    cleaned = dataset_input_clean(data, partial=False)
    with transaction.atomic():
        dataset = Dataset(created_by=actor, state=DatasetState.ACTIVE)
        if data.get("id"):
            dataset.id = data["id"]
        _apply_dataset_fields(dataset, cleaned)
        _save_dataset(dataset)
        _apply_relations(dataset, cleaned, actor=actor)
        return _finish(dataset, actor=actor, action="dataset_created")


def dataset_update(*, actor: User | None, dataset: Dataset, data: dict[str, Any], partial: bool) -> Dataset:
    """CKAN's package_update (partial=False: fields left out are cleared) and package_patch."""
    cleaned = dataset_input_clean(data, partial=partial)
    with transaction.atomic():
        dataset = Dataset.objects.select_for_update().select_related("organization").get(pk=dataset.pk)
        _apply_dataset_fields(dataset, cleaned)
        _save_dataset(dataset)
        _apply_relations(dataset, cleaned, actor=actor)
        return _finish(dataset, actor=actor, action="dataset_updated")


def dataset_publish(*, actor: User | None, dataset: Dataset, publish: bool) -> Dataset:
    return dataset_update(
        actor=actor, dataset=dataset, data={"state": "active" if publish else "draft"}, partial=True
    )


def dataset_delete(*, actor: User | None, dataset: Dataset) -> None:
    """CKAN's package_delete: the dataset is marked deleted and disappears from every listing, but
    its revisions and files are kept for the record."""
    with transaction.atomic():
        dataset = Dataset.objects.select_for_update().select_related("organization").get(pk=dataset.pk)
        dataset.state = DatasetState.DELETED
        dataset.metadata_modified = timezone.now()
        dataset.save(update_fields=["state", "metadata_modified"])
        _revision(dataset, actor=actor, action="dataset_deleted")
        _audit("dataset_deleted", actor=actor, dataset=dataset)


def _store_file(resource: Resource, upload: UploadedFile, facts: FileFacts) -> None:
    from django.core.files.base import ContentFile

    resource.file.save(upload.name or "data", upload, save=False)
    resource.size = facts.size
    resource.hash = facts.sha256
    resource.mimetype = facts.mimetype
    if not resource.format:
        resource.format = facts.format
    resource.url = ""
    resource.last_modified = timezone.now()
    resource.validation_report = facts.standard_report
    if facts.geojson is not None:
        import json

        payload = json.dumps(facts.geojson, ensure_ascii=False, separators=(",", ":")).encode()
        resource.preview_geojson.save("preview.geojson", ContentFile(payload), save=False)
    else:
        resource.preview_geojson = None  # clears the field


def _stored_file_report(resource: Resource) -> dict[str, Any] | None:
    """The stored file checked against the resource's (possibly just changed) standard, so a report
    always belongs to the standard it names."""
    if not resource.standard_dataset or not resource.file:
        return None
    from .standards.validation import validate_standard_csv

    with resource.file.open("rb") as stored:
        content = stored.read(INSPECT_LIMIT_BYTES + 1)
    if len(content) > INSPECT_LIMIT_BYTES:
        return None
    return validate_standard_csv(content, resource.standard_dataset).as_dict()


def _delete_stored(resource: Resource) -> None:
    """Remove files saved for a change that was then rolled back."""
    for field_file in (resource.file, resource.preview_geojson):
        if field_file and field_file.name:
            field_file.storage.delete(field_file.name)


def resource_save(
    *,
    actor: User | None,
    dataset: Dataset,
    data: dict[str, Any],
    upload: UploadedFile | None = None,
    resource: Resource | None = None,
    partial: bool = False,
) -> Resource:
    """CKAN's resource_create (resource=None), resource_update and resource_patch (partial=True)."""
    values = resource_input_clean(data, partial=partial)
    facts = None
    if upload is not None:
        standard = values.get("standard_dataset", resource.standard_dataset if resource else "")
        facts = file_inspect(upload, declared_format=values.get("format", ""), standard_dataset=standard)
    creating = resource is None
    new = Resource(dataset=dataset) if resource is None else resource
    if creating and data.get("id"):
        new.id = data["id"]
    try:
        with transaction.atomic():
            dataset = Dataset.objects.select_for_update().select_related("organization").get(pk=dataset.pk)
            if creating:
                new.position = dataset.resources.filter(state=ResourceState.ACTIVE).count()
            for key, value in values.items():
                setattr(new, key, value)
            if upload is not None and facts is not None:
                _store_file(new, upload, facts)
            elif "url" in values and values["url"] and new.file:
                new.file = None  # a link replaces the uploaded file
                new.preview_geojson = None
            if not new.file and not new.url:
                raise InvalidInput(
                    errors={
                        "url": [
                            ("ファイルを添付するか、URLを指定してください。", "Attach a file or give a URL.")
                        ]
                    }
                )
            if upload is None and "standard_dataset" in values:
                new.validation_report = _stored_file_report(new)
            new.metadata_modified = timezone.now()
            new.save()
            _finish(dataset, actor=actor, action="resource_created" if creating else "resource_updated")
    except BaseException:
        if upload is not None:
            _delete_stored(new)
        raise
    return new


def resource_delete(*, actor: User | None, resource: Resource) -> None:
    with transaction.atomic():
        dataset = (
            Dataset.objects.select_for_update().select_related("organization").get(pk=resource.dataset_id)
        )
        Resource.objects.filter(pk=resource.pk).update(
            state=ResourceState.DELETED, metadata_modified=timezone.now()
        )
        _finish(dataset, actor=actor, action="resource_deleted")


def resource_download_record(resource: Resource) -> None:
    """Count one download. A single UPDATE, so concurrent downloads are all counted."""
    Resource.objects.filter(pk=resource.pk).update(download_count=F("download_count") + 1)


def organization_create(
    *,
    name: str,
    title_ja: str,
    title_en: str = "",
    unit: OrgUnit | None = None,
    municipality_code: str = "",
    description: str = "",
    actor: User | None = None,
) -> Organization:
    if problem := name_problem(name):
        raise InvalidInput(errors={"name": [problem]})
    with transaction.atomic():
        organization = Organization.objects.create(
            name=name,
            title_ja=title_ja,
            title_en=title_en,
            unit=unit,
            municipality_code=municipality_code,
            description=description,
        )
        audit_record(
            action="opendata.organization_created", actor=actor, obj=organization, detail={"name": name}
        )
    return organization


def group_create(
    *, name: str, title_ja: str, title_en: str = "", description: str = "", actor: User | None = None
) -> Group:
    if problem := name_problem(name):
        raise InvalidInput(errors={"name": [problem]})
    with transaction.atomic():
        group = Group.objects.create(name=name, title_ja=title_ja, title_en=title_en, description=description)
        audit_record(action="opendata.group_created", actor=actor, obj=group, detail={"name": name})
    return group
