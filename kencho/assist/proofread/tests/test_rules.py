"""Each rule on real-looking sentences: the ones it must flag (with the exact span and suggestion)
and the ones it must leave alone."""

from __future__ import annotations

import pytest

from ..engine import proofread
from ..terms import TermEntry

TERMS = (TermEntry("三重県", ("三重件", "三重懸")), TermEntry("県政だより", ("県政便り",)))

# rule, text, flagged part, suggestion
BAD = [
    ("typo", "議論の的を得た意見が出されました。", "的を得", "的を射"),
    ("typo", "災害時のシュミレーションを行います。", "シュミレーション", "シミュレーション"),
    ("typo", "この書類は見ずらいので作り直します。", "ずら", "づら"),
    ("typo", "一人づつ順番にお呼びします。", "づつ", "ずつ"),
    ("ranuki", "会場ではどなたでも展示を見れます。", "見れ", "見られ"),
    ("ranuki", "当日は午前9時から来れる方を募集します。", "来れる", "来られる"),
    ("ranuki", "図書館で本を借りれる期間は2週間です。", "借りれる", "借りられる"),
    ("ranuki", "朝早く起きれない方はご相談ください。", "起きれ", "起きられ"),
    ("double_negative", "この制度を使えないことはない。", "ないことはない", None),
    ("double_negative", "参加できなくはないと考えています。", "なくはない", None),
    ("redundant", "まず最初に、申請書を確認します。", "まず最初に", "最初に"),
    ("redundant", "説明会には約100人ほどが参加しました。", "約100人ほど", "約100人"),
    ("redundant", "後で後悔しないよう早めに申し込んでください。", "後で後悔", "後悔"),
    ("redundant", "第3回目の会議を開催します。", "第3回目", "第3回"),
    ("doubled_particle", "会議室で会議で決めた内容を伝えます。", "で", None),
    ("doubled_conjunction", "しかし、予算には限りがあります。しかし、事業は続けます。", "しかし", None),
    ("doubled_ga", "申請はありましたが、書類が足りませんでしたが、受け付けました。", "が", None),
    ("fullwidth_alnum", "受付番号はＡ１２３です。", "Ａ１２３", "A123"),
    ("halfwidth_kana", "ｻｰﾋﾞｽの内容を変更します。", "ｻｰﾋﾞｽ", "サービス"),
    ("brackets", "「申請書の書き方をご覧ください。", "「", None),
    ("brackets", "申請書（様式第1号を提出してください。", "（", None),
    ("invisible", "申請\u200b書を提出してください。", "\u200b", ""),
    ("koyobun_conjunctions", "申請書および添付書類を提出してください。", "および", "及び"),
    ("koyobun_conjunctions", "郵送または窓口で提出してください。", "または", "又は"),
    ("koyobun_conjunctions", "但し、期限を過ぎたものは受け付けません。", "但し", "ただし"),
    ("conjunction_levels", "県並びに市町が協力して取り組みます。", "並びに", "及び"),
    ("kana_words", "内容を確認して下さい。", "下さい", "ください"),
    ("kana_words", "申請する事ができます。", "事", "こと"),
    ("kana_words", "災害が起きた時は、避難所へ向かいます。", "時", "とき"),
    ("kana_words", "ご協力頂きありがとうございます。", "頂き", "いただき"),
    ("kana_words", "期限までに出来ない場合はご連絡ください。", "出来", "でき"),
    ("kana_words", "早めに申し込んだ方がよいでしょう。", "方", "ほう"),
    ("okurigana", "個人情報の取り扱いに注意してください。", "取り扱い", "取扱い"),
    ("okurigana", "申請の手続きは簡単です。", "手続き", "手続"),
    (
        "sasete_itadaku",
        "説明会を開催させていただきます。資料を送付させていただきます。",
        "させていただきます",
        "いたします",
    ),
    ("terms", "三重件の観光情報をお届けします。", "三重件", "三重県"),
    ("terms", "詳しくは県政便り5月号をご覧ください。", "県政便り", "県政だより"),
]

