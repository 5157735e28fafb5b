"""Properties that hold whatever the input: disposal dates, the drafter's values, and routes of any
shape built from the template positions."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kencho.core.japanese.wareki import fiscal_year_end

from ..actions import document_approve, document_decide
from ..errors import ApprovalError
from ..freezing import disposal_date
from ..models import DeciderLevel, DocumentStatus, Retention, StageKind, StepState, UnitLevel
from ..routing import route_plan
from ..rules import VALUE_KEYS, check_values
from ..services import document_send
from .factories import Office, make_category, make_document


@given(
    day=st.dates(datetime.date(1990, 1, 1), datetime.date(2200, 12, 31)), retention=st.sampled_from(Retention)
)
def test_disposal_is_the_end_of_the_fiscal_year_plus_the_retention(
    day: datetime.date, retention: str
) -> None:
    result = disposal_date(decided_on=day, retention=retention)
    if retention == Retention.PERMANENT:
        assert result is None
        return
    assert result is not None
    assert (result.month, result.day) == (3, 31)
    assert result.year == fiscal_year_end(day).year + int(retention)
    assert result > day
    assert fiscal_year_end(day) >= day > fiscal_year_end(day).replace(year=fiscal_year_end(day).year - 1)


values_strategy = st.dictionaries(
    st.sampled_from([*VALUE_KEYS, "金額", "amount", ""]),
    st.one_of(st.none(), st.booleans(), st.integers(-(10**13), 10**13), st.text(max_size=30)),
    max_size=5,
)


@given(values=values_strategy)
def test_values_are_kept_clean_or_refused_with_the_field_named(values: dict[str, Any]) -> None:
    try:
        clean = check_values(values, "R7-00000001")
    except ApprovalError as exc:
        assert exc.field == "values"
        assert exc.http_status == 422
        assert "R7-00000001" in exc.message_ja
        return
    assert set(clean) <= set(VALUE_KEYS)
    if "決定額" in clean:
        assert isinstance(clean["決定額"], int) and not isinstance(clean["決定額"], bool)
        assert 0 <= clean["決定額"] <= 10**12
    assert all(v not in (None, "") for v in clean.values())


POSITIONS = [
    {"unit_level": UnitLevel.SECTION, "title": "係長"},
    {"unit_level": UnitLevel.DIVISION, "title": "課長"},
    {"unit_level": UnitLevel.DEPARTMENT, "title": "部長"},
    {"unit_level": UnitLevel.DIVISION, "title": "課長補佐"},
]
stage_strategy = st.tuples(
    st.sampled_from([StageKind.SERIAL, StageKind.PARALLEL, StageKind.CONSULTATION]),
    st.lists(st.integers(0, len(POSITIONS) - 1), min_size=1, max_size=3, unique=True),
)
_codes = itertools.count()


@pytest.mark.django_db
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    stages=st.lists(stage_strategy, max_size=4),
    level=st.sampled_from([DeciderLevel.DIVISION, DeciderLevel.DEPARTMENT, DeciderLevel.GOVERNOR]),
)
def test_any_route_is_well_formed_and_approving_it_reaches_the_decision(
    office: Office, stages: list[tuple[str, list[int]]], level: str
) -> None:
    titles: dict[str, str] = {DeciderLevel.DIVISION: "課長", DeciderLevel.DEPARTMENT: "部長"}
    title = titles.get(level, "知事")
    consultation = {"fixed_unit": office.units["other"], "title": "次長"}
    template_stages = []
    for kind, picks in stages:
        positions = [consultation if kind == StageKind.CONSULTATION else POSITIONS[i] for i in picks]
        template_stages.append((kind, positions))
    category = make_category(f"p{next(_codes)}", "性質", level, title, template_stages)
    document = make_document(office)
    document.category = category
    document.save()

    plan = route_plan(document=document, on=datetime.date(2025, 6, 2))
    assert [p.stage for p in plan] == sorted(p.stage for p in plan)
    assert sorted({p.stage for p in plan}) == list(range(1, plan[-1].stage + 1))
    assert [p.kind for p in plan].count(StageKind.DECISION) == 1 and plan[-1].kind == StageKind.DECISION
    assert len({p.assignee.pk for p in plan}) == len(plan)
    assert office.drafter.pk not in {p.assignee.pk for p in plan}
    kinds = [p.kind for p in plan if p.kind != StageKind.DECISION]
    assert kinds == sorted(kinds, key=lambda k: k != StageKind.CONSULTATION)

    document = document_send(document=document, actor=office.drafter, on=datetime.date(2025, 6, 2))
    for _ in range(len(plan)):
        waiting = list(document.steps.filter(state=StepState.PENDING).select_related("assignee"))
        step = waiting[0]
        if step.is_decision:
            document_decide(document=document, actor=step.assignee)
            break
        document_approve(document=document, actor=step.assignee)
    document.refresh_from_db()
    assert document.status == DocumentStatus.DECIDED
    assert document.is_frozen
