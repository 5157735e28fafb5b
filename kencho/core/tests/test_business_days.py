import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kencho.core.japanese.business_days import add_business_days, business_days_between, is_business_day

D = datetime.date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2025, 4, 1), True),  # Tuesday
        (D(2025, 4, 5), False),  # Saturday
        (D(2025, 4, 6), False),  # Sunday
        (D(2025, 4, 29), False),  # 昭和の日
        (D(2025, 5, 6), False),  # 振替休日
        (D(2025, 2, 24), False),  # 振替休日 for 天皇誕生日
        (D(2025, 9, 23), False),  # 秋分の日
        (D(2026, 9, 22), False),  # 国民の休日 between 敬老の日 and 秋分の日
        (D(2025, 12, 26), True),  # Friday before the closure
        (D(2025, 12, 29), False),  # year-end closure, a Monday
        (D(2025, 12, 30), False),
        (D(2026, 1, 2), False),
        (D(2026, 1, 5), True),  # first business day of 2026
    ],
)
def test_is_business_day(day, expected):
    assert is_business_day(day) is expected


def test_add_business_days_skips_golden_week():
    # 4/29 昭和の日, 5/3-5/6 holidays and the weekend are skipped.
    assert add_business_days(D(2025, 4, 28), 1) == D(2025, 4, 30)
    assert add_business_days(D(2025, 4, 28), 3) == D(2025, 5, 2)
    assert add_business_days(D(2025, 4, 28), 4) == D(2025, 5, 7)


def test_add_business_days_skips_year_end_closure():
    assert add_business_days(D(2025, 12, 26), 1) == D(2026, 1, 5)


def test_add_zero_business_days_returns_start_even_on_a_holiday():
    assert add_business_days(D(2025, 5, 3), 0) == D(2025, 5, 3)


def test_counting_from_a_saturday_starts_on_monday():
    assert add_business_days(D(2025, 4, 5), 1) == D(2025, 4, 7)


def test_add_negative_business_days_goes_back():
    assert add_business_days(D(2025, 5, 7), -1) == D(2025, 5, 2)
    assert add_business_days(D(2026, 1, 5), -1) == D(2025, 12, 26)


def test_business_days_between():
    assert business_days_between(D(2025, 4, 28), D(2025, 5, 7)) == 4
    assert business_days_between(D(2025, 4, 28), D(2025, 4, 28)) == 0
    assert business_days_between(D(2025, 5, 7), D(2025, 4, 28)) == -4
    # 令和7年度: 261 weekdays, 14 weekday holidays and 5 closure days leave 242; 4/1 itself not counted.
    assert business_days_between(D(2025, 4, 1), D(2026, 3, 31)) == 241


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2049, 12, 31)), st.integers(min_value=0, max_value=60))
def test_business_days_between_undoes_add_business_days(start, days):
    due = add_business_days(start, days)
    assert business_days_between(start, due) == days
    if days:
        assert is_business_day(due)
