import pytest
from hypothesis import given
from hypothesis import strategies as st

from kencho.core.japanese.local_government_code import (
    PREFECTURE_CODES,
    InvalidLocalGovernmentCode,
    is_prefecture,
    is_valid_local_government_code,
    local_government_code_check_digit,
    normalize_local_government_code,
    prefecture_code,
    prefecture_local_government_code,
)

KNOWN_CODES = {
    "240001": "三重県",
    "242012": "津市",
    "242021": "四日市市",
    "242039": "伊勢市",
    "130001": "東京都",
    "131016": "千代田区",
    "010006": "北海道",
    "011002": "札幌市",
    "471003": "那覇市",
}


@pytest.mark.parametrize("code", KNOWN_CODES)
def test_known_codes_are_valid(code):
    assert is_valid_local_government_code(code)
    assert normalize_local_government_code(code) == code
    assert local_government_code_check_digit(code[:5]) == code[5]


def test_remainder_zero_gives_check_digit_one_and_remainder_one_gives_zero():
    # 24202: 2×6 + 4×5 + 2×4 + 0×3 + 2×2 = 44, 44 mod 11 = 0 → 11 → 1
    assert local_government_code_check_digit("24202") == "1"
    # 24001: 12 + 20 + 0 + 0 + 2 = 34, 34 mod 11 = 1 → 10 → 0
    assert local_government_code_check_digit("24001") == "0"


@pytest.mark.parametrize("code", ["242013", "242010", "131017", "010007"])
def test_wrong_check_digit_is_a_check_digit_error(code):
    with pytest.raises(InvalidLocalGovernmentCode) as excinfo:
        normalize_local_government_code(code)
    assert excinfo.value.code == "check_digit"
    assert not is_valid_local_government_code(code)


@pytest.mark.parametrize("code", ["", "24201", "2420123", "24201a", "２４２０１２", "24-2012", "242012.0"])
def test_anything_but_six_ascii_digits_is_a_format_error(code):
    with pytest.raises(InvalidLocalGovernmentCode) as excinfo:
        normalize_local_government_code(code)
    assert excinfo.value.code == "format"


@pytest.mark.parametrize("code", ["000000", "480006", "990001"])
def test_prefecture_outside_01_to_47_is_refused(code):
    with pytest.raises(InvalidLocalGovernmentCode) as excinfo:
        normalize_local_government_code(code)
    assert excinfo.value.code == "prefecture"


def test_surrounding_spaces_are_ignored():
    assert normalize_local_government_code(" 242012 ") == "242012"


def test_five_digits_are_completed_when_allowed():
    assert normalize_local_government_code("24201", allow_five_digits=True) == "242012"
    assert normalize_local_government_code("01100", allow_five_digits=True) == "011002"
    assert is_valid_local_government_code("24201", allow_five_digits=True)
    assert not is_valid_local_government_code("24201")


def test_six_digits_still_need_their_check_digit_when_five_are_allowed():
    assert not is_valid_local_government_code("242013", allow_five_digits=True)


def test_prefecture_parts():
    assert prefecture_code("242012") == "24"
    assert prefecture_code("01100") == "01"
    assert prefecture_local_government_code("242012") == "240001"
    assert prefecture_local_government_code("131016") == "130001"
    assert is_prefecture("240001")
    assert not is_prefecture("242012")


def test_prefecture_codes_are_the_47():
    assert len(PREFECTURE_CODES) == 47
    assert {"01", "13", "24", "47"} <= PREFECTURE_CODES


def test_check_digit_needs_five_digits():
    with pytest.raises(ValueError, match="5 ASCII digits"):
        local_government_code_check_digit("2420")


@given(
    prefecture=st.sampled_from(sorted(PREFECTURE_CODES)),
    municipality=st.integers(min_value=0, max_value=999),
    delta=st.integers(min_value=1, max_value=9),
)
def test_a_code_is_valid_with_its_check_digit_and_with_no_other(prefecture, municipality, delta):
    base = f"{prefecture}{municipality:03d}"
    check = local_government_code_check_digit(base)
    assert is_valid_local_government_code(base + check)
    assert not is_valid_local_government_code(base + str((int(check) + delta) % 10))
