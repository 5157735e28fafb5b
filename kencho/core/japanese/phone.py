"""Japanese telephone numbers as people type them on forms.

Knows the domestic lengths only:

    11 digits  mobile and PHS 070/080/090, IP phones 050, M2M 020, free dial 0800
    10 digits  every other number starting 0 then 1–9: landlines (03, 059, 0598 …), 0120, 0570

Numbers beginning 00 or 010 (international calls) and short numbers (110, 119, 188) are refused.
The grouping is not checked against the area-code tables: 059-224-3070 and 0592-24-3070 are
both accepted, and the separators the person typed are kept as ASCII hyphens.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext

from kencho.core.japanese.text import normalize_hyphens, to_halfwidth_digits

_ALLOWED = re.compile(r"[0-9()\- ]+")
_SEPARATORS = re.compile(r"[()\- ]+")
_ELEVEN_DIGIT_PREFIXES = ("020", "050", "070", "080", "090", "0800")


class InvalidPhoneNumber(ValueError):
    """Not a Japanese telephone number."""


def normalize_phone_number(text: str) -> str:
    """A domestic number in ASCII: "03-1234-5678" when the input was grouped, else "0312345678".

    Accepts full-width digits, any dash (and ー, which is never part of a number), spaces,
    parentheses as in 03(1234)5678 or (059)224-3070, and the +81 prefix, with or without the
    trunk 0 in parentheses: +81 3-1234-5678, +81 (0)90 1234 5678 → 03-1234-5678, 090-1234-5678.
    """
    cleaned = normalize_hyphens(to_halfwidth_digits(text)).replace("ー", "-")
    cleaned = " ".join(cleaned.split())
    international = cleaned.startswith("+81")
    if international:
        cleaned = cleaned.removeprefix("+81").lstrip(" -")
        cleaned = cleaned.removeprefix("(0)")
    if not cleaned or _ALLOWED.fullmatch(cleaned) is None:
        raise _invalid()
    groups = [group for group in _SEPARATORS.split(cleaned) if group]
    if not groups:
        raise _invalid()
    if international and not groups[0].startswith("0"):
        groups[0] = "0" + groups[0]
    digits = "".join(groups)
    if not _is_domestic_number(digits):
        raise _invalid()
    return "-".join(groups)


def _is_domestic_number(digits: str) -> bool:
    if not digits.startswith("0") or digits.startswith(("00", "010")):
        return False
    if digits.startswith(_ELEVEN_DIGIT_PREFIXES):
        return len(digits) == 11
    return len(digits) == 10


def _invalid() -> InvalidPhoneNumber:
    return InvalidPhoneNumber(gettext("電話番号の形式が正しくありません。"))
