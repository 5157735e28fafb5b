"""The aggregate of a survey's answers: totals and breakdowns per question, per respondent and over
the rows of repeating groups. Pure computation over (respondent, answers) pairs, so the dashboard,
the background run, the exports and the benchmark all add up the same way.

Numbers (integer, decimal, yen) are summed exactly with Decimal; choices (select, radio, checkboxes)
are counted per option. A question inside a repeating group is summed over every row of every
respondent; `row_count` says how many rows there were."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from kencho.forms.definition import CHOICE_TYPES, iter_fields, localized

NUMBER_TYPES = frozenset({"integer", "decimal", "yen"})


@dataclass
class Measure:
    """One aggregated question: "key" at the top level, "group.sub" inside a repeating group."""

    key: str
    label_ja: str
    label_en: str
    kind: str  # "number" or "choice"
    in_group: bool
    total: Decimal = Decimal(0)
    count: int = 0
    options: dict[str, list[Any]] = field(default_factory=dict)  # value -> [label_ja, label_en, count]

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": {"ja": self.label_ja, "en": self.label_en},
            "kind": self.kind,
            "in_group": self.in_group,
            "total": str(self.total) if self.kind == "number" else None,
            "count": self.count,
            "options": [
                {"value": value, "label": {"ja": ja, "en": en}, "count": count}
                for value, (ja, en, count) in self.options.items()
            ],
        }


def measures_for(definition: dict[str, Any]) -> list[Measure]:
    measures: list[Measure] = []

    def add(question: dict[str, Any], key: str, prefix_ja: str, prefix_en: str, in_group: bool) -> None:
        kind = question["type"]
        if kind not in NUMBER_TYPES and kind not in CHOICE_TYPES:
            return
        measure = Measure(
            key=key,
            label_ja=prefix_ja + localized(question["label"], "ja"),
            label_en=prefix_en + localized(question["label"], "en"),
            kind="number" if kind in NUMBER_TYPES else "choice",
            in_group=in_group,
        )
        if kind in CHOICE_TYPES:
            measure.options = {
                str(o["value"]): [localized(o["label"], "ja"), localized(o["label"], "en"), 0]
                for o in question["options"]
            }
        measures.append(measure)

    for question in iter_fields(definition):
        if question["type"] == "group":
            ja, en = localized(question["label"], "ja"), localized(question["label"], "en")
            for sub in question["fields"]:
                add(sub, f"{question['key']}.{sub['key']}", f"{ja}：", f"{en}: ", True)
        else:
            add(question, question["key"], "", "", False)
    return measures


def _number(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


@dataclass
class Respondent:
    code: str
    name_ja: str
    name_en: str
    data: dict[str, Any]


def aggregate(
    definition: dict[str, Any],
    respondents: Iterable[Respondent],
    *,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 50,
) -> dict[str, Any]:
    """{"measures": [...], "by_respondent": [{"code", "name", "rows", "values": {key: total}}],
    "respondent_count", "row_count"} — numbers as strings, to keep every digit in JSON."""
    measures = measures_for(definition)
    groups = {q["key"] for q in iter_fields(definition) if q["type"] == "group"}
    by_respondent: list[dict[str, Any]] = []
    row_count = 0
    done = 0
    for respondent in respondents:
        own: dict[str, Decimal] = {}
        rows = 0
        for measure in measures:
            if measure.in_group:
                group, _, sub = measure.key.partition(".")
                values = [item.get(sub) for item in respondent.data.get(group) or []]
            else:
                values = [respondent.data.get(measure.key)]
            for value in values:
                if measure.kind == "number":
                    number = _number(value)
                    if number is not None:
                        measure.total += number
                        measure.count += 1
                        own[measure.key] = own.get(measure.key, Decimal(0)) + number
                else:
                    for choice in value if isinstance(value, list) else [value]:
                        if choice is not None and str(choice) in measure.options:
                            measure.options[str(choice)][2] += 1
                            measure.count += 1
        for group in groups:
            rows += len(respondent.data.get(group) or [])
        row_count += rows
        by_respondent.append(
            {
                "code": respondent.code,
                "name": {"ja": respondent.name_ja, "en": respondent.name_en or respondent.name_ja},
                "rows": rows,
                "values": {key: str(value) for key, value in own.items()},
            }
        )
        done += 1
        if progress is not None and done % progress_every == 0:
            progress(done)
    if progress is not None:
        progress(done)
    return {
        "measures": [measure.as_dict() for measure in measures],
        "by_respondent": by_respondent,
        "respondent_count": len(by_respondent),
        "row_count": row_count,
    }


def changes(current: dict[str, Any], previous: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Period-on-period change of every number measure: previous, current, difference, percent."""
    if not previous:
        return []
    before = {m["key"]: m for m in previous["measures"] if m["kind"] == "number"}
    result = []
    for measure in current["measures"]:
        if measure["kind"] != "number" or measure["key"] not in before:
            continue
        now, then = Decimal(measure["total"]), Decimal(before[measure["key"]]["total"])
        percent = None if not then else ((now - then) * 100 / then).quantize(Decimal("0.1"))
        result.append(
            {
                "key": measure["key"],
                "label": measure["label"],
                "previous": str(then),
                "current": str(now),
                "difference": str(now - then),
                "percent": None if percent is None else str(percent),
            }
        )
    return result
