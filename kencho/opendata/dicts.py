"""Datasets, resources, organisations and groups as CKAN's API represents them.

The same dicts feed the Action API, the DCAT feeds and the dataset history, so a harvester, a
`ckanapi` script and the history page all see one shape. Times are naive UTC in CKAN's format.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .licenses import license_get, open_data_stars
from .models import Dataset, Group, Organization, Resource, ResourceState


def ckan_time(value: datetime.datetime | None) -> str | None:
    if value is None:
        return None
    if timezone.is_aware(value):
        value = value.astimezone(datetime.UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds")


def absolute_url(path: str) -> str:
    return settings.KENCHO_BASE_URL.rstrip("/") + path


def organization_dict(organization: Organization, *, package_count: int | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "id": str(organization.id),
        "name": organization.name,
        "title": organization.title_ja,
        "title_en": organization.title_en,
        "display_name": organization.title,
        "description": organization.description,
        "image_url": organization.image_url,
        "image_display_url": organization.image_url,
        "created": ckan_time(organization.created_at),
        "is_organization": True,
        "type": "organization",
        "state": "active" if organization.is_active else "deleted",
        "approval_status": "approved",
        "municipality_code": organization.municipality_code,
    }
    if package_count is not None:
        result["package_count"] = package_count
    return result


def group_dict(group: Group, *, package_count: int | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "id": str(group.id),
        "name": group.name,
        "title": group.title_ja,
        "title_en": group.title_en,
        "display_name": group.title,
        "description": group.description,
        "image_url": group.image_url,
        "image_display_url": group.image_url,
        "created": ckan_time(group.created_at),
        "is_organization": False,
        "type": "group",
        "state": "active",
        "approval_status": "approved",
    }
    if package_count is not None:
        result["package_count"] = package_count
    return result


def resource_download_url(resource: Resource) -> str:
    if not resource.file:
        return resource.url
    return absolute_url(
        reverse(
            "opendata:resource_download",
            kwargs={
                "dataset_id": resource.dataset_id,
                "resource_id": resource.id,
                "filename": resource.filename,
            },
        )
    )


def resource_dict(resource: Resource) -> dict[str, Any]:
    result: dict[str, Any] = {
        **resource.extras,
        "id": str(resource.id),
        "package_id": str(resource.dataset_id),
        "name": resource.name,
        "description": resource.description,
        "format": resource.format,
        "mimetype": resource.mimetype or None,
        "url": resource_download_url(resource),
        "url_type": resource.url_type or None,
        "size": resource.size,
        "hash": resource.hash,
        "position": resource.position,
        "state": resource.state,
        "created": ckan_time(resource.created),
        "last_modified": ckan_time(resource.last_modified),
        "metadata_modified": ckan_time(resource.metadata_modified),
        "datastore_active": False,
        "standard_dataset": resource.standard_dataset,
        "download_count": resource.download_count,
    }
    return result


def _active_resources(dataset: Dataset) -> list[Resource]:
    # Works with and without prefetch_related("resources"): filtering in Python keeps the prefetch.
    return [r for r in dataset.resources.all() if r.state == ResourceState.ACTIVE]


def package_dict(dataset: Dataset) -> dict[str, Any]:
    """The dataset as CKAN's package_show returns it. Expects organization selected and tags,
    groups and resources prefetched when called for many datasets."""
    licence = license_get(dataset.license_id)
    resources = _active_resources(dataset)
    tags = sorted(dataset.tags.all(), key=lambda tag: tag.name)
    return {
        "id": str(dataset.id),
        "name": dataset.name,
        "title": dataset.title,
        "title_en": dataset.title_en,
        "notes": dataset.notes,
        "notes_en": dataset.notes_en,
        "type": "dataset",
        "state": dataset.state,
        "private": dataset.private,
        "owner_org": str(dataset.organization_id),
        "organization": organization_dict(dataset.organization),
        "license_id": dataset.license_id,
        "license_title": licence.title_ja if licence else dataset.license_id,
        "license_url": licence.url if licence else "",
        "isopen": bool(licence and licence.is_open),
        "author": dataset.author,
        "author_email": dataset.author_email,
        "maintainer": dataset.maintainer,
        "maintainer_email": dataset.maintainer_email,
        "url": dataset.url,
        "version": dataset.version,
        "frequency": dataset.frequency,
        "spatial": dataset.spatial,
        "spatial_geojson": dataset.spatial_geojson,
        "temporal_start": dataset.temporal_start.isoformat() if dataset.temporal_start else "",
        "temporal_end": dataset.temporal_end.isoformat() if dataset.temporal_end else "",
        "creator_user_id": str(dataset.created_by_id) if dataset.created_by_id else None,
        "metadata_created": ckan_time(dataset.metadata_created),
        "metadata_modified": ckan_time(dataset.metadata_modified),
        "landing_page": absolute_url(reverse("opendata:dataset", kwargs={"name": dataset.name})),
        "open_data_stars": open_data_stars(
            license_id=dataset.license_id, formats=[r.format for r in resources]
        ),
        "tags": [
            {
                "id": str(tag.id),
                "name": tag.name,
                "display_name": tag.name,
                "state": "active",
                "vocabulary_id": None,
            }
            for tag in tags
        ],
        "num_tags": len(tags),
        "groups": [group_dict(group) for group in sorted(dataset.groups.all(), key=lambda g: g.name)],
        "extras": [{"key": key, "value": value} for key, value in sorted(dataset.extras.items())],
        "resources": [resource_dict(resource) for resource in resources],
        "num_resources": len(resources),
        "relationships_as_object": [],
        "relationships_as_subject": [],
    }
