"""The part of Solr's query syntax that CKAN clients and harvesters send in `q` and `fq`.

    tags:防災 -res_format:PDF organization:"mie-bosai"
    groups:(kanko OR bosai) +metadata_modified:[2024-01-01T00:00:00Z TO *]

Clauses are joined by AND (the default, as in CKAN); `OR` joins the clauses on either side; a leading
`-` or `NOT` negates a clause; `+` and `AND` change nothing. Words without a field are free text. A
field this catalogue does not know is a `SearchQueryError`, not a silently ignored filter.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import dataclass

from django.utils import timezone

from .errors import SearchQueryError

# Fields a client may filter on, with what the selector compares them to.
FIELDS = frozenset(
    {
        "organization", "owner_org", "groups", "tags", "res_format", "license_id", "name", "id",
        "metadata_modified", "metadata_created", "state", "capacity", "dataset_type", "type", "site_id",
        "text", "title", "notes", "frequency", "res_name", "extras_standard_dataset", "standard_dataset",
    }
)  # fmt: skip
DATE_FIELDS = frozenset({"metadata_modified", "metadata_created"})
# Fields CKAN adds to every harvest query that say nothing here (one site, one dataset type).
IGNORED_FIELDS = frozenset({"site_id"})

_TOKEN = re.compile(
    r"""\s*(
        [+-]?[\w.]+:"(?:[^"\\]|\\.)*"        # field:"quoted value"
      | [+-]?[\w.]+:[\[{][^\]}]*[\]}]        # field:[A TO B]
      | [+-]?[\w.]+:\([^)]*\)                # field:(a OR b)
      | [+-]?"(?:[^"\\]|\\.)*"               # "free phrase"
      | \*:\*                                # everything
      | [^\s]+                               # a word, field:value or an operator
    )""",
    re.VERBOSE,
)
_RANGE = re.compile(r"^([\[{])\s*(\S+)\s+TO\s+(\S+)\s*([\]}])$")
_NOW = re.compile(r"^NOW(?:/(DAY|HOUR))?(?:([+-])(\d+)(DAYS?|HOURS?|MINUTES?|MONTHS?|YEARS?))?$")


@dataclass(frozen=True)
class DateRange:
    start: datetime.datetime | None
    end: datetime.datetime | None
    include_start: bool = True
    include_end: bool = True


@dataclass
class Clause:
    """One condition. `field` is "" for free text; several values are alternatives (OR)."""

    field: str
    values: list[str] = dataclasses.field(default_factory=list)
    negate: bool = False
    date_range: DateRange | None = None
    alternatives: list[Clause] = dataclasses.field(
        default_factory=list
    )  # set when joined by OR to other clauses


@dataclass
class ParsedQuery:
    clauses: list[Clause] = dataclasses.field(default_factory=list)

    @property
    def free_text(self) -> list[str]:
        return [
            value
            for clause in self.clauses
            if not clause.field and not clause.negate
            for value in clause.values
        ]


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


def _date_bound(value: str, *, field_name: str, now: datetime.datetime) -> datetime.datetime | None:
    if value == "*":
        return None
    if match := _NOW.match(value):
        if match.group(1) == "DAY":
            now = now.replace(hour=0, minute=0, second=0, microsecond=0)
        elif match.group(1) == "HOUR":
            now = now.replace(minute=0, second=0, microsecond=0)
        if match.group(2):
            amount = int(match.group(3)) * (-1 if match.group(2) == "-" else 1)
            unit = match.group(4).rstrip("S")
            days = {"DAY": 1, "MONTH": 30, "YEAR": 365}.get(unit)
            delta = (
                datetime.timedelta(days=amount * days)
                if days
                else datetime.timedelta(hours=amount)
                if unit == "HOUR"
                else datetime.timedelta(minutes=amount)
            )
            now += delta
        return now
    try:
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise SearchQueryError(
            f"{field_name} の日時「{value}」を読めません。2024-01-01T00:00:00Z の形式か * を使ってください。",
            f'Cannot read the date "{value}" for {field_name}: use the form 2024-01-01T00:00:00Z or *.',
        ) from None
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=datetime.UTC)


def _clause(token: str, now: datetime.datetime) -> Clause:
    negate = False
    if token[0] in "+-" and len(token) > 1:
        negate = token[0] == "-"
        token = token[1:]
    if token == "*:*":  # noqa: S105 - Solr's match-all, not a secret
        return Clause(field="*", negate=negate)
    name, separator, value = token.partition(":")
    if not separator or token.startswith('"') or not re.fullmatch(r"[\w.]+", name):
        return Clause(field="", values=[_unquote(token)], negate=negate)
    if name not in FIELDS:
        raise SearchQueryError(
            f"検索条件の項目「{name}」は使えません。使える項目: {', '.join(sorted(FIELDS))}",
            f'Unknown field "{name}" in the query. Known fields: {", ".join(sorted(FIELDS))}',
        )
    if range_match := _RANGE.match(value):
        if name not in DATE_FIELDS:
            raise SearchQueryError(
                f"範囲指定は {', '.join(sorted(DATE_FIELDS))} にだけ使えます。",
                f"Ranges can only be used on {', '.join(sorted(DATE_FIELDS))}.",
            )
        opening, start, end, closing = range_match.groups()
        return Clause(
            field=name,
            negate=negate,
            date_range=DateRange(
                _date_bound(start, field_name=name, now=now),
                _date_bound(end, field_name=name, now=now),
                include_start=opening == "[",
                include_end=closing == "]",
            ),
        )
    if value.startswith("(") and value.endswith(")"):
        inner = [part for part in re.split(r"\s+OR\s+|\s+", value[1:-1].strip()) if part]
        return Clause(field=name, values=[_unquote(part) for part in inner], negate=negate)
    if not value:
        raise SearchQueryError(
            f"検索条件「{name}:」に値がありません。", f'The query clause "{name}:" has no value.'
        )
    return Clause(field=name, values=[_unquote(value)], negate=negate)


def parse_query(text: str) -> ParsedQuery:
    """Parse a q or fq string. Raises SearchQueryError for unknown fields and unreadable ranges."""
    tokens = [match.group(1) for match in _TOKEN.finditer(text or "") if match.group(1).strip()]
    if text and text.count('"') % 2:
        raise SearchQueryError(
            '引用符（"）の数が合いません。閉じる引用符を加えてください。',
            'The query has an unmatched quote ("). Add the closing quote.',
        )
    parsed = ParsedQuery()
    now = timezone.now()  # one "NOW" for the whole query, so NOW-7DAYS TO NOW is exactly 7 days
    negate_next = False
    join_with_or = False
    for token in tokens:
        if token in {"AND", "&&"}:
            continue
        if token in {"OR", "||"}:
            join_with_or = bool(parsed.clauses)
            continue
        if token == "NOT":  # noqa: S105 - an operator word, not a secret
            negate_next = True
            continue
        clause = _clause(token, now)
        if negate_next:
            clause.negate, negate_next = True, False
        if clause.field in IGNORED_FIELDS:
            continue
        if join_with_or:
            parsed.clauses[-1].alternatives.append(clause)
            join_with_or = False
        else:
            parsed.clauses.append(clause)
    return parsed
