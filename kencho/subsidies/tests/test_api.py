"""The REST API: programmes and eligibility for anyone, cases for their applicants (every member of
the business), and staff reading cases and deciding grants — errors in the project's shape."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from kencho.core.models import User
from kencho.core.tokens import api_token_create

from ..models import Programme, Stage
from .factories import case_at, make_business_member

pytestmark = pytest.mark.django_db


def auth(user: User) -> dict[str, str]:
    return {"Authorization": "Bearer " + api_token_create(user=user, name="test")[1]}


def post(client: Client, url: str, body: Any, headers: dict[str, str] | None = None) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json", headers=headers)


def test_programmes_and_their_questions(client: Client, programme: Programme) -> None:
    listing = client.get("/api/v1/subsidies/programmes").json()
    assert [p["slug"] for p in listing] == [programme.slug]
    assert listing[0]["remaining"] == 5_000_000 and listing[0]["is_open"] is True
    detail = client.get(f"/api/v1/subsidies/programmes/{programme.slug}").json()
    assert [q["key"] for q in detail["eligibility"]] == ["sme", "employees"]
    Programme.objects.filter(pk=programme.pk).update(budget_display="hidden")
    hidden = client.get(f"/api/v1/subsidies/programmes/{programme.slug}").json()
    assert hidden["budget"] is None and hidden["remaining"] is None and hidden["remaining_percent"] is None
    missing = client.get("/api/v1/subsidies/programmes/nothing-here")
    assert missing.status_code == 404 and missing.json()["errors"][0]["code"] == "not_found"


def test_eligibility_check(client: Client, programme: Programme) -> None:
    url = f"/api/v1/subsidies/programmes/{programme.slug}/eligibility"
    ok = post(client, url, {"answers": {"sme": "yes", "employees": 12}})
    assert ok.status_code == 200 and ok.json() == {"eligible": True, "reasons": []}
    refused = post(client, url, {"answers": {"sme": "no", "employees": "301"}}).json()
    assert refused["eligible"] is False
    assert {r["key"] for r in refused["reasons"]} == {"sme", "employees"}
    assert refused["reasons"][0]["message"]["en"] == "Only SMEs may apply."
    bad = post(client, url, {"answers": {"employees": "many"}})
    assert bad.status_code == 422
    fields = {e["field"] for e in bad.json()["errors"]}
    assert fields == {"answers.sme", "answers.employees"}
    assert all(e["message"]["ja"] and e["message"]["en"] for e in bad.json()["errors"])
    extra = post(client, url, {"answers": {}, "nope": 1})
    assert extra.status_code == 422 and extra.json()["errors"][0]["code"] == "extra_forbidden"


def test_applicants_read_their_business_cases(
    client: Client, programme: Programme, business_user: User, colleague: User, officer: User
) -> None:
    case = case_at(Stage.REPORT, programme=programme, user=business_user, staff=officer, amount=600_000)
    cases = client.get("/api/v1/subsidies/cases", headers=auth(colleague)).json()
    assert [c["reference"] for c in cases] == [case.reference]
    assert cases[0]["stage"] == "report" and cases[0]["granted_amount"] == 600_000
    assert [s["done"] for s in cases[0]["stages"]] == [True, True, False, False, False, False]
    one = client.get(f"/api/v1/subsidies/cases/{case.pk}", headers=auth(colleague))
    assert one.status_code == 200 and one.json()["corporate_number"] == "1190001000007"
    stranger = make_business_member("s@example.org", corporate_number="5" * 13)
    assert client.get(f"/api/v1/subsidies/cases/{case.pk}", headers=auth(stranger)).status_code == 404
    assert client.get("/api/v1/subsidies/cases").status_code == 401


def test_staff_decide_a_grant_through_the_api(
    client: Client, programme: Programme, business_user: User, officer: User, other_officer: User
) -> None:
    case = case_at(Stage.GRANT, programme=programme, user=business_user, staff=officer)
    url = f"/api/v1/staff/subsidies/cases/{case.pk}/grant"
    over = post(client, url, {"amount": 2_000_001}, headers=auth(officer))
    assert over.status_code == 422
    error = over.json()["errors"][0]
    assert error["field"] == "amount" and error["code"] == "invalid_amount"
    assert "上限" in error["message"]["ja"] and "maximum" in error["message"]["en"]
    assert post(client, url, {"amount": 0}, headers=auth(officer)).status_code == 422
    assert post(client, url, {"amount": 1000}, headers=auth(other_officer)).status_code == 404
    assert post(client, url, {"amount": 1000}, headers=auth(business_user)).status_code == 403
    done = post(
        client,
        url,
        {"amount": 1_500_000, "decided_on": "2026-05-10", "reference": "指令第5号"},
        headers=auth(officer),
    )
    assert done.status_code == 200
    assert done.json()["stage"] == "report" and done.json()["granted_amount"] == 1_500_000
    again = post(client, url, {"amount": 1}, headers=auth(officer))
    assert again.status_code == 409 and again.json()["errors"][0]["code"] == "stage_not_open"
    listing = client.get(
        f"/api/v1/staff/subsidies/programmes/{programme.pk}/cases", headers=auth(officer)
    ).json()
    assert listing[0]["granted_amount"] == 1_500_000
    assert (
        client.get(
            f"/api/v1/staff/subsidies/programmes/{programme.pk}/cases", headers=auth(other_officer)
        ).status_code
        == 404
    )


def test_the_budget_refusal_is_a_conflict(client: Client, programme: Programme, officer: User) -> None:
    Programme.objects.filter(pk=programme.pk).update(committed=4_500_000)
    case = case_at(Stage.GRANT, programme=programme, user=make_business_member("z@z.jp"), staff=officer)
    response = post(
        client, f"/api/v1/staff/subsidies/cases/{case.pk}/grant", {"amount": 600_000}, headers=auth(officer)
    )
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "budget_exceeded"
    detail = client.get(f"/api/v1/staff/subsidies/cases/{case.pk}", headers=auth(officer))
    assert detail.status_code == 200 and detail.json()["stage"] == "grant"
