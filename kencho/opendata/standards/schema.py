"""The standard schemas as Python objects: the JSON files read once, with Kencho's extensions split out.

A field descriptor is plain Table Schema (name, type, format, constraints, description) plus these
custom properties, which Table Schema allows and Frictionless ignores:

    x-legacy-names     the column's names in the older 推奨データセット (e.g. NO for ID)
    x-aliases          other spellings accepted in either generation (e.g. 住所 for 所在地_連結表記)
    x-generation       "current" or "legacy" for columns that exist in one generation only
    x-check            what the Japan-specific pass checks and which message a type or constraint
                       error gets (local_government_code, katakana, latitude, phone, date, …)
    x-column-required  the column must be present although its cells may be blank

The schema-level x-date-ranges lists [start, end] pairs of date columns.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kencho.opendata.standards import get_standard_dataset


@dataclass(frozen=True)
class StandardField:
    name: str
    type: str
    required: bool
    column_required: bool
    check: str | None
    legacy_names: tuple[str, ...]
    aliases: tuple[str, ...]
    generation: str | None
    descriptor: Mapping[str, Any]

    def frictionless_descriptor(self, *, name: str) -> dict[str, Any]:
        """The plain Table Schema descriptor under another name (Kencho's x- properties left out)."""
        plain = {key: value for key, value in self.descriptor.items() if not key.startswith("x-")}
        plain["name"] = name
        return plain

    @property
    def must_be_present(self) -> bool:
        return self.required or self.column_required


@dataclass(frozen=True)
class StandardSchema:
    standard_id: str
    title_ja: str
    title_en: str
    fields: tuple[StandardField, ...]
    primary_key: tuple[str, ...]
    date_ranges: tuple[tuple[str, str], ...]
    missing_values: tuple[str, ...]
    descriptor: Mapping[str, Any]

    def field(self, name: str) -> StandardField:
        for field in self.fields:
            if field.name == name:
                return field
        raise KeyError(name)


@functools.cache
def load_standard_schema(standard_id: str) -> StandardSchema:
    """The schema of a standard. Raises UnknownStandard for an id not in STANDARD_DATASETS."""
    standard = get_standard_dataset(standard_id)
    descriptor = json.loads(standard.schema_path.read_text(encoding="utf-8"))
    fields = tuple(_field(field) for field in descriptor["fields"])
    return StandardSchema(
        standard_id=standard.id,
        title_ja=standard.title_ja,
        title_en=standard.title_en,
        fields=fields,
        primary_key=tuple(descriptor.get("primaryKey", ())),
        date_ranges=tuple((start, end) for start, end in descriptor.get("x-date-ranges", ())),
        missing_values=tuple(descriptor.get("missingValues", [""])),
        descriptor=descriptor,
    )


def _field(descriptor: Mapping[str, Any]) -> StandardField:
    constraints = descriptor.get("constraints", {})
    return StandardField(
        name=descriptor["name"],
        type=descriptor.get("type", "string"),
        required=bool(constraints.get("required", False)),
        column_required=bool(descriptor.get("x-column-required", False)),
        check=descriptor.get("x-check"),
        legacy_names=tuple(descriptor.get("x-legacy-names", ())),
        aliases=tuple(descriptor.get("x-aliases", ())),
        generation=descriptor.get("x-generation"),
        descriptor=descriptor,
    )
