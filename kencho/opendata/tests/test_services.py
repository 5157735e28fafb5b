"""Changing the catalogue: validation, revisions, audit, resources and the publish rule."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kencho.core.models import AuditEntry, OrgUnit, User
from kencho.opendata.errors import InvalidInput
from kencho.opendata.models import Dataset, DatasetState, Organization, Resource, ResourceState
from kencho.opendata.services import (
    dataset_create,
    dataset_delete,
    dataset_publish,
    dataset_update,
    group_create,
    organization_create,
    resource_delete,
    resource_download_record,
    resource_save,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def organization(units: dict[str, OrgUnit]) -> Organization:
    return organization_create(name="mie-bosai", title_ja="三重県 防災対策部", unit=units["division"])


def _create(actor: User, **fields: Any) -> Dataset:
    data = {"name": "tsunami-shinsui", "title": "津波浸水想定区域", "owner_org": "mie-bosai", **fields}
    return dataset_create(actor=actor, data=data)


def test_create_stores_fields_tags_groups_and_a_first_revision(
    officer: User, organization: Organization
) -> None:
    group_create(name="bosai", title_ja="防災", title_en="Disaster prevention")
    dataset = _create(
        officer,
        license_id="cc-by-4.0",
        tags=[{"name": "津波"}, {"name": "防災"}],
        groups=[{"name": "bosai"}],
        extras=[{"key": "調査年度", "value": "令和6年度"}],
        frequency="annual",
        temporal_start="2024-04-01",
    )
    assert dataset.organization == organization
    assert sorted(dataset.tags.values_list("name", flat=True)) == ["津波", "防災"]
    assert dataset.extras == {"調査年度": "令和6年度"}
    assert dataset.revisions.count() == 1
    assert " 津波 " in dataset.search_title
    assert AuditEntry.objects.filter(action="opendata.dataset_created", object_id=str(dataset.pk)).exists()


def test_every_problem_is_named_with_its_field_in_both_languages(
    officer: User, organization: Organization
) -> None:
    with pytest.raises(InvalidInput) as raised:
        dataset_create(
            actor=officer,
            data={
                "name": "Bad Name!",
                "owner_org": "nowhere",
                "license_id": "mine",
                "maintainer_email": "not-an-email",
                "url": "ftp://example.jp",
                "temporal_start": "2024-04-01",
                "temporal_end": "2023-04-01",
                "tags": [{"name": "<script>"}],
                "frequency": "sometimes",
            },
        )
    errors = raised.value.errors
    assert set(errors) == {
        "name", "owner_org", "license_id", "maintainer_email", "url", "temporal_end", "tags", "frequency",
    }  # fmt: skip
    for messages in errors.values():
        ja, en = messages[0]
        assert ja and en and ja != en
    assert not Dataset.objects.exists()


def test_a_taken_name_is_a_validation_error_not_a_crash(officer: User, organization: Organization) -> None:
    _create(officer)
    with pytest.raises(InvalidInput) as raised:
        _create(officer, title="別のデータ")
    assert "name" in raised.value.errors


def test_patch_changes_only_what_is_sent_and_update_clears_the_rest(
    officer: User, organization: Organization
) -> None:
    dataset = _create(officer, notes="説明", version="1.0", tags=[{"name": "津波"}])
    dataset = dataset_update(actor=officer, dataset=dataset, data={"title": "新しい題名"}, partial=True)
    assert (dataset.title, dataset.notes, dataset.version) == ("新しい題名", "説明", "1.0")
    assert dataset.tags.count() == 1
    dataset = dataset_update(
        actor=officer, dataset=dataset, data={"name": dataset.name, "owner_org": "mie-bosai"}, partial=False
    )
    assert (dataset.notes, dataset.version, dataset.tags.count()) == ("", "", 0)
    assert dataset.title == dataset.name  # CKAN's default title
    assert [r.number for r in dataset.revisions.all()] == [3, 2, 1]


def test_resource_list_in_an_update_keeps_listed_ids_and_removes_the_rest(
    officer: User, organization: Organization
) -> None:
    dataset = _create(
        officer,
        resources=[
            {"name": "一覧", "url": "https://example.jp/a.csv", "format": "csv"},
            {"name": "地図", "url": "https://example.jp/b.geojson"},
        ],
    )
    first, second = dataset.resources.order_by("position")
    assert first.format == "CSV"
    dataset_update(
        actor=officer,
        dataset=dataset,
        data={
            "resources": [
                {"id": str(second.id), "name": "地図（更新）", "url": "https://example.jp/c.geojson"}
            ]
        },
        partial=True,
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == ResourceState.DELETED
    assert (second.name, second.position) == ("地図（更新）", 0)


def test_uploaded_file_is_hashed_sized_and_typed(officer: User, organization: Organization) -> None:
    dataset = _create(officer)
    content = "施設名,緯度,経度\n津市役所,34.7303,136.5086\n".encode("cp932")
    resource = resource_save(
        actor=officer,
        dataset=dataset,
        data={"name": "施設一覧"},
        upload=SimpleUploadedFile("shisetsu.csv", content, content_type="text/csv"),
    )
    assert resource.size == len(content)
    assert len(resource.hash) == 64
    assert resource.format == "CSV"
    assert resource.url_type == "upload"
    assert resource.file.read() == content


def test_an_unreadable_table_is_refused_and_nothing_is_stored(
    officer: User, organization: Organization
) -> None:
    dataset = _create(officer)
    with pytest.raises(InvalidInput) as raised:
        resource_save(
            actor=officer,
            dataset=dataset,
            data={"name": "壊れた表"},
            upload=SimpleUploadedFile("broken.xlsx", b"PK\x03\x04 not really a workbook"),
        )
    assert "upload" in raised.value.errors
    assert not Resource.objects.exists()


def test_a_resource_needs_a_file_or_a_url(officer: User, organization: Organization) -> None:
    dataset = _create(officer)
    with pytest.raises(InvalidInput) as raised:
        resource_save(actor=officer, dataset=dataset, data={"name": "空"})
    assert "url" in raised.value.errors


def test_publish_unpublish_and_delete_keep_history(officer: User, organization: Organization) -> None:
    dataset = _create(officer, state="draft")
    assert dataset.state == DatasetState.DRAFT
    dataset = dataset_publish(actor=officer, dataset=dataset, publish=True)
    assert dataset.is_public
    dataset_delete(actor=officer, dataset=dataset)
    dataset.refresh_from_db()
    assert dataset.state == DatasetState.DELETED
    assert dataset.revisions.first().action == "dataset_deleted"  # type: ignore[union-attr]


def test_resource_delete_and_download_count(officer: User, organization: Organization) -> None:
    dataset = _create(officer, resources=[{"name": "一覧", "url": "https://example.jp/a.csv"}])
    resource = dataset.resources.get()
    resource_download_record(resource)
    resource_download_record(resource)
    resource.refresh_from_db()
    assert resource.download_count == 2
    resource_delete(actor=officer, resource=resource)
    resource.refresh_from_db()
    assert resource.state == ResourceState.DELETED


def test_organization_names_follow_ckan_rules(db: Any) -> None:
    with pytest.raises(InvalidInput):
        organization_create(name="三重県", title_ja="三重県")
