"""Form definitions: the JSON that says which pages and fields a form has.

`definition_validate` checks a definition against `schema/form-definition.schema.json` and then
makes the checks a JSON Schema cannot express (unique keys, conditions that look back at earlier
fields, min <= max). The other functions read a definition that has passed those checks."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "form-definition.schema.json"

FIELD_TYPES = (
    "text",
    "textarea",
    "integer",
    "decimal",
    "yen",
    "date",
    "email",
    "phone",
    "postal_code",
    "address",
    "name",
    "corporate_number",
    "select",
    "radio",
    "checkboxes",
    "file",
    "agreement",
    "group",
)
CHOICE_TYPES = frozenset({"select", "radio", "checkboxes"})
FILE_KINDS = ("pdf", "jpeg", "png", "docx", "xlsx", "txt", "csv")

# Defaults of the options a definition may leave out.
TEXT_MAX_LENGTH = 200
TEXTAREA_MAX_LENGTH = 4000
FILE_MAX_SIZE_MB = 10
FILE_MAX_FILES = 1
FILE_DEFAULT_ACCEPT = ("pdf", "jpeg", "png")
GROUP_MAX_ITEMS = 10

# Types whose value a condition may compare with `equals` / `in`; any type may use `not_empty`.
_COMPARABLE_TYPES = frozenset(
    {"text", "integer", "yen", "email", "phone", "postal_code", "corporate_number", "agreement"}
    | CHOICE_TYPES
)


class DefinitionError(ValueError):
    """A definition that cannot be used. Each problem names the JSON path and how to fix it."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@cache
def definition_schema() -> dict[str, Any]:
    with SCHEMA_PATH.open(encoding="utf-8") as schema_file:
        schema: dict[str, Any] = json.load(schema_file)
    return schema


@cache
def _schema_validator() -> Draft202012Validator:
    return Draft202012Validator(definition_schema())


def _json_path(parts: Any) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _schema_problem(error: SchemaError) -> str:
    path = _json_path(error.absolute_path)
    validator = error.validator
    if validator == "required":
        return f"{path}: {error.message}; add it."
    if validator in {"additionalProperties", "unevaluatedProperties"}:
        return f"{path}: {error.message}; remove it or check its spelling and the field's type."
    if validator == "pattern" and path.endswith((".key", ".field")):
        return (
            f"{path}: {error.instance!r} is not a valid key; use lower-case letters, digits and _ "
            "(starting with a letter, at most 50 characters), for example applicant_name."
        )
    if validator == "enum":
        allowed = ", ".join(map(str, error.validator_value))
        return f"{path}: {error.instance!r} is not allowed; use one of {allowed}."
    if validator == "oneOf" and path.endswith("visible_when"):
        return (
            f"{path}: a condition needs exactly one of equals, in or not_empty, "
            'for example {"field": "has_children", "equals": "yes"}.'
        )
    if validator == "anyOf" and path.endswith((".min", ".max")):
        return f'{path}: use an ISO date such as "2025-04-01" or "today".'
    return f"{path}: {error.message}."


def definition_validate(definition: dict[str, Any]) -> None:
    """Raise DefinitionError listing every problem of the definition; return None when it is usable."""
    if not isinstance(definition, dict):
        raise DefinitionError(["$: a form definition must be a JSON object."])
    errors = sorted(
        _schema_validator().iter_errors(definition), key=lambda e: list(map(str, e.absolute_path))
    )
    if errors:
        raise DefinitionError([_schema_problem(error) for error in errors])
    problems = _semantic_problems(definition)
    if problems:
        raise DefinitionError(problems)


