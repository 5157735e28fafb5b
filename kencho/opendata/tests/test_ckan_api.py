"""The CKAN Action API as CKAN clients call it: paths, envelopes, status codes, and every read.
Writes and uploads are in test_ckan_api_writes.py."""

from __future__ import annotations

import datetime
import inspect
import json
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client
from django.utils import timezone

from kencho.core.models import OrgUnit, User
from kencho.opendata.ckan import reads
from kencho.opendata.models import Dataset
from kencho.opendata.tests.factories import make_sample_catalogue, make_token

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db
BASE = "https://opendata.pref.example.lg.jp"


@pytest.fixture(autouse=True)
def _site(settings: Any, tmp_path: Any) -> None:
    settings.KENCHO_BASE_URL = BASE
    settings.MEDIA_ROOT = tmp_path


def url(action: str) -> str:
    return f"/api/3/action/{action}"


def post(client: Client, action: str, data: dict[str, Any] | None = None, token: str = "") -> Response:
    headers = {"Authorization": token} if token else {}
    return client.post(url(action), json.dumps(data or {}), content_type="application/json", headers=headers)


def get(client: Client, action: str, token: str = "", **params: Any) -> Response:
    headers = {"Authorization": token} if token else {}
    return client.get(url(action), params, headers=headers)


def result(response: Response) -> Any:
    body = json.loads(response.content)
    assert response.status_code == 200, body
    assert body["success"] is True
    assert body["help"].startswith(f"{BASE}/api/3/action/help_show?name=")
    return body["result"]


def error(response: Response, status: int, ckan_type: str) -> dict[str, Any]:
    body = json.loads(response.content)
    assert (response.status_code, body["success"], body["error"]["__type"]) == (status, False, ckan_type), (
        body
    )
    assert response["Content-Type"] == "application/json;charset=utf-8"
    return body["error"]


def names(found: dict[str, Any]) -> list[str]:
    return [package["name"] for package in found["results"]]


@pytest.fixture
def token(officer: User) -> str:
    return make_token(officer)


@pytest.fixture
def catalogue(units: dict[str, OrgUnit], officer: User, other_officer: User) -> None:
    make_sample_catalogue(units=units, officer=officer, other_officer=other_officer)


# --- The protocol: paths, envelopes, errors -------------------------------------------------------


def test_api_root_answers_its_version(client: Client) -> None:
    assert client.get("/api/3").json() == client.get("/api/3/").json() == {"version": 3}


@pytest.mark.parametrize(
    "path",
    [
        "/api/3/action/package_list",
        "/api/3/action/package_list/",
        "/api/action/package_list",
        "/api/action/package_list/",
    ],
)
def test_every_path_form_answers_get_and_post_without_redirect(
    client: Client, catalogue: None, path: str
) -> None:
    for response in (client.get(path), client.post(path)):
        assert result(response) == ["hinanjo", "kankochi", "tsunami"]


def test_an_unknown_action_is_a_bad_request_naming_it(client: Client) -> None:
    message = error(client.post(url("package_fly")), 400, "Bad Request")["message"]
    assert message.startswith("Bad request - ")
    assert message.endswith("Action name not known: package_fly")


def test_writes_are_refused_over_get_and_other_methods_over_all(client: Client) -> None:
    error(client.get(url("package_create")), 400, "Bad Request")
    response = client.put(url("package_show"))
    error(response, 405, "Bad Request")
    assert response["Allow"] == "GET, POST"


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'"text"', b"\xff\xfe\x00", b"[" * 100_000])
def test_a_body_that_is_not_a_json_object_is_a_bad_request(client: Client, token: str, body: bytes) -> None:
    response = client.post(
        url("package_create"), body, content_type="application/json", headers={"Authorization": token}
    )
    assert "JSON" in error(response, 400, "Bad Request")["message"]


