"""The sender's and the respondent's pages through the Django test client."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kencho.conftest import make_staff, staff_client

from ..models import AggregationRun, RecipientStatus
from ..selectors import survey_template_xlsx
from ..services import submission_create
from .factories import fill_template, publish_form
from .test_services import ANSWER

ROWS = "施設別入所状況"


def xlsx(content: bytes, name: str = "answer.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_staff_make_a_survey_from_the_page(units: Any, sender: Any, tsu: Any, yokkaichi: Any) -> None:
    from ..demo_forms import overtime_definition

    version = publish_form(units["section"], overtime_definition())
    client = staff_client(sender)
    page = client.get(reverse("inquiries:survey_new"))
    assert page.status_code == 200
    data = {
        "title": "時間外勤務の状況",
        "unit": units["section"].pk,
        "form_version": version.pk,
        "deadline": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
        "organisations": [tsu.pk, yokkaichi.pk],
        "rules": "[{",
    }
    refused = client.post(reverse("inquiries:survey_new"), data)
    assert refused.status_code == 422 and "確認ルールが正しいJSONではありません" in refused.content.decode()
    data["rules"] = '[{"key": "over_45", "group": "staff", "flag_when": "weekday_hours > 45"}]'
    data["attachment"] = SimpleUploadedFile("記入要領.pdf", b"%PDF-1.4 demo")
    response = client.post(reverse("inquiries:survey_new"), data)
    assert response.status_code == 302
    dashboard = client.get(response["Location"])
    assert "照会を送付する" in dashboard.content.decode()
    client.post(response["Location"] + "send/")
    assert "未回答の全団体に督促する" in client.get(response["Location"]).content.decode()


def test_other_units_cannot_open_the_dashboard(overtime: Any, units: Any) -> None:
    outsider = make_staff("outsider@example.jp", units["other"])
    assert (
        staff_client(outsider).get(reverse("inquiries:dashboard", args=[overtime.public_id])).status_code
        == 404
    )


def test_respondent_uploads_with_an_error_fixes_it_and_the_totals_update(
    nursing: Any, tsu_user: Any, sender: Any
) -> None:
    client = staff_client(tsu_user)
    url = reverse("inquiries:respond", args=[nursing.public_id])
    assert client.get(reverse("inquiries:respondent_home")).status_code == 200
    template = client.get(reverse("inquiries:template", args=[nursing.public_id])).content
    bad = fill_template(
        template, {6: "2025-04-01", 7: "津 回答"}, {ROWS: [["ひまわり苑", "市町", 80, "七十", None]]}
    )
    response = client.post(reverse("inquiries:upload", args=[nursing.public_id]), {"file": xlsx(bad)})
    assert response.status_code == 422
    assert "シート「施設別入所状況」のセル D2" in response.content.decode()
    good = fill_template(
        template, {6: "2025-04-01", 7: "津 回答"}, {ROWS: [["ひまわり苑", "市町", 80, 70, None]]}
    )
    response = client.post(reverse("inquiries:upload", args=[nursing.public_id]), {"file": xlsx(good)})
    assert response.status_code == 302 and response["Location"] == url
    dashboard = (
        staff_client(sender).get(reverse("inquiries:dashboard", args=[nursing.public_id])).content.decode()
    )
    assert 'data-measure="facilities.residents"' in dashboard and ">70<" in dashboard


def test_an_upload_without_a_file_or_of_another_kind_is_a_422(nursing: Any, tsu_user: Any) -> None:
    client = staff_client(tsu_user)
    upload = reverse("inquiries:upload", args=[nursing.public_id])
    assert client.post(upload, {}).status_code == 422
    response = client.post(upload, {"file": xlsx(b"not a workbook", "a.pdf")})
    assert response.status_code == 422 and "Excel ブック（.xlsx）ではありません" in response.content.decode()


def test_answering_in_the_browser_uses_the_form_engine(overtime: Any, tsu_user: Any) -> None:
    client = staff_client(tsu_user)
    url = reverse("inquiries:answer", args=[overtime.public_id])
    assert client.get(url).status_code == 200
    post = {
        "f-contact_name": "",
        "f-staff-count": "1",
        "f-staff-0-employee_id": "A1",
        "f-staff-0-section": "admin",
        "f-staff-0-weekday_hours": "abc",
    }
    response = client.post(url, post)
    assert response.status_code == 422 and "「回答者氏名」を入力してください。" in response.content.decode()
    post.update({"f-contact_name": "津", "f-staff-0-weekday_hours": "12"})
    assert client.post(url, post).status_code == 302
    assert overtime.recipients.get(organisation__code="242012").status == RecipientStatus.ANSWERED


def test_a_respondent_cannot_open_another_organisations_survey(
    units: Any, sender: Any, yokkaichi: Any, tsu_user: Any
) -> None:
    from ..demo_forms import overtime_definition
    from .factories import make_survey

    survey = make_survey(units["section"], sender, overtime_definition(), [yokkaichi])
    assert (
        staff_client(tsu_user).get(reverse("inquiries:respond", args=[survey.public_id])).status_code == 404
    )


def test_return_for_correction_from_the_recipient_page(overtime: Any, tsu_user: Any, sender: Any) -> None:
    recipient = overtime.recipients.get(organisation__code="242012")
    submission_create(recipient=recipient, answers=ANSWER, source="browser", actor=tsu_user)
    client = staff_client(sender)
    url = reverse("inquiries:recipient", args=[overtime.public_id, recipient.pk])
    assert "A2" in client.get(url).content.decode()
    assert client.post(url, {"reason": ""}).status_code == 422
    assert client.post(url, {"reason": "確認してください"}).status_code == 302
    recipient.refresh_from_db()
    assert recipient.status == RecipientStatus.RETURNED
    assert (
        "確認してください"
        in staff_client(tsu_user)
        .get(reverse("inquiries:respond", args=[overtime.public_id]))
        .content.decode()
    )


def test_exports_hold_raw_rows_and_totals(overtime: Any, tsu_user: Any, sender: Any) -> None:
    recipient = overtime.recipients.get(organisation__code="242012")
    submission_create(
        recipient=recipient, answers={**ANSWER, "contact_name": "=1+1"}, source="browser", actor=tsu_user
    )
    client = staff_client(sender)
    csv_body = client.get(reverse("inquiries:export", args=[overtime.public_id, "csv"])).content
    assert csv_body.startswith(b"\xef\xbb\xbf")
    lines = csv_body.decode("utf-8-sig").splitlines()
    assert len(lines) == 3 and lines[1].split(",")[4] == "'=1+1" and "事務" in lines[1]
    totals = client.get(reverse("inquiries:export", args=[overtime.public_id, "csv"]) + "?kind=totals")
    assert "60.5" in totals.content.decode("utf-8-sig")
    book = load_workbook(
        io.BytesIO(client.get(reverse("inquiries:export", args=[overtime.public_id, "xlsx"])).content)
    )
    assert book.sheetnames == ["回答一覧", "集計"]
    assert book["回答一覧"].max_row == 3 and book["回答一覧"]["E2"].value == "=1+1"
    assert book["回答一覧"]["E2"].data_type == "s"
    assert client.get(reverse("inquiries:export", args=[overtime.public_id, "pdf"])).status_code == 404


def test_the_background_aggregation_shows_its_progress(
    overtime: Any, tsu_user: Any, sender: Any, django_capture_on_commit_callbacks: Any
) -> None:
    recipient = overtime.recipients.get(organisation__code="242012")
    submission_create(recipient=recipient, answers=ANSWER, source="browser", actor=tsu_user)
    client = staff_client(sender)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("inquiries:aggregate", args=[overtime.public_id]))
    run = AggregationRun.objects.get()
    assert response["Location"] == reverse("inquiries:run", args=[run.public_id])
    progress = client.get(reverse("inquiries:run_progress", args=[run.public_id])).json()
    assert progress["finished"] and progress["processed"] == 1 and progress["total"] == 1
    assert client.get(response["Location"]).status_code == 200


def test_respondents_are_imported_from_a_csv_list(sender: Any) -> None:
    client = staff_client(sender)
    url = reverse("inquiries:respondents")
    bad = "コード,名称,メールアドレス\nS001,津市立南小学校,not-an-address\n".encode("cp932")
    response = client.post(url, {"kind": "facility", "file": SimpleUploadedFile("s.csv", bad)})
    assert response.status_code == 422 and "2行目" in response.content.decode()
    good = "\ufeffコード,名称\nS001,津市立南小学校\nS002,津市立北小学校\n".encode()
    assert (
        client.post(url, {"kind": "facility", "file": SimpleUploadedFile("s.csv", good)}).status_code == 302
    )
    assert "津市立北小学校" in client.get(url).content.decode()


def test_the_template_download_is_the_surveys_own(nursing: Any, tsu_user: Any) -> None:
    body = staff_client(tsu_user).get(reverse("inquiries:template", args=[nursing.public_id])).content
    assert (
        load_workbook(io.BytesIO(body)).sheetnames[:2]
        == load_workbook(io.BytesIO(survey_template_xlsx(nursing))).sheetnames[:2]
    )


def test_pages_and_workbook_messages_come_in_english(nursing: Any, tsu_user: Any) -> None:
    client = staff_client(tsu_user)
    client.cookies["django_language"] = "en"
    assert (
        "Surveys to answer"
        in client.get(reverse("inquiries:respondent_home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    template = survey_template_xlsx(nursing)
    bad = fill_template(template, {6: "2025-04-01"}, {ROWS: [["苑", "市町", 1, 1, None]]})
    response = client.post(
        reverse("inquiries:upload", args=[nursing.public_id]), {"file": xlsx(bad)}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert 'Sheet "回答", cell B7: Enter "Name of the person answering"' in response.content.decode().replace(
        "&quot;", '"'
    )


def test_an_administrator_adds_a_member_in_the_admin_and_it_is_audited(tsu: Any) -> None:
    from kencho.core.models import AuditEntry, User

    admin_user = User.objects.create_superuser("root@example.jp", "pw-pw-pw-pw")
    member = User.objects.create_user("tsu2@example.jp", "pw", kind=User.Kind.STAFF)
    resident = User.objects.create_user("resident2@example.jp", "pw")
    client = staff_client(admin_user)
    url = reverse("admin:inquiries_respondentorganisation_change", args=[tsu.pk])
    form = {
        "kind": "municipality",
        "code": "242012",
        "name_ja": "津市",
        "name_en": "",
        "email": "",
        "is_active": "on",
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
        "members-0-user": str(resident.pk),
        "members-0-valid_from": "2025-04-01",
    }
    refused = client.post(url, form)
    assert refused.status_code == 200 and not tsu.members.exists()
    form["members-0-user"] = str(member.pk)
    assert client.post(url, form).status_code == 302
    assert [m.user for m in tsu.members.all()] == [member]
    assert AuditEntry.objects.filter(action="inquiries.respondent_saved_in_admin").count() == 1


def test_a_large_survey_shows_the_last_background_run(
    overtime: Any, tsu_user: Any, sender: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from ..views import staff as staff_views

    monkeypatch.setattr(staff_views, "LIVE_LIMIT", 0)
    submission_create(
        recipient=overtime.recipients.get(organisation__code="242012"),
        answers=ANSWER,
        source="api",
        actor=tsu_user,
    )
    client = staff_client(sender)
    url = reverse("inquiries:dashboard", args=[overtime.public_id])
    before = client.get(url).content.decode()
    assert "回答が多いため" in before and 'id="totals"' not in before
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("inquiries:aggregate", args=[overtime.public_id]))
    after = client.get(url).content.decode()
    assert 'id="totals"' in after and "60.5" in after
