"""送り仮名 of 公用文: compound nouns keep the shorter forms that 「公用文における漢字使用等について」
(2010, kept by 公用文作成の考え方 2022) prescribes — 取扱い, 手続, 申込み, 打合せ — while the verbs
keep their full okurigana (取り扱う). Only nouns are flagged; Sudachi tells a noun 取り扱い from the
verb form in 取り扱い、.

Each 公用文 form is looked up by Sudachi's normalised spelling, so 取り扱い, 取扱 and 取扱い all meet
the entry for 取扱い.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from kencho.core.search import morphemes

from ..document import CheckedText
from ..findings import Finding, Message
from .base import Rule, proofreading_rules

OFFICIAL_FORMS = [
    "明渡し", "預り金", "言渡し", "入替え", "受入れ", "受付", "受取", "受渡し", "打合せ",
    "打切り", "埋立て", "売上げ", "売出し", "売渡し", "追越し", "買上げ", "買入れ", "買受け",
    "買換え", "買取り", "書換え", "貸切り", "貸越し", "貸出し", "貸付け", "借入れ", "借受け",
    "借換え", "切上げ", "切替え", "切下げ", "切捨て", "組合せ", "組入れ", "組立て", "繰上げ",
    "繰入れ", "繰越し", "繰下げ", "繰延べ", "繰戻し", "差押え", "差止め", "差引き", "差戻し",
    "締切り", "据置き", "据付け", "立会い", "立入り", "立替え", "付添い", "積立て", "手続",
    "問合せ", "届出", "取扱い", "取消し", "取下げ", "取締り", "取調べ", "取立て", "取次ぎ",
    "取付け", "取戻し", "取組", "取決め", "乗換え", "話合い", "払込み", "払下げ", "払出し",
    "払戻し", "払渡し", "引上げ", "引受け", "引換え", "引下げ", "引締め", "引継ぎ", "引取り",
    "引渡し", "振替", "振込み", "見合せ", "見積り", "申合せ", "申入れ", "申込み", "申立て",
    "申出", "持込み", "雇入れ", "呼出し", "読替え", "割当て", "割増し", "割戻し", "割引",
    "手当", "日付", "売上", "小売", "積立金", "書留", "小包",
]  # fmt: skip


@functools.lru_cache(maxsize=1)
def _official_by_normalized() -> dict[str, str]:
    table: dict[str, str] = {}
    for form in OFFICIAL_FORMS:
        found = morphemes(form)
        if len(found) == 1:
            table.setdefault(found[0].normalized_form, form)
    return table


@proofreading_rules.register("okurigana")
class OfficialOkuriganaRule(Rule):
    title = Message("公用文の送り仮名", "Okurigana of official documents")
    order = 111
    off_by_default_for = frozenset({"internal", "newsletter"})

    def check(self, doc: CheckedText) -> Iterator[Finding]:
        table = _official_by_normalized()
        words = doc.words
        for index, word in enumerate(words):
            if word.pos[0] != "名詞":
                continue
            following = words[index + 1] if index + 1 < len(words) else None
            if following is not None and following.pos[0] in {"名詞", "接尾辞"}:
                continue  # in a compound the short form is right: 申込書, 取扱説明書
            official = table.get(word.normalized)
            if official is None or word.surface == official:
                continue
            yield self.finding(
                word.start,
                word.end,
                f"公用文では「{word.surface}」を「{official}」と書きます（公用文の送り仮名）。",
                f"Official documents write 「{word.surface}」 as 「{official}」 (official okurigana).",
                official,
            )