# rule, text: sentences the rule must not flag
GOOD = [
    ("typo", "議論の的を射た意見が出されました。"),
    ("ranuki", "会場ではどなたでも展示を見られます。"),
    ("ranuki", "駅から会場まで走れる距離です。"),  # 走る is 五段: 走れる is its potential verb
    ("ranuki", "書類が書かれていることを確認します。"),
    ("ranuki", "申込書を封筒に入れる。"),
    ("double_negative", "この制度を使うことができます。"),
    ("double_negative", "期限までに提出しなければならない。"),
    ("redundant", "最初に、申請書を確認します。"),
    ("redundant", "説明会には約100人が参加しました。"),
    ("doubled_particle", "物価高騰の影響を受けている学生の食生活を支えます。"),
    ("doubled_particle", "県と市町と関係団体の職員の皆様に説明します。"),
    ("doubled_conjunction", "しかし、予算には限りがあります。そこで、事業を見直します。"),
    ("doubled_ga", "申請はありましたが、書類が足りませんでした。"),
    ("sentence_length", "申請は県のホームページから行ってください。"),
    ("too_many_commas", "なお、申請者が多い場合は、抽選となります。"),
    ("too_many_commas", "補助金は1,000,000円を上限とし、1,234円単位で交付します。"),
    ("kanji_run", "中小企業デジタル化支援補助金の申請を受け付けます。"),
    ("fullwidth_alnum", "受付番号はA123です。"),
    ("halfwidth_kana", "サービスの内容を変更します。"),
    ("brackets", "「申請書の書き方」（様式第1号）をご覧ください。"),
    ("brackets", "1) 学生証の写し"),
    ("brackets", "ア）住民票の写し"),
    ("invisible", "申請書を提出してください。\n添付書類もお忘れなく。\t"),
    ("koyobun_conjunctions", "申請書及び添付書類を提出してください。"),
    ("koyobun_conjunctions", "また、期限を過ぎたものは受け付けません。"),
    ("conjunction_levels", "県及び市町並びに関係団体が協力します。"),
    ("kana_words", "内容を確認してください。"),
    ("kana_words", "午後3時から説明会を開きます。"),
    ("kana_words", "窓口の方が丁寧に説明してくれました。"),
    ("kana_words", "工事の期間は3か月です。"),
    ("okurigana", "申込書を提出してください。"),
    ("okurigana", "個人情報の取扱いに注意してください。"),
    ("okurigana", "書類を慎重に取り扱います。"),
    ("sasete_itadaku", "説明会を開催させていただきます。"),
    ("style_mix", "申請を受け付けます。結果は後日お知らせします。"),
    ("style_mix", "本計画は県の基本方針である。施策は三つの柱からなる。"),
    ("variants", "打合せの日程を決めました。次回の打合せは来月です。"),
    ("terms", "三重県の観光情報をお届けします。"),
]


def _findings(rule: str, text: str) -> list[tuple[str, str | None]]:
    return [(text[f.start : f.end], f.suggestion) for f in proofread(text, rules=[rule], terms=TERMS)]


@pytest.mark.parametrize(
    ("rule", "text", "found", "suggestion"), BAD, ids=[f"{b[0]}-{b[1][:12]}" for b in BAD]
)
def test_rule_flags_the_exact_span_with_its_suggestion(
    rule: str, text: str, found: str, suggestion: str | None
) -> None:
    assert (found, suggestion) in _findings(rule, text)


@pytest.mark.parametrize(("rule", "text"), GOOD, ids=[f"{g[0]}-{g[1][:12]}" for g in GOOD])
def test_rule_leaves_correct_japanese_alone(rule: str, text: str) -> None:
    assert _findings(rule, text) == []


def test_long_sentence_is_flagged_as_a_whole_without_surrounding_spaces() -> None:
    sentence = "県では" + "、".join(["地域の皆様と協力して防災訓練を実施し"] * 6) + "ます。"
    text = "  " + sentence + "\n短い文です。"
    [finding] = proofread(text, rules=["sentence_length"])
    assert text[finding.start : finding.end] == sentence
    assert finding.suggestion is None
    assert f"{len(sentence)}字" in finding.message.ja


def test_fourth_comma_of_a_sentence_is_flagged() -> None:
    text = "県は、市町と、関係団体と、事業者と、協力して取り組みます。"
    [finding] = proofread(text, rules=["too_many_commas"])
    assert finding.start == text.index("、", text.index("事業者"))


def test_kanji_run_over_eight_is_flagged_unless_it_is_a_prefecture_term() -> None:
    text = "地域公共交通網形成計画策定について説明します。"
    [finding] = proofread(text, rules=["kanji_run"])
    assert text[finding.start : finding.end] == "地域公共交通網形成計画策定"
    term = TermEntry("地域公共交通網形成計画策定", ())
    assert proofread(text, rules=["kanji_run"], terms=[term]) == []


def test_minority_style_is_flagged_in_a_polite_document() -> None:
    text = "申請を受け付けます。結果は後日お知らせします。審査は厳正である。"
    [finding] = proofread(text, rules=["style_mix"])
    assert (text[finding.start : finding.end], finding.suggestion) == ("である", "です")


def test_spelling_variants_flag_the_less_used_spelling() -> None:
    text = "打合せの日程を決めました。次回の打合せは来月です。打ち合わせの資料は事前に送ります。"
    [finding] = proofread(text, rules=["variants"])
    assert (text[finding.start : finding.end], finding.suggestion) == ("打ち合わせ", "打合せ")
    assert "打合せ 2回" in finding.message.ja


def test_spelling_variants_from_the_synonym_dictionary() -> None:
    text = "サーバーを更新します。サーバーの停止時間は1時間です。サーバは夜間に再起動します。"
    found = [(text[f.start : f.end], f.suggestion) for f in proofread(text, rules=["variants"])]
    assert found == [("サーバ", "サーバー")]


def test_sasete_itadaku_once_is_courteous() -> None:
    assert proofread("説明会を開催させていただきます。", rules=["sasete_itadaku"]) == []
