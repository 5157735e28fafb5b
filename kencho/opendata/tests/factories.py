"""Catalogue test data made through the services, so that every object is as the API would make it
(search fields, revisions, audit). Override any field by keyword."""

from __future__ import annotations

import itertools
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from kencho.core.models import OrgUnit, User
from kencho.core.tokens import api_token_create
from kencho.opendata.models import Dataset, Group, Organization, Resource
from kencho.opendata.services import dataset_create, group_create, organization_create, resource_save

_numbers = itertools.count(1)


def make_organization(name: str = "mie-bosai", *, unit: OrgUnit | None = None, **fields: Any) -> Organization:
    fields.setdefault("title_ja", f"三重県 {name}")
    return organization_create(name=name, unit=unit, **fields)


def make_group(name: str = "bosai", **fields: Any) -> Group:
    fields.setdefault("title_ja", "防災")
    return group_create(name=name, **fields)


def make_dataset(organization: Organization, *, actor: User | None = None, **fields: Any) -> Dataset:
    """A published dataset; `name` defaults to a fresh "dataset-<n>"."""
    number = next(_numbers)
    data = {
        "name": f"dataset-{number}",
        "title": f"指定緊急避難場所一覧 {number}",
        "owner_org": organization.name,
        "license_id": "cc-by-4.0",
        **fields,
    }
    return dataset_create(actor=actor, data=data)


def make_link_resource(dataset: Dataset, *, actor: User | None = None, **fields: Any) -> Resource:
    data = {"name": "一覧", "url": "https://example.jp/data.csv", "format": "CSV", **fields}
    return resource_save(actor=actor, dataset=dataset, data=data)


def make_file_resource(
    dataset: Dataset,
    *,
    filename: str = "hinanjo.csv",
    content: bytes = "名称,所在地\n津市民会館,津市\n".encode(),
    actor: User | None = None,
    **fields: Any,
) -> Resource:
    upload = SimpleUploadedFile(filename, content)
    return resource_save(actor=actor, dataset=dataset, data={"name": filename, **fields}, upload=upload)


def make_token(user: User) -> str:
    """A raw API token ("kencho_...") for `user`."""
    return api_token_create(user=user, name="test")[1]


def make_sample_catalogue(*, units: dict[str, OrgUnit], officer: User, other_officer: User) -> None:
    """mie-bosai (run by `officer`'s section) with public "tsunami" and "hinanjo", private "naibu"
    and draft "shitagaki"; mie-kanko (run by `other_officer`'s unit) with "kankochi"; group "bosai"
    holding "tsunami". Resources are links: GEOJSON for tsunami, CSV and PDF for hinanjo, CSV for
    kankochi."""
    bosai = make_organization("mie-bosai", unit=units["section"])
    kanko = make_organization("mie-kanko", unit=units["other"])
    make_group("bosai")
    link = {"name": "データ", "url": "https://example.jp/data"}
    make_dataset(
        bosai,
        actor=officer,
        name="tsunami",
        title="津波浸水想定区域",
        tags=[{"name": "津波"}, {"name": "防災"}],
        groups=[{"name": "bosai"}],
        resources=[{**link, "format": "GEOJSON"}],
    )
    make_dataset(
        bosai,
        actor=officer,
        name="hinanjo",
        title="指定緊急避難場所",
        license_id="pdl-1.0",
        tags=[{"name": "防災"}],
        resources=[{**link, "format": "CSV"}, {**link, "format": "PDF"}],
    )
    make_dataset(
        kanko,
        actor=other_officer,
        name="kankochi",
        title="観光地一覧",
        tags=[{"name": "観光"}],
        resources=[{**link, "format": "CSV"}],
    )
    make_dataset(bosai, actor=officer, name="naibu", title="内部資料", private=True)
    make_dataset(bosai, actor=officer, name="shitagaki", title="下書き", state="draft")
