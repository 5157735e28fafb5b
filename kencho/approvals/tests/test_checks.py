"""The system check of the 専決 table."""

from __future__ import annotations

import pytest
from django.db import connections

from ..checks import check_delegation_table
from ..models import DecisionCategory, DelegationRule

pytestmark = pytest.mark.django_db


def test_an_active_category_without_a_delegation_rule_is_reported() -> None:
    DecisionCategory.objects.create(code="orphan", name_ja="規程なし")
    ruled = DecisionCategory.objects.create(code="ruled", name_ja="規程あり")
    DelegationRule.objects.create(category=ruled, level="division", decider_title="課長")
    DecisionCategory.objects.create(code="old", name_ja="廃止", is_active=False)

    problems = check_delegation_table(None, databases=list(connections))

    assert [p.id for p in problems] == ["approvals.W001"]
    assert "orphan" in problems[0].msg
    assert check_delegation_table(None) == []
