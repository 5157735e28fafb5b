"""Cleaning one answer of one field type: turn what people and API clients send into the one
stored form, or reject it with a code that `validation` turns into a message.

`clean_value` returns None for "not answered"; `validation` decides whether that is allowed."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from kencho.core.japanese.corporate_number import InvalidCorporateNumber, normalize_corporate_number
from kencho.core.japanese.kana import is_katakana_name, normalize_katakana
from kencho.core.japanese.phone import InvalidPhoneNumber, normalize_phone_number
from kencho.core.japanese.postal import InvalidPostalCode, normalize_postal_code
from kencho.core.japanese.text import has_control_characters, to_halfwidth_digits
from kencho.core.japanese.wareki import InvalidDate, format_date, parse_date

from .definition import (
    FILE_DEFAULT_ACCEPT,
    FILE_MAX_FILES,
    FILE_MAX_SIZE_MB,
    TEXT_MAX_LENGTH,
    TEXTAREA_MAX_LENGTH,
    localized,
)

if TYPE_CHECKING:
    from .validation import UploadResolver

# Longest text accepted for a number before trying to read it (keeps parsing cheap for garbage).
_NUMBER_MAX_CHARS = 40
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
_FRACTION = re.compile(r"[+-]?[0-9]*\.[0-9]+")
_UPLOAD_ID_MAX_CHARS = 64
_NAME_MAX_LENGTH = 100
_ADDRESS_MAX_LENGTH = 200
_WHITESPACE_RUN = re.compile(r"\s+")


@dataclass(frozen=True)
class Problem:
    code: str
    part: str = ""
    message_code: str = ""
    params: dict[str, Any] = field(default_factory=dict)


class Reject(Exception):
    """A control-flow signal inside this package: the answer cannot be used."""

    def __init__(self, *problems: Problem) -> None:
        super().__init__(problems)
        self.problems = problems


def _reject(code: str, *, part: str = "", message_code: str = "", **params: Any) -> Reject:
    return Reject(Problem(code=code, part=part, message_code=message_code, params=params))


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return all(is_empty(item) for item in value)
    if isinstance(value, dict):
        return all(is_empty(item) for item in value.values())
    return False


def _string(value: Any, *, strict: bool) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if not strict and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise _reject("wrong_type", expected="string")


def _text(value: Any, *, strict: bool, multiline: bool = False, part: str = "") -> str | None:
    """Stripped, NFC-normalised text, or None when blank. Rejects invisible and control characters."""
    text = _string(value, strict=strict)
    if text is None:
        return None
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not text:
        return None
    if has_control_characters(text, allow_newlines=multiline):
        if (
            not multiline
            and "\n" in text
            and not has_control_characters(text.replace("\n", ""), allow_newlines=False)
        ):
            raise _reject("control_characters", part=part, message_code="newline")
        raise _reject("control_characters", part=part)
    return text


def _check_length(text: str, *, maximum: int, minimum: int = 0, part: str = "") -> None:
    count = len(text)
    if count > maximum:
        raise _reject("too_long", part=part, max=maximum, count=count)
    if count < minimum:
        raise _reject("too_short", part=part, min=minimum)


def _clean_text(field: dict[str, Any], value: Any, *, strict: bool) -> str | None:
    multiline = field["type"] == "textarea"
    text = _text(value, strict=strict, multiline=multiline)
    if text is None:
        return None
    default_max = TEXTAREA_MAX_LENGTH if multiline else TEXT_MAX_LENGTH
    _check_length(text, maximum=field.get("max_length", default_max), minimum=field.get("min_length", 0))
    if "pattern" in field and not re.fullmatch(field["pattern"], text):
        custom = field.get("pattern_message")
        if custom:
            raise Reject(Problem("pattern", message_code="custom", params={"custom": custom}))
        raise _reject("pattern")
    return text


def _number_text(value: Any, *, strict: bool, message_code: str, extra: str = "") -> str | None:
    """The digits of a number typed with full-width digits, commas and spaces."""
    if isinstance(value, bool):
        raise _reject("wrong_type", expected="number")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise _reject("invalid", message_code=message_code)
        return format(Decimal(repr(value)), "f")
    text = _string(value, strict=True) if isinstance(value, str) or value is None else None
    if text is None and value is not None:
        raise _reject("wrong_type", expected="number")
    if text is None:
        return None
    text = to_halfwidth_digits(text)
    for char in ", \u3000" + extra:
        text = text.replace(char, "")
    text = text.replace("\u2212", "-")
    if not text:
        return None
    if len(text) > _NUMBER_MAX_CHARS:
        raise _reject("invalid", message_code=message_code)
    return text


def _bounds(field: dict[str, Any], number: Any, *, min_code: str = "min", max_code: str = "max") -> None:
    if "min" in field and number < field["min"]:
        raise _reject("min", message_code=min_code, min=field["min"])
    if "max" in field and number > field["max"]:
        raise _reject("max", message_code=max_code, max=field["max"])


def _clean_integer(field: dict[str, Any], value: Any, *, strict: bool) -> int | None:
    text = _number_text(value, strict=strict, message_code="integer")
    if text is None:
        return None
    if not _INTEGER.fullmatch(text):
        if _FRACTION.fullmatch(text) and Decimal(text) != Decimal(text).to_integral_value():
            raise _reject("invalid", message_code="integer_fraction")
        if _DECIMAL.fullmatch(text):
            text = str(Decimal(text).to_integral_value())
        else:
            raise _reject("invalid", message_code="integer")
    number = int(text)
    _bounds(field, number)
    return number


def _clean_decimal(field: dict[str, Any], value: Any, *, strict: bool) -> str | None:
    text = _number_text(value, strict=strict, message_code="decimal")
    if text is None:
        return None
    if not _DECIMAL.fullmatch(text):
        raise _reject("invalid", message_code="decimal")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _reject("invalid", message_code="decimal") from None
    places = field.get("decimal_places")
    exponent = number.as_tuple().exponent
    if places is not None and isinstance(exponent, int) and -exponent > places:
        number = number.normalize() if number != 0 else Decimal(0)
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > places:
            raise _reject("decimal_places", places=places)
    _bounds(field, number)
    if number == 0:
        number = abs(number)
    return format(number, "f")


def _clean_yen(field: dict[str, Any], value: Any, *, strict: bool) -> int | None:
    text = _number_text(value, strict=strict, message_code="yen", extra="円¥￥\\")
    if text is None:
        return None
    if not _INTEGER.fullmatch(text) or text.startswith("-"):
        raise _reject("invalid", message_code="yen")
    amount = int(text)
    _bounds(field, amount, min_code="yen_min", max_code="yen_max")
    return amount


def _date_bound(bound: str) -> date:
    return timezone.localdate() if bound == "today" else date.fromisoformat(bound)


def _clean_date(field: dict[str, Any], value: Any, *, strict: bool) -> str | None:
    text = _text(value, strict=strict)
    if text is None:
        return None
    if len(text) > _NUMBER_MAX_CHARS:
        raise _reject("invalid", message_code="date_format")
    try:
        parsed = parse_date(text)
    except InvalidDate as exc:
        raise _reject("invalid", message_code=f"date_{exc.code}") from None
    wareki = bool(field.get("show_wareki"))
    if "min" in field and parsed < (low := _date_bound(field["min"])):
        raise _reject(
            "min",
            message_code="date_min",
            min_ja=format_date(low, language="ja", wareki=wareki),
            min_en=format_date(low, language="en", wareki=wareki),
        )
    if "max" in field and parsed > (high := _date_bound(field["max"])):
        raise _reject(
            "max",
            message_code="date_max",
            max_ja=format_date(high, language="ja", wareki=wareki),
            max_en=format_date(high, language="en", wareki=wareki),
        )
    return parsed.isoformat()


def _clean_email(field: dict[str, Any], value: Any, *, strict: bool) -> str | None:
    text = _text(value, strict=strict)
    if text is None:
        return None
    text = unicodedata.normalize("NFKC", text)
    if len(text) > 254:
        raise _reject("invalid", message_code="email")
    try:
        validate_email(text)
    except ValidationError:
        raise _reject("invalid", message_code="email") from None
    local, _, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}"


def _normalized_with(
    normalize: Callable[[str], str], error: type[ValueError], message_code: str
) -> Callable[..., Any]:
    def clean(field: dict[str, Any], value: Any, *, strict: bool) -> str | None:
        text = _text(value, strict=strict)
        if text is None:
            return None
        if len(text) > _NUMBER_MAX_CHARS:
            raise _reject("invalid", message_code=message_code)
        try:
            return normalize(text)
        except error as exc:
            code = getattr(exc, "code", "format")
            raise _reject(
                "invalid", message_code=message_code if code == "format" else f"{message_code}_{code}"
            ) from None

    return clean


_clean_phone = _normalized_with(normalize_phone_number, InvalidPhoneNumber, "phone")
_clean_postal_code = _normalized_with(normalize_postal_code, InvalidPostalCode, "postal_code")
_clean_corporate_number = _normalized_with(
    normalize_corporate_number, InvalidCorporateNumber, "corporate_number"
)


def _parts(value: Any, parts: tuple[str, ...], *, strict: bool) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _reject("wrong_type", expected="object")
    if strict and set(value) - set(parts):
        raise _reject("wrong_type", expected="object")
    return value


def _clean_name(field: dict[str, Any], value: Any, *, strict: bool) -> dict[str, str] | None:
    raw = _parts(value, ("name", "kana"), strict=strict)
    if raw is None:
        return None
    with_kana = field.get("kana", True)
    problems: list[Problem] = []
    name = kana = None
    try:
        name = _text(raw.get("name"), strict=strict, part="name")
        if name is not None:
            name = _WHITESPACE_RUN.sub(lambda match: match.group(0)[0], name)
            _check_length(name, maximum=_NAME_MAX_LENGTH, part="name")
    except Reject as reject:
        problems += reject.problems
    if with_kana:
        try:
            kana = _text(raw.get("kana"), strict=strict, part="kana")
            if kana is not None:
                kana = normalize_katakana(kana)
                _check_length(kana, maximum=_NAME_MAX_LENGTH, part="kana")
                if not is_katakana_name(kana):
                    raise _reject("kana", part="kana")
        except Reject as reject:
            problems += reject.problems
    if problems:
        raise Reject(*problems)
    if name is None and kana is None:
        return None
    if name is None:
        raise _reject("required", part="name", message_code="required_name")
    if with_kana and kana is None:
        raise _reject("required", part="kana", message_code="required_kana")
    return {"name": name, "kana": kana} if with_kana and kana is not None else {"name": name}


def _clean_address(field: dict[str, Any], value: Any, *, strict: bool) -> dict[str, str] | None:
    raw = _parts(value, ("postal_code", "address"), strict=strict)
    if raw is None:
        return None
    problems: list[Problem] = []
    postal_code = address = None
    try:
        postal_code = _clean_postal_code(field, raw.get("postal_code"), strict=strict)
    except Reject as reject:
        problems += [
            Problem(p.code, "postal_code", "address_postal_code" if p.code == "invalid" else "", p.params)
            for p in reject.problems
        ]
    try:
        address = _text(raw.get("address"), strict=strict, part="address")
        if address is not None:
            _check_length(address, maximum=_ADDRESS_MAX_LENGTH, part="address")
    except Reject as reject:
        problems += reject.problems
    if problems:
        raise Reject(*problems)
    if postal_code is None and address is None:
        return None
    if postal_code is None:
        raise _reject("required", part="postal_code", message_code="required_postal_code")
    if address is None:
        raise _reject("required", part="address", message_code="required_address")
    return {"postal_code": postal_code, "address": address}


def _option_values(field: dict[str, Any]) -> list[str]:
    return [option["value"] for option in field["options"]]


def _clean_choice(field: dict[str, Any], value: Any, *, strict: bool) -> str | None:
    text = _string(value, strict=strict)
    if text is None or not text.strip():
        return None
    if text not in _option_values(field):
        raise _reject("invalid", message_code="choice")
    return text


def _clean_checkboxes(field: dict[str, Any], value: Any, *, strict: bool) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str) and not strict:
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _reject("wrong_type", expected="list")
    chosen = {item for item in value if item.strip()}
    options = _option_values(field)
    if chosen - set(options):
        raise _reject("invalid", message_code="choice")
    if not chosen:
        return None
    if len(chosen) < field.get("min_selected", 0):
        raise _reject("min", message_code="min_selected", min=field["min_selected"])
    if "max_selected" in field and len(chosen) > field["max_selected"]:
        raise _reject("max", message_code="max_selected", max=field["max_selected"])
    return [option for option in options if option in chosen]


def _clean_agreement(field: dict[str, Any], value: Any, *, strict: bool) -> bool | None:
    if value is None or value is False:
        return None
    if value is True:
        return True
    if not strict and isinstance(value, str):
        return True if value.strip().lower() in {"on", "true", "1", "yes"} else None
    raise _reject("wrong_type", expected="boolean")


def file_kinds_text(field: dict[str, Any]) -> str:
    return "・".join(kind.upper() for kind in field.get("accept", FILE_DEFAULT_ACCEPT))


def _upload_id(item: Any) -> str:
    if isinstance(item, dict) and isinstance(item.get("upload_id"), str):
        return str(item["upload_id"])
    if isinstance(item, str):
        return item
    raise _reject("wrong_type", expected="files")


def _clean_file(
    field: dict[str, Any], value: Any, *, strict: bool, uploads: UploadResolver | None
) -> list[dict[str, Any]] | None:
    if value is None:
        return None
    if isinstance(value, str | dict):
        value = [value]
    if not isinstance(value, list):
        raise _reject("wrong_type", expected="files")
    ids: list[str] = []
    for item in value:
        upload_id = _upload_id(item).strip()
        if upload_id and upload_id not in ids:
            ids.append(upload_id)
    if not ids:
        return None
    max_files = field.get("max_files", FILE_MAX_FILES)
    if len(ids) > max_files:
        raise _reject("too_many_files", max=max_files)
    accept = field.get("accept", FILE_DEFAULT_ACCEPT)
    max_mb = field.get("max_size_mb", FILE_MAX_SIZE_MB)
    cleaned = []
    for upload_id in ids:
        upload = (
            uploads(upload_id) if uploads is not None and len(upload_id) <= _UPLOAD_ID_MAX_CHARS else None
        )
        if upload is None:
            raise _reject("upload_not_found")
        if upload.kind not in accept:
            raise _reject("file_type", kinds=file_kinds_text(field))
        if upload.size > max_mb * 1024 * 1024:
            raise _reject("file_size", max_mb=max_mb)
        cleaned.append(
            {
                "upload_id": str(upload.pk),
                "name": upload.original_name,
                "size": upload.size,
                "content_type": upload.content_type,
                "sha256": upload.sha256,
            }
        )
    return cleaned


_CLEANERS: dict[str, Callable[..., Any]] = {
    "text": _clean_text,
    "textarea": _clean_text,
    "integer": _clean_integer,
    "decimal": _clean_decimal,
    "yen": _clean_yen,
    "date": _clean_date,
    "email": _clean_email,
    "phone": _clean_phone,
    "postal_code": _clean_postal_code,
    "address": _clean_address,
    "name": _clean_name,
    "corporate_number": _clean_corporate_number,
    "select": _clean_choice,
    "radio": _clean_choice,
    "checkboxes": _clean_checkboxes,
    "agreement": _clean_agreement,
}


def clean_value(field: dict[str, Any], value: Any, *, strict: bool, uploads: UploadResolver | None) -> Any:
    """The stored form of one answer, None when unanswered; raises Reject when it cannot be used."""
    if field["type"] == "file":
        return _clean_file(field, value, strict=strict, uploads=uploads)
    return _CLEANERS[field["type"]](field, value, strict=strict)


def custom_message(params: dict[str, Any]) -> tuple[str, str]:
    custom = params["custom"]
    return localized(custom, "ja"), localized(custom, "en")
