"""Dataset search: Japanese words, filters, facets, sorting and who sees what."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from kencho.core.models import OrgUnit, User
from kencho.opendata.errors import InvalidInput, SearchQueryError
from kencho.opendata.models import Dataset
from kencho.opendata.selectors import SearchParameters, dataset_search
from kencho.opendata.services import dataset_create, group_create, organization_create

pytestmark = pytest.mark.django_db
ANONYMOUS = AnonymousUser()


@pytest.fixture
def catalogue(units: dict[str, OrgUnit], officer: User) -> dict[str, Dataset]:
    organization_create(name="mie-bosai", title_ja="三重県 防災対策部", unit=units["division"])
    organization_create(name="tsu-city", title_ja="津市", municipality_code="242012")
    group_create(name="bosai", title_ja="防災")
    group_create(name="kanko", title_ja="観光")

    def make(name: str, title: str, owner: str, formats: list[str], tags: list[str], **extra: Any) -> Dataset:
        return dataset_create(
            actor=officer,
            data={
                "name": name,
                "title": title,
                "owner_org": owner,
                "license_id": extra.pop("license_id", "cc-by-4.0"),
                "tags": [{"name": tag} for tag in tags],
                "resources": [
                    {"url": f"https://example.jp/{name}.{f.lower()}", "format": f} for f in formats
                ],
                **extra,
            },
        )

    return {
        "tsunami": make("tsunami", "津波浸水想定区域", "mie-bosai", ["SHP", "PDF"], ["津波", "防災"],
                        groups=[{"name": "bosai"}]),
        "hinanjo": make("hinanjo", "指定緊急避難場所一覧", "mie-bosai", ["CSV"], ["防災", "避難所"],
                        groups=[{"name": "bosai"}], notes="津波の際の避難先"),
        "kanko": make("kanko", "観光施設一覧", "tsu-city", ["CSV", "XLSX"], ["観光"],
                      groups=[{"name": "kanko"}], license_id="pdl-1.0"),
        "moving": make("moving", "引越し手続の件数", "tsu-city", ["CSV"], ["統計"], notes="申込の件数"),
        "draft": make("draft", "津波 下書き", "mie-bosai", ["CSV"], ["津波"], state="draft"),
        "private": make("private", "津波 非公開", "mie-bosai", ["CSV"], ["津波"], private=True),
    }  # fmt: skip


def _names(params: SearchParameters, viewer: Any = ANONYMOUS) -> list[str]:
    return [d.name for d in dataset_search(viewer=viewer, params=params).datasets]


def test_japanese_spelling_variants_find_each_other(catalogue: dict[str, Dataset]) -> None:
    assert _names(SearchParameters(q="引っ越し")) == ["moving"]
    assert _names(SearchParameters(q="申し込み")) == ["moving"]


def test_title_matches_rank_above_matches_in_the_description(catalogue: dict[str, Dataset]) -> None:
    assert _names(SearchParameters(q="津波")) == ["tsunami", "hinanjo"]


def test_filters_combine_with_negation_and_alternatives(catalogue: dict[str, Dataset]) -> None:
    assert _names(SearchParameters(fq="tags:防災 -res_format:PDF")) == ["hinanjo"]
    assert sorted(_names(SearchParameters(fq="groups:(bosai OR kanko)"))) == ["hinanjo", "kanko", "tsunami"]
    assert _names(SearchParameters(fq="organization:tsu-city license_id:pdl-1.0")) == ["kanko"]
    assert _names(SearchParameters(q="res_format:xlsx")) == ["kanko"]


def test_metadata_modified_range_as_harvesters_send_it(catalogue: dict[str, Dataset]) -> None:
    Dataset.objects.filter(name="tsunami").update(
        metadata_modified=timezone.now() - datetime.timedelta(days=10)
    )
    since = (timezone.now() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    names = _names(SearchParameters(fq=f"metadata_modified:[{since} TO *]", sort="id asc", rows=100))
    assert sorted(names) == ["hinanjo", "kanko", "moving"]


def test_facets_count_the_matching_datasets(catalogue: dict[str, Dataset]) -> None:
    result = dataset_search(
        viewer=ANONYMOUS,
        params=SearchParameters(
            fq="groups:bosai", facet_fields=["tags", "res_format", "organization", "license_id"]
        ),
    )
    facets = {field: {item.name: item.count for item in items} for field, items in result.facets.items()}
    assert facets["tags"] == {"防災": 2, "津波": 1, "避難所": 1}
    assert facets["res_format"] == {"SHP": 1, "PDF": 1, "CSV": 1}
    assert facets["organization"] == {"mie-bosai": 2}
    assert facets["license_id"] == {"cc-by-4.0": 2}


def test_facet_limit_and_mincount(catalogue: dict[str, Dataset]) -> None:
    result = dataset_search(
        viewer=ANONYMOUS, params=SearchParameters(facet_fields=["tags"], facet_limit=1, facet_mincount=1)
    )
    assert [(item.name, item.count) for item in result.facets["tags"]] == [("防災", 2)]
    result = dataset_search(
        viewer=ANONYMOUS, params=SearchParameters(facet_fields=["tags"], facet_mincount=2)
    )
    assert [item.name for item in result.facets["tags"]] == ["防災"]


def test_paging_and_sorting(catalogue: dict[str, Dataset]) -> None:
    everything = _names(SearchParameters(sort="name asc", rows=10))
    assert everything == ["hinanjo", "kanko", "moving", "tsunami"]
    assert _names(SearchParameters(sort="name asc", rows=2, start=2)) == ["moving", "tsunami"]
    assert dataset_search(viewer=ANONYMOUS, params=SearchParameters(rows=0)).count == 4


def test_drafts_and_private_datasets_only_for_their_editors_when_asked(
    catalogue: dict[str, Dataset], officer: User, other_officer: User
) -> None:
    asking = SearchParameters(q="津波", include_private=True, include_drafts=True, sort="name asc")
    assert _names(asking, officer) == ["draft", "hinanjo", "private", "tsunami"]
    assert _names(asking, other_officer) == ["hinanjo", "tsunami"]
    assert _names(SearchParameters(q="津波", sort="name asc"), officer) == ["hinanjo", "tsunami"]


@pytest.mark.parametrize(
    "params",
    [
        SearchParameters(fq="author_phone:1"),
        SearchParameters(sort="popularity desc"),
        SearchParameters(facet_fields=["maintainer"]),
    ],
)
def test_unreadable_searches_are_search_query_errors(
    catalogue: dict[str, Dataset], params: SearchParameters
) -> None:
    with pytest.raises(SearchQueryError):
        dataset_search(viewer=ANONYMOUS, params=params)


def test_rows_over_the_limit_is_a_validation_error(catalogue: dict[str, Dataset]) -> None:
    with pytest.raises(InvalidInput) as raised:
        dataset_search(viewer=ANONYMOUS, params=SearchParameters(rows=1001, start=-1))
    assert set(raised.value.errors) == {"rows", "start"}


def test_facet_counts_follow_every_change_to_the_catalogue(
    catalogue: dict[str, Dataset], officer: User
) -> None:
    from kencho.opendata.services import dataset_update

    def tag_counts() -> dict[str, int]:
        result = dataset_search(viewer=ANONYMOUS, params=SearchParameters(facet_fields=["tags"]))
        return {item.name: item.count for item in result.facets["tags"]}

    assert tag_counts()["防災"] == 2
    assert tag_counts()["防災"] == 2  # the second search is answered from the cache
    dataset_update(actor=officer, dataset=catalogue["kanko"], data={"tags": [{"name": "防災"}]}, partial=True)
    assert tag_counts()["防災"] == 3
