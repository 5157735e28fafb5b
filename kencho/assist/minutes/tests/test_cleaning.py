"""Verbatim cleaning: fillers, repeats and false starts go; words, numbers and dates follow the house
style; nothing that was said with meaning is lost."""

from __future__ import annotations

import pytest

from ..cleaning import clean_text, clean_transcript, merge_turns
from ..detection import read_transcript
from ..numerals import format_number, kanji_number_value, restyle_dates
from ..style import MinutesStyle
from ..transcript import Utterance
from .transcripts import COMMITTEE_VTT


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("えー、ただいまから委員会を開会いたします。", "ただいまから委員会を開会いたします。"),
        (
            "本日は、えっと、地域医療構想について説明を受けます。",
            "本日は、地域医療構想について説明を受けます。",
        ),
        ("あのー、二点伺います。", "2点伺います。"),
        ("えーっと、うーん、その、予算の件です。", "予算の件です。"),
        ("ええとですね、あのう、まあ、んーと、それでは始めます。", "それでは始めます。"),
        ("本日はですね、三つの議題があります。", "本日は三つの議題があります。"),
        ("説明は以上です、えー。", "説明は以上です。"),
    ],
)
def test_fillers_are_removed_with_the_comma_after_them(said: str, written: str) -> None:
    assert clean_text(said) == written


@pytest.mark.parametrize(
    "said",
    [
        "あの件については、先日回答しました。",
        "その結果、受入れ件数が増えました。",
        "はい、そのとおりです。",
        "ええ、承知しております。",
    ],
)
def test_words_that_only_look_like_fillers_stay(said: str) -> None:
    assert clean_text(said) == said


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("看護職員の、看護職員の確保について伺います。", "看護職員の確保について伺います。"),
        ("こ、この計画は重要です。", "この計画は重要です。"),
        ("け、計画については後ほど説明します。", "計画については後ほど説明します。"),
        ("予算の、予算案の審議を行います。", "予算案の審議を行います。"),
        ("ここでここで説明します。", "ここで説明します。"),
        ("はい、はい、わかりました。", "はい、わかりました。"),
    ],
)
def test_repeated_words_and_false_starts_are_said_once(said: str, written: str) -> None:
    assert clean_text(said) == written


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("貸与枠を三百人に拡大しました。", "貸与枠を300人に拡大しました。"),
        ("総額三億五千万円の事業です。", "総額3億5,000万円の事業です。"),
        ("第三回の会議は十二月十五日です。", "第3回の会議は12月15日です。"),
        ("二〇二五年度の計画です。", "2025年度の計画です。"),
        ("千二百件の申請がありました。", "1,200件の申請がありました。"),
        ("１２件、ＤＸ、ｶﾅ", "12件、DX、カナ。"),
    ],
)
def test_counting_numbers_are_written_in_arabic_digits(said: str, written: str) -> None:
    assert clean_text(said) == written


@pytest.mark.parametrize(
    "said",
    [
        "一人ひとりに寄り添います。",
        "一部の市町では、一般の方も参加できます。",
        "一つ目の論点です。",
        "数十人の方が来られました。",
        "三重県と四国の事例です。",
        "十分に検討しております。",
    ],
)
def test_numbers_that_are_part_of_a_word_stay_in_kanji(said: str) -> None:
    assert clean_text(said) == said


def test_kanji_numerals_can_be_kept_by_setting() -> None:
    assert clean_text("三百人です。", style=MinutesStyle(arabic_numerals=False)) == "三百人です。"


def test_dates_are_written_in_the_configured_calendar() -> None:
    said = "令和7年12月15日と2026年1月9日に開催します。"
    assert clean_text(said, style=MinutesStyle(date_style="keep")) == said
    assert (
        clean_text(said, style=MinutesStyle(date_style="wareki"))
        == "令和7年12月15日と令和8年1月9日に開催します。"
    )
    assert (
        clean_text(said, style=MinutesStyle(date_style="seireki"))
        == "2025年12月15日と2026年1月9日に開催します。"
    )
    assert restyle_dates("令和7年2月30日", "seireki") == "令和7年2月30日"  # no such day: left alone


def test_kanji_number_values_and_their_written_form() -> None:
    assert kanji_number_value("三億五千万") == 350_000_000
    assert kanji_number_value("二〇二五") == 2025
    assert kanji_number_value("十") == 10
    assert kanji_number_value("百二十三") == 123
    assert kanji_number_value("一般") is None
    assert format_number(350_000_000, grouping=True) == "3億5,000万"
    assert format_number(2025, grouping=False) == "2025"


def test_subtitle_cues_of_one_speaker_become_one_turn() -> None:
    turns = merge_turns(
        [
            Utterance("田中", "看護職員の確保に", 1.0),
            Utterance("田中", "ついて伺います。", 3.0),
            Utterance("課長", "はい。"),
        ]
    )
    assert [(t.speaker, t.text, t.start) for t in turns] == [
        ("田中", "看護職員の確保について伺います。", 1.0),
        ("課長", "はい。", None),
    ]


def test_a_turn_of_fillers_alone_disappears_and_its_neighbours_join() -> None:
    turns = clean_transcript(
        [
            Utterance("田中", "予算について伺います。"),
            Utterance("佐藤", "えー、あのー。"),
            Utterance("田中", "以上です。"),
        ]
    )
    assert [(t.speaker, t.text) for t in turns] == [("田中", "予算について伺います。以上です。")]


def test_the_committee_transcript_is_cleaned_turn_by_turn() -> None:
    turns = clean_transcript(read_transcript(COMMITTEE_VTT.encode()).utterances, style=MinutesStyle())
    assert [t.speaker for t in turns] == ["三重 太郎", "田中 一郎", "医療政策課長", "三重 太郎"]
    assert turns[0].text == (
        "ただいまから、健康福祉病院常任委員会を開会いたします。本日は、地域医療構想の進捗について、執行部から説明を受けます。"
    )
    assert turns[1].text.startswith("2点伺います。まず、看護職員の確保について、県として")
    assert "修学資金の貸与枠を、300人に拡大しております。" in turns[2].text
