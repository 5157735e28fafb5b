from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from kencho.core.japanese.wareki import format_wareki
from kencho.ocr.normalise import normalise, same_value

FULL = str.maketrans("0123456789-", "０１２３４５６７８９－")


@given(st.dates(min_value=datetime.date(1989, 1, 8), max_value=datetime.date(2100, 12, 31)))
def test_wareki_and_gregorian_dates_become_iso(day: datetime.date) -> None:
    assert normalise(format_wareki(day), field_type="date") == day.isoformat()
    assert (
        normalise(f"{day.year}/{day.month}/{day.day}".translate(FULL), field_type="date") == day.isoformat()
    )


@given(st.integers(min_value=0, max_value=9999999))
def test_full_width_postal_codes_and_digits(number: int) -> None:
    code = f"{number:07d}"
    assert (
        normalise(f"〒{code[:3]}-{code[3:]}".translate(FULL), field_type="postal_code")
        == f"{code[:3]}-{code[3:]}"
    )
    assert normalise(f"{number:,}".translate(FULL), field_type="yen") == number


def test_text_that_cannot_be_the_value_is_none() -> None:
    assert normalise("令和X年", field_type="date") is None
    assert normalise("12-34", field_type="postal_code") is None
    assert normalise("abc", field_type="integer") is None
    assert normalise("  ", field_type="text") is None


def test_same_value_ignores_spaces_in_text() -> None:
    assert same_value("山田 太郎", "山田太郎")
    assert not same_value(5140006, 5140007)
