import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum.jp import cn

from kencho.core.japanese.corporate_number import (
    InvalidCorporateNumber,
    corporate_number_check_digit,
    is_valid_corporate_number,
    normalize_corporate_number,
)

KNOWN_NUMBERS = [
    "7000012050002",  # 国税庁
    "4000012090001",
    "5835678256246",  # python-stdnum's example
]


@pytest.mark.parametrize("number", KNOWN_NUMBERS)
def test_known_numbers_are_valid(number):
    assert is_valid_corporate_number(number)
    assert normalize_corporate_number(number) == number


@pytest.mark.parametrize(
    "text", ["7-0000-1205-0002", "7000 0120 50002", "７０００－０１２０－５０００２", " 7000012050002 "]
)
def test_normalize_strips_hyphens_spaces_and_full_width(text):
    assert normalize_corporate_number(text) == "7000012050002"


@pytest.mark.parametrize("text", ["", "700001205000", "70000120500021", "700001205000a", "7000012050002.0"])
def test_wrong_length_or_characters_is_a_format_error(text):
    with pytest.raises(InvalidCorporateNumber) as excinfo:
        normalize_corporate_number(text)
    assert excinfo.value.code == "format"
    assert not is_valid_corporate_number(text)


def test_wrong_check_digit_is_a_check_digit_error():
    with pytest.raises(InvalidCorporateNumber) as excinfo:
        normalize_corporate_number("8000012050002")
    assert excinfo.value.code == "check_digit"


def test_check_digit_nine_when_the_sum_is_a_multiple_of_nine():
    assert corporate_number_check_digit("000000000000") == "9"
    assert is_valid_corporate_number("9000000000000")
    assert not is_valid_corporate_number("0000000000000")


def test_check_digit_needs_twelve_digits():
    with pytest.raises(ValueError, match="12"):
        corporate_number_check_digit("12345")


bodies = st.text(alphabet="0123456789", min_size=12, max_size=12)


@given(bodies)
def test_computed_check_digit_validates_and_agrees_with_stdnum(body):
    number = corporate_number_check_digit(body) + body
    assert is_valid_corporate_number(number)
    assert cn.is_valid(number)


def _with_digit(number, position, digit):
    return number[:position] + digit + number[position + 1 :]


@given(bodies, st.integers(min_value=0, max_value=12), st.integers(min_value=1, max_value=9))
def test_any_single_digit_change_other_than_0_and_9_swapped_is_rejected(body, position, shift):
    number = corporate_number_check_digit(body) + body
    changed_digit = str((int(number[position]) + shift) % 10)
    assume(position == 0 or {number[position], changed_digit} != {"0", "9"})
    assert not is_valid_corporate_number(_with_digit(number, position, changed_digit))


@given(bodies, st.integers(min_value=1, max_value=12), st.sampled_from("09"))
def test_swapping_0_and_9_in_the_base_is_not_detected(body, position, digit):
    # A mod-9 sum cannot tell 0 from 9 (a change of 9 or 18), so the check digit misses this typo.
    body = body[: position - 1] + digit + body[position:]
    number = corporate_number_check_digit(body) + body
    swapped = {"0": "9", "9": "0"}[number[position]]
    assert is_valid_corporate_number(_with_digit(number, position, swapped))
