"""Japan-specific checks that a Table Schema cannot express, run on each row after Frictionless.

Cell checks take the cell as written (Frictionless has already reported type and constraint
errors, and empty cells are skipped). They reuse the helpers in kencho.core.japanese rather than
their own rules.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from kencho.core.japanese.corporate_number import is_valid_corporate_number
from kencho.core.japanese.kana import is_katakana_name, normalize_katakana
from kencho.core.japanese.local_government_code import (
    InvalidLocalGovernmentCode,
    is_valid_local_government_code,
    local_government_code_check_digit,
    normalize_local_government_code,
)
from kencho.core.japanese.phone import InvalidPhoneNumber, normalize_phone_number
from kencho.core.japanese.postal import InvalidPostalCode, normalize_postal_code
from kencho.opendata.standards.headers import HeaderGeneration
from kencho.opendata.standards.report import ProblemCollector

# Japan from 沖ノ鳥島 (20.4°N) and 与那国島 (122.9°E) to 択捉島 (45.6°N) and 南鳥島 (154.0°E).
LATITUDE_RANGE = (Decimal(20), Decimal(46))
LONGITUDE_RANGE = (Decimal(122), Decimal(154))

_url_validator = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class Cell:
    row: int
    column: str
    value: str
    generation: HeaderGeneration


CellCheck = Callable[[Cell, ProblemCollector], None]


def check_local_government_code(cell: Cell, problems: ProblemCollector) -> None:
    """Six digits with a matching check digit.

    Five digits (the code without its check digit, common in older data) are an error in the
    current template and a warning in the legacy one. Five digits that become a valid code with a
    leading 0 are a code whose zero a spreadsheet dropped.
    """
    code = cell.value.strip()
    at = {"row": cell.row, "column": cell.column, "value": cell.value}
    if len(code) == 5 and code.isascii() and code.isdigit():
        _five_digit_code(code, cell, problems)
        return
    try:
        normalize_local_government_code(code)
    except InvalidLocalGovernmentCode as exc:
        if exc.code == "check_digit":
            suggestion = code[:5] + local_government_code_check_digit(code[:5])
            problems.error("local_government_code_check_digit", suggestion=suggestion, **at)
        else:
            problems.error(f"local_government_code_{exc.code}", **at)


def _five_digit_code(code: str, cell: Cell, problems: ProblemCollector) -> None:
    """Read as the code without its check digit when it has that shape, else as a lost zero.

    Municipal parts run from 100 up (000 is the prefecture itself), so 11002 is 札幌市 011002
    without its zero, not 埼玉県 "002". When both readings have the right shape (16322 could be
    016322 or 16322 + check digit) the message names both: telling them apart needs the code list.
    """
    at = {"row": cell.row, "column": cell.column, "value": cell.value}
    with_zero = "0" + code
    zero_lost = is_valid_local_government_code(with_zero) and _has_municipal_shape(with_zero)
    if not (is_valid_local_government_code(code, allow_five_digits=True) and _has_municipal_shape(code)):
        if zero_lost:
            problems.error("local_government_code_leading_zero", suggestion=with_zero, **at)
        else:
            problems.error("local_government_code_format", **at)
        return
    completed = normalize_local_government_code(code, allow_five_digits=True)
    also = {"also": "", "also_en": ""}
    if zero_lost:
        also = {
            "also": f"（先頭の0が落ちた {with_zero} ならそちらにしてください）",
            "also_en": f" (or {with_zero}, if its leading zero was lost)",
        }
    report = problems.warning if cell.generation is HeaderGeneration.LEGACY else problems.error
    report("local_government_code_missing_check_digit", suggestion=completed, **also, **at)


def _has_municipal_shape(code: str) -> bool:
    return code[2:5] == "000" or code[2] != "0"


def check_katakana(cell: Cell, problems: ProblemCollector) -> None:
    """Full-width katakana with ー, ・ and spaces. Hiragana and half-width kana get the fix."""
    at = {"row": cell.row, "column": cell.column, "value": cell.value}
    if not is_katakana_name(cell.value):
        problems.error("katakana_invalid", **at)
        return
    suggestion = normalize_katakana(cell.value)
    if "".join(suggestion.split()) != "".join(cell.value.split()):
        problems.error("katakana_not_full_width", suggestion=suggestion, **at)


def check_phone(cell: Cell, problems: ProblemCollector) -> None:
    at = {"row": cell.row, "column": cell.column, "value": cell.value}
    try:
        number = normalize_phone_number(cell.value)
    except InvalidPhoneNumber:
        problems.error("invalid_phone", **at)
        return
    if not cell.value.strip().isascii():
        problems.warning("phone_not_half_width", suggestion=number, **at)


def check_url(cell: Cell, problems: ProblemCollector) -> None:
    try:
        _url_validator(cell.value.strip())
    except ValidationError:
        problems.error("invalid_url", row=cell.row, column=cell.column, value=cell.value)


def check_corporate_number(cell: Cell, problems: ProblemCollector) -> None:
    if not is_valid_corporate_number(cell.value):
        problems.error("invalid_corporate_number", row=cell.row, column=cell.column, value=cell.value)


def check_postal_code(cell: Cell, problems: ProblemCollector) -> None:
    try:
        normalize_postal_code(cell.value)
    except InvalidPostalCode:
        problems.error("invalid_postal_code", row=cell.row, column=cell.column, value=cell.value)


CELL_CHECKS: dict[str, CellCheck] = {
    "local_government_code": check_local_government_code,
    "katakana": check_katakana,
    "phone": check_phone,
    "url": check_url,
    "corporate_number": check_corporate_number,
    "postal_code": check_postal_code,
}


@dataclass(frozen=True)
class Coordinate:
    column: str
    raw: str
    value: Decimal | None  # None when empty or not a number (already reported)


def check_coordinates(
    row: int, latitude: Coordinate | None, longitude: Coordinate | None, problems: ProblemCollector
) -> None:
    """Japan's range for each, a specific message for a swapped pair, and both or neither."""
    lat = latitude.value if latitude is not None else None
    lon = longitude.value if longitude is not None else None
    if latitude is not None and longitude is not None:
        if lat is not None and lon is not None and _swapped(lat, lon):
            problems.error(
                "coordinates_swapped",
                row=row,
                column=latitude.column,
                value=f"{latitude.raw}, {longitude.raw}",
                latitude=latitude.raw,
                longitude=longitude.raw,
                latitude_column=latitude.column,
                longitude_column=longitude.column,
            )
            return
        for present, absent in ((latitude, longitude), (longitude, latitude)):
            if present.raw.strip() and not absent.raw.strip():
                problems.error(
                    "coordinates_incomplete", row=row, column=absent.column, present=present.column
                )
    for coordinate, number, (low, high), code in (
        (latitude, lat, LATITUDE_RANGE, "latitude_out_of_range"),
        (longitude, lon, LONGITUDE_RANGE, "longitude_out_of_range"),
    ):
        if coordinate is not None and number is not None and not low <= number <= high:
            problems.error(code, row=row, column=coordinate.column, value=coordinate.raw)


def _in(value: Decimal, bounds: tuple[Decimal, Decimal]) -> bool:
    return bounds[0] <= value <= bounds[1]


def _swapped(lat: Decimal, lon: Decimal) -> bool:
    return (
        not _in(lat, LATITUDE_RANGE)
        and not _in(lon, LONGITUDE_RANGE)
        and _in(lat, LONGITUDE_RANGE)
        and _in(lon, LATITUDE_RANGE)
    )


@dataclass(frozen=True)
class DateCell:
    column: str
    raw: str
    value: datetime.date | None


def check_date_range(row: int, start: DateCell, end: DateCell, problems: ProblemCollector) -> None:
    if start.value is not None and end.value is not None and end.value < start.value:
        problems.error(
            "end_before_start",
            row=row,
            column=end.column,
            value=end.raw,
            start_column=start.column,
            start=start.raw,
        )
