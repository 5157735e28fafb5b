import pytest

from kencho.core.japanese.phone import InvalidPhoneNumber, normalize_phone_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("059-224-3070", "059-224-3070"),
        ("0592243070", "0592243070"),
        ("03-1234-5678", "03-1234-5678"),
        ("０３－１２３４－５６７８", "03-1234-5678"),
        ("03ー1234ー5678", "03-1234-5678"),
        ("03(1234)5678", "03-1234-5678"),
        ("(059)224-3070", "059-224-3070"),
        ("03 1234 5678", "03-1234-5678"),
        ("090-1234-5678", "090-1234-5678"),
        ("09012345678", "09012345678"),
        ("050-1234-5678", "050-1234-5678"),
        ("070-1234-5678", "070-1234-5678"),
        ("0120-123-456", "0120-123-456"),
        ("0800-123-4567", "0800-123-4567"),
        ("0570-000-123", "0570-000-123"),
        ("+81 3-1234-5678", "03-1234-5678"),
        ("+81-90-1234-5678", "090-1234-5678"),
        ("+81 (0)90 1234 5678", "090-1234-5678"),
        ("+819012345678", "09012345678"),
        ("＋８１ ３ １２３４ ５６７８", "03-1234-5678"),
    ],
)
def test_normalize_phone_number_accepts_domestic_numbers(text, expected):
    assert normalize_phone_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "110",
        "119",
        "03-1234-567",  # 9 digits
        "090-1234-567",  # mobile needs 11
        "03-1234-56789",  # 11 digits landline
        "0120-1234-5678",
        "1234567890",  # no leading 0
        "0012-345-6789",  # international access
        "010-1234-5678",
        "+1 212 555 0100",
        "03-1234-5678 ext 12",
        "03.1234.5678",
        "---",
    ],
)
def test_normalize_phone_number_rejects_other_input(text):
    with pytest.raises(InvalidPhoneNumber):
        normalize_phone_number(text)
