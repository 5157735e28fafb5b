"""The scoring sheet (審査項目) reviewers fill in for each case.

A programme's `scoring_sheet` is a list of criteria:
    {"key": "plan", "title": {"ja": "事業計画の妥当性", "en": "Soundness of the plan"}, "max": 30}
Each reviewer gives whole points from 0 to `max` for every criterion and may add a comment."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kencho.core.japanese.text import to_halfwidth_digits

from .errors import SubsidyError
from .keyed_items import keyed_items

MAX_POINTS = 1000


def scoring_sheet_problems(sheet: Any) -> list[str]:
    problems: list[str] = []
    for where, criterion in keyed_items(
        sheet,
        list_ja="審査項目",
        list_en="criteria",
        item_ja="審査項目",
        item_en="criterion",
        problems=problems,
    ):
        title = criterion.get("title")
        if not isinstance(title, dict) or not str(title.get("ja", "")).strip():
            problems.append(f"{where}: title に ja を書いてください。 / title needs ja.")
        top = criterion.get("max")
        if not isinstance(top, int) or isinstance(top, bool) or not 1 <= top <= MAX_POINTS:
            problems.append(f"{where}: max は1〜{MAX_POINTS}の整数です。 / max must be 1 to {MAX_POINTS}.")
    return problems


def points_parse(sheet: list[dict[str, Any]], raw: Mapping[str, Any]) -> dict[str, int]:
    """Points for every criterion, each a whole number from 0 to its max; raises SubsidyError naming
    the first criterion that is missing or out of range."""
    points: dict[str, int] = {}
    for criterion in sheet:
        key, top = criterion["key"], criterion["max"]
        title = criterion["title"]
        value = raw.get(key)
        if isinstance(value, str):
            value = to_halfwidth_digits(value).strip()
        try:
            number = int(value) if value not in (None, "") and not isinstance(value, bool) else None
        except (TypeError, ValueError):
            number = None
        if number is None or not 0 <= number <= top:
            raise SubsidyError(
                "invalid_points",
                f"「{title['ja']}」は0〜{top}点の整数で入力してください。",
                f"Give '{title.get('en') or title['ja']}' whole points from 0 to {top}.",
                422,
                f"points.{key}",
            )
        points[key] = number
    return points


def sheet_maximum(sheet: list[dict[str, Any]]) -> int:
    return sum(int(c["max"]) for c in sheet)
