"""Changing the catalogue through the CKAN Action API: who may, what is kept, and uploads."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kencho.core.models import AuditEntry, OrgUnit, User
from kencho.opendata.ckan.actions import WRITE_ACTIONS
from kencho.opendata.models import Dataset, Organization, Resource
from kencho.opendata.tests.factories import make_organization, make_sample_catalogue, make_token
from kencho.opendata.tests.test_ckan_api import BASE, error, get, post, result, url

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings: Any, tmp_path: Any) -> None:
    settings.KENCHO_BASE_URL = BASE
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def bosai(units: dict[str, OrgUnit]) -> Organization:
    return make_organization("mie-bosai", unit=units["section"])


@pytest.fixture
def token(officer: User) -> str:
    return make_token(officer)


@pytest.fixture
def catalogue(units: dict[str, OrgUnit], officer: User, other_officer: User) -> None:
    make_sample_catalogue(units=units, officer=officer, other_officer=other_officer)


# --- Who is calling ---------------------------------------------------------------------------------


def test_the_token_is_read_raw_as_bearer_or_as_x_ckan_api_key(
    client: Client, catalogue: None, token: str
) -> None:
    for headers in (
        {"Authorization": token},
        {"Authorization": f"Bearer {token}"},
        {"X-CKAN-API-Key": token},
    ):
        assert result(client.get(url("package_show"), {"id": "naibu"}, headers=headers))["private"] is True


def test_an_invalid_token_is_an_authorization_error_even_for_reads(client: Client) -> None:
    for headers in ({"Authorization": "kencho_nope"}, {"Authorization": "Bearer x"}, {"X-CKAN-API-Key": "x"}):
        error(client.get(url("package_list"), headers=headers), 403, "Authorization Error")


def test_a_session_cookie_is_not_a_caller(client: Client, bosai: Organization, officer: User) -> None:
    client.force_login(officer)
    error(
        post(client, "package_create", {"name": "x-1", "owner_org": "mie-bosai"}), 403, "Authorization Error"
    )


@pytest.mark.parametrize("name", sorted(WRITE_ACTIONS))
def test_every_write_needs_a_token(client: Client, catalogue: None, name: str) -> None:
    tsunami = Dataset.objects.get(name="tsunami")
    data = {
        "id": str(tsunami.resources.get().id) if "resource" in name else "tsunami",
        "package_id": "tsunami",
        "name": "new-name",
        "owner_org": "mie-bosai",
        "url": "https://example.jp/x",
    }
    message = error(post(client, name, data), 403, "Authorization Error")["message"]
    assert message.startswith("Access denied: ")


def test_another_units_officer_may_not_publish_for_or_change_the_organisation(
    client: Client, catalogue: None, other_officer: User
) -> None:
    other = make_token(other_officer)
    resource_id = str(Dataset.objects.get(name="tsunami").resources.get().id)
    error(
        post(client, "package_create", {"name": "x-1", "owner_org": "mie-bosai"}, other),
        403,
        "Authorization Error",
    )
    for name, data in [
        ("package_update", {"id": "tsunami", "title": "改ざん"}),
        ("package_patch", {"id": "tsunami", "title": "改ざん"}),
        ("package_delete", {"id": "tsunami"}),
        ("resource_create", {"package_id": "tsunami", "url": "https://example.jp/x"}),
        ("resource_patch", {"id": resource_id, "name": "改ざん"}),
        ("resource_delete", {"id": resource_id}),
        ("package_patch", {"id": "kankochi", "owner_org": "mie-bosai"}),
    ]:
        error(post(client, name, data, other), 403, "Authorization Error")
    error(post(client, "package_patch", {"id": "naibu", "title": "x"}, other), 404, "Not Found Error")
    assert Dataset.objects.get(name="tsunami").title == "津波浸水想定区域"


# --- Writes ------------------------------------------------------------------------------------------


def test_package_create_returns_the_dataset_and_is_audited_once(
    client: Client, bosai: Organization, token: str, officer: User
) -> None:
    data = {
        "name": "kasen",
        "title": "河川水位",
        "owner_org": "mie-bosai",
        "tags": [{"name": "河川"}],
        "extras": [{"key": "更新", "value": "毎時"}],
        "resources": [{"url": "https://example.jp/k", "format": "csv"}],
    }
    created = result(post(client, "package_create", data, token))
    assert (created["name"], created["tags"][0]["name"], created["resources"][0]["format"]) == (
        "kasen",
        "河川",
        "CSV",
    )
    assert created["creator_user_id"] == str(officer.id)
    assert AuditEntry.objects.filter(action="opendata.dataset_created", object_id=created["id"]).count() == 1
    assert result(get(client, "package_show", id="kasen"))["extras"] == [{"key": "更新", "value": "毎時"}]


def test_validation_errors_name_each_field_in_both_languages(
    client: Client, catalogue: None, token: str
) -> None:
    bad = {
        "name": "Bad Name",
        "owner_org": "mie-bosai",
        "url": "ftp://x",
        "tags": "防災",
        "license_id": "mine",
        "private": "perhaps",
    }
    problem = error(post(client, "package_create", bad, token), 409, "Validation Error")
    assert set(problem) == {"__type", "name", "url", "tags", "license_id", "private"}
    assert all(" / " in message for key in problem if key != "__type" for message in problem[key])
    cases: list[tuple[dict[str, Any], str]] = [
        ({"name": "x-1", "owner_org": "nothing"}, "owner_org"),
        ({"name": "x-1"}, "owner_org"),
        ({"name": "tsunami", "owner_org": "mie-bosai"}, "name"),
        ({"id": "42", "name": "x-1", "owner_org": "mie-bosai"}, "id"),
        ({"name": "x-1", "owner_org": "mie-bosai", "resources": [{"id": "r1"}]}, "resources[0].id"),
    ]
    for data, field in cases:
        assert field in error(post(client, "package_create", data, token), 409, "Validation Error")


def test_update_replaces_and_patch_changes_only_what_is_sent(
    client: Client, catalogue: None, token: str
) -> None:
    before = result(get(client, "package_show", id="tsunami"))
    patched = result(post(client, "package_patch", {"id": "tsunami", "notes": "令和7年公表"}, token))
    assert (patched["notes"], patched["tags"], patched["resources"]) == (
        "令和7年公表",
        before["tags"],
        before["resources"],
    )
    shown = result(get(client, "package_show", id="tsunami"))
    updated = result(post(client, "package_update", {**shown, "title": "津波浸水想定（改訂）"}, token))
    assert updated["title"] == "津波浸水想定（改訂）"
    assert [r["id"] for r in updated["resources"]] == [r["id"] for r in before["resources"]]
    cleared = result(post(client, "package_update", {"id": before["id"], "title": "最小"}, token))
    assert (cleared["name"], cleared["owner_org"]) == ("tsunami", before["owner_org"])
    assert (cleared["notes"], cleared["tags"]) == ("", [])
    # Resources are kept when the list is left out; an explicit empty list removes them.
    assert [r["id"] for r in cleared["resources"]] == [r["id"] for r in before["resources"]]
    emptied = result(post(client, "package_update", {"id": before["id"], "resources": []}, token))
    assert emptied["resources"] == []


def test_package_delete_hides_the_dataset_everywhere(client: Client, catalogue: None, token: str) -> None:
    assert result(post(client, "package_delete", {"id": "tsunami"}, token)) is None
    error(get(client, "package_show", id="tsunami"), 404, "Not Found Error")
    assert "tsunami" not in result(get(client, "package_list"))
    error(post(client, "package_delete", {"id": "tsunami"}, token), 404, "Not Found Error")


def test_form_posts_are_read_as_ckan_reads_them(client: Client, bosai: Organization, token: str) -> None:
    headers = {"Authorization": token}
    as_json = json.dumps({"name": "curl-json", "owner_org": "mie-bosai"})  # curl -d '{...}' sends this
    created = client.post(
        url("package_create"), as_json, content_type="application/x-www-form-urlencoded", headers=headers
    )
    assert result(created)["name"] == "curl-json"
    fields = urlencode(
        {"name": "form-fields", "owner_org": "mie-bosai", "tag_string": "防災,津波", "private": "true"}
    )
    created = client.post(
        url("package_create"), fields, content_type="application/x-www-form-urlencoded", headers=headers
    )
    assert (result(created)["private"], result(created)["num_tags"]) == (True, 2)
    form = {
        "fq_list": ["tags:防災", "name:form-fields"],
        "include_private": "true",
    }  # a repeated key is a list
    assert result(client.post(url("package_search"), form, headers=headers))["count"] == 1


def test_resource_create_as_a_link_then_patch_update_and_delete(
    client: Client, catalogue: None, token: str
) -> None:
    link = {"package_id": "hinanjo", "url": "https://example.jp/h.json", "name": "JSON版", "format": "json"}
    created = result(post(client, "resource_create", link, token))
    assert (created["format"], created["position"], created["url_type"]) == ("JSON", 2, None)
    patched = result(post(client, "resource_patch", {"id": created["id"], "description": "毎日更新"}, token))
    assert (patched["name"], patched["description"]) == ("JSON版", "毎日更新")
    updated = result(
        post(client, "resource_update", {"id": created["id"], "url": "https://example.jp/v2"}, token)
    )
    assert (updated["name"], updated["url"]) == ("", "https://example.jp/v2")
    assert result(post(client, "resource_delete", {"id": created["id"]}, token)) is None
    error(get(client, "resource_show", id=created["id"]), 404, "Not Found Error")
    error(post(client, "resource_create", {"url": "https://example.jp/x"}, token), 409, "Validation Error")


def upload(client: Client, token: str, filename: str, content: bytes, **fields: str) -> Response:
    data = {
        "package_id": "hinanjo",
        "name": filename,
        "upload": SimpleUploadedFile(filename, content),
        **fields,
    }
    return client.post(url("resource_create"), data, headers={"Authorization": token})


def test_upload_a_csv_in_cp932(client: Client, catalogue: None, token: str) -> None:
    content = "名称,住所,収容人数\n津市役所,津市西丸之内23-1,500\n".encode("cp932")
    created = result(upload(client, token, "hinanjo.csv", content))
    assert (created["url_type"], created["format"], created["size"]) == ("upload", "CSV", len(content))
    assert created["hash"] == hashlib.sha256(content).hexdigest()
    download = client.get(created["url"].removeprefix(BASE))
    assert b"".join(download.streaming_content) == content  # type: ignore[attr-defined]  # a FileResponse
    replaced = client.post(
        url("resource_patch"),
        {"id": created["id"], "upload": SimpleUploadedFile("v2.csv", b"a,b\n1,2\n")},
        headers={"Authorization": token},
    )
    assert result(replaced)["size"] == 8


def test_a_broken_shapefile_zip_is_refused_naming_the_upload(
    client: Client, catalogue: None, token: str
) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("hinanjo.shp", b"not a shapefile")
        zipped.writestr("hinanjo.dbf", b"\x03")
    problem = error(upload(client, token, "hinanjo.zip", archive.getvalue()), 409, "Validation Error")
    assert " / " in problem["upload"][0]
    assert Resource.objects.filter(dataset__name="hinanjo").count() == 2


def test_an_upload_over_the_limit_is_refused_unread_or_while_it_streams(
    client: Client, catalogue: None, token: str, settings: Any
) -> None:
    settings.KENCHO_OPENDATA_MAX_UPLOAD_MB = 1
    headers = {"Authorization": token}
    # Content-Length over the limit: answered without reading (reading past this body would fail).
    unread = client.post(
        url("resource_create"),
        b"",
        content_type="multipart/form-data; boundary=x",
        headers=headers,
        CONTENT_LENGTH=str(600 * 1024 * 1024),
    )
    assert "1 MB" in error(unread, 409, "Validation Error")["upload"][0]
    # A body within the allowance whose file passes the limit: stopped by the upload handler, before
    # the action runs (so before the unknown dataset is noticed).
    streamed = upload(client, token, "big.csv", b"a" * (1024 * 1024 + 1000), package_id="nothing")
    assert "1 MB" in error(streamed, 409, "Validation Error")["upload"][0]
    assert (
        "1 MB"
        in error(upload(client, token, "big.csv", b"a" * (3 * 1024 * 1024)), 409, "Validation Error")[
            "upload"
        ][0]
    )
    assert Resource.objects.filter(dataset__name="hinanjo").count() == 2
