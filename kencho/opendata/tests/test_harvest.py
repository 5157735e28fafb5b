"""The catalogue harvested as ckanext-harvest's CKAN harvester harvests it (CKANHarvester.gather_stage
and _search_for_datasets): package_search paged by `start`, sorted by id, filtered by fq terms,
and on later runs only what changed since an hour before the last run began."""

from __future__ import annotations

import datetime
import json
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import timezone

from kencho.core.models import OrgUnit
from kencho.opendata.models import Dataset, Organization
from kencho.opendata.services import dataset_update
from kencho.opendata.tests.factories import make_dataset, make_organization

pytestmark = pytest.mark.django_db
SEARCH = "/api/3/action/package_search"  # the harvester's _get_search_api_offset() with API version 3


def search_for_datasets(
    client: Client, fq_terms: list[str], *, rows: int
) -> tuple[list[dict[str, Any]], int]:
    """CKANHarvester._search_for_datasets: the datasets, and how many requests it took."""
    params = {"rows": str(rows), "start": "0", "sort": "id asc"}
    if fq_terms:
        params["fq"] = " ".join(fq_terms)
    datasets: list[dict[str, Any]] = []
    seen: set[str] = set()
    previous = None
    requests = 0
    while True:
        response = client.get(SEARCH + "?" + urlencode(params))
        requests += 1
        assert response.status_code == 200, response.content
        assert response.content != previous, "the paging does not seem to work"
        previous = response.content
        page = json.loads(response.content)["result"]["results"]
        ids = [dataset["id"] for dataset in page]
        assert ids == sorted(ids)
        assert not set(ids) & seen, "a dataset was returned twice"
        seen |= set(ids)
        datasets.extend(page)
        if not page:
            return datasets, requests
        assert len(page) <= rows
        params["start"] = str(int(params["start"]) + int(params["rows"]))


def changes_since(last_run_started: datetime.datetime) -> str:
    """gather_stage's filter: an hour before the last error-free run began (naive UTC), as Solr reads it."""
    since = (last_run_started - datetime.timedelta(hours=1)).isoformat()
    return f"metadata_modified:[{since}Z TO *]"


def utc_now() -> datetime.datetime:
    return timezone.now().astimezone(datetime.UTC).replace(tzinfo=None)  # as harvest jobs store it


@pytest.fixture
def organizations(units: dict[str, OrgUnit]) -> list[Organization]:
    return [
        make_organization("mie-bosai", unit=units["section"]),
        make_organization("mie-kanko", unit=units["other"]),
    ]


@pytest.fixture
def published(organizations: list[Organization]) -> set[str]:
    """23 public datasets modified three hours ago, beside a private one, a draft and a deleted one."""
    ids = {str(make_dataset(organizations[number % 2]).id) for number in range(23)}
    make_dataset(organizations[0], private=True)
    make_dataset(organizations[0], state="draft")
    deleted = make_dataset(organizations[0])
    Dataset.objects.filter(pk=deleted.pk).update(state="deleted")
    Dataset.objects.update(metadata_modified=timezone.now() - datetime.timedelta(hours=3))
    return ids


@pytest.mark.parametrize("rows", [10, 23, 100])
def test_first_harvest_returns_every_public_dataset_exactly_once(
    client: Client, published: set[str], rows: int
) -> None:
    datasets, requests = search_for_datasets(client, ["+dataset_type:dataset"], rows=rows)
    assert {dataset["id"] for dataset in datasets} == published
    assert len(datasets) == 23
    assert requests == -(-23 // rows) + 1  # the pages, then the empty one that ends the loop
    assert all(dataset["resources"] == [] and dataset["organization"]["name"] for dataset in datasets)


def test_next_harvest_returns_only_what_changed_since_the_last_run(
    client: Client, published: set[str], organizations: list[Organization]
) -> None:
    last_run_started = utc_now()
    changed = sorted(published)[:3]
    for key in changed:
        dataset_update(actor=None, dataset=Dataset.objects.get(pk=key), data={"notes": "更新"}, partial=True)
    added = str(make_dataset(organizations[1]).id)

    datasets, _ = search_for_datasets(
        client, ["+dataset_type:dataset", changes_since(last_run_started)], rows=2
    )
    assert sorted(dataset["id"] for dataset in datasets) == sorted([*changed, added])
    assert all(dataset["notes"] == "更新" for dataset in datasets if dataset["id"] in changed)


def test_organisation_filters_of_the_harvest_configuration(
    client: Client, published: set[str], organizations: list[Organization]
) -> None:
    bosai = {key for key in published if Dataset.objects.get(pk=key).organization == organizations[0]}
    included, _ = search_for_datasets(client, ["organization:mie-bosai OR organization:nothing"], rows=10)
    excluded, _ = search_for_datasets(client, ["-organization:mie-kanko"], rows=10)
    assert {d["id"] for d in included} == {d["id"] for d in excluded} == bosai