def _semantic_problems(definition: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    seen_pages: set[str] = set()
    seen_fields: dict[str, dict[str, Any]] = {}
    for page_index, page in enumerate(definition["pages"]):
        page_path = f"$.pages[{page_index}]"
        if page["key"] in seen_pages:
            problems.append(
                f"{page_path}.key: page key {page['key']!r} is used twice; give each page its own key."
            )
        seen_pages.add(page["key"])
        for field_index, field in enumerate(page["fields"]):
            field_path = f"{page_path}.fields[{field_index}]"
            if field["key"] in seen_fields:
                problems.append(
                    f"{field_path}.key: field key {field['key']!r} is used twice in this form; "
                    "give each field its own key."
                )
            problems += _field_problems(field, field_path)
            if "visible_when" in field:
                problems += _condition_problems(
                    field["visible_when"], f"{field_path}.visible_when", seen_fields
                )
            if field["type"] == "group":
                problems += _group_problems(field, field_path)
            seen_fields[field["key"]] = field
    return problems


def _group_problems(group: dict[str, Any], group_path: str) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for index, sub in enumerate(group["fields"]):
        sub_path = f"{group_path}.fields[{index}]"
        if sub["key"] in seen:
            problems.append(
                f"{sub_path}.key: field key {sub['key']!r} is used twice in this group; "
                "give each field of the group its own key."
            )
        seen.add(sub["key"])
        if sub["type"] == "group":
            problems.append(
                f"{sub_path}.type: a group cannot contain another group; move its fields up a level."
            )
        if "visible_when" in sub:
            problems.append(
                f"{sub_path}.visible_when: fields inside a group cannot have a condition; "
                "put the condition on the group itself."
            )
        problems += _field_problems(sub, sub_path)
    return problems


def _field_problems(field: dict[str, Any], path: str) -> list[str]:
    problems: list[str] = []
    kind = field["type"]

    def check_order(low_name: str, high_name: str) -> None:
        low, high = field.get(low_name), field.get(high_name)
        if low is not None and high is not None and low > high:
            problems.append(
                f"{path}.{low_name}: {low_name} ({low}) is greater than {high_name} ({high}); swap them."
            )

    if kind in {"text", "textarea"}:
        default_max = TEXT_MAX_LENGTH if kind == "text" else TEXTAREA_MAX_LENGTH
        minimum, maximum = field.get("min_length"), field.get("max_length", default_max)
        if minimum is not None and minimum > maximum:
            problems.append(
                f"{path}.min_length: min_length ({minimum}) is greater than max_length ({maximum}); lower it."
            )
        if "pattern" in field:
            try:
                re.compile(field["pattern"])
            except re.error as exc:
                problems.append(f"{path}.pattern: not a valid regular expression ({exc}); correct it.")
        if "pattern_message" in field and "pattern" not in field:
            problems.append(
                f"{path}.pattern_message: there is no pattern to explain; add a pattern or remove it."
            )
    elif kind in {"integer", "decimal", "yen"}:
        check_order("min", "max")
    elif kind == "date":
        for bound in ("min", "max"):
            value = field.get(bound)
            if value is not None and value != "today":
                try:
                    date.fromisoformat(value)
                except ValueError:
                    problems.append(f"{path}.{bound}: {value!r} is not a date; use YYYY-MM-DD or today.")
        if not problems and "today" not in (field.get("min"), field.get("max")):
            check_order("min", "max")
    elif kind in CHOICE_TYPES:
        values = [option["value"] for option in field["options"]]
        for index, value in enumerate(values):
            if value in values[:index]:
                problems.append(
                    f"{path}.options[{index}].value: option value {value!r} is used twice; "
                    "give each option its own value."
                )
        if kind == "checkboxes":
            check_order("min_selected", "max_selected")
            for bound in ("min_selected", "max_selected"):
                if field.get(bound, 0) > len(values):
                    problems.append(
                        f"{path}.{bound}: {bound} ({field[bound]}) is more than "
                        f"the {len(values)} options; lower it."
                    )
    elif kind == "group":
        minimum, maximum = field.get("min_items", 0), field.get("max_items", GROUP_MAX_ITEMS)
        if minimum > maximum:
            problems.append(
                f"{path}.min_items: min_items ({minimum}) is greater than max_items ({maximum}); lower it."
            )
    return problems


def _condition_problems(
    condition: dict[str, Any], path: str, earlier: dict[str, dict[str, Any]]
) -> list[str]:
    target_key = condition["field"]
    target = earlier.get(target_key)
    if target is None:
        return [
            f"{path}.field: {target_key!r} is not a field before this one; a condition can only look at a "
            "field earlier in the form (on this page or an earlier page, not inside a group)."
        ]
    if "not_empty" in condition:
        return []
    if target["type"] not in _COMPARABLE_TYPES:
        return [
            f"{path}: a {target['type']} field cannot be compared with equals/in; "
            'use {"not_empty": true} instead.'
        ]
    values = [condition["equals"]] if "equals" in condition else list(condition["in"])
    key = "equals" if "equals" in condition else "in"
    if target["type"] in CHOICE_TYPES:
        allowed = [option["value"] for option in target["options"]]
        wrong = [value for value in values if value not in allowed]
        if wrong:
            return [
                f"{path}.{key}: {', '.join(map(repr, wrong))} is not an option of {target_key!r}; "
                f"use one of {', '.join(map(repr, allowed))}."
            ]
    elif target["type"] == "agreement" and any(value is not True for value in values):
        return [f"{path}.{key}: an agreement can only equal true; use true or not_empty."]
    return []


def localized(text: dict[str, str] | None, language: str) -> str:
    """The text in `language`, falling back to Japanese."""
    if not text:
        return ""
    return text.get(language) or text.get(language.split("-")[0]) or text.get("ja", "")


def iter_pages(definition: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from definition["pages"]


def page_keys(definition: dict[str, Any]) -> list[str]:
    return [page["key"] for page in definition["pages"]]


def page_by_key(definition: dict[str, Any], page_key: str) -> dict[str, Any]:
    for page in definition["pages"]:
        if page["key"] == page_key:
            return page
    raise KeyError(page_key)


def iter_fields(definition: dict[str, Any], *, pages: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """The top-level fields of the form in order (of the given pages only, when `pages` is given)."""
    for page in definition["pages"]:
        if pages is None or page["key"] in pages:
            yield from page["fields"]


def field_by_key(definition: dict[str, Any], key: str) -> dict[str, Any] | None:
    """The field with `key`; "members.name" finds the field `name` of the group `members`."""
    top, _, sub = key.partition(".")
    for field in iter_fields(definition):
        if field["key"] == top:
            if not sub:
                return field
            if field["type"] == "group":
                return next((child for child in field["fields"] if child["key"] == sub), None)
            return None
    return None


def page_of_field(definition: dict[str, Any], key: str) -> str | None:
    for page in definition["pages"]:
        if any(field["key"] == key for field in page["fields"]):
            return str(page["key"])
    return None


def field_labels(definition: dict[str, Any], language: str) -> dict[str, str]:
    """Each top-level field key → its label in `language`, to show people labels instead of keys."""
    return {field["key"]: localized(field.get("label"), language) for field in iter_fields(definition)}
