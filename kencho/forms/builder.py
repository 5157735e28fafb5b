"""Edits the staff form builder makes to a draft definition. Each function returns a new definition
and leaves its argument untouched; the caller saves it with form_version_update_draft, which checks
it with definition_validate."""

from __future__ import annotations

import copy
import json
from typing import Any

from .definition import FIELD_TYPES, DefinitionError

# Options each type starts with, so that a newly added field is valid straight away.
_STARTING_OPTIONS: dict[str, dict[str, Any]] = {
    "select": {"options": [{"value": "a", "label": {"ja": "選択肢1", "en": "Option 1"}}]},
    "radio": {
        "options": [
            {"value": "yes", "label": {"ja": "はい", "en": "Yes"}},
            {"value": "no", "label": {"ja": "いいえ", "en": "No"}},
        ]
    },
    "checkboxes": {"options": [{"value": "a", "label": {"ja": "選択肢1", "en": "Option 1"}}]},
    "agreement": {"statement": {"ja": "上記の内容に同意します。", "en": "I agree to the above."}},
    "group": {
        "fields": [{"key": "name", "type": "text", "label": {"ja": "氏名", "en": "Name"}}],
        "item_label": {"ja": "明細", "en": "Entry"},
    },
}

# Keys the field editor edits through its own inputs; every other key is a type setting.
_COMMON_KEYS = ("key", "type", "label", "hint", "required", "visible_when", "options")


def starter_definition(*, title_ja: str, title_en: str) -> dict[str, Any]:
    return {
        "format": 1,
        "title": {"ja": title_ja, "en": title_en or title_ja},
        "pages": [
            {
                "key": "page1",
                "title": {"ja": "入力", "en": "Details"},
                "fields": [
                    {"key": "name", "type": "text", "label": {"ja": "氏名", "en": "Name"}, "required": True}
                ],
            }
        ],
    }


def _locate(definition: dict[str, Any], key: str) -> tuple[list[dict[str, Any]], int]:
    for page in definition["pages"]:
        for index, field in enumerate(page["fields"]):
            if field["key"] == key:
                return page["fields"], index
    raise DefinitionError([f"$: there is no field {key!r}; reload the page and try again."])


def _text(ja: str, en: str) -> dict[str, str]:
    text = {"ja": ja.strip()}
    if en.strip():
        text["en"] = en.strip()
    return text


def page_add(definition: dict[str, Any], *, key: str, title_ja: str, title_en: str) -> dict[str, Any]:
    """A new page with a first text field (a page needs at least one)."""
    new = copy.deepcopy(definition)
    first_key = f"{key}_item"
    new["pages"].append(
        {
            "key": key,
            "title": _text(title_ja, title_en),
            "fields": [{"key": first_key, "type": "text", "label": {"ja": "項目", "en": "Item"}}],
        }
    )
    return new


def _page_index(definition: dict[str, Any], key: str) -> int:
    for index, page in enumerate(definition["pages"]):
        if page["key"] == key:
            return index
    raise DefinitionError([f"$.pages: there is no page {key!r}; choose one of the form's pages."])


def page_update(definition: dict[str, Any], *, key: str, title_ja: str, title_en: str) -> dict[str, Any]:
    new = copy.deepcopy(definition)
    new["pages"][_page_index(new, key)]["title"] = _text(title_ja, title_en)
    return new


def page_move(definition: dict[str, Any], *, key: str, direction: str) -> dict[str, Any]:
    """Move a page before the previous or after the next one. Conditions that would then look at a
    later page are reported by the definition check when the draft is saved."""
    new = copy.deepcopy(definition)
    index = _page_index(new, key)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(new["pages"]):
        pages = new["pages"]
        pages[index], pages[target] = pages[target], pages[index]
    return new


def page_delete(definition: dict[str, Any], *, key: str) -> dict[str, Any]:
    """Remove a page with its fields. A form keeps at least one page."""
    new = copy.deepcopy(definition)
    index = _page_index(new, key)
    if len(new["pages"]) == 1:
        raise DefinitionError(
            ["$.pages: a form needs at least one page; add another page before deleting this one."]
        )
    del new["pages"][index]
    return new


