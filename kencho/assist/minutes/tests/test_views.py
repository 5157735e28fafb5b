"""Staff pages: upload → name speakers → edit → export, per-unit access, audit, and clear 4xx
answers for bad input."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kencho.conftest import staff_client
from kencho.core.models import AuditEntry, OrgUnit, User

from ..models import Minutes
from .transcripts import COMMITTEE_VTT, teams_docx

pytestmark = pytest.mark.django_db


def upload(client: Client, unit: OrgUnit, data: bytes, name: str = "committee.vtt", **extra: Any) -> Any:
    fields = {
        "title": "健康福祉病院常任委員会",
        "meeting_date": "令和7年12月3日",
        "place": "第1委員会室",
        "attendees": "三重 太郎 | 委員長\n田中 一郎 | 委員",
        "owner_unit": unit.pk,
        "transcript": SimpleUploadedFile(name, data),
        **extra,
    }
    return client.post(reverse("minutes:upload"), fields)


def test_an_officer_uploads_names_speakers_edits_and_exports(
    officer: User, units: dict[str, OrgUnit]
) -> None:
    client = staff_client(officer)
    assert client.get(reverse("minutes:upload")).status_code == 200
    response = upload(client, units["section"], COMMITTEE_VTT.encode("utf-16"))
    minutes = Minutes.objects.get()
    assert response["Location"] == reverse("minutes:speakers", args=[minutes.pk])
    assert minutes.transcript_format == "webvtt"
    assert str(minutes.meeting_date) == "2025-12-03"
    assert minutes.created_by == officer

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "「田中 一郎」の名前" in page.content.decode()
    response = client.post(
        response["Location"], {"speaker_0": "委員長（三重太郎君）", "speaker_1": "田中委員", "speaker_2": ""}
    )
    assert response["Location"] == reverse("minutes:edit", args=[minutes.pk])
    minutes.refresh_from_db()
    assert minutes.speaker_names == {"三重 太郎": "委員長（三重太郎君）", "田中 一郎": "田中委員"}
    assert minutes.cleaned_text.startswith("○委員長（三重太郎君）\u3000ただいまから")
    assert "○医療政策課長\u3000" in minutes.cleaned_text

    edit_page = client.get(response["Location"]).content.decode()
    assert "ご異議なしと認めます。" in edit_page  # the source sentence of a finding, shown to check
    edited = minutes.cleaned_text.replace("300人", "三百人（修正）")
    response = client.post(
        response["Location"],
        {
            "title": "健康福祉病院常任委員会（第3回）",
            "meeting_date": "2025-12-03",
            "place": "第1委員会室",
            "attendees": "三重 太郎 | 委員長",
            "cleaned_text": edited,
            "summary_text": minutes.summary_text,
            "decisions": "ご異議なしと認めます。",
            "action_items": "資料を送付する | 事務局 | 2025-12-12",
            "open_questions": "",
        },
    )
    assert response["Location"] == reverse("minutes:detail", args=[minutes.pk])
    minutes.refresh_from_db()
    assert minutes.title == "健康福祉病院常任委員会（第3回）"
    assert "三百人（修正）" in minutes.final_cleaned_text
    assert minutes.summary_text_edited == ""  # unchanged: still the generated summary
    assert minutes.final_findings[1] == {
        "kind": "action",
        "text": "資料を送付する",
        "assignee": "事務局",
        "due_phrase": "",
        "due_date": "2025-12-12",
    }

    detail = client.get(response["Location"])
    assert detail.status_code == 200
    word = client.get(reverse("minutes:export", args=[minutes.pk, "docx"]), {"style": "verbatim"})
    assert word.status_code == 200
    assert word["Content-Type"].startswith("application/vnd.openxmlformats")
    from docx import Document

    document = Document(io.BytesIO(word.content))
    assert any("三百人（修正）" in p.text for p in document.paragraphs)
    markdown = client.get(reverse("minutes:export", args=[minutes.pk, "md"]), {"style": "summary"})
    assert markdown.content.decode().startswith("# 健康福祉病院常任委員会（第3回）")
    assert "## 発言要旨" in markdown.content.decode()

    audited = AuditEntry.objects.filter(object_type="assist_minutes.minutes", object_id=str(minutes.pk))
    actions = list(audited.values_list("action", flat=True))
    assert actions == [
        "minutes.created",
        "minutes.speakers_named",
        "minutes.edited",
        "minutes.exported",
        "minutes.exported",
    ]


def test_renaming_speakers_keeps_the_staff_edits(officer: User, units: dict[str, OrgUnit]) -> None:
    client = staff_client(officer)
    upload(client, units["section"], COMMITTEE_VTT.encode())
    minutes = Minutes.objects.get()
    minutes.cleaned_text_edited = "○委員長\u3000手で直した本文。"
    minutes.save()
    client.post(reverse("minutes:speakers", args=[minutes.pk]), {"speaker_1": "田中委員"})
    minutes.refresh_from_db()
    assert minutes.final_cleaned_text == "○委員長\u3000手で直した本文。"
    assert "○田中委員" in minutes.cleaned_text


def test_a_teams_word_file_uploads_like_any_transcript(officer: User, units: dict[str, OrgUnit]) -> None:
    response = upload(staff_client(officer), units["section"], teams_docx(), name="transcript.docx")
    assert response.status_code == 302
    assert Minutes.objects.get().transcript_format == "teams_text"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "空"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "テキストではないファイルです"),
        (b'{"a": [1, 2]}', "文字起こしの形式を判別できません"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", "音声・動画ファイルは"),
    ],
)
def test_a_bad_file_is_refused_with_a_message_not_an_error_page(
    officer: User, units: dict[str, OrgUnit], data: bytes, message: str
) -> None:
    response = upload(staff_client(officer), units["section"], data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Minutes.objects.exists()


def test_the_message_is_in_english_for_english_readers(officer: User, units: dict[str, OrgUnit]) -> None:
    client = staff_client(officer)
    client.cookies["kencho_language"] = "en"
    response = upload(client, units["section"], b'{"a": 1}')
    assert response.status_code == 422
    assert "The transcript format was not recognised" in response.content.decode()


def test_a_file_over_the_limit_is_refused(officer: User, units: dict[str, OrgUnit], settings: Any) -> None:
    settings.KENCHO_MINUTES_MAX_UPLOAD_MB = 0
    response = upload(staff_client(officer), units["section"], COMMITTEE_VTT.encode())
    assert response.status_code == 422
    assert "ファイルが大きすぎます" in response.content.decode()


def test_minutes_of_another_unit_are_not_found(
    officer: User, other_officer: User, units: dict[str, OrgUnit]
) -> None:
    upload(staff_client(officer), units["section"], COMMITTEE_VTT.encode())
    minutes = Minutes.objects.get()
    other = staff_client(other_officer)
    for name in ("detail", "speakers", "edit"):
        assert other.get(reverse(f"minutes:{name}", args=[minutes.pk])).status_code == 404
    assert other.get(reverse("minutes:export", args=[minutes.pk, "docx"])).status_code == 404
    assert minutes.title not in other.get(reverse("minutes:list")).content.decode()
    assert minutes.title in staff_client(officer).get(reverse("minutes:list")).content.decode()


def test_an_officer_cannot_file_minutes_under_another_unit(officer: User, units: dict[str, OrgUnit]) -> None:
    response = upload(staff_client(officer), units["other"], COMMITTEE_VTT.encode())
    assert response.status_code == 422
    assert not Minutes.objects.exists()


def test_residents_and_visitors_are_kept_out(resident: User, client: Client) -> None:
    assert client.get(reverse("minutes:list")).status_code == 302
    resident_client = Client()
    resident_client.force_login(resident)
    assert resident_client.get(reverse("minutes:list")).status_code == 403


def test_an_unknown_export_format_is_a_400(officer: User, units: dict[str, OrgUnit]) -> None:
    client = staff_client(officer)
    upload(client, units["section"], COMMITTEE_VTT.encode())
    minutes = Minutes.objects.get()
    assert client.get(reverse("minutes:export", args=[minutes.pk, "pdf"])).status_code == 400
    assert client.get(reverse("minutes:export", args=[minutes.pk, "md"]), {"style": "x"}).status_code == 400


def test_an_edit_without_the_cleaned_text_is_refused(officer: User, units: dict[str, OrgUnit]) -> None:
    client = staff_client(officer)
    upload(client, units["section"], COMMITTEE_VTT.encode())
    minutes = Minutes.objects.get()
    response = client.post(reverse("minutes:edit", args=[minutes.pk]), {"title": "x", "meeting_date": "昨日"})
    assert response.status_code == 422
    assert "日付は 2025-12-03 や 令和7年12月3日 の形で入力してください。" in response.content.decode()
