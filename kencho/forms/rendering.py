"""Server-rendered form pages: reading a page's HTML inputs into answers (`parse_post`) and building
what `forms/page_fields.html` needs to draw them (`page_context`). Works without JavaScript: repeating
groups grow and shrink by re-posting the page with a "group-action" button."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from django.http import QueryDict

from kencho.core.japanese.postal import InvalidPostalCode, lookup_address

from .cleaning import file_kinds_text
from .definition import (
    CHOICE_TYPES,
    FILE_DEFAULT_ACCEPT,
    FILE_MAX_FILES,
    FILE_MAX_SIZE_MB,
    GROUP_MAX_ITEMS,
    TEXT_MAX_LENGTH,
    TEXTAREA_MAX_LENGTH,
    field_by_key,
    localized,
    page_by_key,
)
from .messages import in_language
from .uploads import CONTENT_TYPES, EXTENSIONS
from .validation import FieldError

POSTAL_LOOKUP_URL = "/api/v1/postal-codes/{code}"
GROUP_ACTION = "group-action"
_GROUP_ACTION_VALUE = re.compile(r"(add):([a-z][a-z0-9_]*)|(remove):([a-z][a-z0-9_]*):([0-9]{1,3})")
_GROUP_HARD_LIMIT = 1000  # the schema's largest max_items

# Attributes of single-input types: (input type, inputmode, autocomplete).
_INPUTS: dict[str, tuple[str, str, str]] = {
    "text": ("text", "", ""),
    "integer": ("text", "numeric", ""),
    "decimal": ("text", "decimal", ""),
    "yen": ("text", "numeric", ""),
    "date": ("text", "", ""),
    "email": ("email", "email", "email"),
    "phone": ("tel", "tel", "tel"),
    "postal_code": ("text", "numeric", "postal-code"),
    "corporate_number": ("text", "numeric", "off"),
}

_WORDS: dict[str, tuple[str, str]] = {
    "if_selected": (
        "「{label}」で「{values}」を選んだ場合に入力してください。",
        'Answer this if you chose "{values}" for "{label}".',
    ),
    "if_agreed": (
        "「{label}」にチェックを入れた場合に入力してください。",
        'Answer this if you ticked "{label}".',
    ),
    "if_equals": (
        "「{label}」が「{values}」の場合に入力してください。",
        'Answer this if "{label}" is "{values}".',
    ),
    "if_answered": (
        "「{label}」を入力した場合に入力してください。",
        'Answer this if you answered "{label}".',
    ),
    "file_hint": (
        "{kinds} のファイル（1つ{max_mb}MBまで、{max_files}個まで）",
        "{kinds} files, up to {max_mb} MB each, at most {max_files}",
    ),
    "item": ("{label} {number}", "{label} {number}"),
    "date_hint": ("例：令和7年4月1日 または 2025-04-01", "For example 2025-04-01 or 令和7年4月1日"),
}


def _word(key: str, language: str, **params: Any) -> str:
    return in_language(_WORDS[key], language, **params)


def _name(key: str, prefix: str = "") -> str:
    return f"{prefix}f-{key}"


# --- Reading a POST ---------------------------------------------------------------------------


def group_action(post: QueryDict, *, action_prefix: str = "") -> tuple[str, str, int] | None:
    """("add", group, -1) or ("remove", group, index) for the "add another" / "remove" buttons."""
    match = _GROUP_ACTION_VALUE.fullmatch(post.get(action_prefix + GROUP_ACTION, ""))
    if match is None:
        return None
    if match[1]:
        return ("add", match[2], -1)
    return ("remove", match[4], int(match[5]))


def _parse_field(field: dict[str, Any], name: str, post: QueryDict) -> Any:
    kind = field["type"]
    if kind == "name":
        return {"name": post.get(f"{name}-name", ""), "kana": post.get(f"{name}-kana", "")}
    if kind == "address":
        return {
            "postal_code": post.get(f"{name}-postal_code", ""),
            "address": post.get(f"{name}-address", ""),
        }
    if kind == "checkboxes":
        return post.getlist(name)
    if kind == "agreement":
        return post.get(name) == "on"
    if kind == "file":
        removed = set(post.getlist(f"{name}-remove"))
        kept = [
            upload_id
            for upload_id in post.getlist(f"{name}-upload")
            if upload_id and upload_id not in removed
        ]
        return [{"upload_id": upload_id} for upload_id in dict.fromkeys(kept)]
    return post.get(name, "")


def _parse_group(
    field: dict[str, Any], name: str, post: QueryDict, action: tuple[str, str, int] | None
) -> list[Any]:
    try:
        count = int(post.get(f"{name}-count", "0"))
    except ValueError:
        count = 0
    count = max(0, min(count, _GROUP_HARD_LIMIT))
    items: list[dict[str, Any]] = [
        {sub["key"]: _parse_field(sub, f"{name}-{index}-{sub['key']}", post) for sub in field["fields"]}
        for index in range(count)
    ]
    if action is not None and action[1] == field["key"]:
        if action[0] == "add" and len(items) < field.get("max_items", GROUP_MAX_ITEMS):
            items.append({})
        elif action[0] == "remove" and 0 <= action[2] < len(items):
            del items[action[2]]
    return items


def parse_post(
    definition: dict[str, Any], page_key: str, post: QueryDict, *, action_prefix: str = ""
) -> dict[str, Any]:
    """The answers typed on one page, as validate_answers(strict=False) expects them. A pressed
    "add another" / "remove" button is applied to its group."""
    action = group_action(post, action_prefix=action_prefix)
    answers: dict[str, Any] = {}
    for field in page_by_key(definition, page_key)["fields"]:
        name = _name(field["key"], action_prefix)
        if field["type"] == "group":
            answers[field["key"]] = _parse_group(field, name, post, action)
        else:
            answers[field["key"]] = _parse_field(field, name, post)
    return answers


# --- Building the template context ------------------------------------------------------------


def _accept_attribute(accept: Iterable[str]) -> str:
    parts: list[str] = []
    for kind in accept:
        parts.append("." + EXTENSIONS[kind])
        if kind == "jpeg":
            parts.append(".jpeg")
        parts.append(CONTENT_TYPES[kind])
    return ",".join(parts)


def _text_value(value: Any) -> str:
    if value is None or isinstance(value, dict | list | bool):
        return ""
    return str(value)


def _condition_hint(definition: dict[str, Any], condition: dict[str, Any], language: str) -> str:
    target = field_by_key(definition, condition["field"])
    if target is None:
        return ""
    label = localized(target["label"], language)
    if "not_empty" in condition:
        return _word("if_answered", language, label=label)
    wanted = [condition["equals"]] if "equals" in condition else list(condition["in"])
    if target["type"] == "agreement":
        return _word("if_agreed", language, label=label)
    if target["type"] in CHOICE_TYPES:
        labels = {option["value"]: localized(option["label"], language) for option in target["options"]}
        separator = ", " if language.startswith("en") else "」か「"
        return _word(
            "if_selected", language, label=label, values=separator.join(labels.get(w, str(w)) for w in wanted)
        )
    return _word("if_equals", language, label=label, values=", ".join(map(str, wanted)))


def _uploaded_files(value: Any) -> list[dict[str, Any]]:
    from .display import file_size_text
    from .models import Upload

    items = value if isinstance(value, list) else []
    files: list[dict[str, Any]] = []
    unknown: list[str] = []
    for item in items:
        upload_id = item.get("upload_id") if isinstance(item, dict) else item
        if not isinstance(upload_id, str):
            continue
        if isinstance(item, dict) and "name" in item:
            files.append(
                {"upload_id": upload_id, "name": item["name"], "size": file_size_text(item.get("size", 0))}
            )
        else:
            files.append({"upload_id": upload_id, "name": "", "size": ""})
            unknown.append(upload_id)
    if unknown:
        stored = Upload.objects.filter(pk__in=[u for u in unknown if _is_uuid(u)]).values_list(
            "pk", "original_name", "size"
        )
        names = {str(pk): (name, size) for pk, name, size in stored}
        for entry in files:
            if not entry["name"] and entry["upload_id"] in names:
                name, size = names[entry["upload_id"]]
                entry["name"], entry["size"] = name, file_size_text(size)
    return [entry for entry in files if entry["name"]]


def _looked_up_address(postal_code: str) -> str:
    """Without JavaScript, a page posted with only the postal code comes back with the town filled in,
    for the person to add the block and building number."""
    if not postal_code.strip():
        return ""
    try:
        found = lookup_address(postal_code)
    except InvalidPostalCode:
        return ""
    return found.full if found is not None else ""


def _is_uuid(text: str) -> bool:
    return bool(re.fullmatch(r"[0-9a-fA-F-]{32,36}", text))


def _field_context(
    definition: dict[str, Any],
    field: dict[str, Any],
    value: Any,
    *,
    path: str,
    errors: list[FieldError],
    language: str,
    prefix: str,
    postal_lookup_url: str,
) -> dict[str, Any]:
    kind = field["type"]
    field_id = _name(path.replace(".", "-"), prefix)
    own_errors = [error for error in errors if error.path == path]
    context: dict[str, Any] = {
        "key": field["key"],
        "path": path,
        "type": kind,
        "id": field_id,
        "name": field_id,
        "label": localized(field["label"], language),
        "hint": localized(field.get("hint"), language),
        "hint_id": f"{field_id}-hint",
        "error_id": f"{field_id}-error",
        "required": bool(field.get("required")),
        "errors": [error.message(language) for error in own_errors],
        "error_parts": {error.part for error in own_errors},
        "value": _text_value(value),
        "is_fieldset": kind in {"radio", "checkboxes", "name", "address", "agreement", "group"},
    }
    if kind in _INPUTS:
        context["input_type"], context["inputmode"], context["autocomplete"] = _INPUTS[kind]
    if kind in {"text", "textarea"}:
        context["maxlength"] = field.get(
            "max_length", TEXT_MAX_LENGTH if kind == "text" else TEXTAREA_MAX_LENGTH
        )
    if kind == "date":
        context["format_hint"] = _word("date_hint", language)
    if kind in {"postal_code", "address"}:
        context["postal_lookup_url"] = postal_lookup_url
    if kind in CHOICE_TYPES:
        chosen = value if isinstance(value, list) else [value]
        context["options"] = [
            {
                "value": option["value"],
                "label": localized(option["label"], language),
                "id": field_id if index == 0 else f"{field_id}-{index + 1}",
                "checked": option["value"] in chosen,
            }
            for index, option in enumerate(field["options"])
        ]
    if kind == "name":
        parts = value if isinstance(value, dict) else {}
        context["name_value"] = _text_value(parts.get("name"))
        context["kana_value"] = _text_value(parts.get("kana"))
        context["with_kana"] = field.get("kana", True)
    if kind == "address":
        parts = value if isinstance(value, dict) else {}
        context["postal_code_value"] = _text_value(parts.get("postal_code"))
        context["address_value"] = _text_value(parts.get("address")) or _looked_up_address(
            _text_value(parts.get("postal_code"))
        )
    if kind == "agreement":
        context["statement"] = localized(field.get("statement"), language)
        context["checked"] = value is True or value == "on"
    if kind == "file":
        accept = field.get("accept", FILE_DEFAULT_ACCEPT)
        max_files = field.get("max_files", FILE_MAX_FILES)
        context["accept"] = _accept_attribute(accept)
        context["multiple"] = max_files > 1
        context["file_hint"] = _word(
            "file_hint",
            language,
            kinds=file_kinds_text(field),
            max_mb=field.get("max_size_mb", FILE_MAX_SIZE_MB),
            max_files=max_files,
        )
        context["uploaded"] = _uploaded_files(value)
    if kind == "group":
        context.update(
            _group_context(
                definition,
                field,
                value,
                path=path,
                errors=errors,
                language=language,
                prefix=prefix,
                postal_lookup_url=postal_lookup_url,
            )
        )
    condition = field.get("visible_when")
    described = [
        f"{field_id}-condition" if condition else "",
        context["hint_id"] if context["hint"] else "",
        f"{field_id}-format" if kind in {"date", "file"} else "",
        context["error_id"] if own_errors else "",
    ]
    context["describedby"] = " ".join(part for part in described if part)
    if condition:
        context["visible_when"] = json.dumps(
            {**condition, "field": _name(condition["field"], prefix)}, ensure_ascii=False
        )
        context["condition_hint"] = _condition_hint(definition, condition, language)
    return context


def _group_context(
    definition: dict[str, Any],
    group: dict[str, Any],
    value: Any,
    *,
    path: str,
    errors: list[FieldError],
    language: str,
    prefix: str,
    postal_lookup_url: str,
) -> dict[str, Any]:
    maximum = group.get("max_items", GROUP_MAX_ITEMS)
    if isinstance(value, list):
        items = [item if isinstance(item, dict) else {} for item in value][:_GROUP_HARD_LIMIT]
    else:
        items = [{} for _ in range(min(max(group.get("min_items", 0), 1), maximum))]
    item_label = localized(group.get("item_label"), language) or localized(group["label"], language)
    rendered = []
    for index, item in enumerate(items):
        item_path = f"{path}.{index}"
        rendered.append(
            {
                "index": index,
                "id": _name(item_path.replace(".", "-"), prefix),
                "legend": _word("item", language, label=item_label, number=index + 1),
                "errors": [error.message(language) for error in errors if error.path == item_path],
                "remove_value": f"remove:{group['key']}:{index}",
                "fields": [
                    _field_context(
                        definition,
                        sub,
                        item.get(sub["key"]),
                        path=f"{item_path}.{sub['key']}",
                        errors=errors,
                        language=language,
                        prefix=prefix,
                        postal_lookup_url=postal_lookup_url,
                    )
                    for sub in group["fields"]
                ],
            }
        )
    return {
        "items": rendered,
        "count": len(rendered),
        "item_label": item_label,
        "can_add": len(rendered) < maximum,
        "add_value": f"add:{group['key']}",
        "action_name": prefix + GROUP_ACTION,
    }


def page_context(
    definition: dict[str, Any],
    page_key: str,
    answers: dict[str, Any],
    errors: list[FieldError],
    language: str,
    *,
    only: Iterable[str] | None = None,
    action_prefix: str = "",
    postal_lookup_url: str = POSTAL_LOOKUP_URL,
) -> dict[str, Any]:
    """What forms/page_fields.html needs for one page: {"key", "title", "description", "fields",
    "errors"}. `only` limits the page to those field keys (a correction request)."""
    page = page_by_key(definition, page_key)
    wanted = set(only) if only is not None else None
    fields = [field for field in page["fields"] if wanted is None or field["key"] in wanted]
    keys = {field["key"] for field in fields}
    answers = answers if isinstance(answers, dict) else {}
    return {
        "key": page_key,
        "title": localized(page["title"], language),
        "description": localized(page.get("description"), language),
        "fields": [
            _field_context(
                definition,
                field,
                answers.get(field["key"]),
                path=field["key"],
                errors=errors,
                language=language,
                prefix=action_prefix,
                postal_lookup_url=postal_lookup_url,
            )
            for field in fields
        ],
        "errors": [error for error in errors if error.path.split(".", 1)[0] in keys],
        "action_name": action_prefix + GROUP_ACTION,
    }
