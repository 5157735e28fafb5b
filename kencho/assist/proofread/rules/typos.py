"""誤字: words and idioms commonly written wrong, and the misspellings Sudachi's synonym dictionary
marks as 間違い表記 (シュミレーション for シミュレーション)."""

from __future__ import annotations

from collections.abc import Sequence

from ..findings import Message
from ..synonyms import synonym_dictionary
from .base import proofreading_rules
from .phrases import PhraseRule

_KANA_OR_KANJI = r"[\u3041-\u309f\u4e00-\u9fff々]"

TYPOS: list[tuple[str, str | None]] = [
    ("的を得(?=[たてるな])", "的を射"),
    ("汚名挽回", "汚名返上"),
    ("取り付く暇", "取り付く島"),
    ("危機一発", "危機一髪"),
    ("絶対絶命", "絶体絶命"),
    ("五里夢中", "五里霧中"),
    ("無我無中", "無我夢中"),
    ("責任転化", "責任転嫁"),
    ("短刀直入", "単刀直入"),
    ("意味深重", "意味深長"),
    ("興味深深", "興味津々"),
    ("異和感", "違和感"),
    ("専問", "専門"),
    ("講議", "講義"),
    ("完壁", "完璧"),
    ("既製事実", "既成事実"),
    ("一同に会", "一堂に会"),
    ("ご静聴", "ご清聴"),
    ("雪辱を晴ら", "雪辱を果た"),
    ("念頭に入れ", "念頭に置き"),
    ("明るみになっ", "明るみに出"),
    ("熱にうなされ", "熱に浮かされ"),
    ("手持ちぶたさ", "手持ち無沙汰"),
    ("押しも押されぬ", "押しも押されもせぬ"),
    ("期待と不安が交差", "期待と不安が交錯"),
    ("以外に(?=(?:多|少な|早|簡単|難し|高|安)[いかくけ])", "意外に"),
    ("始めまして", "初めまして"),
    ("コミニュケーション", "コミュニケーション"),
    ("アボガド", "アボカド"),
    ("こんにちわ", "こんにちは"),
    ("こんばんわ", "こんばんは"),
    ("(?<=[とっ])ゆう(?=[のこも])", "いう"),
    (f"(?<={_KANA_OR_KANJI})ずら(?=[いくかけ])", "づら"),
    ("(?<=[0-9０-９一二三四五六七八九十百千人個つし])づつ", "ずつ"),
]


@proofreading_rules.register("typo")
class TypoRule(PhraseRule):
    title = Message("誤字", "Common misspellings")
    order = 10
    phrases = TYPOS

    def extra_phrases(self) -> Sequence[tuple[str, str | None]]:
        return list(synonym_dictionary().misspellings.items())

    def reason(self, found: str, suggestion: str | None) -> tuple[str, str]:
        return (
            f"「{found}」は「{suggestion}」の誤りです。",
            f"「{found}」 is a common mistake for 「{suggestion}」.",
        )
