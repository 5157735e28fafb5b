"""The resident's and the officer's pages, driven through Django's test client (no JavaScript)."""

import csv
import io
import json
import re

import pytest
from django.test import Client

from kencho.conftest import staff_client
from kencho.core.models import AuditEntry

from ..models import Application, ApplicationStatus
from .factories import make_procedure

pytestmark = pytest.mark.django_db

APPLICANT_PAGE = {
    "f-name-name": "三重 花子",
    "f-name-kana": "みえ はなこ",
    "f-email": "hanako@example.jp",
    "f-birth_date": "Ｈ１２．４．１",
}
DETAILS_PAGE = {"f-count": "２", "f-reason": "引越しのため"}


@pytest.fixture
def procedure(units):
    return make_procedure(unit=units["section"])


def found(pattern: str, text: str) -> str:
    match = re.search(pattern, text)
    assert match is not None, pattern
    return match.group(1)


def start(client: Client) -> str:
    response = client.post("/procedures/test-procedure/apply")
    assert response.status_code == 302
    return response["Location"]


def complete_as_guest(client: Client) -> Application:
    first = start(client)
    second = client.post(first, APPLICANT_PAGE)["Location"]
    check = client.post(second, DETAILS_PAGE)["Location"]
    assert check.endswith("/check/")
    page = client.get(check)
    token = found(r'name="submit_token" value="([^"]+)"', page.content.decode())
    done = client.post(check, {"submit_token": token})
    assert done.status_code == 302
    return Application.objects.get()


def test_catalogue_lists_and_searches_procedures(client, procedure):
    assert "住民票の写しの請求" in client.get("/").content.decode()
    assert "住民票の写しの請求" in client.get("/", {"q": "引っ越し"}).content.decode()
    assert "住民票の写しの請求" not in client.get("/", {"q": "パスポート"}).content.decode()


def test_guest_completes_a_multi_page_application_and_sees_the_receipt_number(client, procedure):
    application = complete_as_guest(client)
    assert application.data["birth_date"] == "2000-04-01"
    assert application.data["count"] == 2
    complete = client.get(f"/applications/{application.receipt_number}/complete/").content.decode()
    assert application.receipt_number in complete
    key = found(r'id="guest-secret">([^<]+)<', complete)
    status = Client().get(f"/applications/{application.receipt_number}/", {"key": key})
    assert status.status_code == 200 and "受付" in status.content.decode()
    assert Client().get(f"/applications/{application.receipt_number}/").status_code == 404


def test_errors_are_listed_at_the_top_and_beside_the_field(client, procedure):
    first = start(client)
    response = client.post(first, {**APPLICANT_PAGE, "f-birth_date": "令和99年13月40日", "f-email": ""})
    assert response.status_code == 422
    html = response.content.decode()
    assert "data-error-summary" in html
    assert html.count("「生年月日」") >= 2  # in the summary and beside the field
    assert 'href="#f-email"' in html or 'href="#f-email-' in html


def test_submitting_the_check_page_twice_creates_one_application(client, procedure):
    first = start(client)
    client.post(client.post(first, APPLICANT_PAGE)["Location"], DETAILS_PAGE)
    check = first.rsplit("/", 2)[0] + "/check/"
    token = found(r'name="submit_token" value="([^"]+)"', client.get(check).content.decode())
    one = client.post(check, {"submit_token": token})
    two = client.post(check, {"submit_token": token})
    assert one["Location"] == two["Location"]
    assert Application.objects.count() == 1


def test_save_as_draft_keeps_what_was_typed(client, procedure):
    first = start(client)
    response = client.post(first, {"f-name-name": "三重", "save_draft": "1"})
    assert response.status_code == 302
    assert 'value="三重"' in client.get(first).content.decode()


def test_officer_sees_only_their_units_applications(client, procedure, officer, other_officer):
    application = complete_as_guest(client)
    inbox = staff_client(officer).get("/staff/inbox/").content.decode()
    assert application.receipt_number in inbox
    other = staff_client(other_officer)
    assert application.receipt_number not in other.get("/staff/inbox/").content.decode()
    assert other.get(f"/staff/applications/{application.receipt_number}/").status_code == 404


def test_opening_an_application_is_audited(client, procedure, officer):
    application = complete_as_guest(client)
    staff_client(officer).get(f"/staff/applications/{application.receipt_number}/")
    entry = AuditEntry.objects.filter(action="procedures.application_viewed").get()
    assert entry.actor == officer and entry.object_id == str(application.pk)


def test_residents_cannot_open_staff_pages(procedure, resident):
    client = Client()
    client.force_login(resident)
    assert client.get("/staff/inbox/").status_code == 403


