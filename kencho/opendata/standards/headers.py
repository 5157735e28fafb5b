"""Which standard column each header cell of a file is, and which generation of template it follows.

Two generations of template are in use:

    current  自治体標準オープンデータセット (デジタル庁, 2021 onwards): 全国地方公共団体コード, ID,
             地方公共団体名, 名称_英字, and in the recent revision the address split into
             所在地_連結表記, 所在地_都道府県 … 建物名等(方書) with 町字ID.
    legacy   推奨データセット (内閣官房 IT総合戦略室 / 政府CIOポータル, 2017–2020):
             都道府県コード又は市区町村コード, NO, 都道府県名, 市区町村名, 名称_英語, 住所, 方書.
             指定緊急避難場所一覧 put NO first and had 市区町村コード further right.

Both map onto the same fields, so either validates. A column is recognised by its current name,
its legacy name (x-legacy-names) or an accepted alias (x-aliases: 住所 and 所在地 for
所在地_連結表記, the misspelling 所在地_連結標記 seen in published files, 方書 for
建物名等(方書), イベント開始日 for 開始日). Names are compared after NFKC (full-width letters,
digits and brackets to half-width, half-width katakana to full-width), with spaces, underscores
and brackets removed and ASCII case ignored: 名称_カナ, 名称（カナ）, 名称 カナ, ＩＤ and id all match.

The templates were reconstructed from the published column lists of both generations and from
files that municipalities publish; the exact optional columns of the latest revision were not
all confirmed, and unknown columns are reported as warnings, not errors.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from kencho.opendata.standards.schema import StandardField, StandardSchema

_IGNORED_IN_NAMES = re.compile(r"[\s_()\[\]{}「」【】\u200b\ufeff]+")


class HeaderGeneration(enum.StrEnum):
    CURRENT = "current"
    LEGACY = "legacy"
    MIXED = "mixed"
    UNKNOWN = "unknown"


class MatchedBy(enum.StrEnum):
    NAME = "name"
    LEGACY_NAME = "legacy_name"
    ALIAS = "alias"


def header_key(label: str) -> str:
    """The form in which two spellings of a column name compare equal."""
    return _IGNORED_IN_NAMES.sub("", unicodedata.normalize("NFKC", label)).casefold()


@dataclass(frozen=True)
class Column:
    index: int  # 0-based position in the file
    label: str  # as written in the file
    field: StandardField | None  # None for a column the standard does not have
    matched_by: MatchedBy | None
    duplicate_of: str | None = None  # label of the earlier column that is the same field

    @property
    def is_legacy(self) -> bool:
        """Whether the column's name belongs to the legacy template only."""
        if self.field is None:
            return False
        return self.matched_by is MatchedBy.LEGACY_NAME or self.field.generation == "legacy"

    @property
    def is_current(self) -> bool:
        """Whether the column's name belongs to the current template only."""
        if self.field is None or self.is_legacy:
            return False
        return self.field.generation == "current" or (
            self.matched_by is MatchedBy.NAME and bool(self.field.legacy_names)
        )

    @property
    def is_checked(self) -> bool:
        """Whether the column's cells are checked against its field."""
        return self.field is not None and self.duplicate_of is None


@dataclass(frozen=True)
class HeaderMatch:
    columns: tuple[Column, ...]
    generation: HeaderGeneration
    missing: tuple[StandardField, ...]  # fields that must be present but are not

    def column_for(self, field_name: str) -> Column | None:
        for column in self.columns:
            if column.is_checked and column.field is not None and column.field.name == field_name:
                return column
        return None


def _lookup(schema: StandardSchema) -> dict[str, tuple[StandardField, MatchedBy]]:
    table: dict[str, tuple[StandardField, MatchedBy]] = {}
    for field in schema.fields:
        for names, matched_by in (
            ((field.name,), MatchedBy.NAME),
            (field.legacy_names, MatchedBy.LEGACY_NAME),
            (field.aliases, MatchedBy.ALIAS),
        ):
            for name in names:
                table.setdefault(header_key(name), (field, matched_by))
    return table


def match_header(labels: Sequence[str], schema: StandardSchema) -> HeaderMatch:
    lookup = _lookup(schema)
    columns: list[Column] = []
    first_label_of: dict[str, str] = {}
    for index, label in enumerate(labels):
        found = lookup.get(header_key(label)) if label.strip() else None
        if found is None:
            columns.append(Column(index=index, label=label, field=None, matched_by=None))
            continue
        field, matched_by = found
        duplicate_of = first_label_of.get(field.name)
        if duplicate_of is None:
            first_label_of[field.name] = label
        columns.append(
            Column(index=index, label=label, field=field, matched_by=matched_by, duplicate_of=duplicate_of)
        )
    present = set(first_label_of)
    missing = tuple(field for field in schema.fields if field.must_be_present and field.name not in present)
    return HeaderMatch(columns=tuple(columns), generation=_generation(columns), missing=missing)


def _generation(columns: Sequence[Column]) -> HeaderGeneration:
    current = any(column.is_current for column in columns)
    legacy = any(column.is_legacy for column in columns)
    if current and legacy:
        return HeaderGeneration.MIXED
    if current:
        return HeaderGeneration.CURRENT
    if legacy:
        return HeaderGeneration.LEGACY
    return HeaderGeneration.UNKNOWN
