"""The catalogue driven by ckanapi's RemoteCKAN over HTTP, as a publisher's script or a re-user's
notebook would: the library must see a CKAN, including the exceptions it raises."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from ckanapi import CKANAPIError, NotAuthorized, NotFound, RemoteCKAN, SearchQueryError, ValidationError

from kencho.core.models import OrgUnit, User
from kencho.opendata.tests.factories import make_organization, make_token

CSV_CP932 = "名称,住所,収容人数\n津市役所,津市西丸之内23-1,500\n".encode("cp932")


@pytest.fixture
def site(
    live_server: Any, transactional_db: Any, settings: Any, tmp_path: Any, units: dict[str, OrgUnit]
) -> str:
    settings.KENCHO_BASE_URL = live_server.url
    settings.MEDIA_ROOT = tmp_path / "media"
    make_organization("mie-bosai", unit=units["section"])
    return str(live_server.url)


@pytest.fixture
def publisher(site: str, officer: User) -> Iterator[RemoteCKAN]:
    with RemoteCKAN(site, apikey=make_token(officer)) as ckan:
        yield ckan


@pytest.fixture
def anonymous(site: str) -> Iterator[RemoteCKAN]:
    with RemoteCKAN(site) as ckan:
        yield ckan


def test_a_script_publishes_finds_patches_uploads_and_deletes(
    publisher: RemoteCKAN, anonymous: RemoteCKAN, tmp_path: Any
) -> None:
    created = publisher.action.package_create(
        name="hinanjo",
        title="指定緊急避難場所",
        owner_org="mie-bosai",
        license_id="cc-by-4.0",
        tags=[{"name": "防災"}],
    )
    found = anonymous.action.package_search(q="避難場所", fq="tags:防災", **{"facet.field": ["tags"]})
    assert [package["id"] for package in found["results"]] == [created["id"]]
    assert found["search_facets"]["tags"]["items"] == [{"name": "防災", "display_name": "防災", "count": 1}]

    patched = publisher.action.package_patch(id="hinanjo", notes="津市内の指定緊急避難場所")
    assert (patched["notes"], patched["title"]) == ("津市内の指定緊急避難場所", "指定緊急避難場所")

    path = tmp_path / "hinanjo.csv"
    path.write_bytes(CSV_CP932)
    with path.open("rb") as upload:
        resource = publisher.action.resource_create(package_id=created["id"], name="一覧", upload=upload)
    assert (resource["url_type"], resource["format"], resource["size"]) == ("upload", "CSV", len(CSV_CP932))
    assert requests.get(resource["url"], timeout=10).content == CSV_CP932

    shown = anonymous.action.package_show(id="hinanjo")
    assert [r["id"] for r in shown["resources"]] == [resource["id"]]
    assert anonymous.action.resource_show(id=resource["id"])["name"] == "一覧"

    publisher.action.package_delete(id=created["id"])
    with pytest.raises(NotFound):
        anonymous.action.package_show(id="hinanjo")
    assert anonymous.action.package_list() == []


def test_get_only_clients_read_with_query_strings(publisher: RemoteCKAN, site: str) -> None:
    publisher.action.package_create(name="kanko", title="観光地一覧", owner_org="mie-bosai")
    with RemoteCKAN(site, get_only=True) as reader:
        found = reader.action.package_search(fq="organization:mie-bosai", rows=5, sort="name asc")
        assert [package["name"] for package in found["results"]] == ["kanko"]
        assert reader.action.organization_list(all_fields=True)[0]["package_count"] == 1
        assert reader.action.status_show()["ckan_version"].startswith("2.10")


def test_each_error_is_raised_as_ckanapis_own_exception(
    publisher: RemoteCKAN, anonymous: RemoteCKAN, site: str
) -> None:
    with pytest.raises(NotAuthorized):
        anonymous.action.package_create(name="hinanjo", owner_org="mie-bosai")
    with pytest.raises(NotAuthorized), RemoteCKAN(site, apikey="kencho_not-a-token") as stranger:
        stranger.action.package_list()
    with pytest.raises(NotFound) as missing:
        anonymous.action.package_show(id="nothing")
    assert "nothing" in str(missing.value)
    with pytest.raises(ValidationError) as invalid:
        publisher.action.package_create(name="Not A Name", owner_org="mie-bosai", tags="防災")
    assert {"name", "tags"} <= set(invalid.value.error_dict)
    with pytest.raises(SearchQueryError):
        anonymous.action.package_search(fq="colour:red")
    with pytest.raises(ValidationError) as too_many:
        anonymous.action.package_search(rows=5000)
    assert "rows" in too_many.value.error_dict
    with pytest.raises(CKANAPIError):
        anonymous.call_action("package_fly")


def test_a_file_that_cannot_be_read_is_a_validation_error_on_upload(publisher: RemoteCKAN) -> None:
    dataset = publisher.action.package_create(name="shinsui", title="浸水想定区域", owner_org="mie-bosai")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("shinsui.shp", b"not a shapefile")
    archive.seek(0)
    with pytest.raises(ValidationError) as refused:
        publisher.action.resource_create(package_id=dataset["id"], upload=("shinsui.zip", archive))
    assert "upload" in refused.value.error_dict
    assert publisher.action.package_show(id="shinsui")["num_resources"] == 0
