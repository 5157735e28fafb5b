"""The FAQ pages through Django's test client: asking on the full page (without JavaScript), feedback,
the hand-over contact form, and the staff pages with their access checks."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from kencho.assist.faq.models import FaqCollection, FaqFeedback, FaqInquiry, FaqUnansweredQuery
from kencho.assist.faq.vectors import entries_embed
from kencho.core.models import AuditEntry

ASK = "/faq/tax/"


def _main(response: Any) -> str:
    """The page's <main>, where the answers are (the header has the search-free navigation)."""
    text = response.content.decode()
    return text[text.index("<main") : text.index("</main>")]


@pytest.fixture
def embedded_tax(tax_collection: FaqCollection) -> FaqCollection:
    """The small tax collection with its embeddings, so that questions in English find entries."""
    entries_embed(collection=tax_collection)
    tax_collection.refresh_from_db()
    return tax_collection


# --- asking on the full page


def test_the_index_lists_public_collections_and_embeds_the_widget(
    tax_collection: FaqCollection, client: Client
) -> None:
    response = client.get("/faq/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="/faq/tax/"' in page
    assert 'src="/static/faq/widget.js" data-collection="tax"' in page


def test_an_empty_question_shows_the_form_and_the_entries_by_category(
    tax_collection: FaqCollection, client: Client
) -> None:
    response = client.get(ASK)
    assert response.status_code == 200
    main = _main(response)
    assert 'role="search"' in main and 'name="q"' in main
    assert "引越しをしたときの自動車税の手続きは？" in main
    assert "自動車税" in main


@pytest.mark.parametrize("question", ["引っ越し 自動車税", "引越し 自動車税", "引越しをしたときの自動車税"])
def test_both_spellings_of_moving_find_the_moving_entry(
    tax_collection: FaqCollection, client: Client, question: str
) -> None:
    response = client.get(ASK, {"q": question})
    assert response.status_code == 200
    main = _main(response)
    assert re.search(r'id="answer-question">引越しをしたときの自動車税の手続きは？<', main)
    assert "<p>車検証の住所を変更してください。</p>" in main
    assert "この回答で解決しましたか？" in main
    assert 'name="csrfmiddlewaretoken"' in main


def test_an_english_question_finds_the_japanese_entry_and_shows_its_translation_on_the_english_page(
    embedded_tax: FaqCollection, client: Client
) -> None:
    client.cookies["django_language"] = "en"
    response = client.get(ASK, {"q": "reduction of the real estate acquisition tax"})
    assert response.status_code == 200
    main = _main(response)
    assert "How do I apply for the real estate tax reduction?" in main
    assert 'lang="en"' in main


def test_an_english_question_on_the_japanese_page_is_answered_in_english_where_translated(
    embedded_tax: FaqCollection, client: Client
) -> None:
    response = client.get(ASK, {"q": "How do I apply for the real estate tax reduction?"})
    main = _main(response)
    assert "How do I apply for the real estate tax reduction?" in main


def test_the_easy_japanese_toggle_shows_the_easy_version(
    tax_collection: FaqCollection, client: Client
) -> None:
    plain = _main(client.get(ASK, {"q": "納税証明書"}))
    assert "納税証明書はどこでもらえますか" in plain
    assert "やさしい日本語で見る" in plain
    easy = _main(client.get(ASK, {"q": "納税証明書", "easy": "1"}))
    assert "税金を はらった 証明は どこで もらえますか" in easy
    assert "ふつうの日本語で見る" in easy


def test_a_question_nothing_answers_offers_the_contact_form_and_is_logged(
    tax_collection: FaqCollection, client: Client
) -> None:
    response = client.get(ASK, {"q": "ドローンの飛行許可"})
    assert response.status_code == 200
    main = _main(response)
    assert "ぴったりの回答が見つかりませんでした" in main
    assert 'href="/faq/tax/contact/?q=' in main
    assert FaqUnansweredQuery.objects.filter(collection=tax_collection, query="ドローンの飛行許可").exists()


def test_unknown_and_staff_only_collections_are_not_found_to_the_public(
    tax_collection: FaqCollection, client: Client
) -> None:
    assert client.get("/faq/nothing/").status_code == 404
    FaqCollection.objects.filter(pk=tax_collection.pk).update(audience=FaqCollection.Audience.STAFF)
    assert client.get(ASK).status_code == 404
    assert client.get("/faq/tax/contact/").status_code == 404


def test_too_many_searches_from_one_address_are_refused_with_429(
    tax_collection: FaqCollection, client: Client, settings: Any
) -> None:
    settings.KENCHO_FAQ_SEARCHES_PER_MINUTE = 2
    assert client.get(ASK, {"q": "自動車税"}).status_code == 200
    assert client.get(ASK, {"q": "自動車税"}).status_code == 200
    response = client.get(ASK, {"q": "自動車税"})
    assert response.status_code == 429
    assert "1分あたり2回まで" in response.content.decode()


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(question=st.text(max_size=600), easy=st.sampled_from(["", "1", "x"]))
def test_any_question_is_answered_without_a_server_error(
    tax_collection: FaqCollection, client: Client, question: str, easy: str
) -> None:
    response = client.get(ASK, {"q": question, "easy": easy})
    assert response.status_code in {200, 429}


# --- feedback


def _feedback(client: Client, collection: FaqCollection, helpful: str, **extra: Any) -> Any:
    entry = collection.entries.get(key="moving")
    data = {"entry": entry.pk, "q": "引っ越し 自動車税", "helpful": helpful, "lang": "ja"}
    return client.post(f"/faq/{collection.slug}/feedback/", data, **extra)


def test_feedback_without_javascript_redirects_back_with_thanks(
    tax_collection: FaqCollection, client: Client
) -> None:
    response = _feedback(client, tax_collection, "yes")
    assert response.status_code == 302
    assert response["Location"].startswith("/faq/tax/?q=")
    assert "feedback=yes" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "ご協力ありがとうございました。" in page
    assert "この回答で解決しましたか？" not in page
    feedback = FaqFeedback.objects.get()
    assert feedback.helpful and feedback.entry is not None and feedback.entry.key == "moving"


def test_no_leads_to_the_contact_form(tax_collection: FaqCollection, client: Client) -> None:
    response = _feedback(client, tax_collection, "no")
    assert "feedback=no" in response["Location"]
    page = _main(client.get(response["Location"]))
    assert 'href="/faq/tax/contact/?q=' in page
    assert FaqFeedback.objects.get().helpful is False


def test_feedback_with_javascript_answers_json(tax_collection: FaqCollection, client: Client) -> None:
    response = _feedback(client, tax_collection, "no", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True and body["helpful"] is False
    assert body["contact_url"].startswith("/faq/tax/contact/?q=")


def test_feedback_needs_the_csrf_token(tax_collection: FaqCollection) -> None:
    client = Client(enforce_csrf_checks=True)
    assert _feedback(client, tax_collection, "yes").status_code == 403
    assert not FaqFeedback.objects.exists()


def test_feedback_on_an_entry_of_another_collection_is_refused(
    tax_collection: FaqCollection, client: Client
) -> None:
    response = client.post(
        "/faq/tax/feedback/", {"entry": 999999, "helpful": "yes"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 422
    assert not FaqFeedback.objects.exists()


def test_widget_feedback_works_from_another_origin_without_csrf(tax_collection: FaqCollection) -> None:
    client = Client(enforce_csrf_checks=True)
    entry = tax_collection.entries.get(key="moving")
    response = client.post(
        "/faq/tax/widget-feedback/",
        {"entry": entry.pk, "q": "引っ越し", "helpful": "yes"},
        HTTP_ORIGIN="https://www.pref.example.jp",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert FaqFeedback.objects.filter(entry=entry, helpful=True).exists()


# --- hand-over


def test_the_contact_form_is_prefilled_with_the_question(
    tax_collection: FaqCollection, client: Client
) -> None:
    response = client.get("/faq/tax/contact/", {"q": "ドローンの飛行許可"})
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r"<textarea[^>]*>\s*ドローンの飛行許可</textarea>", page)
    assert 'name="query" value="ドローンの飛行許可"' in page


def test_an_inquiry_without_a_way_to_reply_is_422_with_messages_in_both_languages(
    tax_collection: FaqCollection, client: Client
) -> None:
    response = client.post("/faq/tax/contact/", {"message": "教えてください", "query": "ドローン"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "メールアドレスか電話番号のどちらかを入力してください" in page
    assert "e-mail address or a telephone number" in page
    assert 'aria-invalid="true"' in page
    assert not FaqInquiry.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"message": "", "email": "a@example.jp"}, "message"),
        ({"message": "質問", "email": "not-an-address"}, "email"),
        ({"message": "質問", "phone": "12345"}, "phone"),
        ({"message": "質問\x00", "email": "a@example.jp"}, "message"),
        ({"message": "質問" * 2001, "email": "a@example.jp"}, "message"),
        ({"message": "質問", "email": "a@example.jp", "name": "名" * 101}, "name"),
    ],
)
def test_bad_contact_input_is_422_next_to_the_field(
    tax_collection: FaqCollection, client: Client, data: dict[str, str], field: str
) -> None:
    response = client.post("/faq/tax/contact/", data)
    assert response.status_code == 422
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not FaqInquiry.objects.exists()


def test_an_inquiry_goes_to_the_owning_unit_with_a_reference_number(
    tax_collection: FaqCollection, client: Client
) -> None:
    response = client.post(
        "/faq/tax/contact/",
        {
            "message": "ドローンの飛行許可について",
            "query": "ドローン",
            "name": "三重 太郎",
            "phone": "０５９－２２４－３０７０",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/faq/tax/contact/sent/"
    inquiry = FaqInquiry.objects.get()
    assert inquiry.unit == tax_collection.owner_unit
    assert inquiry.phone == "059-224-3070"
    assert inquiry.query == "ドローン"
    page = client.get(response["Location"]).content.decode()
    assert f"FAQ-{inquiry.pk:06d}" in page
    audit = AuditEntry.objects.get(action="faq.inquiry_submitted")
    assert "059" not in str(audit.detail)


def test_the_confirmation_is_only_for_the_browser_that_sent(
    tax_collection: FaqCollection, client: Client
) -> None:
    response = client.get("/faq/tax/contact/sent/")
    assert response.status_code == 302
    assert response["Location"] == "/faq/tax/contact/"


def test_too_many_inquiries_from_one_address_are_refused_with_429(
    tax_collection: FaqCollection, client: Client, settings: Any
) -> None:
    settings.KENCHO_FAQ_INQUIRIES_PER_HOUR = 1
    data = {"message": "質問", "email": "a@example.jp"}
    assert client.post("/faq/tax/contact/", data).status_code == 302
    response = client.post("/faq/tax/contact/", data)
    assert response.status_code == 429
    assert FaqInquiry.objects.count() == 1


@hypothesis_settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.fixed_dictionaries(
        {},
        optional={name: st.text(max_size=300) for name in ("message", "name", "email", "phone", "query")},
    )
)
def test_any_contact_input_is_answered_without_a_server_error(
    tax_collection: FaqCollection, client: Client, data: dict[str, str]
) -> None:
    response = client.post("/faq/tax/contact/", data)
    assert response.status_code in {302, 422, 429}
