"""Numbers and dates in the style of the prefecture's written minutes (公用文, 横書き).

Knows the rules of 「公用文作成の考え方」(2022) that a machine can follow safely:
- numbers that count or measure are written in Arabic digits: 三億五千万円 → 3億5,000万円,
  第三回 → 第3回, 十二月十五日 → 12月15日, 二〇二五年 → 2025年;
- numbers that are part of a word stay in kanji: 一般, 一部, 一つ, 一人ひとり, 数十人, 三重県, 十分;
  Sudachi tells them apart (a word such as 一般 is not tagged 数詞, and 一つ is 一 + つ);
- full-width digits and Latin letters become half-width (１２ → 12, ＤＸ → DX); half-width katakana
  becomes full-width (ｶﾅ → カナ);
- full dates can be written in 和暦 or 西暦 (令和7年12月15日 ⇄ 2025年12月15日) or left as said.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from kencho.core.japanese.wareki import InvalidDate, format_wareki, parse_date
from kencho.core.search import Morpheme

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_LARGE_UNITS = {"万": 10**4, "億": 10**8, "兆": 10**12}
_NUMERAL_CHARS = frozenset(_DIGITS) | frozenset(_SMALL_UNITS) | frozenset(_LARGE_UNITS)
# Words after a number that make it a count or a measure.
COUNTERS = frozenset(
    {
        "円",
        "人",
        "名",
        "件",
        "回",
        "年",
        "年度",
        "月",
        "日",
        "時",
        "時間",
        "分",
        "分間",
        "秒",
        "週",
        "週間",
        "か月",
        "カ月",
        "ヶ月",
        "ケ月",
        "箇月",
        "歳",
        "才",
        "号",
        "条",
        "項",
        "款",
        "目",
        "番",
        "番目",
        "位",
        "点",
        "社",
        "校",
        "台",
        "本",
        "枚",
        "冊",
        "部",
        "階",
        "期",
        "倍",
        "割",
        "度",
        "%",
        "パーセント",
        "個",
        "か所",
        "カ所",
        "箇所",
        "ヶ所",
        "者",
        "世帯",
        "人分",
        "km",
        "キロ",
        "メートル",
        "トン",
        "票",
        "席",
        "区",
        "市",
        "町",
        "村",
        "班",
        "課",
        "分野",
        "項目",
        "団体",
        "事業",
        "施設",
        "地域",
        "時点",
        "ページ",
        "頁",
        "行",
        "章",
        "節",
        "万",
        "億",
        "兆",
    }
)
_FULLWIDTH_ALNUM = {
    code: code - 0xFEE0 for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
}
_FULLWIDTH_ALNUM[0xFF05] = ord("%")
_HALFWIDTH_KANA = re.compile(r"[\uff61-\uff9f]+")
_WAREKI_DATE = re.compile(r"(令和|平成|昭和)(元|\d{1,2})年(\d{1,2})月(\d{1,2})日")
_SEIREKI_DATE = re.compile(r"(?<![\d年])(\d{4})年(\d{1,2})月(\d{1,2})日")

DATE_STYLES = ("keep", "wareki", "seireki")


def normalize_width(text: str) -> str:
    """Full-width digits, Latin letters and ％ to ASCII; half-width katakana to full-width."""
    text = text.translate(_FULLWIDTH_ALNUM)
    return _HALFWIDTH_KANA.sub(lambda match: unicodedata.normalize("NFKC", match[0]), text)


def kanji_number_value(text: str) -> int | None:
    """The value of a kanji numeral: 三億五千万 → 350000000, 二〇二五 → 2025, 十二 → 12."""
    if not text or any(char not in _NUMERAL_CHARS for char in text):
        return None
    if all(char in _DIGITS for char in text):  # positional: 二〇二五
        return int("".join(str(_DIGITS[char]) for char in text))
    total = section = digit = 0
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _SMALL_UNITS:
            section += (digit or 1) * _SMALL_UNITS[char]
            digit = 0
        else:
            total += (section + digit or 1) * _LARGE_UNITS[char]
            section = digit = 0
    return total + section + digit


def format_number(value: int, *, grouping: bool) -> str:
    """3億5,000万 for 350000000: 万・億・兆 kept as the unit words, digits grouped in threes."""
    if value == 0:
        return "0"
    parts: list[str] = []
    for unit, size in (("兆", 10**12), ("億", 10**8), ("万", 10**4)):
        if value >= size:
            parts.append(f"{value // size:,}{unit}" if grouping else f"{value // size}{unit}")
            value %= size
    if value or not parts:
        parts.append(f"{value:,}" if grouping else str(value))
    return "".join(parts)


def arabic_numerals(morphemes: Sequence[Morpheme]) -> list[str]:
    """The surfaces of the morphemes, with counting numbers in Arabic digits."""
    surfaces = [m.surface for m in morphemes]
    for index, morpheme in enumerate(morphemes):
        if morpheme.part_of_speech[:2] != ("名詞", "数詞"):
            continue
        value = kanji_number_value(morpheme.surface)
        if value is None:
            continue
        before = morphemes[index - 1].surface if index else ""
        after = morphemes[index + 1].surface if index + 1 < len(morphemes) else ""
        if before in {"数", "何", "幾"} or after in {"つ", "数"}:
            continue  # 数十人, 何百, 一つ: words, not amounts
        if before != "第" and after not in COUNTERS:
            continue  # 一 alone, as in 一から: leave it as said
        positional = all(char in _DIGITS for char in morpheme.surface)
        grouping = not positional and after not in {"年", "年度"}
        surfaces[index] = format_number(value, grouping=grouping)
    return surfaces


def restyle_dates(text: str, style: str) -> str:
    """Full dates in 和暦 ("wareki") or 西暦 ("seireki"); "keep" leaves them as said. Dates that do not
    exist (令和7年2月30日) are left alone."""
    if style == "wareki":

        def to_wareki(match: re.Match[str]) -> str:
            try:
                return format_wareki(parse_date(match[0]))
            except InvalidDate:
                return match[0]

        return _SEIREKI_DATE.sub(to_wareki, text)
    if style == "seireki":

        def to_seireki(match: re.Match[str]) -> str:
            try:
                day = parse_date(match[0])
            except InvalidDate:
                return match[0]
            return f"{day.year}年{day.month}月{day.day}日"

        return _WAREKI_DATE.sub(to_seireki, text)
    return text