def test_correction_round_trip(client, procedure, officer):
    application = complete_as_guest(client)
    key = client.session[f"guest_secret:{application.receipt_number}"]
    staff = staff_client(officer)
    staff.post(
        f"/staff/applications/{application.receipt_number}/action/",
        {
            "action": "request_correction",
            "fields": ["count"],
            "comment-count": "1枚までです",
            "message": "修正してください",
        },
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CORRECTION_REQUESTED
    status = client.get(f"/applications/{application.receipt_number}/", {"key": key}).content.decode()
    assert "枚数" in status and "1枚までです" in status  # the field's label, not its key
    page = client.get(f"/applications/{application.receipt_number}/correct/", {"key": key}).content.decode()
    assert 'name="f-count"' in page and 'name="f-email"' not in page
    response = client.post(
        f"/applications/{application.receipt_number}/correct/",
        {"key": key, "f-count": "1", "f-email": "attacker@example.jp"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RESUBMITTED
    assert application.data["count"] == 1 and application.data["email"] == "hanako@example.jp"


def test_inbox_exports_csv_that_excel_opens(client, procedure, officer):
    application = complete_as_guest(client)
    staff = staff_client(officer)
    utf8 = staff.get("/staff/inbox/export.csv").content
    assert utf8.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(utf8.decode("utf-8-sig"))))
    assert rows[1][0] == application.receipt_number and rows[1][5] == "三重 花子"
    sjis = staff.get("/staff/inbox/export.csv", {"encoding": "cp932"}).content
    assert "三重 花子" in sjis.decode("cp932")
    xlsx = staff.get("/staff/inbox/export.xlsx")
    assert xlsx.content[:2] == b"PK"
    assert AuditEntry.objects.filter(action="procedures.inbox_exported").count() == 3


def test_staff_decision_is_shown_to_the_applicant(client, procedure, officer):
    application = complete_as_guest(client)
    key = client.session[f"guest_secret:{application.receipt_number}"]
    staff = staff_client(officer)
    url = f"/staff/applications/{application.receipt_number}/action/"
    staff.post(url, {"action": "transition", "to_status": "under_review"})
    staff.post(url, {"action": "transition", "to_status": "accepted", "comment": "受理しました"})
    staff.post(url, {"action": "note", "body": "内部だけのメモ"})
    status = client.get(f"/applications/{application.receipt_number}/", {"key": key}).content.decode()
    assert "受理しました" in status and "内部だけのメモ" not in status


def test_application_pdf_has_the_answers(client, procedure, officer):
    application = complete_as_guest(client)
    response = staff_client(officer).get(f"/staff/applications/{application.receipt_number}/pdf/")
    body = response.getvalue()
    assert body.startswith(b"%PDF")


def test_guest_finds_the_application_by_receipt_number_and_key(client, procedure):
    application = complete_as_guest(client)
    key = client.session[f"guest_secret:{application.receipt_number}"]
    visitor = Client()
    wrong = visitor.post(
        "/applications/lookup/", {"receipt_number": application.receipt_number, "key": "nope"}
    )
    assert wrong.status_code == 422 and "確認キー" in wrong.content.decode()
    right = visitor.post(
        "/applications/lookup/", {"receipt_number": application.receipt_number.lower(), "key": key}
    )
    assert right.status_code == 302
    assert visitor.get(right["Location"]).status_code == 200


def test_guest_withdraws_with_the_key(client, procedure):
    application = complete_as_guest(client)
    key = client.session[f"guest_secret:{application.receipt_number}"]
    Client().post(f"/applications/{application.receipt_number}/withdraw/", {"key": key, "reason": "不要"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


def test_a_new_form_version_does_not_change_an_application_in_progress(client, procedure):
    from kencho.forms.services import form_version_create_draft, form_version_publish

    first = start(client)
    client.post(client.post(first, APPLICANT_PAGE)["Location"], DETAILS_PAGE)
    v1 = procedure.form.versions.get(number=1)
    schema = json.loads(json.dumps(v1.schema))
    schema["pages"][1]["fields"].append(
        {"key": "purpose", "type": "text", "label": {"ja": "使用目的", "en": "Purpose"}, "required": True}
    )
    form_version_publish(
        version=form_version_create_draft(definition=procedure.form, schema=schema, actor=None), actor=None
    )
    check = first.rsplit("/", 2)[0] + "/check/"
    token = found(r'name="submit_token" value="([^"]+)"', client.get(check).content.decode())
    assert client.post(check, {"submit_token": token}).status_code == 302
    application = Application.objects.get()
    assert application.form_version == v1 and "purpose" not in application.data


def test_guest_saves_a_draft_and_resumes_it_in_another_browser(client, procedure):
    first = start(client)
    saved = client.post(first, {**APPLICANT_PAGE, "save_draft": "1"}, follow=True).content.decode()
    link = found(r'id="resume-link">([^<]+)<', saved)
    assert "続きは次のリンクから" in saved
    other_browser = Client()
    assert other_browser.get(first).status_code == 404  # the draft belongs to the first browser's session
    resumed = other_browser.get(link.replace("http://testserver", ""))
    assert resumed.status_code == 302
    assert 'value="三重 花子"' in other_browser.get(resumed["Location"]).content.decode()
    assert Client().get(link.replace("http://testserver", "").split("?")[0] + "?key=wrong").status_code == 404
