"""Japanese era (和暦) dates: parsing what people type and formatting for letters and screens.

Knows the five modern eras and their first and last days:

    令和 (R) 2019-05-01 –
    平成 (H) 1989-01-08 – 2019-04-30
    昭和 (S) 1926-12-25 – 1989-01-07
    大正 (T) 1912-07-30 – 1926-12-24
    明治 (M) 1868-01-25 – 1912-07-29

明治 starts on 1868-01-25, the Gregorian date of 明治元年1月1日: the era was proclaimed on
1868-10-23 but applied from the start of that lunar year, and registers (戸籍) date births in
early 1868 as 明治元年. Dates before 1873 were kept in the lunar calendar; this module treats
every date as Gregorian.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext

from kencho.core.japanese.text import normalize_hyphens, to_halfwidth_digits


@dataclass(frozen=True)
class Era:
    name: str
    romaji: str
    letter: str
    start: datetime.date
    end: datetime.date | None


ERAS: tuple[Era, ...] = (
    Era("令和", "Reiwa", "R", datetime.date(2019, 5, 1), None),
    Era("平成", "Heisei", "H", datetime.date(1989, 1, 8), datetime.date(2019, 4, 30)),
    Era("昭和", "Showa", "S", datetime.date(1926, 12, 25), datetime.date(1989, 1, 7)),
    Era("大正", "Taisho", "T", datetime.date(1912, 7, 30), datetime.date(1926, 12, 24)),
    Era("明治", "Meiji", "M", datetime.date(1868, 1, 25), datetime.date(1912, 7, 29)),
)
_ERA_BY_KEY = {key: era for era in ERAS for key in (era.name, era.letter)}

_ERA_KANJI = re.compile(r"(令和|平成|昭和|大正|明治)(元|\d{1,2})年(\d{1,2})月(\d{1,2})日")
_ERA_LETTER = re.compile(r"([RHSTM])(元|\d{1,2})(?:([./-])(\d{1,2})\3(\d{1,2})|年(\d{1,2})月(\d{1,2})日)")
_GREGORIAN_SEPARATED = re.compile(r"(\d{4})([./-])(\d{1,2})\2(\d{1,2})")
_GREGORIAN_KANJI = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_GREGORIAN_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")

_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class InvalidDate(ValueError):
    """A date that cannot be read. code is "format", "era_year", "month" or "day"."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


def era_of(d: datetime.date) -> Era:
    """The era a date falls in. Raises InvalidDate(code="era_year") before 明治."""
    for era in ERAS:
        if d >= era.start:
            return era
    raise InvalidDate(gettext("明治より前の日付は和暦で表せません。"), code="era_year")


def parse_date(text: str) -> datetime.date:
    """Read a date written in 和暦 or in the Gregorian calendar.

    Accepts 令和7年4月1日, 令和元年5月1日, R7.4.1, R07/04/01, r7-4-1, H31.4.30 and the like for
    every era in ERAS, and 2025-04-01, 2025/4/1, 2025.4.1, 2025年4月1日 and 20250401.
    Full-width characters and spaces anywhere are ignored. The month is checked before the day,
    and the day before the era: 平成31年5月1日 is a real day that is not in 平成 (code "era_year").
    """
    compact = "".join(normalize_hyphens(to_halfwidth_digits(text)).split()).upper()
    if match := _ERA_KANJI.fullmatch(compact):
        return _era_date(_ERA_BY_KEY[match[1]], match[2], match[3], match[4])
    if match := _ERA_LETTER.fullmatch(compact):
        month, day = (match[4], match[5]) if match[3] else (match[6], match[7])
        return _era_date(_ERA_BY_KEY[match[1]], match[2], month, day)
    if match := _GREGORIAN_SEPARATED.fullmatch(compact):
        return _checked_date(int(match[1]), int(match[3]), int(match[4]))
    for pattern in (_GREGORIAN_KANJI, _GREGORIAN_COMPACT):
        if match := pattern.fullmatch(compact):
            return _checked_date(int(match[1]), int(match[2]), int(match[3]))
    raise InvalidDate(gettext("日付の形式が正しくありません。"), code="format")


def _era_date(era: Era, era_year: str, month: str, day: str) -> datetime.date:
    year_in_era = 1 if era_year == "元" else int(era_year)
    if year_in_era < 1:
        raise InvalidDate(gettext("元号の年が正しくありません。"), code="era_year")
    d = _checked_date(era.start.year + year_in_era - 1, int(month), int(day))
    if d < era.start or (era.end is not None and d > era.end):
        raise InvalidDate(gettext("その日付はこの元号の期間にありません。"), code="era_year")
    return d


def _checked_date(year: int, month: int, day: int) -> datetime.date:
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        raise InvalidDate(gettext("年が正しくありません。"), code="format")
    if not 1 <= month <= 12:
        raise InvalidDate(gettext("月が正しくありません。"), code="month")
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise InvalidDate(gettext("日が正しくありません。"), code="day")
    return datetime.date(year, month, day)


def _era_year(d: datetime.date, era: Era) -> int:
    return d.year - era.start.year + 1


def format_wareki(d: datetime.date, *, style: str = "long") -> str:
    """令和7年4月1日 (style "long", 元年 for the first year) or R7.4.1 (style "short")."""
    era = era_of(d)
    year = _era_year(d, era)
    if style == "long":
        year_text = "元" if year == 1 else str(year)
        return f"{era.name}{year_text}年{d.month}月{d.day}日"
    if style == "short":
        return f"{era.letter}{year}.{d.month}.{d.day}"
    raise ValueError(f"Unknown wareki style: {style!r}")


def format_date(d: datetime.date, *, language: str, wareki: bool) -> str:
    """A date for people to read.

    ja: 2025年4月1日, or 令和7年4月1日（2025年4月1日） with wareki.
    en: 1 April 2025, or 1 April 2025 (Reiwa 7) with wareki.
    Any language other than "en" (including "ja-jp") is written in Japanese. Dates before 明治
    have no era and are written in the Gregorian calendar only.
    """
    if language.lower().startswith("en"):
        text = f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}"
        if wareki and d >= ERAS[-1].start:
            era = era_of(d)
            text += f" ({era.romaji} {_era_year(d, era)})"
        return text
    text = f"{d.year}年{d.month}月{d.day}日"
    if wareki and d >= ERAS[-1].start:
        return f"{format_wareki(d)}（{text}）"
    return text


def fiscal_year(day: datetime.date) -> int:
    """The Gregorian year in which the fiscal year (年度, 4月1日–3月31日) holding `day` starts."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_end(day: datetime.date) -> datetime.date:
    """The 31 March that ends the fiscal year holding `day`."""
    return datetime.date(fiscal_year(day) + 1, 3, 31)
