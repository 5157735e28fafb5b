import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from kencho.core.search import search_document, search_query_tokens, search_tokens


@pytest.mark.parametrize(
    ("first", "second"),
    [("引っ越し", "引越し"), ("引っ越し", "引越"), ("申込", "申し込み"), ("申込み", "申し込み")],
)
def test_spelling_variants_give_the_same_tokens(first, second):
    assert search_tokens(first) == search_tokens(second)


def test_variants_match_inside_sentences():
    assert search_query_tokens("引越しの申込") == search_query_tokens("引っ越しの申し込み")
    assert set(search_query_tokens("引越し 申込")) <= set(
        search_document("引っ越しの申し込みはこちら").split()
    )


def test_ascii_words_survive_lower_cased():
    assert search_tokens("Django と Python の FAQ") == ["django", "と", "python", "の", "faq"]
    assert "example" in search_tokens("example.jp")


def test_full_width_alphanumerics_are_normalised_first():
    assert search_tokens("ＤＸ推進 ２０２５") == search_tokens("DX推進 2025")
    assert search_tokens("ＤＸ") == ["dx"]


def test_punctuation_symbols_and_whitespace_are_dropped():
    tokens = search_tokens("住民票、　申請。「マイナンバーカード」！ (注)")
    assert tokens == ["住民", "票", "申請", "マイナンバー", "カード", "注"]


def test_empty_and_blank_text_have_no_tokens():
    assert search_tokens("") == []
    assert search_tokens(" \u3000\n") == []
    assert search_document("") == ""
    assert search_query_tokens("。、") == []


def test_document_holds_distinct_tokens_in_order():
    assert search_document("申請の申請、申請書") == "申請 の 書"


def test_query_drops_particles_unless_nothing_else_is_left():
    assert search_query_tokens("住民票の写しを申請") == ["住民", "票", "写し", "申請"]
    assert search_query_tokens("の") == ["の"]


def test_tokens_never_contain_spaces():
    document = search_document("New York と Ｔｏｋｙｏ\tの\u3000話")
    assert all(token and not token.isspace() for token in document.split(" "))


def test_text_longer_than_sudachi_accepts_is_tokenised_in_pieces():
    long_text = "住民票の写しを申請します。\n" * 5000 + "引越し" * 20000
    tokens = search_tokens(long_text)
    assert tokens.count("住民") == 5000
    assert "引っ越し" in tokens


def test_concurrent_threads_share_one_tokenizer_safely():
    texts = ["引越しの申込", "住民票の写し", "Django FAQ"] * 100
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(search_tokens, texts))
    assert results == [search_tokens(text) for text in texts]


def test_importing_the_module_does_not_load_sudachi():
    code = "import sys, kencho.core.search; assert 'sudachipy' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
