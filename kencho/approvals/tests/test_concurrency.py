"""Concurrent actions on one 起案 under PostgreSQL: threads with connections of their own, released
together. The document row lock lets exactly one of them succeed."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from kencho.procedures.tests.test_concurrency import race

from ..actions import document_approve, document_decide, document_return
from ..errors import ApprovalError
from ..models import Absence, ActionKind, Deputy, Document, DocumentStatus, StepState
from ..services import document_send
from .factories import make_document, make_office

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and concurrent transactions need PostgreSQL (set DATABASE_URL=postgres://...)",
    ),
]


@pytest.fixture(autouse=True)
def _batches_run_inline(settings: Any) -> None:
    settings.KENCHO_NOTICES_BATCH_RUNNER = "inline"


def test_the_same_approver_approving_twice_at_once_approves_once(units: dict[str, Any]) -> None:
    office = make_office(units)
    document = document_send(document=make_document(office), actor=office.drafter)

    outcomes = race(5, lambda i: document_approve(document=document, actor=office.kakaricho))

    assert sum(isinstance(o, Document) for o in outcomes) == 1
    assert all(
        isinstance(o, ApprovalError) and o.code == "not_your_turn"
        for o in outcomes
        if not isinstance(o, Document)
    )
    assert document.actions.filter(kind=ActionKind.APPROVE).count() == 1


def test_approver_and_deputy_deciding_at_once_decide_once(units: dict[str, Any]) -> None:
    office = make_office(units)
    today = timezone.localdate()
    Deputy.objects.create(principal=office.kacho, deputy=office.deputy, valid_from=today)
    Absence.objects.create(user=office.kacho, starts_on=today, ends_on=today)
    document = document_send(document=make_document(office), actor=office.drafter)
    document_approve(document=document, actor=office.kakaricho)
    people = [office.kacho, office.deputy] * 2

    outcomes = race(4, lambda i: document_decide(document=document, actor=people[i]))

    assert sum(isinstance(o, Document) for o in outcomes) == 1
    document.refresh_from_db()
    assert document.status == DocumentStatus.DECIDED
    assert document.actions.filter(kind=ActionKind.DECIDE).count() == 1
    assert document.steps.filter(state=StepState.DECIDED).count() == 1


def test_approve_and_return_at_once_do_not_both_happen(units: dict[str, Any]) -> None:
    office = make_office(units)
    document = document_send(document=make_document(office), actor=office.drafter)

    def act(i: int) -> Document:
        if i % 2:
            return document_return(document=document, actor=office.kakaricho, comment="再考を")
        return document_approve(document=document, actor=office.kakaricho)

    outcomes = race(6, act)

    assert sum(isinstance(o, Document) for o in outcomes) == 1
    done = document.actions.filter(kind__in=[ActionKind.APPROVE, ActionKind.RETURN]).count()
    assert done == 1
