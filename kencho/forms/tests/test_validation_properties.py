"""Properties of validate_answers over random definitions and random (often garbage) answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kencho.forms.definition import CHOICE_TYPES, FIELD_TYPES, FILE_KINDS, definition_validate
from kencho.forms.validation import is_field_active, validate_answers

SIMPLE_TYPES = [t for t in FIELD_TYPES if t != "group"]

LABEL = {"ja": "項目", "en": "Item"}


@dataclass
class FakeUpload:
    pk: str
    original_name: str
    content_type: str
    kind: str
    size: int
    sha256: str = "a" * 64


UPLOADS = {
    f"{kind}-{size}": FakeUpload(f"{kind}-{size}", f"file.{kind}", "application/octet-stream", kind, size)
    for kind in FILE_KINDS
    for size in (10, 5 * 1024 * 1024)
}


@st.composite
def options_for(draw: st.DrawFn, type_: str) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if type_ in {"text", "textarea"}:
        maximum = draw(st.integers(1, 300))
        options["max_length"] = maximum
        if draw(st.booleans()):
            options["min_length"] = draw(st.integers(0, maximum))
        if type_ == "text" and draw(st.booleans()):
            options["pattern"] = draw(st.sampled_from(["[0-9]+", "[A-Z]{2}[0-9]{4}", ".*", "[ぁ-ん]+"]))
    elif type_ in {"integer", "yen", "decimal"}:
        low = draw(st.integers(0 if type_ == "yen" else -1000, 1000))
        if draw(st.booleans()):
            options["min"] = low
        if draw(st.booleans()):
            options["max"] = draw(st.integers(low, 10**9))
        if type_ == "decimal" and draw(st.booleans()):
            options["decimal_places"] = draw(st.integers(0, 4))
    elif type_ == "date":
        if draw(st.booleans()):
            options["min"] = draw(st.sampled_from(["1900-01-01", "2020-01-01"]))
        if draw(st.booleans()):
            options["max"] = draw(st.sampled_from(["today", "2100-12-31"]))
        options["show_wareki"] = draw(st.booleans())
    elif type_ == "name":
        options["kana"] = draw(st.booleans())
    elif type_ in CHOICE_TYPES:
        count = draw(st.integers(1, 4))
        options["options"] = [{"value": f"v{i}", "label": {"ja": f"選択{i}"}} for i in range(count)]
        if type_ == "checkboxes":
            low = draw(st.integers(0, count))
            if draw(st.booleans()):
                options["min_selected"] = low
            if draw(st.booleans()):
                options["max_selected"] = draw(st.integers(low, count))
    elif type_ == "file":
        options["accept"] = draw(st.lists(st.sampled_from(FILE_KINDS), min_size=1, max_size=3, unique=True))
        options["max_size_mb"] = draw(st.sampled_from([1, 10]))
        options["max_files"] = draw(st.integers(1, 3))
    elif type_ == "agreement":
        options["statement"] = {"ja": "同意します。"}
    return options


@st.composite
def a_field(draw: st.DrawFn, key: str, types: list[str]) -> dict[str, Any]:
    type_ = draw(st.sampled_from(types))
    return {
        "key": key,
        "type": type_,
        "label": LABEL,
        "required": draw(st.booleans()),
        **draw(options_for(type_)),
    }


@st.composite
def definitions(draw: st.DrawFn) -> dict[str, Any]:
    page_count = draw(st.integers(1, 3))
    pages = []
    earlier: list[dict[str, Any]] = []
    number = 0
    for page_index in range(page_count):
        fields = []
        for _ in range(draw(st.integers(1, 5))):
            number += 1
            if draw(st.integers(0, 6)) == 0:
                children = [draw(a_field(f"s{i}", SIMPLE_TYPES)) for i in range(draw(st.integers(1, 3)))]
                low = draw(st.integers(0, 2))
                new: dict[str, Any] = {
                    "key": f"f{number}",
                    "type": "group",
                    "label": LABEL,
                    "required": draw(st.booleans()),
                    "fields": children,
                    "min_items": low,
                    "max_items": draw(st.integers(max(low, 1), 4)),
                    "item_label": {"ja": "明細", "en": "Item"},
                }
            else:
                new = draw(a_field(f"f{number}", SIMPLE_TYPES))
            conditional = draw(st.booleans())
            if earlier and conditional:
                target = draw(st.sampled_from(earlier))
                if target["type"] in CHOICE_TYPES and draw(st.booleans()):
                    values = [o["value"] for o in target["options"]]
                    new["visible_when"] = {
                        "field": target["key"],
                        "in": draw(st.lists(st.sampled_from(values), min_size=1)),
                    }
                elif target["type"] == "agreement" and draw(st.booleans()):
                    new["visible_when"] = {"field": target["key"], "equals": True}
                else:
                    new["visible_when"] = {"field": target["key"], "not_empty": True}
            fields.append(new)
            earlier.append(new)
        pages.append({"key": f"p{page_index}", "title": LABEL, "fields": fields})
    return {"format": 1, "title": LABEL, "pages": pages}


garbage = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.text(alphabet=st.characters(codec="utf-8"), min_size=190, max_size=5000)
    | st.sampled_from(
        ["", " ", "1,000", "１２３", "1.5", "1e309", "-0", "NaN", "\u202e", "a\x00", "令和99年13月40日"]
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def plausible(field: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values that often pass, so that the idempotence property is exercised."""
    type_ = field["type"]
    if type_ in {"text", "textarea"}:
        return st.text(alphabet="あいうabc123 ", max_size=20) | st.from_regex(
            r"[A-Z]{2}[0-9]{4}", fullmatch=True
        )
    if type_ in {"integer", "decimal"}:
        return st.integers(-2000, 2000) | st.integers(0, 2000).map(lambda n: f"{n:,}") | st.just("3.25")
    if type_ == "yen":
        return st.integers(0, 10**6).map(lambda n: f"¥{n:,}") | st.integers(0, 5000)
    if type_ == "date":
        return st.dates(date(1990, 1, 1), date(2030, 1, 1)).map(date.isoformat) | st.just("令和2年4月1日")
    if type_ == "email":
        return st.sampled_from(["a@example.jp", "ｂ＠example.com", "bad@"])
    if type_ == "phone":
        return st.sampled_from(["059-224-2000", "090-1234-5678", "0592242000", "12"])
    if type_ == "postal_code":
        return st.sampled_from(["514-0006", "５１４０００６", "100"])
    if type_ == "address":
        return st.fixed_dictionaries(
            {
                "postal_code": st.sampled_from(["514-0006", "x"]),
                "address": st.sampled_from(["津市広明町13", ""]),
            }
        )
    if type_ == "name":
        return st.fixed_dictionaries(
            {"name": st.sampled_from(["山田 太郎", ""]), "kana": st.sampled_from(["やまだ", "ﾀﾛｳ", "abc"])}
        )
    if type_ == "corporate_number":
        return st.sampled_from(["5000020240001", "1000020240001"])
    if type_ in {"select", "radio"}:
        return st.sampled_from([o["value"] for o in field["options"]] + ["zzz"])
    if type_ == "checkboxes":
        return st.lists(st.sampled_from([o["value"] for o in field["options"]]), max_size=4)
    if type_ == "file":
        return st.lists(st.sampled_from([*UPLOADS, "missing"]), max_size=3)
    if type_ == "agreement":
        return st.booleans()
    if type_ == "group":
        item = st.fixed_dictionaries({}, optional={sub["key"]: plausible(sub) for sub in field["fields"]})
        return st.lists(item, max_size=4)
    raise AssertionError(type_)


