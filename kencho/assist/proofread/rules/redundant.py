"""重複表現: the same meaning said twice (まず最初に, 約100人ほど, 後で後悔する)."""

from __future__ import annotations

from ..findings import Message
from .base import proofreading_rules
from .phrases import PhraseRule

_NUMBER = r"[0-9０-９,，.．〇一二三四五六七八九十百千万億数]+"
_UNIT = r"[^\s、。,.ほ程く前]{0,4}?"

REDUNDANCIES: list[tuple[str, str | None]] = [
    ("まず最初に", "最初に"),
    ("まず初めに", "初めに"),
    ("一番最初", "最初"),
    ("一番最後", "最後"),
    ("(?:後|あと)で後悔", "後悔"),
    (f"約({_NUMBER}{_UNIT})(?:ほど|程度|くらい|ぐらい|前後)", r"約\1"),
    (f"およそ({_NUMBER}{_UNIT})(?:ほど|程度|くらい|ぐらい|前後)", r"およそ\1"),
    ("過半数を超え", "過半数を占め"),
    ("犯罪を犯", "罪を犯"),
    ("被害を被り", "被害を受け"),
    ("被害を被る", "被害を受ける"),
    ("被害を被った", "被害を受けた"),
    ("頭痛が痛", "頭が痛"),
    ("馬から落馬", "落馬"),
    ("違和感を感じ", "違和感を覚え"),
    ("(?:あらかじめ|予め)予約", "予約"),
    ("(?:いまだ|未だ|まだ)未定", "未定"),
    ("必ず必要", "必要"),
    ("従来から", "従来"),
    ("今現在", "現在"),
    ("製造メーカー", "メーカー"),
    ("日本に来日", "来日"),
    ("炎天下の下", "炎天下"),
    ("はっきりと明言", "明言"),
    ("最もベスト", "ベスト"),
    ("最も最適", "最適"),
    ("元旦の朝", "元旦"),
    (r"第([0-9０-９]+|[一二三四五六七八九十]+)回目", r"第\1回"),
    (r"各([^\s、。,.ご毎]{1,8}?)(ごと|毎)", r"\1\2"),
]


@proofreading_rules.register("redundant")
class RedundancyRule(PhraseRule):
    title = Message("重複表現", "Redundant expressions")
    order = 40
    phrases = REDUNDANCIES

    def reason(self, found: str, suggestion: str | None) -> tuple[str, str]:
        return (
            f"「{found}」は同じ意味を重ねています。「{suggestion}」で足ります。",
            f"「{found}」 says the same thing twice; 「{suggestion}」 is enough.",
        )
