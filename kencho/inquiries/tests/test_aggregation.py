"""The aggregate adds up exactly whatever the answers are (pure computation, no database)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ..aggregation import Respondent, aggregate, changes
from ..demo_forms import overtime_definition

hours = st.integers(0, 3000).map(lambda n: str(Decimal(n) / 10))
row = st.fixed_dictionaries(
    {
        "employee_id": st.just("E"),
        "section": st.sampled_from(["admin", "tech", "other"]),
        "weekday_hours": hours,
    },
    optional={"holiday_hours": hours},
)
answers = st.lists(st.lists(row, max_size=8), max_size=6)


@given(answers)
def test_totals_counts_and_rows_match_the_answers(groups: list[list[dict[str, str]]]) -> None:
    respondents = [
        Respondent(f"{i:06d}", f"団体{i}", "", {"contact_name": "x", "staff": rows})
        for i, rows in enumerate(groups)
    ]
    result = aggregate(overtime_definition(), respondents)
    measures = {m["key"]: m for m in result["measures"]}
    every_row = [r for rows in groups for r in rows]
    assert Decimal(measures["staff.weekday_hours"]["total"]) == sum(
        (Decimal(r["weekday_hours"]) for r in every_row), Decimal(0)
    )
    assert Decimal(measures["staff.holiday_hours"]["total"]) == sum(
        (Decimal(r["holiday_hours"]) for r in every_row if "holiday_hours" in r), Decimal(0)
    )
    assert measures["staff.holiday_hours"]["count"] == sum("holiday_hours" in r for r in every_row)
    counts = {o["value"]: o["count"] for o in measures["staff.section"]["options"]}
    assert counts == {v: sum(r["section"] == v for r in every_row) for v in ("admin", "tech", "other")}
    assert result["row_count"] == len(every_row) and result["respondent_count"] == len(groups)
    for respondent, rows in zip(result["by_respondent"], groups, strict=True):
        assert Decimal(respondent["values"].get("staff.weekday_hours", "0")) == sum(
            (Decimal(r["weekday_hours"]) for r in rows), Decimal(0)
        )


def test_progress_is_reported_and_changes_compare_periods() -> None:
    seen: list[int] = []
    data = {"staff": [{"section": "admin", "weekday_hours": "10"}]}
    before = aggregate(
        overtime_definition(), [Respondent("1", "a", "", data)] * 3, progress=seen.append, progress_every=2
    )
    assert seen == [2, 3]
    now = aggregate(overtime_definition(), [Respondent("1", "a", "", data)] * 4)
    weekday = next(c for c in changes(now, before) if c["key"] == "staff.weekday_hours")
    assert (weekday["previous"], weekday["current"], weekday["difference"], weekday["percent"]) == (
        "30",
        "40",
        "10",
        "33.3",
    )
    assert changes(now, None) == []
