"""The 不在・代決者 page and the absence and 後閲 API operations: registering through the page is what
lets the deputy act (代決) on the document page, the absent approver confirms through the API (後閲),
errors are 4xx naming the field in Japanese and English, and nobody reaches another unit's rows."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kencho.conftest import make_staff, staff_client
from kencho.core.models import AuditEntry, Membership
from kencho.core.tokens import api_token_create

from ..models import Absence, Action, Deputy, DocumentStatus, StepState
from ..services import document_send
from .factories import Office, make_document

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _api(user: Any) -> Client:
    return Client(headers={"Authorization": "Bearer " + api_token_create(user=user, name="test")[1]})


def _day(delta: int = 0) -> str:
    return (timezone.localdate() + delta * DAY).isoformat()


def test_absence_and_deputy_registered_on_the_page_let_the_deputy_decide_and_the_approver_post_review(
    office: Office,
) -> None:
    kacho = staff_client(office.kacho)
    inbox = kacho.get(reverse("approvals:inbox")).content.decode()
    assert reverse("approvals:absences") in inbox

    page = kacho.get(reverse("approvals:absences"))
    assert page.status_code == 200
    assert "代決者を登録する" in page.content.decode()
    response = kacho.post(
        reverse("approvals:deputy_register"),
        {"principal": office.kacho.pk, "deputy": office.deputy.pk, "valid_from": _day()},
    )
    assert response.status_code == 302
    response = kacho.post(
        reverse("approvals:absences"), {"starts_on": _day(), "ends_on": _day(2), "reason": "出張"}
    )
    assert response.status_code == 302
    listing = kacho.get(reverse("approvals:absences")).content.decode()
    assert "出張" in listing and "不在中" in listing and "鈴鹿 補佐" in listing

    document = document_send(document=make_document(office, title="代決される起案"), actor=office.drafter)
    staff_client(office.kakaricho).post(
        reverse("approvals:act", args=[document.pk]), {"action": "approve", "comment": ""}
    )
    deputy = staff_client(office.deputy)
    assert "代決される起案" in deputy.get(reverse("approvals:inbox")).content.decode()
    assert "伊勢 課長" in deputy.get(reverse("approvals:absences")).content.decode()
    response = deputy.post(
        reverse("approvals:act", args=[document.pk]), {"action": "decide", "comment": "代決"}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.DECIDED
    decision = document.steps.get(state=StepState.DECIDED)
    assert (decision.assignee_id, decision.acted_by_id, decision.by_deputy) == (
        office.kacho.pk,
        office.deputy.pk,
        True,
    )

    api = _api(office.kacho)
    waiting = api.get("/api/v1/staff/approvals/inbox").json()["post_review"]
    assert [item["document_id"] for item in waiting] == [document.pk]
    url = f"/api/v1/staff/approvals/documents/{document.pk}/post-reviews/{waiting[0]['action_id']}"
    response = api.post(url)
    assert response.status_code == 200
    decided = [h for h in response.json()["history"] if h["kind"] == "decide"]
    assert decided[0]["on_behalf_of"] == office.kacho.email and decided[0]["post_reviewed_at"]
    assert api.post(url).status_code == 200
    assert Action.objects.filter(document=document, kind="post_review").count() == 1
    assert api.get("/api/v1/staff/approvals/inbox").json()["post_review"] == []
    assert _api(office.deputy).post(url).status_code == 404


def test_page_errors_are_422_and_name_the_field_in_both_languages(office: Office, settings: Any) -> None:
    client = staff_client(office.kacho)
    response = client.post(reverse("approvals:absences"), {"starts_on": _day(3), "ends_on": _day(1)})
    assert response.status_code == 422
    page = response.content.decode()
    assert "終了日：終了日が開始日より前になっています" in page
    assert 'href="#id_ends_on"' in page

    client.post(reverse("approvals:absences"), {"starts_on": _day(0), "ends_on": _day(5)})
    response = client.post(reverse("approvals:absences"), {"starts_on": _day(4), "ends_on": _day(8)})
    assert response.status_code == 422
    assert "開始日：" in response.content.decode() and "重なっています" in response.content.decode()

    response = client.post(
        reverse("approvals:deputy_register"),
        {"principal": office.kacho.pk, "deputy": office.kacho.pk, "valid_from": _day()},
    )
    assert response.status_code == 422
    assert "代決者：本人を自分の代決者にはできません" in response.content.decode()
    response = client.post(
        reverse("approvals:deputy_register"),
        {"principal": office.kacho.pk, "deputy": office.consultee.pk, "valid_from": _day()},
    )
    assert response.status_code == 422
    assert Deputy.objects.count() == 0

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("approvals:absences"),
        {"starts_on": _day(3), "ends_on": _day(1)},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert "End date：The end date is before the start date" in response.content.decode()
    response = client.post(
        reverse("approvals:absences"),
        {"starts_on": "2026-13-45", "ends_on": ""},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert "Absences and deputies" in response.content.decode()


def test_an_administrator_registers_a_deputy_for_a_member_and_the_choice_is_checked_per_unit(
    office: Office, units: dict[str, Any]
) -> None:
    admin = make_staff("admin@example.jp", units["section"], Membership.Role.ADMIN)
    client = staff_client(admin)
    page = client.get(reverse("approvals:absences")).content.decode()
    assert "津 係長" in page and "伊勢 課長" not in page
    response = client.post(
        reverse("approvals:deputy_register"),
        {"principal": office.kacho.pk, "deputy": office.drafter.pk, "valid_from": _day()},
    )
    assert response.status_code == 422
    response = client.post(
        reverse("approvals:deputy_register"),
        {
            "principal": office.kakaricho.pk,
            "deputy": office.drafter.pk,
            "valid_from": _day(),
            "valid_until": "",
        },
    )
    assert response.status_code == 302
    registration = Deputy.objects.get()
    assert (registration.principal_id, registration.deputy_id) == (office.kakaricho.pk, office.drafter.pk)
    assert AuditEntry.objects.get(action="approvals.deputy_registered").actor_id == admin.pk

    officer = staff_client(office.drafter)
    page = officer.get(reverse("approvals:absences")).content.decode()
    assert "代決者を登録できるのは" in page and "津 係長" in page
    assert officer.post(reverse("approvals:deputy_cancel", args=[registration.pk])).status_code == 404
    assert client.post(reverse("approvals:deputy_cancel", args=[registration.pk])).status_code == 302
    assert not Deputy.objects.exists()


def test_nobody_cancels_another_persons_absence_and_a_past_one_stays(office: Office) -> None:
    today = timezone.localdate()
    absence = Absence.objects.create(user=office.kacho, starts_on=today, ends_on=today)
    assert (
        staff_client(office.kakaricho)
        .post(reverse("approvals:absence_cancel", args=[absence.pk]))
        .status_code
        == 404
    )
    assert (
        staff_client(office.kacho).get(reverse("approvals:absence_cancel", args=[absence.pk])).status_code
        == 405
    )
    past = Absence.objects.create(user=office.kacho, starts_on=today - 5 * DAY, ends_on=today - 3 * DAY)
    response = staff_client(office.kacho).post(reverse("approvals:absence_cancel", args=[past.pk]))
    assert response.status_code == 409
    assert "取り消せません" in response.content.decode()
    response = staff_client(office.kacho).post(reverse("approvals:absence_cancel", args=[absence.pk]))
    assert response.status_code == 302
    assert list(Absence.objects.values_list("pk", flat=True)) == [past.pk]


def test_residents_do_not_reach_the_page(office: Office, resident: Any) -> None:
    client = Client()
    client.force_login(resident)
    assert client.get(reverse("approvals:absences")).status_code in {302, 403}
    assert (
        Client().post(reverse("approvals:absences"), {"starts_on": _day(), "ends_on": _day()}).status_code
        == 302
    )
    assert not Absence.objects.exists()


def test_the_api_lists_registers_and_cancels_ones_own_absences(office: Office, resident: Any) -> None:
    api = _api(office.kacho)
    response = api.post(
        "/api/v1/staff/approvals/absences",
        data=json.dumps({"starts_on": _day(1), "ends_on": _day(3), "reason": "研修"}),
        content_type="application/json",
    )
    assert response.status_code == 201
    absence_id = response.json()["absence_id"]
    assert api.get("/api/v1/staff/approvals/absences").json() == [
        {"absence_id": absence_id, "starts_on": _day(1), "ends_on": _day(3), "reason": "研修"}
    ]

    response = api.post(
        "/api/v1/staff/approvals/absences",
        data=json.dumps({"starts_on": _day(2), "ends_on": _day(5)}),
        content_type="application/json",
    )
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert (error["field"], error["code"]) == ("starts_on", "absence_overlap")
    assert "重なって" in error["message"]["ja"] and "overlaps" in error["message"]["en"]
    response = api.post(
        "/api/v1/staff/approvals/absences",
        data=json.dumps({"starts_on": _day(9), "ends_on": _day(8)}),
        content_type="application/json",
    )
    assert response.json()["errors"][0]["field"] == "ends_on"

    assert _api(office.kakaricho).delete(f"/api/v1/staff/approvals/absences/{absence_id}").status_code == 404
    assert _api(office.kakaricho).get("/api/v1/staff/approvals/absences").json() == []
    response = api.delete(f"/api/v1/staff/approvals/absences/{absence_id}")
    assert response.status_code == 200
    assert response.json() == {"absence_id": absence_id, "removed": True, "absence": None}
    assert api.delete(f"/api/v1/staff/approvals/absences/{absence_id}").status_code == 404

    current = Absence.objects.create(
        user=office.kacho, starts_on=timezone.localdate() - 2 * DAY, ends_on=timezone.localdate()
    )
    response = api.delete(f"/api/v1/staff/approvals/absences/{current.pk}")
    assert response.json()["absence"]["ends_on"] == _day(-1)
    assert AuditEntry.objects.filter(action="approvals.absence_ended", actor=office.kacho).exists()
    assert _api(resident).get("/api/v1/staff/approvals/absences").status_code == 403
