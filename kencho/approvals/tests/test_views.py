"""The staff pages and the API: drafting through the form, the inbox, acting, access by unit and
route, and error answers that are 4xx with a message, never 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kencho.conftest import make_staff, staff_client
from kencho.core.models import AuditEntry
from kencho.core.tokens import api_token_create

from .. import hooks
from ..actions import document_approve
from ..models import Absence, Deputy, Document, DocumentStatus
from ..services import document_send
from .factories import Office, make_applications, make_document

pytestmark = pytest.mark.django_db


def test_an_officer_drafts_with_applications_and_values_through_the_form(office: Office) -> None:
    applications = make_applications(office, 2)
    client = staff_client(office.drafter)
    page = client.get(reverse("approvals:create"))
    assert page.status_code == 200
    assert applications[0].receipt_number in page.content.decode()

    data: dict[str, Any] = {
        "unit": office.units["section"].pk,
        "category": office.categories["light"].pk,
        "title": "食事券の交付",
        "body": "伺います。",
        "applications": [a.pk for a in applications],
        "approve_template": office.approve_template.pk,
        "reject_template": office.reject_template.pk,
    }
    for a in applications:
        data[f"amount_{a.pk}"] = "3000"
        data[f"reason_{a.pk}"] = "要件を満たす"
        data[f"conditions_{a.pk}"] = "なし"
    response = client.post(reverse("approvals:create"), data)
    document = Document.objects.get()
    assert response.status_code == 302
    assert {link.values["決定額"] for link in document.links.all()} == {3000}

    page = client.get(reverse("approvals:document", args=[document.pk]))
    assert "回付ルート（予定）" in page.content.decode()
    assert "津 係長" in page.content.decode()
    assert "3,000円" in page.content.decode()
    assert AuditEntry.objects.filter(action="procedures.application_viewed").count() == 2

    client.post(reverse("approvals:send", args=[document.pk]))
    document.refresh_from_db()
    assert document.status == DocumentStatus.IN_PROGRESS


def test_a_form_error_names_the_field(office: Office) -> None:
    applications = make_applications(office, 1)
    client = staff_client(office.drafter)
    response = client.post(
        reverse("approvals:create"),
        {
            "unit": office.units["section"].pk,
            "category": office.categories["light"].pk,
            "title": "x",
            "body": "y",
            "applications": [applications[0].pk],
        },
    )
    assert response.status_code == 422
    assert "決裁したときの通知書" in response.content.decode()


def test_the_inbox_shows_waiting_deputy_and_post_review_items(office: Office) -> None:
    today = timezone.localdate()
    document = document_send(document=make_document(office, title="待っている起案"), actor=office.drafter)
    assert "待っている起案" in staff_client(office.kakaricho).get(reverse("approvals:inbox")).content.decode()

    Deputy.objects.create(principal=office.kakaricho, deputy=office.deputy, valid_from=today)
    Absence.objects.create(user=office.kakaricho, starts_on=today, ends_on=today)
    deputy = staff_client(office.deputy)
    assert "代決" in deputy.get(reverse("approvals:inbox")).content.decode()
    page = deputy.get(reverse("approvals:document", args=[document.pk]))
    assert "代決として処理します" in page.content.decode()
    deputy.post(reverse("approvals:act", args=[document.pk]), {"action": "approve", "comment": "代決"})

    Absence.objects.all().delete()
    inbox = staff_client(office.kakaricho).get(reverse("approvals:inbox")).content.decode()
    assert "代決（承認）しました" in inbox


def test_acting_out_of_turn_is_a_4xx_with_the_message(office: Office) -> None:
    document = document_send(document=make_document(office), actor=office.drafter)
    client = staff_client(office.kacho)
    response = client.post(reverse("approvals:act", args=[document.pk]), {"action": "approve"})
    assert response.status_code == 409
    assert "あなたの処理を待っていません" in response.content.decode()
    response = staff_client(office.kakaricho).post(
        reverse("approvals:act", args=[document.pk]), {"action": "return", "comment": ""}
    )
    assert response.status_code == 422


def test_a_refusing_listener_is_shown_to_the_approver(office: Office) -> None:
    def refuse(decision: hooks.Decision) -> None:
        raise hooks.DecisionRefused("予算が足りません。")

    hooks.decision_listener(refuse)
    try:
        applications = make_applications(office, 1)
        document = document_send(
            document=make_document(office, applications=applications), actor=office.drafter
        )
        document_approve(document=document, actor=office.kakaricho)
        response = staff_client(office.kacho).post(
            reverse("approvals:act", args=[document.pk]), {"action": "decide"}
        )
    finally:
        hooks._listeners.remove(refuse)
    assert response.status_code == 409
    assert "予算が足りません。" in response.content.decode()


def test_staff_of_other_units_not_on_the_route_cannot_see_a_document(
    office: Office, units: dict[str, Any]
) -> None:
    document = make_document(office)
    stranger = make_staff("stranger@example.jp", units["other"])
    assert staff_client(stranger).get(reverse("approvals:document", args=[document.pk])).status_code == 404
    document_send(document=make_document(office, category="important"), actor=office.drafter)
    consulted = Document.objects.filter(steps__assignee=office.consultee).get()
    assert (
        staff_client(office.consultee).get(reverse("approvals:document", args=[consulted.pk])).status_code
        == 200
    )
    assert (
        staff_client(office.consultee).get(reverse("approvals:document", args=[document.pk])).status_code
        == 404
    )


def test_the_frozen_record_downloads_and_its_hash_is_checked(office: Office) -> None:
    document = document_send(document=make_document(office), actor=office.drafter)
    document_approve(document=document, actor=office.kakaricho)
    client = staff_client(office.kacho)
    client.post(reverse("approvals:act", args=[document.pk]), {"action": "decide", "comment": "了"})
    page = client.get(reverse("approvals:document", args=[document.pk])).content.decode()
    assert "保存されたファイルと一致しています" in page
    response = client.get(reverse("approvals:record", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response).startswith(b"%PDF")
    downloads = AuditEntry.objects.filter(action="approvals.record_downloaded", object_id=str(document.pk))
    assert downloads.get().actor == office.kacho


def _api(user: Any) -> Client:
    return Client(headers={"Authorization": "Bearer " + api_token_create(user=user, name="test")[1]})


def test_the_api_inbox_detail_and_actions(office: Office) -> None:
    document = document_send(document=make_document(office), actor=office.drafter)
    client = _api(office.kakaricho)
    inbox = client.get("/api/v1/staff/approvals/inbox").json()
    assert [item["document_id"] for item in inbox["waiting"]] == [document.pk]

    response = client.post(
        f"/api/v1/staff/approvals/documents/{document.pk}/actions",
        data=json.dumps({"action": "return", "comment": ""}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "comment_required"
    assert response.json()["errors"][0]["field"] == "comment"
    assert response.json()["errors"][0]["message"]["en"]

    response = client.post(
        f"/api/v1/staff/approvals/documents/{document.pk}/actions",
        data=json.dumps({"action": "approve"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["steps"][0]["state"] == "approved"

    kacho = _api(office.kacho)
    response = kacho.post(
        f"/api/v1/staff/approvals/documents/{document.pk}/actions",
        data=json.dumps({"action": "decide", "comment": "決裁"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "decided"
    assert len(response.json()["record_sha256"]) == 64
    assert kacho.get(f"/api/v1/staff/approvals/documents/{document.pk}").status_code == 200


def test_the_api_hides_documents_of_other_units(office: Office, units: dict[str, Any]) -> None:
    document = make_document(office)
    stranger = make_staff("stranger@example.jp", units["other"])
    response = _api(stranger).get(f"/api/v1/staff/approvals/documents/{document.pk}")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


def test_the_inbox_speaks_english(office: Office, settings: Any) -> None:
    client = staff_client(office.kakaricho)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("approvals:inbox"), headers={"Accept-Language": "en"}).content.decode()
    assert "Documents to read afterwards" in page
    assert "Draft a document" in page


def test_the_list_shows_only_documents_the_viewer_may_see(office: Office, units: dict[str, Any]) -> None:
    make_document(office, title="学生支援の起案")
    stranger = make_staff("stranger@example.jp", units["other"])
    assert "学生支援の起案" in staff_client(office.kacho).get(reverse("approvals:documents")).content.decode()
    assert "学生支援の起案" not in staff_client(stranger).get(reverse("approvals:documents")).content.decode()
    filtered = staff_client(office.kacho).get(reverse("approvals:documents"), {"status": "decided"})
    assert "学生支援の起案" not in filtered.content.decode()
    assert staff_client(office.kacho).get(reverse("approvals:documents"), {"status": "x"}).status_code == 200


def test_the_drafter_edits_a_returned_document_and_others_cannot(office: Office) -> None:
    document = document_send(document=make_document(office), actor=office.drafter)
    from ..actions import document_return

    document_return(document=document, actor=office.kakaricho, comment="件名を直してください")
    client = staff_client(office.drafter)
    url = reverse("approvals:edit", args=[document.pk])
    assert 'value="学生食事券の交付について"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "unit": office.units["section"].pk,
            "category": office.categories["important"].pk,
            "title": "直した件名",
            "body": "本文",
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.title, document.category.code) == ("直した件名", "important")
    assert staff_client(office.kacho).get(url).status_code == 302  # not the drafter: back to the document
