"""Validating answers against a form definition. The server is the authority: whatever a browser or
an API client sends comes through `validate_answers`, which returns cleaned data and a list of
errors and never raises for bad answers (only for a broken definition)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from .cleaning import Reject, clean_value, custom_message, is_empty
from .definition import DefinitionError, iter_fields, localized, page_keys
from .messages import EXPECTED, message_pair


class UploadLike(Protocol):
    """What validation needs of a stored upload (kencho.forms.models.Upload has these)."""

    @property
    def pk(self) -> Any: ...

    original_name: str
    content_type: str
    kind: str
    size: int
    sha256: str


UploadResolver = Callable[[str], "UploadLike | None"]


@dataclass(frozen=True)
class FieldError:
    """One problem with one answer. `path` is the field key, or "group.index.key" inside a repeating
    group; `part` names the input of a field made of several ("kana" of a name field)."""

    path: str
    code: str
    message_ja: str
    message_en: str
    part: str = ""

    def message(self, language: str) -> str:
        return self.message_en if language.lower().startswith("en") else self.message_ja

    def as_dict(self) -> dict[str, Any]:
        return {
            "field": self.path,
            "code": self.code,
            "message": {"ja": self.message_ja, "en": self.message_en},
        }

    @property
    def anchor(self) -> str:
        """The id of the HTML input this error belongs to."""
        anchor = "f-" + self.path.replace(".", "-")
        return f"{anchor}-{self.part}" if self.part else anchor


@dataclass
class ValidationResult:
    data: dict[str, Any]
    errors: list[FieldError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def errors_for(self, path: str) -> list[FieldError]:
        return [error for error in self.errors if error.path == path]


@dataclass(frozen=True)
class Label:
    ja: str
    en: str

    @classmethod
    def of(cls, field: dict[str, Any]) -> Label:
        return cls(localized(field["label"], "ja"), localized(field["label"], "en"))


def _error(
    path: str, code: str, label: Label, *, part: str = "", message_code: str = "", **params: Any
) -> FieldError:
    ja, en = message_pair(message_code or code, ja=label.ja, en=label.en, **params)
    return FieldError(path=path, code=code, message_ja=ja, message_en=en, part=part)


def _wrong_type(path: str, label: Label, expected: str) -> FieldError:
    expected_ja, expected_en = EXPECTED[expected]
    return _error(path, "wrong_type", label, expected_ja=expected_ja, expected_en=expected_en)


def is_field_active(field: dict[str, Any], answers: dict[str, Any]) -> bool:
    """Whether the field is asked, given the (cleaned) answers to the fields before it."""
    condition = field.get("visible_when")
    if not condition:
        return True
    value = answers.get(condition["field"]) if isinstance(answers, dict) else None
    if "not_empty" in condition:
        return not is_empty(value) and value is not False
    wanted = [condition["equals"]] if "equals" in condition else list(condition["in"])
    if isinstance(value, list):
        return any(_same(item, w) for item in value for w in wanted)
    return any(_same(value, w) for w in wanted)


def _same(value: Any, wanted: Any) -> bool:
    # True == 1 in Python; a condition on an agreement must not match the number 1.
    return type(value) is type(wanted) and value == wanted if isinstance(wanted, bool) else value == wanted


_REQUIRED_CODES = {
    "select": "required_choice",
    "radio": "required_choice",
    "checkboxes": "required_choice",
    "file": "required_file",
    "agreement": "required_agreement",
}


def _validate_field(
    field: dict[str, Any],
    value: Any,
    *,
    path: str,
    label: Label,
    strict: bool,
    uploads: UploadResolver | None,
) -> tuple[Any, list[FieldError]]:
    """Clean one field's value. Returns (cleaned value or None when unanswered, errors)."""
    if field["type"] == "group":
        return _validate_group(field, value, path=path, label=label, strict=strict, uploads=uploads)
    try:
        cleaned = clean_value(field, value, strict=strict, uploads=uploads)
    except Reject as reject:
        errors = []
        for problem in reject.problems:
            if problem.code == "wrong_type":
                errors.append(_wrong_type(path, label, problem.params["expected"]))
            elif problem.message_code == "custom":
                ja, en = custom_message(problem.params)
                errors.append(FieldError(path=path, code=problem.code, message_ja=ja, message_en=en))
            else:
                errors.append(
                    _error(
                        path,
                        problem.code,
                        label,
                        part=problem.part,
                        message_code=problem.message_code,
                        **problem.params,
                    )
                )
        return None, errors
    if cleaned is None and field.get("required"):
        code = _REQUIRED_CODES.get(field["type"], "required")
        return None, [_error(path, "required", label, message_code=code, part=_first_part(field))]
    return cleaned, []