@st.composite
def definitions_and_answers(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    definition = draw(definitions())
    answers: dict[str, Any] = {}
    for page in definition["pages"]:
        for field in page["fields"]:
            choice = draw(st.integers(0, 4))
            if choice == 0:
                continue
            answers[field["key"]] = draw(garbage if choice == 1 else plausible(field))
    if draw(st.integers(0, 5)) == 0:
        answers[draw(st.text(max_size=10))] = draw(garbage)
    return definition, answers


def check_error_paths(definition: dict[str, Any], answers: dict[str, Any], errors) -> None:
    fields = {f["key"]: f for page in definition["pages"] for f in page["fields"]}
    for error in errors:
        assert error.message_ja and error.message_en
        if error.code == "unknown_field" and error.path in answers and error.path not in fields:
            continue
        head, _, rest = error.path.partition(".")
        assert head in fields, error
        if not rest:
            continue
        group = fields[head]
        assert group["type"] == "group", error
        index_text, _, sub = rest.partition(".")
        index = int(index_text)
        assert 0 <= index < len(answers[head]), error
        if sub:
            sub_keys = {child["key"] for child in group["fields"]}
            assert sub in sub_keys or (error.code == "unknown_field" and sub in answers[head][index]), error


def check_only_active_fields(definition: dict[str, Any], data: dict[str, Any]) -> None:
    for page in definition["pages"]:
        for field in page["fields"]:
            if field["key"] in data:
                assert is_field_active(field, data), field["key"]


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(definitions())
def test_generated_definitions_are_valid(definition):
    definition_validate(definition)


@SETTINGS
@given(definitions_and_answers(), st.booleans())
def test_validate_answers_never_raises_and_reports_real_paths(case, strict):
    definition, answers = case
    result = validate_answers(definition, answers, strict=strict, uploads=UPLOADS.get)
    check_error_paths(definition, answers, result.errors)
    check_only_active_fields(definition, result.data)


@SETTINGS
@given(definitions_and_answers(), st.booleans())
def test_cleaned_data_validates_again_to_itself(case, strict):
    definition, answers = case
    result = validate_answers(definition, answers, strict=strict, uploads=UPLOADS.get)
    if result.ok:
        again = validate_answers(definition, result.data, strict=True, uploads=UPLOADS.get)
        assert again.errors == []
        assert again.data == result.data


@SETTINGS
@given(definitions(), garbage)
def test_answers_of_any_json_shape_are_reported_not_raised(definition, answers):
    validate_answers(definition, answers, strict=True, uploads=UPLOADS.get)