def test_bodies_django_refuses_to_read_are_bad_requests_not_crashes(client: Client, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    error(post(client, "package_search", {"q": "x" * 2000}), 400, "Bad Request")
    error(
        client.get(url("package_search") + "?" + "&".join(f"f{n}=1" for n in range(10))), 400, "Bad Request"
    )
    broken = client.post(url("package_search"), b"--x\r\n", content_type="multipart/form-data")  # no boundary
    error(broken, 400, "Bad Request")


@pytest.mark.parametrize(
    ("name", "data", "field"),
    [
        ("package_search", {"rows": "abc"}, "rows"),
        ("package_search", {"rows": 1001}, "rows"),
        ("package_search", {"start": -1}, "start"),
        ("package_search", {"facet": "maybe"}, "facet"),
        ("package_search", {"q": {"text": "津波"}}, "q"),
        ("package_search", {"facet.field": 5}, "facet.field"),
        ("package_search", {"fq_list": [1, 2]}, "fq_list"),
        ("package_list", {"limit": "²"}, "limit"),
        ("package_list", {"offset": "9" * 5000}, "offset"),
        ("organization_list", {"sort": "size desc"}, "sort"),
        ("package_show", {}, "id"),
        ("package_show", {"id": ["a", "b"]}, "id"),
    ],
)
def test_parameters_of_the_wrong_type_are_validation_errors(
    client: Client, name: str, data: dict[str, Any], field: str
) -> None:
    problem = error(post(client, name, data), 409, "Validation Error")
    assert " / " in problem[field][0]  # Japanese / English


@pytest.mark.parametrize(
    "data",
    [
        {"fq": "colour:red"},
        {"q": 'title:"open'},
        {"fq": "metadata_modified:[yesterday TO *]"},
        {"fq": "name:[a TO b]"},
        {"sort": "popularity desc"},
        {"facet.field": '["colour"]'},
    ],
)
def test_queries_it_cannot_read_are_search_query_errors(client: Client, data: dict[str, Any]) -> None:
    message = error(post(client, "package_search", data), 400, "Search Query Error")["message"]
    assert message.startswith("Search Query is invalid: ") and " / " in message


def test_not_found_carries_ckans_prefix_and_both_languages(client: Client) -> None:
    message = error(get(client, "package_show", id="nothing"), 404, "Not Found Error")["message"]
    assert message.startswith("Not found: ") and "見つかりません" in message and "was not found" in message


# --- Reads -------------------------------------------------------------------------------------------


def test_package_lists_page_public_datasets(client: Client, catalogue: None) -> None:
    assert result(get(client, "package_list", limit=2, offset=1)) == ["kankochi", "tsunami"]
    newest = result(get(client, "current_package_list_with_resources", limit=2))
    assert [package["name"] for package in newest] == ["kankochi", "hinanjo"]
    assert newest[1]["num_resources"] == 2


def test_package_show_by_name_or_id(client: Client, catalogue: None) -> None:
    by_name = result(get(client, "package_show", id="tsunami"))
    assert result(post(client, "package_show", {"id": by_name["id"], "include_tracking": True})) == by_name
    assert by_name["organization"]["name"] == "mie-bosai"
    assert by_name["resources"][0]["format"] == "GEOJSON"
    assert by_name["landing_page"] == f"{BASE}/dataset/tsunami/"


def test_private_datasets_and_drafts_are_not_found_by_others(
    client: Client, catalogue: None, token: str, other_officer: User
) -> None:
    for name in ("naibu", "shitagaki"):
        error(get(client, "package_show", id=name), 404, "Not Found Error")
        error(get(client, "package_show", make_token(other_officer), id=name), 404, "Not Found Error")
        assert result(get(client, "package_show", token, id=name))["name"] == name


def test_resource_show(client: Client, catalogue: None) -> None:
    tsunami = Dataset.objects.get(name="tsunami")
    shown = result(get(client, "resource_show", id=str(tsunami.resources.get().id)))
    assert (shown["package_id"], shown["format"]) == (str(tsunami.id), "GEOJSON")
    error(get(client, "resource_show", id="not-a-uuid"), 404, "Not Found Error")


def test_search_matches_japanese_text(client: Client, catalogue: None) -> None:
    found = result(get(client, "package_search", q="津波"))
    assert (found["count"], names(found)) == (1, ["tsunami"])
    assert found["sort"] == "score desc, metadata_modified desc"


@pytest.mark.parametrize(
    ("fq", "expected"),
    [
        ("tags:防災", ["hinanjo", "tsunami"]),
        ("-tags:防災", ["kankochi"]),
        ("NOT organization:mie-bosai", ["kankochi"]),
        ("res_format:CSV -res_format:PDF", ["kankochi"]),
        ("organization:mie-kanko OR groups:bosai", ["kankochi", "tsunami"]),
        ('+dataset_type:dataset license_id:"pdl-1.0"', ["hinanjo"]),
        ("tags:(津波 OR 観光)", ["kankochi", "tsunami"]),
        ("*:*", ["hinanjo", "kankochi", "tsunami"]),
    ],
)
def test_filter_queries(client: Client, catalogue: None, fq: str, expected: list[str]) -> None:
    assert names(result(get(client, "package_search", fq=fq, sort="name asc"))) == expected


def test_fq_list_adds_filters(client: Client, catalogue: None) -> None:
    found = result(post(client, "package_search", {"fq": "tags:防災", "fq_list": ["-name:tsunami"]}))
    assert names(found) == ["hinanjo"]


def test_metadata_modified_ranges(client: Client, catalogue: None) -> None:
    now = timezone.now()
    Dataset.objects.filter(name="tsunami").update(metadata_modified=now - datetime.timedelta(days=10))
    Dataset.objects.filter(name="hinanjo").update(metadata_modified=now - datetime.timedelta(days=3))
    cut = (now - datetime.timedelta(days=5)).astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def found(fq: str) -> list[str]:
        return names(result(get(client, "package_search", fq=fq, sort="name asc")))

    assert found(f"metadata_modified:[{cut} TO *]") == ["hinanjo", "kankochi"]
    assert found(f"metadata_modified:[* TO {cut}]") == ["tsunami"]
    assert found(f"-metadata_modified:[{cut} TO *]") == ["tsunami"]
    assert found("metadata_modified:[NOW-7DAYS TO NOW]") == ["hinanjo", "kankochi"]
    assert found("metadata_modified:[NOW/DAY-30DAYS TO NOW-7DAYS}") == ["tsunami"]


def test_facets_count_the_matching_datasets(client: Client, catalogue: None) -> None:
    fields = json.dumps(["tags", "res_format", "organization", "license_id"])
    found = result(get(client, "package_search", **{"facet.field": fields}))
    assert found["facets"]["tags"] == {"防災": 2, "津波": 1, "観光": 1}
    assert found["facets"]["res_format"] == {"CSV": 2, "GEOJSON": 1, "PDF": 1}
    assert found["search_facets"]["organization"] == {
        "title": "organization",
        "items": [
            {"name": "mie-bosai", "display_name": "三重県 mie-bosai", "count": 2},
            {"name": "mie-kanko", "display_name": "三重県 mie-kanko", "count": 1},
        ],
    }
    assert found["facets"]["license_id"] == {"cc-by-4.0": 2, "pdl-1.0": 1}
    limited = result(post(client, "package_search", {"facet.field": ["tags"], "facet.limit": 1, "q": "防災"}))
    assert limited["facets"] == {"tags": {"防災": 2}}
    assert result(get(client, "package_search", **{"facet.field": fields, "facet.mincount": "2"}))["facets"][
        "tags"
    ] == {"防災": 2}
    assert (
        result(get(client, "package_search", facet="false", **{"facet.field": fields}))["search_facets"] == {}
    )


def test_paging_and_sort(client: Client, catalogue: None) -> None:
    found = result(get(client, "package_search", sort="name desc", rows=2, start=1))
    assert (found["count"], found["sort"], names(found)) == (3, "name desc", ["kankochi", "hinanjo"])
    assert names(result(get(client, "package_search", rows=0))) == []


def test_editors_may_include_their_private_datasets_and_drafts(
    client: Client, catalogue: None, token: str
) -> None:
    def count(token: str = "", **params: str) -> int:
        return int(result(get(client, "package_search", token, **params))["count"])

    assert count() == count(include_private="true", include_drafts="true") == 3
    assert count(token, include_private="true") == 4
    assert count(token, include_private="true", include_drafts="true") == 5


def test_organization_list_and_show(client: Client, catalogue: None) -> None:
    assert result(get(client, "organization_list")) == ["mie-bosai", "mie-kanko"]
    assert result(get(client, "organization_list", limit=1, offset=1)) == ["mie-kanko"]
    listed = result(get(client, "organization_list", all_fields="true", sort="package_count asc"))
    assert [(item["name"], item["package_count"]) for item in listed] == [("mie-kanko", 1), ("mie-bosai", 2)]
    shown = result(get(client, "organization_show", id="mie-bosai", include_datasets="true"))
    assert shown["package_count"] == 2
    assert [package["name"] for package in shown["packages"]] == ["hinanjo", "tsunami"]
    assert "packages" not in result(get(client, "organization_show", id=shown["id"]))
    error(get(client, "organization_show", id="nothing"), 404, "Not Found Error")


def test_group_list_and_show(client: Client, catalogue: None) -> None:
    assert result(get(client, "group_list")) == ["bosai"]
    shown = result(get(client, "group_show", id="bosai", include_datasets="true"))
    assert (shown["package_count"], [p["name"] for p in shown["packages"]]) == (1, ["tsunami"])
    error(get(client, "group_show", id="nothing"), 404, "Not Found Error")


def test_tag_list(client: Client, catalogue: None) -> None:
    assert set(result(get(client, "tag_list"))) == {"防災", "津波", "観光"}
    assert result(get(client, "tag_list", query="防")) == ["防災"]
    assert result(get(client, "tag_list", query="津", all_fields="true"))[0]["name"] == "津波"


def test_license_list_in_ckans_shape(client: Client) -> None:
    licences = {licence["id"]: licence for licence in result(get(client, "license_list"))}
    assert (
        licences["cc-by-4.0"]
        | {"status": "active", "od_conformance": "approved", "is_okd_compliant": True, "domain_content": True}
        == licences["cc-by-4.0"]
    )
    assert licences["pdl-1.0"]["domain_data"] is True
    assert licences["other-closed"]["od_conformance"] == "not reviewed"
    assert {"title", "url", "osd_conformance", "domain_software", "is_osi_compliant"} <= set(
        licences["cc-zero"]
    )


def test_status_show_and_help_show(client: Client) -> None:
    status = result(get(client, "status_show"))
    assert (status["ckan_version"], status["site_url"], status["locale_default"]) == ("2.10.0", BASE, "ja")
    assert result(get(client, "help_show", name="package_search")) == inspect.getdoc(reads.package_search)
    error(get(client, "help_show", name="package_fly"), 404, "Not Found Error")
