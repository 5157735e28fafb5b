"""The staff pages and downloads: uploads refused with a message (never a 500), a batch made from
the page, its progress as JSON, and who may download a notice."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kencho.conftest import staff_client
from kencho.core.models import AuditEntry, Membership
from kencho.procedures.services import application_submit
from kencho.procedures.tests.factories import VALID_ANSWERS

from ..batches import notices_issue_batch
from ..demo_templates import rejection_docx
from ..models import Notice, NoticeKind, NoticeTemplate, NumberingScheme
from .documents import docx_with, with_macro
from .factories import make_applications, make_notice_procedure, make_scheme, make_template

pytestmark = pytest.mark.django_db


def upload(client: Client, unit: Any, content: bytes, filename: str = "tsuchi.docx", **fields: Any) -> Any:
    data = {"unit": unit.pk, "kind": NoticeKind.REJECTION, "name": "不受理通知", "sender": "三重県知事"}
    data.update(fields)
    data["file"] = SimpleUploadedFile(filename, content)
    return client.post(reverse("notices:template_upload"), data)


def test_staff_upload_a_template_and_see_its_placeholders(units, officer) -> None:
    client = staff_client(officer)
    response = upload(client, units["section"], rejection_docx())
    template = NoticeTemplate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("notices:template", args=[template.pk])
    page = client.get(response["Location"])
    assert "申請者氏名" in page.content.decode()


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (docx_with("{{ 宛名 }}"), "a.docx", "使えない差し込み項目"),
        (b"not a zip", "a.docx", "Word 文書として読めません"),
        (with_macro(docx_with("{{ 文書番号 }}")), "a.docx", "マクロ"),
        (docx_with("{{ 文書番号 }}"), "a.docm", "マクロ"),
    ],
)
def test_bad_uploads_get_a_clear_message_and_422(units, officer, content, filename, message) -> None:
    response = upload(staff_client(officer), units["section"], content, filename)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not NoticeTemplate.objects.exists()


def test_bad_upload_message_is_in_english_for_english_staff(units, officer) -> None:
    client = staff_client(officer)
    client.cookies["kencho_language"] = "en"
    response = upload(client, units["section"], b"not a zip")
    assert response.status_code == 422
    assert "cannot be read as a Word document" in response.content.decode()


def test_other_units_templates_are_not_found(units, officer, other_officer) -> None:
    template = make_template(units["section"], scheme=None, kind=NoticeKind.REJECTION)
    assert staff_client(other_officer).get(reverse("notices:template", args=[template.pk])).status_code == 404
    assert staff_client(officer).get(reverse("notices:template", args=[template.pk])).status_code == 200


def test_preview_as_word_uses_sample_values(units, officer) -> None:
    template = make_template(units["section"], scheme=None, kind=NoticeKind.REJECTION)
    response = staff_client(officer).get(reverse("notices:template_preview", args=[template.pk, "docx"]))
    assert response.status_code == 200
    from .documents import docx_text

    assert "株式会社 伊勢テック" in docx_text(response.content)


def test_officer_makes_a_batch_from_the_page_and_follows_its_progress(
    units, officer, django_capture_on_commit_callbacks
) -> None:
    unit = units["section"]
    template = make_template(unit, scheme=make_scheme(unit), kind=NoticeKind.REJECTION, name="不受理通知")
    procedure = make_notice_procedure(unit)
    applications = make_applications(procedure, 3)
    client = staff_client(officer)
    url = reverse("notices:batch_create", args=[template.pk])
    listing = client.get(url, {"procedure": str(procedure.pk), "status": "accepted"})
    assert listing.status_code == 200
    assert all(a.receipt_number in listing.content.decode() for a in applications)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "procedure": procedure.pk,
                "status": "accepted",
                "applications": [a.pk for a in applications[:2]],
                "decided_on": "令和7年6月2日",
                "reason": "書類が揃っていないため。",
            },
        )
    assert response.status_code == 302
    batch = template.batches.get()
    assert batch.decided_on == datetime.date(2025, 6, 2) and batch.with_pdf is False
    progress = client.get(reverse("notices:batch_progress", args=[batch.public_id])).json()
    assert progress | {"stalled": False} == {
        "status": "completed",
        "status_label": "完了",
        "total": 2,
        "done": 2,
        "failed": 0,
        "processed": 2,
        "percent": 100,
        "finished": True,
        "stalled": False,
    }
    page = client.get(response["Location"]).content.decode()
    assert "三重県指令 環第1号" in page and 'value="2"' in page


def test_batch_form_errors_are_shown_not_raised(units, officer) -> None:
    unit = units["section"]
    template = make_template(unit, scheme=None, kind=NoticeKind.REJECTION)
    procedure = make_notice_procedure(unit)
    make_applications(procedure, 1)
    response = staff_client(officer).post(
        reverse("notices:batch_create", args=[template.pk]),
        {"procedure": procedure.pk, "status": "accepted", "applications": [], "decided_on": "昨日"},
    )
    assert response.status_code == 422
    assert "令和7年4月1日" in response.content.decode()


@pytest.fixture
def issued(units, resident, django_capture_on_commit_callbacks) -> dict[str, Any]:
    unit = units["section"]
    template = make_template(unit, scheme=make_scheme(unit), kind=NoticeKind.REJECTION, name="不受理通知")
    procedure = make_notice_procedure(unit)
    own = make_applications(procedure, 1, applicant=resident)[0]
    guest = application_submit(procedure=procedure, answers=VALID_ANSWERS, applicant=None, language="ja")
    with django_capture_on_commit_callbacks(execute=True):
        notices_issue_batch(
            template=template,
            applications=[own, guest.application],
            actor=None,
            decided_on=datetime.date(2025, 6, 2),
            values={"理由": "期限後"},
            with_pdf=False,
        )
    return {
        "own": Notice.objects.get(application=own),
        "guest": Notice.objects.get(application=guest.application),
        "secret": guest.guest_secret,
    }


def test_applicant_sees_and_downloads_their_notice(issued, resident) -> None:
    client = Client()
    client.force_login(resident)
    notice = issued["own"]
    status = client.get(reverse("procedures:application_status", args=[notice.application.receipt_number]))
    assert "不受理通知" in status.content.decode()
    response = client.get(reverse("notices:download", args=[notice.public_id, "docx"]))
    assert response.status_code == 200
    assert response.getvalue().startswith(b"PK")


def test_guest_downloads_with_the_status_key_only(issued) -> None:
    notice = issued["guest"]
    url = reverse("notices:download", args=[notice.public_id, "docx"])
    assert Client().get(url).status_code == 404
    assert Client().get(url, {"key": "wrong"}).status_code == 404
    assert Client().get(url, {"key": issued["secret"]}).status_code == 200


def test_other_people_cannot_download(issued, other_officer) -> None:
    from kencho.conftest import PASSWORD
    from kencho.core.models import User

    stranger = User.objects.create_user("stranger@example.jp", PASSWORD)
    client = Client()
    client.force_login(stranger)
    url = reverse("notices:download", args=[issued["own"].public_id, "docx"])
    assert client.get(url).status_code == 404
    assert staff_client(other_officer).get(url).status_code == 404


def test_staff_downloads_are_audited_and_need_the_one_time_code(issued, officer) -> None:
    url = reverse("notices:download", args=[issued["own"].public_id, "docx"])
    unverified = Client()
    unverified.force_login(officer)
    assert unverified.get(url).status_code == 302
    assert staff_client(officer).get(url).status_code == 200
    entry = AuditEntry.objects.get(action="notices.notice_downloaded")
    assert entry.actor == officer and entry.detail["format"] == "docx"


def test_cancelled_notices_disappear_for_the_applicant(issued, officer, resident) -> None:
    notice = issued["own"]
    response = staff_client(officer).post(
        reverse("notices:notice_cancel", args=[notice.public_id]), {"reason": "誤送付"}
    )
    assert response.status_code == 302
    client = Client()
    client.force_login(resident)
    assert client.get(reverse("notices:download", args=[notice.public_id, "docx"])).status_code == 404


def test_only_unit_admins_may_set_up_numbering_schemes(units, officer) -> None:
    from kencho.conftest import make_staff

    admin = make_staff("unitadmin@example.jp", units["division"], Membership.Role.ADMIN)
    form = {
        "unit": units["section"].pk,
        "name": "指令",
        "prefix": "三重県指令",
        "symbol": "学",
        "pattern": "{prefix} {symbol}第{n}号",
        "year_basis": "fiscal",
    }
    assert staff_client(officer).post(reverse("notices:schemes"), form).status_code == 200
    assert not NumberingScheme.objects.exists()
    bad = staff_client(admin).post(reverse("notices:schemes"), {**form, "pattern": "{symbol}第号"})
    assert bad.status_code == 422
    assert staff_client(admin).post(reverse("notices:schemes"), form).status_code == 302
    assert NumberingScheme.objects.get().symbol == "学"
