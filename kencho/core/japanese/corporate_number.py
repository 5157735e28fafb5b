"""Corporate Numbers (法人番号): 13 digits assigned by the National Tax Agency, check digit first.

Check digit (法人番号の指定等に関する省令 第2条): number the 12 base digits P1 … P12 from the
rightmost, weight Qn = 1 when n is odd and 2 when n is even; the check digit is
9 − (Σ Pn × Qn mod 9). It is never 0, so every valid number starts with 1–9. Being a sum
mod 9, it catches every single-digit typo except 0 typed for 9 (or 9 for 0) in the base.
"""

from __future__ import annotations

from django.utils.translation import gettext

from kencho.core.japanese.text import normalize_hyphens, to_halfwidth_digits


class InvalidCorporateNumber(ValueError):
    """Not a Corporate Number. code is "format" (not 13 digits) or "check_digit"."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


def corporate_number_check_digit(base: str) -> str:
    """The check digit for the 12 base digits (the number without its first digit)."""
    if len(base) != 12 or not base.isascii() or not base.isdigit():
        raise ValueError("The base of a Corporate Number is 12 ASCII digits.")
    total = sum(int(digit) * (1 if n % 2 else 2) for n, digit in enumerate(reversed(base), start=1))
    return str(9 - total % 9)


def normalize_corporate_number(text: str) -> str:
    """The 13 ASCII digits, with hyphens, spaces and full-width digits accepted in the input."""
    compact = "".join(normalize_hyphens(to_halfwidth_digits(text)).replace("-", "").split())
    if len(compact) != 13 or not compact.isascii() or not compact.isdigit():
        raise InvalidCorporateNumber(gettext("法人番号は13桁の数字で入力してください。"), code="format")
    if corporate_number_check_digit(compact[1:]) != compact[0]:
        raise InvalidCorporateNumber(
            gettext("法人番号が正しくありません。番号をご確認ください。"), code="check_digit"
        )
    return compact


def is_valid_corporate_number(text: str) -> bool:
    """Whether normalize_corporate_number accepts the text."""
    try:
        normalize_corporate_number(text)
    except InvalidCorporateNumber:
        return False
    return True
