"""文書番号: the pattern, the year it restarts in, and numbers that stay gapless when a transaction
rolls back."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction

from ..errors import NoticeError
from ..models import NumberCounter, NumberingScheme, YearBasis
from ..numbering import (
    PatternError,
    number_format,
    numbering_year,
    numbers_allocate,
    pattern_check,
    year_label,
)
from .factories import make_scheme

pytestmark = pytest.mark.django_db


def scheme(**fields: object) -> NumberingScheme:
    values: dict[str, object] = {
        "prefix": "三重県指令",
        "symbol": "環",
        "pattern": "{prefix} {symbol}第{n}号",
    }
    values.update(fields)
    return NumberingScheme(**values)


def test_number_has_prefix_symbol_and_number() -> None:
    assert number_format(scheme(), year=2025, sequence=123) == "三重県指令 環第123号"


def test_pattern_may_use_full_width_digits_and_the_era_year() -> None:
    assert (
        number_format(scheme(pattern="{symbol}第{nendo}-{n_full}号"), year=2025, sequence=45)
        == "環第7-４５号"
    )
    assert (
        number_format(scheme(pattern="{era}{nendo}年度 {symbol}第{n}号"), year=2019, sequence=1)
        == "令和元年度 環第1号"
    )


def test_pattern_without_prefix_has_no_leading_space() -> None:
    assert number_format(scheme(prefix=""), year=2025, sequence=7) == "環第7号"


@pytest.mark.parametrize(
    "pattern", ["{symbol}第号", "{n}{n}", "{n.__class__}", "{n!r}", "{n:>5}", "{unknown}{n}", "{n"]
)
def test_pattern_with_unknown_or_repeated_fields_is_refused(pattern: str) -> None:
    with pytest.raises(PatternError):
        pattern_check(pattern)


def test_saving_a_scheme_with_a_bad_pattern_says_why(units) -> None:
    with pytest.raises(NoticeError) as caught:
        make_scheme(units["section"], pattern="{symbol}第号")
    assert "{n}" in str(caught.value.message)


def test_fiscal_year_restarts_on_the_first_of_april() -> None:
    fiscal = scheme()
    assert numbering_year(fiscal, datetime.date(2026, 3, 31)) == 2025
    assert numbering_year(fiscal, datetime.date(2026, 4, 1)) == 2026
    assert year_label(fiscal, 2025) == "令和7年度"
    assert year_label(fiscal, 2019) == "令和元年度"  # 平成31年4月 to 令和2年3月 is called 令和元年度
    assert year_label(fiscal, 2018) == "平成30年度"


def test_calendar_year_restarts_on_the_first_of_january() -> None:
    calendar = scheme(year_basis=YearBasis.CALENDAR)
    assert numbering_year(calendar, datetime.date(2025, 12, 31)) == 2025
    assert numbering_year(calendar, datetime.date(2026, 1, 1)) == 2026
    assert year_label(calendar, 2026) == "令和8年"


def test_numbers_count_up_and_restart_in_the_new_fiscal_year(units) -> None:
    s = make_scheme(units["section"])
    with transaction.atomic():
        assert numbers_allocate(scheme=s, day=datetime.date(2026, 3, 30), count=1) == (2025, 1)
        assert numbers_allocate(scheme=s, day=datetime.date(2026, 3, 31), count=3) == (2025, 2)
        assert numbers_allocate(scheme=s, day=datetime.date(2026, 4, 1), count=1) == (2026, 1)
        assert numbers_allocate(scheme=s, day=datetime.date(2025, 4, 1), count=1) == (2025, 5)


def test_each_scheme_counts_on_its_own(units) -> None:
    first = make_scheme(units["section"], name="指令")
    second = make_scheme(units["section"], name="通知", prefix="", symbol="学")
    day = datetime.date(2025, 6, 1)
    with transaction.atomic():
        assert numbers_allocate(scheme=first, day=day)[1] == 1
        assert numbers_allocate(scheme=second, day=day)[1] == 1
        assert numbers_allocate(scheme=first, day=day)[1] == 2


def test_a_rolled_back_issuance_gives_its_number_back(units) -> None:
    s = make_scheme(units["section"])
    day = datetime.date(2025, 6, 1)
    with transaction.atomic():
        numbers_allocate(scheme=s, day=day)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert numbers_allocate(scheme=s, day=day, count=5)[1] == 2
        raise RuntimeError("the notice could not be stored")
    with transaction.atomic():
        assert numbers_allocate(scheme=s, day=day)[1] == 2
    assert NumberCounter.objects.get(scheme=s, year=2025).last_value == 2


@pytest.mark.django_db(transaction=True)
def test_allocation_outside_a_transaction_is_refused(units) -> None:
    s = make_scheme(units["section"])
    with pytest.raises(RuntimeError):
        numbers_allocate(scheme=s, day=datetime.date(2025, 6, 1))
