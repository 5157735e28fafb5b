"""The senders' and the respondents' API, with the project's error shape."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kencho.conftest import make_staff
from kencho.core.tokens import api_token_create

from ..selectors import survey_template_xlsx
from .factories import fill_template
from .test_services import ANSWER

ROWS = "施設別入所状況"


def bearer(user: Any) -> str:
    return "Bearer " + api_token_create(user=user, name="test")[1]


def test_a_respondent_answers_with_json_and_the_sender_reads_the_aggregate(
    overtime: Any, tsu_user: Any, sender: Any
) -> None:
    client = Client()
    token = bearer(tsu_user)
    listed = client.get("/api/v1/inquiries", HTTP_AUTHORIZATION=token)
    assert [s["id"] for s in listed.json()] == [str(overtime.public_id)]
    detail = client.get(f"/api/v1/inquiries/{overtime.public_id}", HTTP_AUTHORIZATION=token).json()
    assert detail["organisation_code"] == "242012" and detail["form"]["pages"][0]["key"] == "main"
    url = f"/api/v1/inquiries/{overtime.public_id}/answers"
    bad = client.post(
        url, {"data": {**ANSWER, "extra": 1}}, content_type="application/json", HTTP_AUTHORIZATION=token
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "data.extra" and bad.json()["errors"][0]["message"]["en"]
    good = client.post(
        url,
        {"data": {**ANSWER, "contact_phone": "059-224-2000"}},
        content_type="application/json",
        HTTP_AUTHORIZATION=token,
    )
    assert (
        good.status_code == 201
        and good.json()["version"] == 1
        and good.json()["flags"][0]["rule"] == "over_45"
    )
    staff = bearer(sender)
    aggregate = client.get(
        f"/api/v1/staff/inquiries/surveys/{overtime.public_id}/aggregate", HTTP_AUTHORIZATION=staff
    )
    assert aggregate.status_code == 200 and aggregate.json()["respondent_count"] == 1
    survey = client.get(
        f"/api/v1/staff/inquiries/surveys/{overtime.public_id}", HTTP_AUTHORIZATION=staff
    ).json()
    tsu_row = next(r for r in survey["recipients"] if r["organisation_code"] == "242012")
    assert tsu_row["version"] == 1 and tsu_row["flags"] == 1
    returned = client.post(
        f"/api/v1/staff/inquiries/surveys/{overtime.public_id}/recipients/{tsu_row['id']}/return",
        {"reason": "確認してください"},
        content_type="application/json",
        HTTP_AUTHORIZATION=staff,
    )
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    reminded = client.post(
        f"/api/v1/staff/inquiries/surveys/{overtime.public_id}/reminders",
        {},
        content_type="application/json",
        HTTP_AUTHORIZATION=staff,
    )
    assert reminded.json() == {"sent": 2}


def test_uploading_a_workbook_with_errors_names_sheet_and_cell(nursing: Any, tsu_user: Any) -> None:
    client = Client()
    token = bearer(tsu_user)
    template = client.get(
        f"/api/v1/inquiries/{nursing.public_id}/template.xlsx", HTTP_AUTHORIZATION=token
    ).content
    assert template[:2] == b"PK"
    bad = fill_template(template, {6: "2025-04-01", 7: "津"}, {ROWS: [["苑", "市町", -1, 1, None]]})
    url = f"/api/v1/inquiries/{nursing.public_id}/workbook"
    response = client.post(url, {"file": SimpleUploadedFile("a.xlsx", bad)}, HTTP_AUTHORIZATION=token)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == f"{ROWS}!C2"
    assert response.json()["errors"][0]["message"]["en"].startswith(f'Sheet "{ROWS}", cell C2:')
    other = client.post(url, {"file": SimpleUploadedFile("a.xlsx", b"hello")}, HTTP_AUTHORIZATION=token)
    assert other.status_code == 422 and other.json()["errors"][0]["code"] == "not_xlsx"
    good = fill_template(
        survey_template_xlsx(nursing), {6: "2025-04-01", 7: "津"}, {ROWS: [["苑", "市町", 5, 1, None]]}
    )
    assert (
        client.post(url, {"file": SimpleUploadedFile("a.xlsx", good)}, HTTP_AUTHORIZATION=token).status_code
        == 201
    )


def test_others_get_404_and_anonymous_401(overtime: Any, units: Any, tsu_user: Any) -> None:
    client = Client()
    outsider = bearer(make_staff("outsider@example.jp", units["other"]))
    assert (
        client.get(
            f"/api/v1/staff/inquiries/surveys/{overtime.public_id}", HTTP_AUTHORIZATION=outsider
        ).status_code
        == 404
    )
    assert (
        client.get(f"/api/v1/inquiries/{overtime.public_id}", HTTP_AUTHORIZATION=outsider).status_code == 404
    )
    assert (
        client.get("/api/v1/staff/inquiries/surveys/not-a-uuid", HTTP_AUTHORIZATION=outsider).status_code
        == 404
    )
    # A respondent is not a sender.
    assert (
        client.get(
            f"/api/v1/staff/inquiries/surveys/{overtime.public_id}", HTTP_AUTHORIZATION=bearer(tsu_user)
        ).status_code
        == 404
    )
    anonymous = client.get("/api/v1/inquiries")
    assert anonymous.status_code == 401 and anonymous.json()["errors"][0]["code"] == "unauthorized"
