"""交付決定 racing on PostgreSQL: many threads, each with its own connection, decide grants of one
programme at the same moment. The row lock on the programme serialises them, so the committed sum
never exceeds the budget and every decision refused for the budget says so."""

from __future__ import annotations

import pytest
from django.db import connection

from kencho.core.models import OrgUnit, User
from kencho.payments.tests.test_concurrency import race

from ..errors import SubsidyError
from ..models import Case, Programme, Stage
from ..services import grant_decide
from .factories import case_at, make_business_member, make_programme

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and concurrent transactions need PostgreSQL (set DATABASE_URL=postgres://...)",
    ),
]

THREADS = 16


def test_parallel_grant_decisions_never_overcommit_the_budget(
    units: dict[str, OrgUnit], officer: User
) -> None:
    # 16 grants of 700,000 yen against 5,000,000: exactly 7 fit.
    programme = make_programme(unit=units["section"], budget=5_000_000, max_per_case=1_000_000)
    cases = [
        case_at(
            Stage.GRANT,
            programme=programme,
            user=make_business_member(f"m{i}@example.co.jp", corporate_number=f"{i:013d}"),
            staff=officer,
        )
        for i in range(THREADS)
    ]
    outcomes = race(THREADS, lambda i: grant_decide(case=cases[i], amount=700_000, actor=officer))

    granted = [o for o in outcomes if isinstance(o, Case)]
    refused = [o for o in outcomes if not isinstance(o, Case)]
    assert len(granted) == 7
    assert len(refused) == THREADS - 7
    for refusal in refused:
        assert isinstance(refusal, SubsidyError), refusal
        assert refusal.code == "budget_exceeded"
        assert "予算の残額" in refusal.message_ja and "left in the budget" in refusal.message_en

    programme.refresh_from_db()
    stored = sum(case.granted_amount or 0 for case in Case.objects.filter(programme=programme))
    assert programme.committed == stored == 4_900_000
    assert programme.committed <= programme.budget
    assert Programme.objects.get(pk=programme.pk).remaining == 100_000
