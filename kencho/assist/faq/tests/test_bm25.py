from __future__ import annotations

import numpy as np

from kencho.assist.faq.bm25 import BM25Index
from kencho.core.search import search_query_tokens, search_tokens


def test_a_rare_word_counts_more_than_a_common_one() -> None:
    index = BM25Index([["税", "自動車"], ["税", "不動産"], ["税", "証明"]])
    scores = index.scores(["税", "不動産"])
    assert int(np.argmax(scores)) == 1
    assert scores[0] == scores[2] > 0


def test_a_document_without_any_query_word_scores_zero() -> None:
    index = BM25Index([["伊勢", "神宮"], ["忍者"]])
    assert index.scores(["鈴鹿"]).tolist() == [0.0, 0.0]
    assert index.matched_tokens(["伊勢", "鈴鹿"], 0) == ["伊勢"]


def test_an_empty_index_scores_nothing() -> None:
    assert BM25Index([]).scores(["税"]).shape == (0,)


def test_sudachi_normalisation_makes_okurigana_variants_one_token() -> None:
    documents = [search_tokens("引越しの手続き"), search_tokens("申込方法")]
    index = BM25Index(documents)
    assert index.scores(search_query_tokens("引っ越し"))[0] > 0
    assert index.scores(search_query_tokens("申し込み"))[1] > 0
