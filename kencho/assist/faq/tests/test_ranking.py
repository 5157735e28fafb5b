"""The ranking regression test: retrieval on the labelled demo queries must not fall below the figures
recorded when the fusion parameters were chosen (manage.py faq_evaluate; see the app's README)."""

from __future__ import annotations

import pytest

from kencho.assist.faq.demo.loader import labelled_queries
from kencho.assist.faq.evaluation import flag_metrics, retrieval_metrics
from kencho.assist.faq.evaluation_cases import cases_for
from kencho.assist.faq.fusion import FusionParameters
from kencho.assist.faq.models import FaqCollection
from kencho.assist.faq.retrieval import Retriever
from kencho.assist.faq.search import faq_search

# Recorded by faq_evaluate on the 217 answerable and 27 unanswerable demo queries, with the default
# fusion parameters it chose (fusion.DEFAULTS).
RECORDED = {
    Retriever.BM25: {"hit_at_1": 0.783, "hit_at_3": 0.871, "ndcg_at_10": 0.844, "mrr": 0.828},
    Retriever.DENSE: {"hit_at_1": 0.908, "hit_at_3": 0.963, "ndcg_at_10": 0.947, "mrr": 0.934},
    Retriever.HYBRID: {"hit_at_1": 0.912, "hit_at_3": 0.982, "ndcg_at_10": 0.957, "mrr": 0.946},
}
# The flag compares float confidences with a threshold, so a few queries near it can fall either way
# from one machine to the next: 0.883 where the thresholds were chosen, 0.861 on another machine
# whose retrieval figures above were identical to the last digit. The floor is the lower one.
RECORDED_FLAG_BALANCED_ACCURACY = 0.861
EPSILON = 0.006  # about one query in 200


def test_labelled_queries_rank_at_least_as_well_as_recorded(
    demo_collections: dict[str, FaqCollection],
) -> None:
    cases = cases_for(labelled_queries())
    params = FusionParameters.defaults()
    for retriever, recorded in RECORDED.items():
        metrics = retrieval_metrics(cases, params, retriever)
        for name, floor in recorded.items():
            assert getattr(metrics, name) >= floor - EPSILON, (retriever, name, metrics)
    assert flag_metrics(cases, params).balanced_accuracy >= RECORDED_FLAG_BALANCED_ACCURACY - EPSILON


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("引越しで住所が変わったときの自動車税", "jidoshazei-moved"),
        ("引っ越しで住所が変わったときの自動車税", "jidoshazei-moved"),
        ("不動産取得税の軽減の申込", "fudosan-application"),
        ("不動産取得税の軽減の申し込み", "fudosan-application"),
    ],
)
def test_spelling_variants_find_the_same_entry_with_keywords_alone(
    demo_collections: dict[str, FaqCollection], query: str, key: str
) -> None:
    result = faq_search(collection=demo_collections["kenzei"], query=query, retriever=Retriever.BM25)
    assert result.answers[0].entry.key == key


def test_an_english_question_finds_the_japanese_entry_and_is_answered_in_english(
    demo_collections: dict[str, FaqCollection],
) -> None:
    result = faq_search(collection=demo_collections["kenzei"], query="When do I have to pay the car tax?")
    top = result.answers[0]
    assert top.entry.key == "jidoshazei-due"
    assert result.query_language == "en"
    assert top.language == "en"
    assert "31 May" in top.answer_html
    assert not result.no_good_match


@pytest.mark.parametrize(
    ("slug", "query", "key"),
    [
        ("it-helpdesk", "my mouse does not move", "keyboard-mouse"),
        ("kenzei", "is there a tax reduction for disabled people", "jidoshazei-disability"),
        ("kenzei", "When will the car tax notice arrive?", "jidoshazei-notice-when"),
    ],
)
def test_an_english_question_finds_an_entry_written_only_in_japanese(
    demo_collections: dict[str, FaqCollection], slug: str, query: str, key: str
) -> None:
    result = faq_search(collection=demo_collections[slug], query=query)
    assert result.answers[0].entry.key == key
    assert result.answers[0].language == "ja"
    assert result.answers[0].entry.translations.count() == 0


def test_a_question_about_another_office_is_handed_over(demo_collections: dict[str, FaqCollection]) -> None:
    collection = demo_collections["kanko"]
    result = faq_search(collection=collection, query="住民票の写しを取りたい")
    assert result.no_good_match
    assert result.top is None
    assert collection.unanswered.get().query == "住民票の写しを取りたい"


def test_easy_japanese_is_served_when_asked_for(demo_collections: dict[str, FaqCollection]) -> None:
    result = faq_search(
        collection=demo_collections["kanko"], query="伊勢神宮 行き方", language="ja-easy", k=2
    )
    assert result.answers[0].entry.key == "ise-jingu-access"
    assert result.answers[0].language == "ja-easy"
    assert "バス" in result.answers[0].answer_html
