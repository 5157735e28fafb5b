"""The FAQ staff pages through Django's test client: only staff of the owning unit (or above it) reach
a collection; entries are written (also from a group of unanswered questions), imported and
exported; inquiries are read with an audit entry."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from kencho.assist.faq.models import FaqCollection, FaqEntry, FaqFeedback, FaqInquiry, FaqUnansweredQuery
from kencho.assist.faq.records import inquiry_submit
from kencho.assist.faq.services import EntryContent, entry_save
from kencho.conftest import staff_client
from kencho.core.models import AuditEntry, User

BASE = "/staff/faq/"


@pytest.fixture
def chief(section_chief: User) -> Client:
    """Staff of 大学・学生支援課, the unit that owns the tax collection of these tests."""
    return staff_client(section_chief)


@pytest.fixture
def inquiry(tax_collection: FaqCollection) -> FaqInquiry:
    return inquiry_submit(
        collection=tax_collection,
        message="ドローンを飛ばしたい",
        query="ドローン 許可",
        name="三重 太郎",
        email="taro@example.jp",
    )


# --- who may open what


def test_anonymous_visitors_are_sent_to_log_in_and_residents_refused(
    tax_collection: FaqCollection, client: Client, resident: User
) -> None:
    response = client.get(BASE)
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(resident)
    assert client.get(BASE).status_code == 403
    assert client.get(f"{BASE}tax/").status_code == 403


def test_staff_see_only_their_units_collections(
    tax_collection: FaqCollection, chief: Client, other_officer: User
) -> None:
    page = chief.get(BASE).content.decode()
    assert 'href="/staff/faq/tax/"' in page
    other = staff_client(other_officer)
    assert 'href="/staff/faq/tax/"' not in other.get(BASE).content.decode()
    for path in ("tax/", "tax/questions/", "tax/entries/new/", "tax/entries/moving/", "tax/export.csv"):
        assert other.get(BASE + path).status_code == 404, path


# --- entries


def test_the_entries_list_shows_feedback_counts(tax_collection: FaqCollection, chief: Client) -> None:
    moving = tax_collection.entries.get(key="moving")
    for helpful in (True, True, False):
        FaqFeedback.objects.create(collection=tax_collection, entry=moving, query="引っ越し", helpful=helpful)
    page = chief.get(f"{BASE}tax/").content.decode()
    row = page[page.index("引越しをしたときの自動車税の手続きは？") :]
    row = row[: row.index("</tr>")]
    assert re.findall(r"<td>(?:<strong>)?(\d+)(?:</strong>)?</td>", row) == ["2", "1"]


def test_an_entry_is_created_with_translation_and_easy_japanese(
    tax_collection: FaqCollection, chief: Client
) -> None:
    response = chief.post(
        f"{BASE}tax/entries/new/",
        {
            "key": "",
            "question": "自動車税の納期限はいつですか",
            "answer": "5月末日です。\nhttps://www.pref.example.jp/tax",
            "category": "自動車税",
            "alternative_questions": "自動車税 いつまで\n\n自動車税 期限\n自動車税 いつまで",
            "question_en": "When is the automobile tax due?",
            "answer_en": "By the end of May.",
            "easy_question": "車の 税金は いつまでに はらいますか",
            "easy_answer": "5月の 終わりまでです。",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    entry = FaqEntry.objects.get(question="自動車税の納期限はいつですか")
    assert entry.key.startswith("entry-")
    assert entry.alternative_questions == ["自動車税 いつまで", "自動車税 期限"]
    assert '<a href="https://www.pref.example.jp/tax"' in entry.answer
    assert entry.category is not None and entry.category.name_ja == "自動車税"
    assert entry.languages == ["ja", "ja-easy", "en"]
    assert AuditEntry.objects.filter(action="faq.entry_saved").exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"question": "", "answer": "回答"}, "question"),
        ({"question": "質問", "answer": ""}, "answer"),
        ({"question": "質問", "answer": "回答", "key": "Not A Key"}, "key"),
        ({"question": "質問", "answer": "回答", "key": "moving"}, "key"),
        ({"question": "質問", "answer": "回答", "question_en": "Question"}, "answer_en"),
        ({"question": "質問", "answer": "回答", "easy_answer": "こたえ"}, "easy_question"),
        ({"question": "質" * 301, "answer": "回答"}, "question"),
    ],
)
def test_bad_entries_are_422_next_to_the_field(
    tax_collection: FaqCollection, chief: Client, data: dict[str, str], field: str
) -> None:
    before = FaqEntry.objects.count()
    response = chief.post(f"{BASE}tax/entries/new/", data)
    assert response.status_code == 422
    assert f'id="id_{field}_error"' in response.content.decode()
    assert FaqEntry.objects.count() == before


def test_editing_keeps_the_key_and_translations_the_form_does_not_show(
    tax_collection: FaqCollection, chief: Client
) -> None:
    entry_save(
        collection=tax_collection,
        content=EntryContent(
            key="reduction",
            question="不動産取得税の軽減を申し込みたい",
            answer="申告書を出してください。",
            translations={
                "en": ("Tax reduction?", "Send the form."),
                "pt": ("Redução?", "Envie o formulário."),
            },
        ),
        embed=False,
    )
    page = chief.get(f"{BASE}tax/entries/reduction/").content.decode()
    assert "Tax reduction?" in page
    response = chief.post(
        f"{BASE}tax/entries/reduction/",
        {"key": "changed", "question": "不動産取得税を軽くしたい", "answer": "申告書を出してください。"},
    )
    assert response.status_code == 302
    entry = FaqEntry.objects.get(collection=tax_collection, key="reduction")
    assert entry.question == "不動産取得税を軽くしたい"
    assert not entry.is_active
    assert sorted(t.language for t in entry.translations.all()) == ["pt"]


def test_an_entry_is_deleted_after_confirmation(tax_collection: FaqCollection, chief: Client) -> None:
    assert "削除しますか" in chief.get(f"{BASE}tax/entries/moving/delete/").content.decode()
    response = chief.post(f"{BASE}tax/entries/moving/delete/")
    assert response.status_code == 302
    assert not FaqEntry.objects.filter(collection=tax_collection, key="moving").exists()
    assert chief.get(f"{BASE}tax/entries/moving/").status_code == 404


# --- unanswered questions


def _unanswered(collection: FaqCollection, *questions: str) -> list[FaqUnansweredQuery]:
    return [
        FaqUnansweredQuery.objects.create(collection=collection, query=q, language="ja") for q in questions
    ]


def test_similar_unanswered_questions_are_grouped_with_a_link_to_a_prefilled_entry(
    tax_collection: FaqCollection, chief: Client
) -> None:
    asked = _unanswered(tax_collection, "ドローンの飛行許可", "ドローンの飛行許可", "ゴルフ場利用税の税率")
    page = chief.get(f"{BASE}tax/questions/").content.decode()
    assert "ドローンの飛行許可" in page and "ゴルフ場利用税の税率" in page
    links = re.findall(r'href="(/staff/faq/tax/entries/new/\?[^"]+)"', page)
    assert links
    drone_link = next(link for link in links if f"u={asked[0].pk}" in link.replace("&amp;", "&"))
    form = chief.get(drone_link.replace("&amp;", "&")).content.decode()
    assert re.search(r'name="question"[^>]*value="ドローンの飛行許可"', form)
    assert "回答できなかった質問から作っています" in form


def test_saving_an_entry_from_a_group_closes_its_questions(
    tax_collection: FaqCollection, chief: Client
) -> None:
    first, second = _unanswered(tax_collection, "ドローンの飛行許可", "ドローン 許可")
    response = chief.post(
        f"{BASE}tax/entries/new/",
        {
            "question": "ドローンの飛行許可",
            "answer": "国土交通省への申請が必要です。",
            "alternative_questions": "ドローン 許可",
            "answers": f"{first.pk},{second.pk}",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    entry = FaqEntry.objects.get(question="ドローンの飛行許可")
    assert set(FaqUnansweredQuery.objects.values_list("resolved_entry", flat=True)) == {entry.pk}


def test_a_group_can_be_dismissed(tax_collection: FaqCollection, chief: Client) -> None:
    (question,) = _unanswered(tax_collection, "天気はどうですか")
    response = chief.post(f"{BASE}tax/questions/dismiss/", {"u": [str(question.pk)]})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.resolved_at is not None and question.resolved_entry is None


def test_questions_of_another_collection_cannot_be_drafted_or_dismissed(
    tax_collection: FaqCollection, chief: Client, units: dict[str, Any]
) -> None:
    from kencho.assist.faq.services import collection_create

    other = collection_create(slug="roads", title_ja="道路", owner_unit=units["other"])
    (foreign,) = _unanswered(other, "道路の穴")
    form = chief.get(f"{BASE}tax/entries/new/?u={foreign.pk}").content.decode()
    assert "道路の穴" not in form
    chief.post(f"{BASE}tax/questions/dismiss/", {"u": [str(foreign.pk)]})
    foreign.refresh_from_db()
    assert foreign.resolved_at is None


# --- import and export


def test_export_as_csv_shift_jis_and_xlsx(tax_collection: FaqCollection, chief: Client) -> None:
    utf8 = chief.get(f"{BASE}tax/export.csv")
    assert utf8.status_code == 200
    assert utf8.content.startswith("\ufeffkey,".encode())
    assert 'filename="faq-tax-' in utf8["Content-Disposition"]
    sjis = chief.get(f"{BASE}tax/export.csv", {"encoding": "cp932"})
    assert "引越し" in sjis.content.decode("cp932")
    xlsx = chief.get(f"{BASE}tax/export.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert next(sheet.iter_rows(max_row=1, values_only=True))[0] == "key"
    assert chief.get(f"{BASE}tax/export.pdf").status_code == 404


def test_import_adds_entries_and_reports_counts(tax_collection: FaqCollection, chief: Client) -> None:
    data = (
        "key,question,answer\r\n"
        "vpn,VPNにつながらない,再起動してください。\r\n"
        "moving,引っ越し,住所を変えてください。\r\n"
    )
    upload = SimpleUploadedFile("faq.csv", data.encode("utf-8-sig"), content_type="text/csv")
    response = chief.post(f"{BASE}tax/import/", {"file": upload}, follow=True)
    assert response.status_code == 200
    assert "追加 1件、更新 1件、削除 0件" in response.content.decode()
    assert FaqEntry.objects.filter(collection=tax_collection, key="vpn").exists()


def test_an_import_with_problems_is_422_and_changes_nothing(
    tax_collection: FaqCollection, chief: Client
) -> None:
    upload = SimpleUploadedFile("faq.csv", "key,質問\r\nBad Key,x\r\n".encode(), content_type="text/csv")
    response = chief.post(f"{BASE}tax/import/", {"file": upload})
    assert response.status_code == 422
    page = response.content.decode()
    assert "1行目「answer」列" in page
    assert FaqEntry.objects.filter(collection=tax_collection).count() == 3
    assert chief.post(f"{BASE}tax/import/", {}).status_code == 422


def test_embedding_progress_is_reported(tax_collection: FaqCollection, chief: Client) -> None:
    body = chief.get(f"{BASE}tax/progress.json").json()
    assert body == {"done": 0, "total": 3, "complete": False}
    assert "検索の準備中: 0 / 3 件" in chief.get(f"{BASE}tax/").content.decode()


# --- inquiries


def test_the_inbox_lists_inquiries_without_personal_data(inquiry: FaqInquiry, chief: Client) -> None:
    page = chief.get(f"{BASE}inquiries/").content.decode()
    assert f"FAQ-{inquiry.pk:06d}" in page and "ドローン 許可" in page
    assert "taro@example.jp" not in page and "三重 太郎" not in page
    assert not AuditEntry.objects.filter(action="faq.inquiry_viewed").exists()


def test_reading_an_inquiry_is_audited_and_its_status_can_change(
    inquiry: FaqInquiry, chief: Client, section_chief: User
) -> None:
    page = chief.get(f"{BASE}inquiries/{inquiry.pk}/").content.decode()
    assert "taro@example.jp" in page and "三重 太郎" in page
    viewed = AuditEntry.objects.get(action="faq.inquiry_viewed")
    assert viewed.actor == section_chief and viewed.object_id == str(inquiry.pk)
    response = chief.post(f"{BASE}inquiries/{inquiry.pk}/", {"status": "closed"})
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == FaqInquiry.Status.CLOSED and inquiry.handled_by == section_chief
    assert chief.post(f"{BASE}inquiries/{inquiry.pk}/", {"status": "lost"}).status_code == 422


def test_other_units_cannot_read_an_inquiry(inquiry: FaqInquiry, other_officer: User) -> None:
    other = staff_client(other_officer)
    assert other.get(f"{BASE}inquiries/{inquiry.pk}/").status_code == 404
    assert f"FAQ-{inquiry.pk:06d}" not in other.get(f"{BASE}inquiries/").content.decode()
    assert not AuditEntry.objects.filter(action="faq.inquiry_viewed").exists()
