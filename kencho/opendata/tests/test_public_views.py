"""The public catalogue pages: search with facets and paging, a dataset, a resource's preview, the
organisation and group pages, and downloads, as a visitor and as an editor sees them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from kencho.conftest import staff_client
from kencho.core.models import OrgUnit, User
from kencho.opendata.models import Organization, Resource
from kencho.opendata.tests.factories import (
    make_dataset,
    make_file_resource,
    make_group,
    make_link_resource,
    make_organization,
)

pytestmark = pytest.mark.django_db

GEOJSON = json.dumps(
    {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [136.5086, 34.7303]},
                "properties": {"名称": "津市役所", "収容人数": 500},
            },
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [136.6, 34.9]},
                "properties": {"名称": "<b>鈴鹿</b>", "収容人数": None},
            },
        ],
    },
    ensure_ascii=False,
).encode()


@pytest.fixture
def organization(units: dict[str, OrgUnit]) -> Organization:
    return make_organization(
        "mie-bosai", title_ja="三重県 防災対策部", title_en="Mie Disaster Management", unit=units["section"]
    )


@pytest.fixture
def city() -> Organization:
    return make_organization("tsu-city", title_ja="津市")


def text_of(response: Any) -> str:
    return response.content.decode()


def titles(response: Any) -> list[str]:
    return [dataset.title for dataset, _formats in response.context["rows"]]


# --- Search -----------------------------------------------------------------------------------------


def test_a_japanese_word_finds_the_dataset_written_with_other_okurigana(organization: Organization) -> None:
    make_dataset(organization, title="転入届の件数", notes="市町ごとの引越しの届出件数です。")
    make_dataset(organization, title="避難所一覧")

    response = Client().get("/dataset/", {"q": "引っ越し"})

    assert response.status_code == 200
    assert titles(response) == ["転入届の件数"]
    assert "「引っ越し」の検索結果 1 件" in text_of(response)


def test_chosen_facets_combine_and_the_counts_follow_them(
    organization: Organization, city: Organization
) -> None:
    disaster = make_dataset(organization, title="避難所 CSV", tags=[{"name": "防災"}])
    make_link_resource(disaster, format="CSV")
    pdf_only = make_dataset(organization, title="避難所 PDF", tags=[{"name": "防災"}])
    make_link_resource(pdf_only, format="PDF", url="https://example.jp/a.pdf")
    make_dataset(city, title="観光地一覧", tags=[{"name": "観光"}])

    everything = Client().get("/dataset/")
    organizations = {e.value: e.count for f in everything.context["facet_groups"] for e in f["shown"]}
    assert organizations["mie-bosai"] == 2 and organizations["tsu-city"] == 1

    response = Client().get("/dataset/", {"tags": "防災", "res_format": "CSV"})

    assert titles(response) == ["避難所 CSV"]
    assert response.context["result"].count == 1
    page = text_of(response)
    assert re.search(r'name="tags" value="防災" checked', page)
    assert "（この条件を外す）" in page  # each chosen filter can be removed by a link
    remove_links = [item["remove_query"] for item in response.context["active_filters"]]
    assert "res_format=CSV" in remove_links  # dropping 防災 keeps CSV
    formats = {f["name"]: f for f in response.context["facet_groups"]}["res_format"]
    assert [(e.value, e.count, e.selected) for e in formats["shown"]] == [("CSV", 1, True)]


def test_results_are_paged_twenty_at_a_time(organization: Organization) -> None:
    for number in range(25):
        make_dataset(organization, name=f"toukei-{number:02d}", title=f"統計 {number:02d}")

    first = Client().get("/dataset/", {"sort": "title_string asc"})
    second = Client().get("/dataset/", {"sort": "title_string asc", "page": "2"})

    assert len(first.context["rows"]) == 20
    assert titles(second) == [f"統計 {n}" for n in range(20, 25)]
    assert "25 件のデータセット（21〜25 件目）" in text_of(second)
    assert 'aria-current="page"><span class="visually-hidden">ページ </span>2</a>' in text_of(second)
    assert 'rel="prev"' in text_of(second)


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "-3"},
        {"page": "9" * 40},
        {"sort": "password desc"},
        {"sort": "title_string asc; DROP TABLE"},
        {"tags": 'a" OR name:*'},
        {"res_format": "CSV\\"},
        {"organization": "x" * 500},
        {"q": "避難" * 400},
        {"groups": ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"]},
    ],
)
def test_bad_parameters_are_ignored_with_a_notice(organization: Organization, params: dict[str, Any]) -> None:
    make_dataset(organization, title="避難所一覧")

    response = Client().get("/dataset/", params)

    assert response.status_code == 200
    assert response.context["form"].notices
    assert '<p class="notice">' in text_of(response)


def test_control_characters_in_the_query_are_dropped(organization: Organization) -> None:
    make_dataset(organization, title="避難所一覧")

    response = Client().get("/dataset/", {"q": "避難所\x00\u200b"})

    assert response.status_code == 200
    assert titles(response) == ["避難所一覧"]


def test_a_page_past_the_end_links_to_the_last_page(organization: Organization) -> None:
    make_dataset(organization, title="避難所一覧")

    response = Client().get("/dataset/", {"page": "400", "q": "避難所"})

    assert response.status_code == 200
    assert "このページには結果がありません。" in text_of(response)
    assert 'href="?page=1&amp;q=%E9%81%BF%E9%9B%A3%E6%89%80">最後のページへ' in text_of(response)


@pytest.mark.parametrize("query", ["unknown_field:1", 'title:"open', "metadata_modified:[yesterday TO *]"])
def test_a_query_the_search_cannot_read_is_explained_with_status_400(
    organization: Organization, query: str
) -> None:
    response = Client().get("/dataset/", {"q": query, "tags": "防災"})

    assert response.status_code == 400
    page = text_of(response)
    assert "検索条件を読めませんでした" in page
    assert 'type="hidden" name="tags" value="防災"' in page  # the chosen filters survive a retry


def test_drafts_and_private_datasets_are_not_found_by_the_public_search(organization: Organization) -> None:
    make_dataset(organization, title="公開済み 避難所")
    make_dataset(organization, title="下書き 避難所", state="draft")
    make_dataset(organization, title="非公開 避難所", private=True)

    response = Client().get("/dataset/", {"q": "避難所"})

    assert titles(response) == ["公開済み 避難所"]


# --- A dataset ----------------------------------------------------------------------------------------


def test_the_dataset_page_shows_licence_attribution_stars_and_alternate_links(
    organization: Organization,
) -> None:
    make_group("bosai", title_ja="防災")
    dataset = make_dataset(
        organization,
        name="hinanjo",
        title="指定緊急避難場所",
        notes="1行目\n<script>alert(1)</script>",
        license_id="cc-by-4.0",
        tags=[{"name": "避難所"}],
        groups=[{"name": "bosai"}],
        frequency="annual",
        temporal_start="2024-04-01",
        spatial="三重県",
        maintainer="防災企画課",
        maintainer_email="bosai@pref.mie.lg.jp",
    )
    make_link_resource(dataset, format="CSV")

    response = Client().get("/dataset/hinanjo/")

    assert response.status_code == 200
    page = text_of(response)
    assert "出典：三重県 防災対策部「指定緊急避難場所」（クリエイティブ・コモンズ 表示 4.0 国際）" in page
    assert response.context["stars"] == 3
    assert "5段階中 3" in page and "特定のソフトウェアに依存しない形式です。" in page
    assert '<link rel="alternate" type="application/ld+json" href="/dataset/hinanjo.jsonld"' in page
    assert 'type="text/turtle" href="/dataset/hinanjo.ttl"' in page
    assert 'type="application/rdf+xml" href="/dataset/hinanjo.rdf"' in page
    assert "<p>1行目<br>&lt;script&gt;" in page  # plain text: escaped, line breaks kept
    assert "毎年" in page and "2024-04-01" in page and "bosai@pref.mie.lg.jp" in page
    assert 'href="/group/bosai/"' in page and 'href="/organization/mie-bosai/"' in page
    assert "ダウンロード数" in page


def test_the_dataset_page_speaks_english_when_asked(organization: Organization) -> None:
    make_dataset(
        organization, name="hinanjo", title="避難所", title_en="Evacuation sites", license_id="pdl-1.0"
    )
    client = Client()
    client.cookies["kencho_language"] = "en"

    page = text_of(client.get("/dataset/hinanjo/"))
    search = text_of(client.get("/dataset/", {"q": "避難所"}))

    assert '<html lang="en">' in page
    assert "<h1>Evacuation sites</h1>" in page
    assert "Source: Mie Disaster Management, “Evacuation sites”, used under the Public Data License" in page
    assert "1 star out of 5" in page and "Published under an open licence." in page
    assert "<title>1 result for “避難所” | Find datasets" in search
    assert ">Mie Disaster Management</span>" in search  # the publisher's English name, also in facets


def test_drafts_and_private_datasets_are_not_found_by_the_public(organization: Organization) -> None:
    make_dataset(organization, name="draft-one", state="draft")
    make_dataset(organization, name="private-one", private=True)

    assert Client().get("/dataset/draft-one/").status_code == 404
    assert Client().get("/dataset/private-one/").status_code == 404
    assert Client().get("/dataset/no-such-dataset/").status_code == 404


def test_an_editor_sees_the_draft_with_a_banner(organization: Organization, officer: User) -> None:
    make_dataset(organization, name="draft-one", state="draft")

    response = staff_client(officer).get("/dataset/draft-one/")

    assert response.status_code == 200
    assert "<strong>下書き</strong>" in text_of(response)
    assert '<meta name="robots" content="noindex">' in text_of(response)


# --- A resource -----------------------------------------------------------------------------------------


def resource_path(resource: Resource) -> str:
    return f"/dataset/{resource.dataset_id}/resource/{resource.id}/"


def test_a_shift_jis_csv_is_shown_as_a_table_and_a_chart(organization: Organization) -> None:
    dataset = make_dataset(organization, name="jinko")
    content = "市町,人口,備考\n津市,274000,県庁所在地\n四日市市,311000,①工業\n".encode("cp932")
    resource = make_file_resource(dataset, filename="jinko.csv", content=content)

    response = Client().get(resource_path(resource))

    assert response.status_code == 200
    page = text_of(response)
    assert "Shift_JIS（CP932）" in page
    assert '<th scope="col">人口</th>' in page
    assert "<td>四日市市</td>" in page and "①工業" in page
    assert "全 2 行のうち 1〜2 行目" in page
    assert 'role="img"' in page and "<svg" in page  # the chart of 人口, with the table as its text
    assert response.context["chart_column"] == 1


@pytest.mark.parametrize("params", [{"page": "x"}, {"page": "999"}, {"column": "0"}, {"column": "-"}])
def test_table_parameters_out_of_range_still_show_the_table(
    organization: Organization, params: dict[str, str]
) -> None:
    resource = make_file_resource(make_dataset(organization), content="名前,数\nあ,1\nい,2\n".encode())

    response = Client().get(resource_path(resource), params)

    assert response.status_code == 200
    assert "<td>い</td>" in text_of(response)


def test_a_file_that_cannot_be_read_any_more_gives_a_message_not_an_error(organization: Organization) -> None:
    resource = make_file_resource(make_dataset(organization), content="名前,数\nあ,1\n".encode())
    with open(resource.file.path, "wb") as stored:
        stored.write(b"\x00\x01\x02binary")
    missing = make_file_resource(make_dataset(organization), content="名前,数\nあ,1\n".encode())
    Path(missing.file.path).unlink()

    damaged = Client().get(resource_path(resource))
    gone = Client().get(resource_path(missing))

    assert damaged.status_code == 200 and "CSV として読めないファイルです" in text_of(damaged)
    assert gone.status_code == 200 and "ファイルを読み込めませんでした" in text_of(gone)


def test_a_geojson_resource_gets_a_map_and_a_table_of_its_features(organization: Organization) -> None:
    dataset = make_dataset(organization, name="hinanjo-map")
    resource = make_file_resource(dataset, filename="hinanjo.geojson", content=GEOJSON)
    geojson_path = f"{resource_path(resource)}preview.geojson"

    response = Client().get(resource_path(resource))
    served = Client().get(geojson_path)

    page = text_of(response)
    assert f'data-geojson-url="{geojson_path}"' in page
    assert 'role="region"' in page and 'aria-label="地図：hinanjo.geojson"' in page
    assert 'data-bounds="136.508600,34.730300,136.600000,34.900000"' in page
    assert "<td>津市役所</td>" in page and "<td>&lt;b&gt;鈴鹿&lt;/b&gt;</td>" in page
    assert "leaflet.js" in page and "opendata/map.js" in page
    assert served.status_code == 200 and served["Content-Type"] == "application/geo+json"
    assert json.loads(served.getvalue())["features"][0]["properties"]["名称"] == "津市役所"


def test_the_preview_geojson_of_a_draft_is_not_served_to_the_public(
    organization: Organization, officer: User
) -> None:
    dataset = make_dataset(organization, state="draft")
    resource = make_file_resource(dataset, filename="hinanjo.geojson", content=GEOJSON)
    geojson_path = f"{resource_path(resource)}preview.geojson"

    assert Client().get(geojson_path).status_code == 404
    assert Client().get(resource_path(resource)).status_code == 404
    assert staff_client(officer).get(geojson_path).status_code == 200


def test_a_resource_under_another_dataset_is_not_found(organization: Organization) -> None:
    resource = make_link_resource(make_dataset(organization))
    other = make_dataset(organization)

    assert Client().get(f"/dataset/{other.id}/resource/{resource.id}/").status_code == 404


def test_downloading_counts_the_download(organization: Organization) -> None:
    dataset = make_dataset(organization, name="count-me")
    uploaded = make_file_resource(dataset, filename="a.csv")
    linked = make_link_resource(dataset)

    file_response = Client().get(f"{resource_path(uploaded)}download/a.csv")
    link_response = Client().get(f"{resource_path(linked)}download/download")

    assert file_response.status_code == 200
    assert file_response.getvalue() == "名称,所在地\n津市民会館,津市\n".encode()
    assert link_response.status_code == 302 and link_response["Location"] == "https://example.jp/data.csv"
    uploaded.refresh_from_db()
    linked.refresh_from_db()
    assert (uploaded.download_count, linked.download_count) == (1, 1)
    assert "ダウンロード数</dt><dd>1</dd>" in text_of(Client().get("/dataset/count-me/"))


# --- Organisations and groups -------------------------------------------------------------------------


def test_the_organisation_page_lists_only_its_datasets_and_can_be_searched(
    organization: Organization, city: Organization
) -> None:
    make_dataset(organization, title="避難所一覧")
    make_dataset(organization, title="防災倉庫一覧")
    make_dataset(city, title="津市の避難所")

    listing = Client().get("/organization/mie-bosai/")
    searched = Client().get("/organization/mie-bosai/", {"q": "避難所"})

    assert sorted(titles(listing)) == sorted(["避難所一覧", "防災倉庫一覧"])
    assert titles(searched) == ["避難所一覧"]
    assert "<h1>三重県 防災対策部</h1>" in text_of(listing)
    assert "organization" not in {f["name"] for f in listing.context["facet_groups"]}
    assert Client().get("/organization/nowhere/").status_code == 404
    assert "三重県 防災対策部" in text_of(Client().get("/organization/"))


def test_the_group_page_lists_the_datasets_of_the_group(
    organization: Organization, city: Organization
) -> None:
    make_group("bosai", title_ja="防災", title_en="Disaster prevention")
    make_dataset(organization, title="避難所一覧", groups=[{"name": "bosai"}])
    make_dataset(city, title="津市の避難所", groups=[{"name": "bosai"}])
    make_dataset(city, title="観光地一覧")

    response = Client().get("/group/bosai/")

    assert sorted(titles(response)) == sorted(["津市の避難所", "避難所一覧"])
    assert Client().get("/group/nowhere/").status_code == 404
    assert "防災" in text_of(Client().get("/group/"))
