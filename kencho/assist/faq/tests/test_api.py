from __future__ import annotations

from typing import Any

from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kencho.assist.faq.models import FaqCollection
from kencho.core.models import User
from kencho.core.tokens import api_token_create

URL = "/api/v1/faq/tax/search"


def test_search_returns_ranked_entries_with_scores(tax_collection: FaqCollection, client: Client) -> None:
    response = client.get(URL, {"q": "引っ越し 自動車税", "k": "2"})
    assert response.status_code == 200
    body = response.json()
    assert body["collection"] == "tax"
    assert body["query_language"] == "ja"
    assert isinstance(body["no_good_match"], bool)
    first = body["results"][0]
    assert first["key"] == "moving"
    assert first["rank"] == 1
    assert first["answer"] == "<p>車検証の住所を変更してください。</p>"
    assert first["answer_text"] == "車検証の住所を変更してください。"
    assert first["category"] == "自動車税"
    assert first["language"] == "ja"
    assert first["matched_phrasing"] == "引越しをしたときの自動車税の手続きは？"
    assert set(first) >= {"id", "score", "similarity", "bm25", "question"}
    assert len(body["results"]) <= 2


def test_a_translation_and_easy_japanese_are_served_on_request(
    tax_collection: FaqCollection, client: Client
) -> None:
    english = client.get(URL, {"q": "不動産取得税 軽減", "lang": "en", "k": "1"}).json()["results"][0]
    assert english["language"] == "en"
    assert english["question"] == "How do I apply for the real estate tax reduction?"
    easy = client.get(URL, {"q": "納税証明書", "lang": "ja-easy", "k": "1"}).json()["results"][0]
    assert easy["language"] == "ja-easy"
    assert easy["question"].startswith("税金を はらった")


def test_unknown_collection_is_404_in_both_languages(db: Any, client: Client) -> None:
    response = client.get("/api/v1/faq/nothing/search", {"q": "税"})
    assert response.status_code == 404
    assert response.json()["errors"][0]["message"] == {"ja": "見つかりません。", "en": "Not found."}


def test_bad_parameters_are_422_naming_the_field(tax_collection: FaqCollection, client: Client) -> None:
    cases: list[tuple[dict[str, str], str]] = [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "税" * 501}, "q"),
        ({"q": "税", "k": "0"}, "k"),
        ({"q": "税", "k": "21"}, "k"),
        ({"q": "税", "lang": "xx"}, "lang"),
        ({"q": "   "}, "q"),
    ]
    for params, field in cases:
        response = client.get(URL, params)
        assert response.status_code == 422, params
        error = response.json()["errors"][0]
        assert error["field"] == field
        assert error["message"]["ja"] and error["message"]["en"]


def test_staff_collection_is_hidden_from_the_public_and_open_to_staff_tokens(
    tax_collection: FaqCollection, client: Client, officer: User, resident: User
) -> None:
    FaqCollection.objects.filter(pk=tax_collection.pk).update(audience=FaqCollection.Audience.STAFF)
    assert client.get(URL, {"q": "税"}).status_code == 404
    _token, resident_key = api_token_create(user=resident, name="test")
    assert client.get(URL, {"q": "税"}, HTTP_AUTHORIZATION=f"Bearer {resident_key}").status_code == 404
    _token, staff_key = api_token_create(user=officer, name="test")
    assert client.get(URL, {"q": "税"}, HTTP_AUTHORIZATION=f"Bearer {staff_key}").status_code == 200


def test_anonymous_searches_are_limited_per_minute(
    tax_collection: FaqCollection, client: Client, settings: Any
) -> None:
    settings.KENCHO_FAQ_SEARCHES_PER_MINUTE = 2
    assert [client.get(URL, {"q": "税"}).status_code for _ in range(3)] == [200, 200, 429]
    error = client.get(URL, {"q": "税"}).json()["errors"][0]
    assert error["code"] == "rate_limited"
    assert "2" in error["message"]["ja"] and "2" in error["message"]["en"]


def test_search_is_in_the_openapi_document(db: Any, client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/faq/{collection}/search" in paths


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=520), k=st.integers(min_value=-3, max_value=25))
def test_any_question_gets_an_answer_or_a_422_never_a_500(
    embedded_tax_collection: FaqCollection, client: Client, query: str, k: int
) -> None:
    response = client.get(URL, {"q": query, "k": str(k)})
    assert response.status_code in {200, 422}, response.content
    if response.status_code == 200:
        assert len(response.json()["results"]) <= k


def test_embedded_collection_reports_similarity(
    embedded_tax_collection: FaqCollection, client: Client
) -> None:
    first = client.get(URL, {"q": "税金を納めた証明がほしい"}).json()["results"][0]
    assert first["key"] == "certificate"
    assert 0 < first["similarity"] <= 1


def test_control_characters_in_a_question_are_dropped_before_it_is_logged(
    embedded_tax_collection: FaqCollection, client: Client
) -> None:
    from kencho.assist.faq.models import FaqUnansweredQuery

    response = client.get(URL, {"q": "宇宙\x00旅行\x07の\tビザ", "k": "3"})
    assert response.status_code == 200, response.content
    for logged in FaqUnansweredQuery.objects.all():
        assert all(ch.isprintable() for ch in logged.query)