def field_add(
    definition: dict[str, Any], *, page_key: str, type_: str, key: str, label_ja: str, label_en: str
) -> dict[str, Any]:
    if type_ not in FIELD_TYPES:
        raise DefinitionError(
            [f"$.type: {type_!r} is not a field type; use one of {', '.join(FIELD_TYPES)}."]
        )
    new = copy.deepcopy(definition)
    page = next((p for p in new["pages"] if p["key"] == page_key), None)
    if page is None:
        raise DefinitionError([f"$.pages: there is no page {page_key!r}; choose one of the form's pages."])
    page["fields"].append(
        {
            "key": key,
            "type": type_,
            "label": _text(label_ja, label_en),
            **copy.deepcopy(_STARTING_OPTIONS.get(type_, {})),
        }
    )
    return new


def field_move(definition: dict[str, Any], *, key: str, direction: str) -> dict[str, Any]:
    """Move a field up or down within its page, or onto the previous/next page at the edge."""
    new = copy.deepcopy(definition)
    fields, index = _locate(new, key)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(fields):
        fields[index], fields[target] = fields[target], fields[index]
    return new


def field_delete(definition: dict[str, Any], *, key: str) -> dict[str, Any]:
    new = copy.deepcopy(definition)
    fields, index = _locate(new, key)
    del fields[index]
    return new


def field_settings(field: dict[str, Any]) -> str:
    """The type-specific settings of a field as JSON for the editor's settings box."""
    return json.dumps(
        {name: value for name, value in field.items() if name not in _COMMON_KEYS},
        ensure_ascii=False,
        indent=2,
    )


def options_text(field: dict[str, Any]) -> str:
    """Options as lines of "value | 日本語 | English"."""
    return "\n".join(
        " | ".join([option["value"], option["label"].get("ja", ""), option["label"].get("en", "")])
        for option in field.get("options", [])
    )


def _parse_options(text: str) -> list[dict[str, Any]]:
    options = []
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) < 2 or not parts[0] or not parts[1]:
            problems.append(
                f"options line {number}: write it as value | 日本語 | English, for example yes | はい | Yes."
            )
            continue
        options.append({"value": parts[0], "label": _text(parts[1], parts[2] if len(parts) > 2 else "")})
    if problems:
        raise DefinitionError(problems)
    return options


def field_update(
    definition: dict[str, Any],
    *,
    key: str,
    label_ja: str,
    label_en: str,
    hint_ja: str = "",
    hint_en: str = "",
    required: bool = False,
    options: str | None = None,
    settings: str = "",
    condition_field: str = "",
    condition_operator: str = "",
    condition_value: str = "",
) -> dict[str, Any]:
    """Replace what the field editor edits. `settings` is a JSON object of the type's own options
    (max_length, min, accept ...); `options` lines of "value | 日本語 | English"."""
    new = copy.deepcopy(definition)
    fields, index = _locate(new, key)
    old = fields[index]
    try:
        extra = json.loads(settings) if settings.strip() else {}
    except json.JSONDecodeError as exc:
        raise DefinitionError(
            [f"settings: not valid JSON ({exc.msg} at line {exc.lineno}); correct it."]
        ) from None
    if not isinstance(extra, dict):
        raise DefinitionError(
            ['settings: write the settings as a JSON object, for example {"max_length": 50}.']
        )
    field: dict[str, Any] = {"key": old["key"], "type": old["type"], "label": _text(label_ja, label_en)}
    if hint_ja.strip():
        field["hint"] = _text(hint_ja, hint_en)
    if required:
        field["required"] = True
    if condition_field:
        condition: dict[str, Any] = {"field": condition_field}
        if condition_operator == "not_empty":
            condition["not_empty"] = True
        elif condition_operator == "in":
            condition["in"] = [value.strip() for value in condition_value.split(",") if value.strip()]
        else:
            condition["equals"] = (
                True if condition_value.strip().lower() == "true" else condition_value.strip()
            )
        field["visible_when"] = condition
    if options is not None and old["type"] in {"select", "radio", "checkboxes"}:
        field["options"] = _parse_options(options)
    elif "options" in old:
        field["options"] = old["options"]
    field.update({name: value for name, value in extra.items() if name not in _COMMON_KEYS})
    fields[index] = field
    return new
