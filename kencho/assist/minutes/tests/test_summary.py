"""The summary keeps each turn's content sentences, deterministically, in 要旨 style."""

from __future__ import annotations

import pytest

from ..style import MinutesStyle
from ..summary import score_sentences, summarize
from ..summary_style import to_summary_style
from ..transcript import Turn

COMMITTEE = [
    Turn(
        "委員長",
        "ただいまから健康福祉病院常任委員会を開会します。本日は、地域医療構想の進捗について審査を行います。"
        "よろしくお願いします。",
    ),
    Turn(
        "田中委員",
        "ありがとうございます。2点伺います。まず、看護職員の確保について、県としてどのような対策を考えているのか"
        "伺います。地域によっては夜勤の体制が組めない病院もあると聞いております。次に、救急搬送の受入れについて、"
        "現状の課題を伺います。",
    ),
    Turn(
        "医療政策課長",
        "お答えいたします。看護職員の確保につきましては、修学資金の貸与枠を拡大し、県内就職の促進を図っております。"
        "また、夜勤体制については、来年度、実態調査を行う予定です。救急搬送については、受入れ困難事例の分析を"
        "進めております。",
    ),
    Turn("委員長", "はい。"),
    Turn("山本委員", "ありがとうございました。"),
]


def test_each_turn_keeps_its_content_sentences_in_the_order_said() -> None:
    summary = summarize(COMMITTEE, style=MinutesStyle())
    assert [s.speaker for s in summary] == ["委員長", "田中委員", "医療政策課長"]
    assert summary[1].points == [
        "まず、看護職員の確保について、県としてどのような対策を考えているのか問う。",
        "次に、救急搬送の受入れについて、現状の課題を問う。",
    ]
    assert summary[2].points == [
        "看護職員の確保につきましては、修学資金の貸与枠を拡大し、県内就職の促進を図っている。",
        "また、夜勤体制については、来年度、実態調査を行う予定である。",
    ]


def test_greetings_and_short_replies_are_never_kept() -> None:
    scores = score_sentences(COMMITTEE)
    assert scores[0][2] == ("よろしくお願いします。", 0.0)
    assert scores[1][0] == ("ありがとうございます。", 0.0)
    assert scores[3] == [("はい。", 0.0)]


def test_the_same_turns_give_the_same_summary() -> None:
    assert summarize(COMMITTEE, style=MinutesStyle()) == summarize(list(COMMITTEE), style=MinutesStyle())


def test_answers_can_end_with_tonokoto() -> None:
    summary = summarize(COMMITTEE, style=MinutesStyle(summary_ending="tonokoto"))
    assert summary[2].points[1] == "また、夜勤体制については、来年度、実態調査を行う予定とのこと。"
    assert summary[1].points[1].endswith("問う。")  # questions stay questions


@pytest.mark.parametrize(
    ("said", "summarised"),
    [
        ("本事業は検討しております。", "本事業は検討している。"),
        ("引き続き進めてまいります。", "引き続き進めていく。"),
        ("資料を配布いたしました。", "資料を配布した。"),
        ("先週、現地に行きました。", "先週、現地に行った。"),
        ("書類を読みました。", "書類を読んだ。"),
        ("予算はございません。", "予算はない。"),
        ("まだ対応していませんでした。", "まだ対応していなかった。"),
        ("課題は大きいです。", "課題は大きい。"),
        ("早急な対応が必要です。", "早急な対応が必要である。"),
        ("昨年度は黒字でした。", "昨年度は黒字であった。"),
        ("以上でございます。", "以上である。"),
        ("今後の見通しについて伺います。", "今後の見通しについて問う。"),
        ("この点をお伺いしたいと思います。", "この点を問う。"),
        ("予算額はどのくらいですか。", "予算額はどのくらいか問う。"),
        ("検討していますか？", "検討しているか問う。"),
        ("丁寧な説明をお願いします。", "丁寧な説明を求める。"),
        ("重要と考えております。", "重要と考えている。"),
    ],
)
def test_sentence_endings_in_summary_style(said: str, summarised: str) -> None:
    assert to_summary_style(said) == summarised


@pytest.mark.parametrize("said", ["ご覧のとおり。", "資料2をご覧ください。", "そういうことだ。"])
def test_sentences_no_rule_fits_are_kept_word_for_word(said: str) -> None:
    assert to_summary_style(said) == said
