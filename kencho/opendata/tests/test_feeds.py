"""DCAT feeds as a harvester reads them: the paged catalogue and single datasets."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone
from rdflib import Graph, Literal, Namespace, URIRef

from kencho.core.models import OrgUnit, User
from kencho.opendata.models import Dataset
from kencho.opendata.services import dataset_create, organization_create
from kencho.opendata.views import feeds

pytestmark = pytest.mark.django_db
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")


@pytest.fixture
def datasets(units: dict[str, OrgUnit], officer: User) -> list[Dataset]:
    organization_create(name="mie-bosai", title_ja="三重県 防災対策部", unit=units["division"])
    created = []
    for number in range(3):
        created.append(
            dataset_create(
                actor=officer,
                data={
                    "name": f"hinanjo-{number}",
                    "title": f"指定緊急避難場所一覧 {number}",
                    "owner_org": "mie-bosai",
                    "license_id": "cc-by-4.0",
                    "resources": [
                        {"name": "一覧", "url": f"https://example.jp/{number}.csv", "format": "CSV"}
                    ],
                },
            )
        )
    dataset_create(
        actor=officer,
        data={"name": "secret", "title": "非公開", "owner_org": "mie-bosai", "private": True},
    )
    return created


@pytest.mark.parametrize(("fmt", "parser"), [("jsonld", "json-ld"), ("ttl", "turtle"), ("rdf", "xml")])
def test_catalogue_lists_public_datasets_in_every_format(
    client: Client, datasets: list[Dataset], fmt: str, parser: str
) -> None:
    response = client.get(f"/catalog.{fmt}")
    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format=parser)
    titles = {str(o) for o in graph.objects(None, DCT.title) if isinstance(o, Literal) and o.language == "ja"}
    assert {f"指定緊急避難場所一覧 {n}" for n in range(3)} <= titles
    assert "非公開" not in titles
    assert len(set(graph.subjects(None, DCAT.Dataset))) == 3


def test_catalogue_pages_with_hydra_links_and_modified_since(
    client: Client, datasets: list[Dataset], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feeds, "PAGE_SIZE", 2)
    first = Graph().parse(data=client.get("/catalog.ttl").content, format="turtle")
    assert len(set(first.subjects(None, DCAT.Dataset))) == 2
    next_links = [str(o) for o in first.objects(None, HYDRA.next)]
    assert next_links and next_links[0].endswith("/catalog.ttl?page=2")
    second = Graph().parse(data=client.get("/catalog.ttl?page=2").content, format="turtle")
    assert len(set(second.subjects(None, DCAT.Dataset))) == 1

    Dataset.objects.filter(name="hinanjo-0").update(
        metadata_modified=timezone.now() - datetime.timedelta(days=30)
    )
    since = (timezone.now() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    recent = Graph().parse(data=client.get(f"/catalog.ttl?modified_since={since}").content, format="turtle")
    identifiers = {str(o) for o in recent.objects(None, DCT.identifier)}
    assert not any(value.endswith(str(datasets[0].id)) for value in identifiers)
    assert len(set(recent.subjects(None, DCAT.Dataset))) == 2


@pytest.mark.parametrize("query", ["page=0", "page=abc", "modified_since=yesterday"])
def test_bad_paging_parameters_are_a_clear_400(client: Client, datasets: list[Dataset], query: str) -> None:
    response = client.get(f"/catalog.jsonld?{query}")
    assert response.status_code == 400
    message = response.json()["errors"][0]["message"]
    assert message["ja"] and message["en"]


def test_single_dataset_feed_and_private_dataset_is_not_found(
    client: Client, datasets: list[Dataset]
) -> None:
    response = client.get("/dataset/hinanjo-1.jsonld")
    assert response.status_code == 200
    json.loads(response.content)
    graph = Graph().parse(data=response.content, format="json-ld")
    distributions = list(graph.objects(None, DCAT.distribution))
    assert len(distributions) == 1
    assert (distributions[0], DCAT.downloadURL, URIRef("https://example.jp/1.csv")) in graph
    assert client.get("/dataset/secret.ttl").status_code == 404
    assert client.get("/dataset/hinanjo-1.xml").status_code == 404
