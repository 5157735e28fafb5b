"""全国地方公共団体コード (JIS X 0401 / X 0402): six digits, the sixth a check digit.

The first two digits are the prefecture (01 北海道 … 47 沖縄県), the next three the municipality
(000 for the prefecture itself, e.g. 240001 三重県), and the sixth a check digit (総務省の定める
検査数字): multiply the first five digits by 6, 5, 4, 3, 2 from the left and add them up; the
check digit is the last digit of 11 − (sum mod 11). So a remainder of 0 gives 1 (11 → 1) and a
remainder of 1 gives 0 (10 → 0). As remainders 0 and 10 both give 1, a few single-digit typos
(479951 → 479551) keep a matching check digit.

Many data sets and systems use the five digits without the check digit (e.g. the e-Stat area
codes), and spreadsheets drop the leading zero of codes from 北海道 to 栃木県 (011002 → 11002).
Only ASCII digits are accepted: the caller decides what to say to the person about other input.
"""

from __future__ import annotations

_WEIGHTS = (6, 5, 4, 3, 2)
PREFECTURE_CODES = frozenset(f"{number:02d}" for number in range(1, 48))


class InvalidLocalGovernmentCode(ValueError):
    """Not a local government code. code is "format", "prefecture" or "check_digit"."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


def _is_ascii_digits(text: str, length: int) -> bool:
    return len(text) == length and text.isascii() and text.isdigit()


def local_government_code_check_digit(first_five: str) -> str:
    """The check digit for the five digits of prefecture and municipality."""
    if not _is_ascii_digits(first_five, 5):
        raise ValueError("The base of a local government code is 5 ASCII digits.")
    total = sum(int(digit) * weight for digit, weight in zip(first_five, _WEIGHTS, strict=True))
    return str((11 - total % 11) % 10)


def normalize_local_government_code(text: str, *, allow_five_digits: bool = False) -> str:
    """The six-digit code for text, which may carry surrounding spaces.

    With allow_five_digits, a five-digit code without its check digit is accepted and completed
    (24201 → 242012). A leading zero that a spreadsheet dropped is not restored: whether 11002
    is 埼玉県's 11002 or 北海道's 011002 cannot be told from the digits alone.
    """
    code = text.strip()
    if allow_five_digits and _is_ascii_digits(code, 5):
        _check_prefecture(code)
        return code + local_government_code_check_digit(code)
    if not _is_ascii_digits(code, 6):
        expected = "5 or 6" if allow_five_digits else "6"
        raise InvalidLocalGovernmentCode(
            f"A local government code is {expected} ASCII digits.", code="format"
        )
    _check_prefecture(code)
    if local_government_code_check_digit(code[:5]) != code[5]:
        raise InvalidLocalGovernmentCode(
            "The check digit of the local government code does not match.", code="check_digit"
        )
    return code


def _check_prefecture(code: str) -> None:
    if code[:2] not in PREFECTURE_CODES:
        raise InvalidLocalGovernmentCode(
            "The first two digits of a local government code are a prefecture, 01 to 47.",
            code="prefecture",
        )


def is_valid_local_government_code(text: str, *, allow_five_digits: bool = False) -> bool:
    """Whether normalize_local_government_code accepts the text."""
    try:
        normalize_local_government_code(text, allow_five_digits=allow_five_digits)
    except InvalidLocalGovernmentCode:
        return False
    return True


def prefecture_code(code: str) -> str:
    """The two-digit prefecture of a five- or six-digit code: "242012" → "24"."""
    normalized = normalize_local_government_code(code, allow_five_digits=True)
    return normalized[:2]


def prefecture_local_government_code(code: str) -> str:
    """The six-digit code of the prefecture a code belongs to: "242012" (津市) → "240001" (三重県)."""
    base = prefecture_code(code) + "000"
    return base + local_government_code_check_digit(base)


def is_prefecture(code: str) -> bool:
    """Whether the code is a prefecture itself (municipal part 000) rather than a municipality."""
    return normalize_local_government_code(code, allow_five_digits=True)[2:5] == "000"
