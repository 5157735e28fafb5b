"""Eligibility questions and scoring sheets as staff write them, answers as applicants type them."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ..eligibility import eligibility_parse, eligibility_problems, eligibility_reasons
from ..errors import SubsidyError
from ..scoring import points_parse, scoring_sheet_problems, sheet_maximum
from .factories import ELIGIBILITY, SCORING


def test_the_sample_lists_are_valid() -> None:
    assert eligibility_problems(ELIGIBILITY) == []
    assert scoring_sheet_problems(SCORING) == []
    assert sheet_maximum(SCORING) == 100


@pytest.mark.parametrize(
    ("questions", "problem"),
    [
        ({"key": "x"}, "リスト"),
        (["text"], "{...}"),
        ([{"key": "1x", "type": "yes_no"}], "key は重複しない"),
        ([{**ELIGIBILITY[0]}, {**ELIGIBILITY[0]}], "2番目の質問"),
        ([{**ELIGIBILITY[0], "type": "maybe"}], "type は yes_no か number"),
        ([{**ELIGIBILITY[0], "require": "perhaps"}], "require は yes か no"),
        ([{**ELIGIBILITY[0], "reason": {"en": "x"}}], "text と reason に ja"),
        ([{**ELIGIBILITY[1], "min": 10, "max": 1}], "min は max 以下"),
        ([{**ELIGIBILITY[1], "min": "1"}], "min と max は整数"),
    ],
)
def test_malformed_questions_are_named(questions: Any, problem: str) -> None:
    problems = eligibility_problems(questions)
    assert any(problem in p for p in problems), problems
    assert all(" / " in p for p in problems)  # both languages


@pytest.mark.parametrize(
    ("sheet", "problem"),
    [
        ("plan", "リスト"),
        ([{"key": "plan", "title": {"ja": "計画"}, "max": 0}], "max は1〜1000"),
        ([{"key": "plan", "title": {"en": "Plan"}, "max": 5}], "title に ja"),
        ([{"key": "plan", "title": {"ja": "計画"}, "max": True}], "max は1〜1000"),
    ],
)
def test_malformed_scoring_sheets_are_named(sheet: Any, problem: str) -> None:
    assert any(problem in p for p in scoring_sheet_problems(sheet))


def test_answers_are_parsed_as_typed() -> None:
    answers, missing = eligibility_parse(ELIGIBILITY, {"sme": "yes", "employees": "１,２００"})
    assert answers == {"sme": "yes", "employees": 1200} and missing == []
    assert [r.key for r in eligibility_reasons(ELIGIBILITY, answers)] == ["employees"]
    _answers, missing = eligibility_parse(ELIGIBILITY, {"sme": "maybe", "employees": "9" * 20})
    assert [m.key for m in missing] == ["sme", "employees"]


@given(employees=st.integers(min_value=-(10**6), max_value=10**6), sme=st.sampled_from(["yes", "no"]))
def test_a_number_qualifies_exactly_within_its_bounds(employees: int, sme: str) -> None:
    answers, missing = eligibility_parse(ELIGIBILITY, {"sme": sme, "employees": str(employees)})
    assert missing == []
    failed = {r.key for r in eligibility_reasons(ELIGIBILITY, answers)}
    assert ("employees" in failed) == (not 1 <= employees <= 300)
    assert ("sme" in failed) == (sme == "no")


@given(plan=st.integers(min_value=-50, max_value=100), effect=st.integers(min_value=-50, max_value=100))
def test_points_are_whole_numbers_within_each_criterion(plan: int, effect: int) -> None:
    if 0 <= plan <= 40 and 0 <= effect <= 60:
        assert points_parse(SCORING, {"plan": str(plan), "effect": effect}) == {
            "plan": plan,
            "effect": effect,
        }
    else:
        with pytest.raises(SubsidyError) as raised:
            points_parse(SCORING, {"plan": str(plan), "effect": effect})
        assert raised.value.field in {"points.plan", "points.effect"}


@pytest.mark.parametrize("value", ["", None, "1.5", "abc", True])
def test_points_must_be_given(value: Any) -> None:
    with pytest.raises(SubsidyError):
        points_parse(SCORING, {"plan": value, "effect": 1})
