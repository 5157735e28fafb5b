"""Answers as people read them: one row per question with its label and value, page by page. Used
by the check page, the status page, the PDF and the CSV export."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kencho.core.japanese.wareki import format_date

from .definition import localized
from .messages import in_language
from .validation import is_field_active

_WORDS: dict[str, tuple[str, str]] = {
    "agreed": ("同意する", "Agreed"),
    "item": ("{label} {number}", "{label} {number}"),
    "item_field": ("{item}：{label}", "{item}: {label}"),
}


def _word(key: str, language: str, **params: Any) -> str:
    return in_language(_WORDS[key], language, **params)


def _is_english(language: str) -> bool:
    return language.lower().startswith("en")


@dataclass(frozen=True)
class SummaryRow:
    label: str
    value: str
    path: str


@dataclass
class PageSummary:
    key: str
    title: str
    rows: list[SummaryRow] = field(default_factory=list)
    change_url: str = ""


def file_size_text(size: Any) -> str:
    if not isinstance(size, int) or isinstance(size, bool):
        return ""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _option_label(field: dict[str, Any], value: Any, language: str) -> str:
    for option in field["options"]:
        if option["value"] == value:
            return localized(option["label"], language)
    return str(value)


def value_display(field: dict[str, Any], value: Any, *, language: str) -> str:
    """One cleaned answer as text; "" when unanswered."""
    if value is None or value == "" or value == []:
        return ""
    kind = field["type"]
    english = _is_english(language)
    if kind == "date" and isinstance(value, str):
        try:
            return format_date(
                date.fromisoformat(value), language=language, wareki=bool(field.get("show_wareki"))
            )
        except ValueError:
            return value
    if kind == "yen" and isinstance(value, int):
        return f"¥{value:,}" if english else f"{value:,}円"
    if kind in {"select", "radio"}:
        return _option_label(field, value, language)
    if kind == "checkboxes" and isinstance(value, list):
        return (", " if english else "、").join(_option_label(field, item, language) for item in value)
    if kind == "agreement":
        return _word("agreed", language) if value is True else ""
    if kind == "name" and isinstance(value, dict):
        name, kana = value.get("name", ""), value.get("kana", "")
        if kana:
            return f"{name} ({kana})" if english else f"{name}（{kana}）"
        return str(name)
    if kind == "address" and isinstance(value, dict):
        return f"〒{value.get('postal_code', '')} {value.get('address', '')}".strip()
    if kind == "file" and isinstance(value, list):
        lines = []
        for item in value:
            if isinstance(item, dict):
                size = file_size_text(item.get("size"))
                name = str(item.get("name") or item.get("upload_id", ""))
                lines.append(f"{name} ({size})" if english else f"{name}（{size}）")
        return "\n".join(lines)
    return str(value)


def answers_display(definition: dict[str, Any], data: dict[str, Any], *, language: str) -> list[PageSummary]:
    """Rows of label → value for every question that was asked, page by page. Questions hidden by
    their condition are left out; unanswered ones have an empty value."""
    data = data if isinstance(data, dict) else {}
    pages = []
    for page in definition["pages"]:
        summary = PageSummary(key=page["key"], title=localized(page["title"], language))
        for question in page["fields"]:
            if not is_field_active(question, data):
                continue
            label = localized(question["label"], language)
            value = data.get(question["key"])
            if question["type"] != "group":
                summary.rows.append(
                    SummaryRow(label, value_display(question, value, language=language), question["key"])
                )
                continue
            items = value if isinstance(value, list) else []
            if not items:
                summary.rows.append(SummaryRow(label, "", question["key"]))
            item_label = localized(question.get("item_label"), language) or label
            for index, item in enumerate(items):
                item_name = _word("item", language, label=item_label, number=index + 1)
                for sub in question["fields"]:
                    summary.rows.append(
                        SummaryRow(
                            _word(
                                "item_field",
                                language,
                                item=item_name,
                                label=localized(sub["label"], language),
                            ),
                            value_display(
                                sub,
                                item.get(sub["key"]) if isinstance(item, dict) else None,
                                language=language,
                            ),
                            f"{question['key']}.{index}.{sub['key']}",
                        )
                    )
        pages.append(summary)
    return pages
