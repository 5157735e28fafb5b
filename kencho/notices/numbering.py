"""文書番号: formatting a scheme's numbers and allocating them without gaps or repeats.

A scheme's pattern may use these fields:

    {prefix}     the scheme's 前置部分, e.g. 三重県指令
    {symbol}     the 記号, e.g. 環
    {n}          the number in ASCII digits: 123
    {n_full}     the number in full-width digits: １２３
    {nendo}      the era year of the numbering year: 7 (令和7年度), 元 for the first year
    {era}        the era's name: 令和

so that "{prefix} {symbol}第{n}号" gives 三重県指令 環第123号 and "{symbol}第{nendo}-{n}号" gives
環第7-123号. The numbering year is the fiscal year (4月1日–3月31日) or the calendar year that holds
the notice's date (発行日), not the day the server happens to make it.

Numbers come from `NumberCounter` with one UPDATE … RETURNING inside the issuing transaction: the
row stays locked until that transaction ends, concurrent issuers queue behind it, and a rollback gives
the numbers back. A committed number is never reused; cancelling a notice keeps its number as 欠番.
"""

from __future__ import annotations

import datetime
import string

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext_lazy as _

from kencho.core.japanese.wareki import Era, era_of, fiscal_year

from .models import NumberCounter, NumberingScheme, YearBasis

PATTERN_FIELDS = frozenset({"prefix", "symbol", "n", "n_full", "nendo", "era"})
_FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


class PatternError(ValueError):
    pass


def pattern_check(pattern: str) -> None:
    """Raise PatternError unless `pattern` uses only the known fields, each plainly, and {n} or
    {n_full} exactly once."""
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        raise PatternError(_("書式の { } の対応が正しくありません。")) from exc
    fields = [name for _text, name, spec, conversion in parts if name is not None]
    for _text, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in PATTERN_FIELDS or spec or conversion:
            raise PatternError(_("書式に使えない項目があります: {%(name)s}") % {"name": name})
    if sum(name in {"n", "n_full"} for name in fields) != 1:
        raise PatternError(_("書式には番号 {n} または {n_full} を1つだけ入れてください。"))


def numbering_year(scheme: NumberingScheme, day: datetime.date) -> int:
    """The Gregorian year in which the numbering year holding `day` starts."""
    if scheme.year_basis == YearBasis.FISCAL:
        return fiscal_year(day)
    return day.year


def _era_of_year(scheme: NumberingScheme, year: int) -> tuple[Era, int]:
    """The era and era year a numbering year is called by. A fiscal year is named after the era in
    force at its end, so FY2019 (平成31年4月–令和2年3月) is 令和元年度; a calendar year likewise."""
    last_day = (
        datetime.date(year + 1, 3, 31)
        if scheme.year_basis == YearBasis.FISCAL
        else datetime.date(year, 12, 31)
    )
    era = era_of(last_day)
    era_year = year - era.start.year + 1
    if era_year < 1:  # an era that began in January–March of the fiscal year's second calendar year
        era = era_of(datetime.date(year, 4, 1))
        era_year = year - era.start.year + 1
    return era, era_year


def year_label(scheme: NumberingScheme, year: int) -> str:
    """令和7年度 or 令和7年."""
    era, era_year = _era_of_year(scheme, year)
    suffix = "年度" if scheme.year_basis == YearBasis.FISCAL else "年"
    return f"{era.name}{'元' if era_year == 1 else era_year}{suffix}"


def number_format(scheme: NumberingScheme, *, year: int, sequence: int) -> str:
    era, era_year = _era_of_year(scheme, year)
    values = {
        "prefix": scheme.prefix,
        "symbol": scheme.symbol,
        "n": str(sequence),
        "n_full": str(sequence).translate(_FULL_WIDTH_DIGITS),
        "nendo": "元" if era_year == 1 else str(era_year),
        "era": era.name,
    }
    return scheme.pattern.format_map(values).strip()


def numbers_allocate(*, scheme: NumberingScheme, day: datetime.date, count: int = 1) -> tuple[int, int]:
    """Take `count` consecutive numbers for `day`'s numbering year; returns (year, first number).
    Must run inside the caller's transaction, which holds the counter's row lock until it ends."""
    if count < 1:
        raise ValueError("count must be at least 1")
    if not connection.in_atomic_block:
        raise RuntimeError("numbers_allocate must run inside the issuing transaction")
    year = numbering_year(scheme, day)
    last = _increment(scheme.pk, year, count)
    if last is None:
        try:
            with transaction.atomic():
                NumberCounter.objects.create(scheme=scheme, year=year, last_value=count)
                last = count
        except IntegrityError:
            # Another transaction created the year's counter first; take the numbers from it.
            last = _increment(scheme.pk, year, count)
    if last is None:
        raise RuntimeError(f"number counter for scheme {scheme.pk} year {year} could not be created")
    return year, last - count + 1


def numbers_peek(*, scheme: NumberingScheme, day: datetime.date) -> int:
    """The next number as things stand, without taking it (for rendering ahead of the transaction;
    the allocation inside it decides)."""
    year = numbering_year(scheme, day)
    last = NumberCounter.objects.filter(scheme=scheme, year=year).values_list("last_value", flat=True).first()
    return (last or 0) + 1


def _increment(scheme_id: int, year: int, count: int) -> int | None:
    """One statement: add `count` and read the new value back (UPDATE … RETURNING, which PostgreSQL
    and SQLite 3.35+ both support), holding the row lock until the caller commits."""
    table = connection.ops.quote_name(NumberCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_value = last_value + %s"  # noqa: S608 - table name from the model
            " WHERE scheme_id = %s AND year = %s RETURNING last_value",
            [count, scheme_id, year],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None
