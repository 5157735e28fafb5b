"""Business days of a Japanese administrative body (行政機関の休日に関する法律 第1条).

A day is not a business day when it is a Saturday or Sunday, a national holiday under the
国民の祝日に関する法律 (substitute holidays and 国民の休日 included), or in the year-end
closure from 29 December to 3 January. Holidays come from the holidays package; equinox days
more than a year ahead are its forecast until the Cabinet Office announces them each February.
Prefectural ordinances (e.g. 県民の日) are not included.

Periods (標準処理期間) are counted from the day after the start date, as 民法 第140条 does.
"""

from __future__ import annotations

import datetime
import functools

_ONE_DAY = datetime.timedelta(days=1)


@functools.lru_cache(maxsize=256)
def _national_holidays(year: int) -> frozenset[datetime.date]:
    import holidays  # imported here: the package builds every country's calendar on import

    return frozenset(holidays.country_holidays("JP", years=year))


def _is_year_end_closure(d: datetime.date) -> bool:
    return (d.month == 12 and d.day >= 29) or (d.month == 1 and d.day <= 3)


def is_business_day(d: datetime.date) -> bool:
    """Whether public offices are open on this day."""
    return d.weekday() < 5 and not _is_year_end_closure(d) and d not in _national_holidays(d.year)


def add_business_days(start: datetime.date, days: int) -> datetime.date:
    """The date that is `days` business days after start (before it when days is negative).

    Counting begins with the day after start, so the result is always a business day unless
    days is 0, which returns start itself. start need not be a business day.
    """
    step = _ONE_DAY if days >= 0 else -_ONE_DAY
    remaining = abs(days)
    current = start
    while remaining:
        current += step
        if is_business_day(current):
            remaining -= 1
    return current


def business_days_between(start: datetime.date, end: datetime.date) -> int:
    """Business days after start up to and including end; negative when end is before start.

    The inverse of add_business_days: business_days_between(s, add_business_days(s, n)) == n
    for every n >= 0.
    """
    if end < start:
        return -business_days_between(end, start)
    count = 0
    current = start
    while current < end:
        current += _ONE_DAY
        if is_business_day(current):
            count += 1
    return count
