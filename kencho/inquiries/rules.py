"""Check rules stored with a survey: declarative conditions that flag answers (or rows of a repeating
group) for review, such as 「時間外勤務が45時間を超える」 or 「請求額が経路の運賃表の額を超える」.

A rule is JSON; its condition is written in the safe expression language of
`kencho.payments.expressions` (parsed with `ast` and walked node by node, never `eval`):

    {"key": "over_45", "label": {"ja": "時間外45時間超", "en": "Overtime above 45 hours"},
     "group": "staff",                       # optional: checked on each row of this group
     "flag_when": "overtime_hours > 45",     # names: the row's fields and the top-level answers
     "lookup": {"by": "route", "as": "route_fare", "table": {"津-松阪": 740}}}   # optional

With a lookup, the value of field `by` is looked up in `table` and is available as `as` (0 when the
table has no entry, so a rule can also flag unknown routes with `route_fare == 0`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kencho.forms.definition import field_by_key, iter_fields, localized
from kencho.payments.expressions import ExpressionError, evaluate, names, parse

MAX_RULES = 50
MAX_TABLE_ENTRIES = 5000
_KEY = re.compile(r"[a-z][a-z0-9_]{0,49}")


@dataclass(frozen=True)
class RuleProblem:
    message_ja: str
    message_en: str


def _problem(index: int, ja: str, en: str) -> RuleProblem:
    return RuleProblem(f"確認ルール {index + 1}：{ja}", f"Check rule {index + 1}: {en}")


def rules_problems(rules: Any, definition: dict[str, Any]) -> list[RuleProblem]:
    """Everything wrong with a list of rules for this form, each naming the rule and the fix."""
    if not isinstance(rules, list):
        return [
            RuleProblem(
                "確認ルールは一覧（JSON配列）で指定してください。", "Give the check rules as a JSON list."
            )
        ]
    if len(rules) > MAX_RULES:
        return [RuleProblem(f"確認ルールは{MAX_RULES}件までです。", f"At most {MAX_RULES} check rules.")]
    problems: list[RuleProblem] = []
    top = {question["key"] for question in iter_fields(definition)}
    seen: set[str] = set()
    for index, rule in enumerate(rules):
        if not isinstance(rule, dict) or not isinstance(rule.get("flag_when"), str):
            problems.append(
                _problem(index, "flag_when（条件式）を指定してください。", "give flag_when, the condition.")
            )
            continue
        key = rule.get("key")
        if not isinstance(key, str) or not _KEY.fullmatch(key) or key in seen:
            problems.append(
                _problem(
                    index,
                    "key は英小文字で始まる重複しない識別名にしてください。",
                    "key must be a unique snake_case name.",
                )
            )
        seen.add(str(key))
        known = set(top)
        group_key = rule.get("group")
        if group_key is not None:
            group = field_by_key(definition, str(group_key))
            if group is None or group.get("type") != "group":
                problems.append(
                    _problem(
                        index,
                        f"「{group_key}」は繰り返し項目ではありません。",
                        f"{group_key!r} is not a repeating group.",
                    )
                )
                continue
            known |= {sub["key"] for sub in group["fields"]}
        lookup = rule.get("lookup")
        if lookup is not None:
            if (
                not isinstance(lookup, dict)
                or lookup.get("by") not in known
                or not isinstance(lookup.get("as"), str)
                or not _KEY.fullmatch(lookup["as"])
                or not isinstance(lookup.get("table"), dict)
                or len(lookup["table"]) > MAX_TABLE_ENTRIES
                or not all(
                    isinstance(v, int | float) and not isinstance(v, bool) for v in lookup["table"].values()
                )
            ):
                problems.append(
                    _problem(
                        index,
                        "lookup には by（設問）、as（名前）、table（値→数値の表）を指定してください。",
                        "lookup needs by (a question), as (a name) and table (value → number).",
                    )
                )
                continue
            known.add(lookup["as"])
        try:
            tree = parse(rule["flag_when"])
        except ExpressionError as exc:
            problems.append(_problem(index, exc.message_ja, exc.message_en))
            continue
        unknown = sorted(names(tree) - known)
        if unknown:
            problems.append(
                _problem(
                    index,
                    f"条件式の {', '.join(unknown)} は設問にありません。設問の識別名を使ってください。",
                    f"{', '.join(unknown)} in the condition are not questions; use the questions' keys.",
                )
            )
    return problems


@dataclass(frozen=True)
class Flag:
    rule: str
    label_ja: str
    label_en: str
    row: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "label": {"ja": self.label_ja, "en": self.label_en}, "row": self.row}


def _flagged(rule: dict[str, Any], tree: Any, values: dict[str, Any]) -> bool:
    lookup = rule.get("lookup")
    if lookup:
        values = {**values, lookup["as"]: lookup["table"].get(str(values.get(lookup["by"], "")), 0)}
    try:
        return evaluate(tree, values) != 0
    except ExpressionError:
        # A value the rule cannot compute with (text where a number was expected): look at it.
        return True


def rules_evaluate(rules: list[dict[str, Any]], data: dict[str, Any]) -> list[Flag]:
    """The flags raised by validated answers; rules were checked with rules_problems when saved."""
    flags: list[Flag] = []
    top = {
        key: value
        for key, value in data.items()
        if not isinstance(value, list) or not value or not isinstance(value[0], dict)
    }
    for rule in rules:
        label = rule.get("label") or {}
        ja, en = localized(label, "ja") or rule["key"], localized(label, "en") or rule["key"]
        group = rule.get("group")
        tree = parse(rule["flag_when"])  # once per rule, not once per row
        if group is None:
            if _flagged(rule, tree, data):
                flags.append(Flag(rule["key"], ja, en))
            continue
        for index, row in enumerate(data.get(group) or []):
            if _flagged(rule, tree, {**top, **row}):
                flags.append(Flag(rule["key"], ja, en, row=index))
    return flags
