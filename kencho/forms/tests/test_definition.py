import json

import pytest
from jsonschema import Draft202012Validator

from kencho.forms.definition import (
    SCHEMA_PATH,
    DefinitionError,
    definition_validate,
    field_by_key,
    iter_fields,
    localized,
    page_keys,
)

from .definitions import YES_NO, child_allowance, field, label, one_page


def problems_of(definition: dict) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        definition_validate(definition)
    return caught.value.problems


def test_schema_file_is_a_valid_draft_2020_12_schema():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)


def test_full_example_is_valid():
    definition_validate(child_allowance())


def test_example_in_the_docs_is_valid():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[3] / "docs" / "forms.md").read_text(encoding="utf-8")
    example = text.split("```json\n", 1)[1].split("```", 1)[0]
    definition_validate(json.loads(example))


def test_helpers_read_the_definition():
    definition = child_allowance()
    assert page_keys(definition) == ["applicant", "household", "documents"]
    assert [f["key"] for f in iter_fields(definition, pages=["documents"])] == ["certificate", "consent"]
    birth_date = field_by_key(definition, "children.birth_date")
    assert birth_date is not None and birth_date["type"] == "date"
    assert field_by_key(definition, "nothing") is None
    assert localized({"ja": "氏名", "en": "Name"}, "en") == "Name"
    assert localized({"ja": "氏名"}, "en") == "氏名"
    assert localized({"ja": "氏名", "en": "Name"}, "en-us") == "Name"


def test_unknown_field_type_names_its_path():
    problems = problems_of(one_page(field("a", "texty")))
    assert any(p.startswith("$.pages[0].fields[0].type:") and "text, textarea" in p for p in problems)


def test_option_of_another_type_is_refused():
    problems = problems_of(one_page(field("a", "integer", max_length=3)))
    assert any(p.startswith("$.pages[0].fields[0]:") and "max_length" in p for p in problems)


def test_bad_key_is_explained():
    problems = problems_of(one_page(field("Applicant-Name", "text")))
    assert problems == [
        "$.pages[0].fields[0].key: 'Applicant-Name' is not a valid key; use lower-case letters, digits and _ "
        "(starting with a letter, at most 50 characters), for example applicant_name."
    ]


def test_missing_label_is_reported():
    broken = one_page(field("a", "text"))
    del broken["pages"][0]["fields"][0]["label"]
    assert problems_of(broken) == ["$.pages[0].fields[0]: 'label' is a required property; add it."]


def test_select_needs_options():
    assert any("'options' is a required property" in p for p in problems_of(one_page(field("a", "select"))))


def test_duplicate_keys_across_pages_are_refused():
    definition = child_allowance()
    definition["pages"][2]["fields"][0]["key"] = "phone"
    assert problems_of(definition) == [
        "$.pages[2].fields[0].key: field key 'phone' is used twice in this form; give each field its own key."
    ]


def test_duplicate_keys_within_a_group_are_refused():
    group = {**field("g", "group"), "fields": [field("x", "text"), field("x", "integer")]}
    assert problems_of(one_page(group)) == [
        "$.pages[0].fields[0].fields[1].key: field key 'x' is used twice in this group; "
        "give each field of the group its own key."
    ]


def test_same_key_in_a_group_and_at_top_level_is_allowed():
    group = {**field("g", "group"), "fields": [field("name", "text")]}
    definition_validate(one_page(field("name", "text"), group))


def test_group_inside_group_is_refused():
    inner = {**field("inner", "group"), "fields": [field("x", "text")]}
    outer = {**field("outer", "group"), "fields": [inner]}
    assert any(
        p.startswith("$.pages[0].fields[0].fields[0].type: a group cannot contain")
        for p in problems_of(one_page(outer))
    )


def test_condition_on_a_later_field_is_refused():
    definition = one_page(
        field("a", "text", visible_when={"field": "b", "not_empty": True}),
        field("b", "text"),
    )
    assert problems_of(definition)[0].startswith(
        "$.pages[0].fields[0].visible_when.field: 'b' is not a field before"
    )


def test_condition_on_an_earlier_page_is_allowed():
    definition = child_allowance()
    definition["pages"][2]["fields"][0]["visible_when"] = {"field": "has_children", "equals": "no"}
    definition_validate(definition)


def test_condition_value_must_be_an_option():
    definition = one_page(
        field("a", "radio", options=YES_NO),
        field("b", "text", visible_when={"field": "a", "in": ["yes", "maybe"]}),
    )
    assert problems_of(definition) == [
        "$.pages[0].fields[1].visible_when.in: 'maybe' is not an option of 'a'; use one of 'yes', 'no'."
    ]


def test_condition_needs_exactly_one_test():
    definition = one_page(field("a", "text"), field("b", "text", visible_when={"field": "a"}))
    assert any("exactly one of equals, in or not_empty" in p for p in problems_of(definition))


def test_min_greater_than_max_is_refused():
    assert problems_of(one_page(field("a", "integer", min=10, max=1))) == [
        "$.pages[0].fields[0].min: min (10) is greater than max (1); swap them."
    ]
    assert problems_of(one_page(field("a", "text", min_length=300))) == [
        "$.pages[0].fields[0].min_length: min_length (300) is greater than max_length (200); lower it."
    ]
    group = {**field("g", "group", min_items=3, max_items=2), "fields": [field("x", "text")]}
    assert problems_of(one_page(group))[0].startswith("$.pages[0].fields[0].min_items:")
    assert problems_of(one_page(field("d", "date", min="2025-02-01", max="2025-01-01")))[0].startswith(
        "$.pages[0].fields[0].min:"
    )


def test_bad_regular_expression_is_refused():
    assert problems_of(one_page(field("a", "text", pattern="[a-")))[0].startswith(
        "$.pages[0].fields[0].pattern: not a valid regular expression"
    )


def test_duplicate_option_values_are_refused():
    options = [
        {"value": "x", "label": label("エックス", "X")},
        {"value": "x", "label": label("エックス", "X")},
    ]
    assert problems_of(one_page(field("a", "checkboxes", options=options)))[0].startswith(
        "$.pages[0].fields[0].options[1].value: option value 'x' is used twice"
    )


def test_unknown_file_kind_is_refused():
    assert any(
        p.startswith("$.pages[0].fields[0].accept[0]: 'exe' is not allowed")
        for p in problems_of(one_page(field("a", "file", accept=["exe"])))
    )


def test_not_an_object_is_refused():
    assert problems_of([]) == ["$: a form definition must be a JSON object."]  # type: ignore[arg-type]


def test_a_group_may_hold_up_to_a_thousand_rows_for_one_row_per_facility():
    def group(max_items: int) -> dict:
        return {**field("rows", "group", max_items=max_items), "fields": [field("x", "text")]}

    definition_validate(one_page(group(1000)))
    assert any("max_items" in problem for problem in problems_of(one_page(group(1001))))
