import datetime

import pytest

from kencho.core.japanese.wareki import InvalidDate, format_date, format_wareki, parse_date

D = datetime.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和7年4月1日", D(2025, 4, 1)),
        ("令和元年5月1日", D(2019, 5, 1)),
        ("令和1年5月1日", D(2019, 5, 1)),
        ("R7.4.1", D(2025, 4, 1)),
        ("R07/04/01", D(2025, 4, 1)),
        ("r7-4-1", D(2025, 4, 1)),
        ("R7年4月1日", D(2025, 4, 1)),
        ("H31.4.30", D(2019, 4, 30)),
        ("平成31年4月30日", D(2019, 4, 30)),
        ("平成元年1月8日", D(1989, 1, 8)),
        ("S64.1.7", D(1989, 1, 7)),
        ("昭和元年12月25日", D(1926, 12, 25)),
        ("昭和20年8月15日", D(1945, 8, 15)),
        ("T15.12.24", D(1926, 12, 24)),
        ("大正元年7月30日", D(1912, 7, 30)),
        ("M45.7.29", D(1912, 7, 29)),
        ("明治元年1月25日", D(1868, 1, 25)),
        ("2025-04-01", D(2025, 4, 1)),
        ("2025/4/1", D(2025, 4, 1)),
        ("2025.4.1", D(2025, 4, 1)),
        ("2025年4月1日", D(2025, 4, 1)),
        ("20250401", D(2025, 4, 1)),
        ("２０２５－０４－０１", D(2025, 4, 1)),
        ("令和　７年 ４月 １日", D(2025, 4, 1)),
        ("Ｒ７．４．１", D(2025, 4, 1)),
        (" 2024/2/29 ", D(2024, 2, 29)),
    ],
)
def test_parse_date_reads_wareki_and_gregorian_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("令和99年13月40日", "month"),
        ("2025-13-01", "month"),
        ("2025-00-10", "month"),
        ("2025-02-30", "day"),
        ("2023-02-29", "day"),
        ("令和7年4月31日", "day"),
        ("平成31年5月1日", "era_year"),
        ("平成32年1月1日", "era_year"),
        ("令和元年4月30日", "era_year"),
        ("S64.1.8", "era_year"),
        ("H1.1.7", "era_year"),
        ("令和0年5月1日", "era_year"),
        ("明治元年1月24日", "era_year"),
        ("", "format"),
        ("昨日", "format"),
        ("2025-04/01", "format"),
        ("X7.4.1", "format"),
        ("2025401", "format"),
        ("0000-01-01", "format"),
    ],
)
def test_parse_date_rejects_with_a_code(text, code):
    with pytest.raises(InvalidDate) as excinfo:
        parse_date(text)
    assert excinfo.value.code == code


def test_invalid_date_is_a_value_error():
    with pytest.raises(ValueError, match="日"):
        parse_date("令和7年2月30日")


def test_format_wareki_long_and_short():
    assert format_wareki(D(2025, 4, 1)) == "令和7年4月1日"
    assert format_wareki(D(2019, 5, 1)) == "令和元年5月1日"
    assert format_wareki(D(2019, 4, 30)) == "平成31年4月30日"
    assert format_wareki(D(1989, 1, 7)) == "昭和64年1月7日"
    assert format_wareki(D(2025, 4, 1), style="short") == "R7.4.1"
    assert format_wareki(D(2019, 5, 1), style="short") == "R1.5.1"


def test_format_wareki_rejects_unknown_style():
    with pytest.raises(ValueError, match="style"):
        format_wareki(D(2025, 4, 1), style="medium")


def test_format_wareki_before_meiji_raises():
    with pytest.raises(InvalidDate):
        format_wareki(D(1867, 12, 31))


@pytest.mark.parametrize(
    ("language", "wareki", "expected"),
    [
        ("ja", True, "令和7年4月1日（2025年4月1日）"),
        ("ja", False, "2025年4月1日"),
        ("en", False, "1 April 2025"),
        ("en", True, "1 April 2025 (Reiwa 7)"),
    ],
)
def test_format_date(language, wareki, expected):
    assert format_date(D(2025, 4, 1), language=language, wareki=wareki) == expected


def test_format_date_before_meiji_falls_back_to_gregorian():
    assert format_date(D(1850, 1, 1), language="ja", wareki=True) == "1850年1月1日"


def test_every_day_round_trips_through_long_and_short_wareki():
    day = D(1868, 1, 25)
    while day <= D(2030, 12, 31):
        assert parse_date(format_wareki(day)) == day
        assert parse_date(format_wareki(day, style="short")) == day
        day += datetime.timedelta(days=97)


@pytest.mark.parametrize(
    ("day", "year", "end"),
    [
        (datetime.date(2026, 4, 1), 2026, datetime.date(2027, 3, 31)),
        (datetime.date(2027, 3, 31), 2026, datetime.date(2027, 3, 31)),
        (datetime.date(2026, 12, 31), 2026, datetime.date(2027, 3, 31)),
        (datetime.date(2026, 1, 1), 2025, datetime.date(2026, 3, 31)),
    ],
)
def test_the_fiscal_year_runs_from_april_to_march(day: datetime.date, year: int, end: datetime.date) -> None:
    from kencho.core.japanese.wareki import fiscal_year, fiscal_year_end

    assert (fiscal_year(day), fiscal_year_end(day)) == (year, end)
