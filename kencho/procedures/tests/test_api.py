import json

import pytest

from kencho.core.tokens import api_token_create

from ..models import Application, ApplicationStatus
from .factories import VALID_ANSWERS, make_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure(units):
    return make_procedure(unit=units["section"])


def post_json(client, url, body, **headers):
    return client.post(url, data=json.dumps(body), content_type="application/json", headers=headers)


def test_list_and_read_procedures(client, procedure):
    listing = client.get("/api/v1/procedures").json()
    assert [p["slug"] for p in listing] == ["test-procedure"]
    detail = client.get("/api/v1/procedures/test-procedure").json()
    assert detail["form"]["pages"][0]["key"] == "applicant"
    assert detail["owning_unit"]["code"] == "020201"


def test_catalogue_search_understands_japanese_spelling_variants(client, procedure):
    assert [p["slug"] for p in client.get("/api/v1/procedures", {"q": "引っ越し"}).json()] == [
        "test-procedure"
    ]
    assert client.get("/api/v1/procedures", {"q": "パスポート"}).json() == []


def test_submit_returns_201_with_receipt_number_and_status_url(client, procedure):
    response = post_json(
        client,
        "/api/v1/procedures/test-procedure/applications",
        {"data": VALID_ANSWERS},
        **{"Idempotency-Key": "k-1"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["receipt_number"] == Application.objects.get().receipt_number
    assert body["secret"] and body["replayed"] is False
    status = client.get(body["status_url"], headers={"X-Application-Secret": body["secret"]})
    assert status.status_code == 200
    assert status.json()["status"] == "received"
    assert status.json()["status_label"] == {"ja": "受付", "en": "Received"}


def test_retry_with_same_idempotency_key_returns_the_same_application(client, procedure):
    url = "/api/v1/procedures/test-procedure/applications"
    first = post_json(client, url, {"data": VALID_ANSWERS}, **{"Idempotency-Key": "k-1"})
    second = post_json(client, url, {"data": VALID_ANSWERS}, **{"Idempotency-Key": "k-1"})
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["receipt_number"] == second.json()["receipt_number"]
    assert second.json()["replayed"] is True
    assert Application.objects.count() == 1


def test_invalid_answers_give_422_naming_each_field_in_both_languages(client, procedure):
    response = post_json(
        client,
        "/api/v1/procedures/test-procedure/applications",
        {"data": {**VALID_ANSWERS, "birth_date": "令和99年13月40日", "surprise": 1}},
    )
    assert response.status_code == 422
    errors = {e["field"]: e for e in response.json()["errors"]}
    assert set(errors) == {"data.birth_date", "data.surprise"}
    assert "生年月日" in errors["data.birth_date"]["message"]["ja"]
    assert "Date of birth" in errors["data.birth_date"]["message"]["en"]
    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{not json", 400),
        (b'{"data": {}, "extra": 1}', 422),
        (b'{"data": []}', 422),
        (b"[]", 422),
        ('{"data": {"name": "\u0000"}}'.encode(), 400),  # a raw control character is not JSON
        (b'{"data": {"name": {"name": "\\u0000", "kana": "\\u202e"}}}', 422),
    ],
)
def test_malformed_requests_get_a_4xx_with_a_message(client, procedure, body, status):
    response = client.post(
        "/api/v1/procedures/test-procedure/applications", data=body, content_type="application/json"
    )
    assert response.status_code == status
    error = response.json()["errors"][0]
    assert error["message"]["ja"] and error["message"]["en"]
    assert Application.objects.count() == 0


def test_login_only_procedure_needs_a_token(client, units, resident):
    make_procedure(unit=units["section"], slug="members-only", allow_guest=False)
    url = "/api/v1/procedures/members-only/applications"
    assert post_json(client, url, {"data": VALID_ANSWERS}).status_code == 401
    _token, raw = api_token_create(user=resident, name="test")
    response = post_json(client, url, {"data": VALID_ANSWERS}, Authorization=f"Bearer {raw}")
    assert response.status_code == 201
    assert Application.objects.get().applicant == resident


def test_status_needs_the_secret(client, procedure):
    body = post_json(client, "/api/v1/procedures/test-procedure/applications", {"data": VALID_ANSWERS}).json()
    url = f"/api/v1/applications/{body['receipt_number']}/status"
    assert client.get(url).status_code == 404
    assert client.get(url, headers={"X-Application-Secret": "wrong"}).status_code == 404


def test_staff_api_is_scoped_to_the_units_of_the_token_owner(client, procedure, officer, other_officer):
    receipt = post_json(
        client, "/api/v1/procedures/test-procedure/applications", {"data": VALID_ANSWERS}
    ).json()["receipt_number"]
    _t, mine = api_token_create(user=officer, name="officer")
    _t, theirs = api_token_create(user=other_officer, name="other")
    listing = client.get("/api/v1/staff/applications", headers={"Authorization": f"Bearer {mine}"}).json()
    assert [a["receipt_number"] for a in listing["items"]] == [receipt]
    other = client.get("/api/v1/staff/applications", headers={"Authorization": f"Bearer {theirs}"}).json()
    assert other == {"count": 0, "items": []}
    assert (
        client.get(
            f"/api/v1/staff/applications/{receipt}", headers={"Authorization": f"Bearer {theirs}"}
        ).status_code
        == 404
    )
    detail = client.get(f"/api/v1/staff/applications/{receipt}", headers={"Authorization": f"Bearer {mine}"})
    assert detail.status_code == 200 and detail.json()["data"]["count"] == 2


def test_staff_changes_status_and_requests_corrections_through_the_api(client, procedure, officer):
    receipt = post_json(
        client, "/api/v1/procedures/test-procedure/applications", {"data": VALID_ANSWERS}
    ).json()["receipt_number"]
    _t, raw = api_token_create(user=officer, name="officer")
    auth = {"Authorization": f"Bearer {raw}"}
    bad = post_json(client, f"/api/v1/staff/applications/{receipt}/status", {"status": "completed"}, **auth)
    assert bad.status_code == 409
    ok = post_json(client, f"/api/v1/staff/applications/{receipt}/status", {"status": "under_review"}, **auth)
    assert ok.status_code == 200 and ok.json()["status"] == "under_review"
    fix = post_json(
        client,
        f"/api/v1/staff/applications/{receipt}/corrections",
        {"fields": [{"path": "count", "comment": "1枚まで"}], "message": ""},
        **auth,
    )
    assert fix.status_code == 200
    assert Application.objects.get().status == ApplicationStatus.CORRECTION_REQUESTED


def test_residents_tokens_cannot_use_staff_endpoints(client, resident):
    _t, raw = api_token_create(user=resident, name="r")
    assert (
        client.get("/api/v1/staff/applications", headers={"Authorization": f"Bearer {raw}"}).status_code
        == 403
    )
    assert client.get("/api/v1/staff/applications").status_code == 401


def test_openapi_document_is_served(client):
    document = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/procedures/{slug}/applications" in document["paths"]


def test_an_unconfirmed_e_mail_address_cannot_apply(client, units, resident):
    make_procedure(unit=units["section"], slug="members-only", allow_guest=False)
    resident.email_verified_at = None
    resident.save()
    _token, raw = api_token_create(user=resident, name="test")
    response = post_json(
        client,
        "/api/v1/procedures/members-only/applications",
        {"data": VALID_ANSWERS},
        Authorization=f"Bearer {raw}",
    )
    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "email_unverified"
    assert Application.objects.count() == 0
