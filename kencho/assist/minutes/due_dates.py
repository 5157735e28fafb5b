"""Deadlines as people say them in meetings, resolved against the meeting's date.

Knows: 12月15日 / 十二月十五日, 2025年12月15日 and 和暦 dates, 15日 (this month, or the next when
the day has passed), 明日・明後日, 今週・来週・再来週 + 曜日 (weeks start on Monday), a weekday
alone (the next one after the meeting), 今週中・来週中 (that week's Friday), 今月中・今月末・月末,
来月中・来月末, 年内, 年度内・年度末・今年度中 (31 March that ends the fiscal year). 次回 (the next
meeting) and anything else is kept as words, without a date.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from kencho.core.japanese.wareki import InvalidDate, fiscal_year_end, parse_date

from .numerals import kanji_number_value

_NUMBER = r"[0-9〇一二三四五六七八九十]{1,4}"
_WEEKDAYS = "月火水木金土日"
DUE_PHRASE = re.compile(
    rf"(?:(?:令和|平成)(?:元|\d{{1,2}})年|\d{{4}}年)?{_NUMBER}月{_NUMBER}日(?:（[{_WEEKDAYS}]）)?"
    rf"|(?:今週|来週|再来週)(?:の)?[{_WEEKDAYS}]曜(?:日)?|[{_WEEKDAYS}]曜(?:日)?"
    rf"|{_NUMBER}日(?=まで|中|を目途|をめど)|{_NUMBER}(?:日|週間|か月|カ月|ヶ月)後"
    rf"|{_NUMBER}月(?:末|中|の(?:委員会|会議|部会|定例会|議会))"
    r"|明後日|明日|今週中|来週中|今月中|今月末|来月中|来月末|月末|年内|年度内|年度末|今年度中|次回(?:の)?(?:会議|委員会|会合)?"
)


@dataclass(frozen=True)
class Due:
    phrase: str
    date: datetime.date | None


def _number(text: str) -> int:
    return int(text) if text.isdigit() else kanji_number_value(text) or 0


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _week_day(meeting: datetime.date, weeks_ahead: int, weekday: int) -> datetime.date:
    monday = meeting - datetime.timedelta(days=meeting.weekday())
    return monday + datetime.timedelta(weeks=weeks_ahead, days=weekday)


def resolve_due(phrase: str, meeting: datetime.date | None) -> Due:
    """The date a deadline phrase names, when the meeting's date is known and the phrase is one of
    those above; otherwise the phrase alone."""
    if meeting is None:
        return Due(phrase, None)
    try:
        return Due(phrase, _resolve(phrase, meeting))
    except (InvalidDate, ValueError):
        return Due(phrase, None)


def _resolve(phrase: str, meeting: datetime.date) -> datetime.date | None:
    if re.match(r"^(?:令和|平成|\d{4}年)", phrase):
        return parse_date(re.sub(r"（.）$", "", phrase))
    if match := re.match(rf"^({_NUMBER})月({_NUMBER})日", phrase):
        month, day = _number(match[1]), _number(match[2])
        candidate = datetime.date(meeting.year, month, day)
        # A date well before the meeting means next year's (said in December about January).
        return (
            candidate.replace(year=meeting.year + 1)
            if candidate < meeting - datetime.timedelta(days=60)
            else candidate
        )
    if match := re.match(rf"^(今週|来週|再来週)?(?:の)?([{_WEEKDAYS}])曜", phrase):
        weekday = _WEEKDAYS.index(match[2])
        if match[1]:
            return _week_day(meeting, {"今週": 0, "来週": 1, "再来週": 2}[match[1]], weekday)
        ahead = (weekday - meeting.weekday()) % 7 or 7
        return meeting + datetime.timedelta(days=ahead)
    if match := re.match(rf"^({_NUMBER})日$", phrase):
        day = _number(match[1])
        if day >= meeting.day:
            return meeting.replace(day=day)
        following = _month_end(meeting.year, meeting.month) + datetime.timedelta(days=1)
        return following.replace(day=day)
    if match := re.match(rf"^({_NUMBER})(日|週間|か月|カ月|ヶ月)後$", phrase):
        amount = _number(match[1])
        if match[2] == "日":
            return meeting + datetime.timedelta(days=amount)
        if match[2] == "週間":
            return meeting + datetime.timedelta(weeks=amount)
        month_index = meeting.month - 1 + amount
        year, month = meeting.year + month_index // 12, month_index % 12 + 1
        return datetime.date(year, month, min(meeting.day, calendar.monthrange(year, month)[1]))
    if match := re.match(rf"^({_NUMBER})月(末|中)$", phrase):
        month = _number(match[1])
        year = meeting.year + (1 if month < meeting.month - 2 else 0)
        return _month_end(year, month)
    next_month = _month_end(meeting.year, meeting.month) + datetime.timedelta(days=1)
    fixed = {
        "明日": meeting + datetime.timedelta(days=1),
        "明後日": meeting + datetime.timedelta(days=2),
        "今週中": _week_day(meeting, 0, 4),
        "来週中": _week_day(meeting, 1, 4),
        "今月中": _month_end(meeting.year, meeting.month),
        "今月末": _month_end(meeting.year, meeting.month),
        "月末": _month_end(meeting.year, meeting.month),
        "来月中": _month_end(next_month.year, next_month.month),
        "来月末": _month_end(next_month.year, next_month.month),
        "年内": datetime.date(meeting.year, 12, 31),
        "年度内": fiscal_year_end(meeting),
        "年度末": fiscal_year_end(meeting),
        "今年度中": fiscal_year_end(meeting),
    }
    return fixed.get(phrase)