def _first_part(field: dict[str, Any]) -> str:
    return {"name": "name", "address": "postal_code"}.get(field["type"], "")


def _validate_group(
    group: dict[str, Any],
    value: Any,
    *,
    path: str,
    label: Label,
    strict: bool,
    uploads: UploadResolver | None,
) -> tuple[Any, list[FieldError]]:
    if value is None:
        value = []
    if not isinstance(value, list):
        return None, [_wrong_type(path, label, "items")]
    errors: list[FieldError] = []
    subfields = {sub["key"]: sub for sub in group["fields"]}
    item_ja = localized(group.get("item_label"), "ja") or label.ja
    item_en = localized(group.get("item_label"), "en") or label.en
    items: list[dict[str, Any]] = []
    for index, item in enumerate(value):
        item_path = f"{path}.{index}"
        item_label = Label(f"{item_ja} {index + 1}", f"{item_en} {index + 1}")
        if not isinstance(item, dict):
            errors.append(_wrong_type(item_path, item_label, "object"))
            continue
        if not strict and all(is_empty(item.get(key)) for key in subfields):
            continue
        if strict:
            errors += [_unknown(f"{item_path}.{key}") for key in item if key not in subfields]
        cleaned_item: dict[str, Any] = {}
        for key, sub in subfields.items():
            sub_label = Label(f"{item_label.ja}：{Label.of(sub).ja}", f"{item_label.en}: {Label.of(sub).en}")
            cleaned, sub_errors = _validate_field(
                sub, item.get(key), path=f"{item_path}.{key}", label=sub_label, strict=strict, uploads=uploads
            )
            errors += sub_errors
            if cleaned is not None:
                cleaned_item[key] = cleaned
        items.append(cleaned_item)
    count = len(items)
    minimum, maximum = group.get("min_items", 0), group.get("max_items", 10)
    if count == 0 and group.get("required"):
        errors.append(_error(path, "required", label))
    elif 0 < count < minimum:
        errors.append(_error(path, "min_items", label, min=minimum))
    if count > maximum:
        errors.append(_error(path, "max_items", label, max=maximum))
    if errors:
        return None, errors
    return (items or None), []


def _unknown(path: str) -> FieldError:
    ja, en = message_pair("unknown_field", ja="", en="", key=path)
    return FieldError(path=path, code="unknown_field", message_ja=ja, message_en=en)


def validate_answers(
    definition: dict[str, Any],
    answers: dict[str, Any],
    *,
    pages: list[str] | None = None,
    strict: bool = True,
    uploads: UploadResolver | None = None,
) -> ValidationResult:
    """Clean and check `answers` against the definition.

    pages: validate only these pages (a step of a multi-page web form); the answers to earlier pages
    may still be in `answers`, where conditions look at them. strict (the API): unknown keys, values
    for fields hidden by their condition and values of the wrong JSON type are errors. Not strict
    (the web form): unknown keys and hidden fields are dropped.
    """
    if pages is not None:
        unknown_pages = [key for key in pages if key not in page_keys(definition)]
        if unknown_pages:
            raise DefinitionError(
                [f"$.pages: there is no page {key!r}; use one of the form's pages." for key in unknown_pages]
            )
    if not isinstance(answers, dict):
        return ValidationResult(data={}, errors=[_wrong_type("", Label("回答", "answers"), "object")])
    errors: list[FieldError] = []
    if strict:
        known = {field["key"] for field in iter_fields(definition)}
        errors += [_unknown(str(key)) for key in answers if key not in known]
    checked_pages = set(page_keys(definition) if pages is None else pages)
    context: dict[str, Any] = {}  # cleaned answers of active fields, for conditions
    data: dict[str, Any] = {}
    for page in definition["pages"]:
        checked = page["key"] in checked_pages
        for field_def in page["fields"]:
            key = field_def["key"]
            value = answers.get(key)
            label = Label.of(field_def)
            if not is_field_active(field_def, context):
                if checked and strict and not is_empty(value):
                    errors.append(_error(key, "inactive_field", label))
                continue
            cleaned, field_errors = _validate_field(
                field_def, value, path=key, label=label, strict=strict, uploads=uploads
            )
            if cleaned is not None:
                context[key] = cleaned
            if checked:
                errors += field_errors
                if cleaned is not None:
                    data[key] = cleaned
    return ValidationResult(data=data, errors=errors)
