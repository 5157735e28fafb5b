"""The 交付決定 recorded from an electronic approval decision, through the listener registered in
SubsidiesConfig.ready(), and the decision refused with a message in both languages."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from kencho.approvals.hooks import Decision, DecisionRefused, decision_listeners
from kencho.core.models import User
from kencho.procedures.models import Application, ApplicationStatus
from kencho.procedures.services import application_transition

from ..listeners import on_decision
from ..models import Case, Programme, Stage
from ..selectors import case_view
from .factories import case_at, make_business_member

pytestmark = pytest.mark.django_db


def decision(
    applications: list[Application], actor: User, outcome: Any = "approved", **values: Any
) -> Decision:
    return Decision(
        document_id=1,
        document_number="三重県指令 中第12号",
        outcome=outcome,
        applications=applications,
        actor=actor,
        decided_on=datetime.date(2026, 6, 1),
        item_values={a.pk: values for a in applications},
    )


def applied(programme: Programme, user: User, officer: User) -> tuple[Case, Application]:
    case = case_at(Stage.GRANT, programme=programme, user=user, staff=officer)
    application = case.forms.get(stage=Stage.APPLICATION).draft.application
    assert application is not None
    return case, application


def test_the_listener_is_registered() -> None:
    assert on_decision in decision_listeners()


def test_an_approved_decision_records_the_grant(
    programme: Programme, business_user: User, officer: User
) -> None:
    case, application = applied(programme, business_user, officer)
    on_decision(decision([application], officer, 決定額="1,200,000"))
    case.refresh_from_db()
    assert case.granted_amount == 1_200_000
    assert case.grant_reference == "三重県指令 中第12号"
    assert case.granted_on == datetime.date(2026, 6, 1)
    programme.refresh_from_db()
    assert programme.committed == 1_200_000


def test_a_rejected_decision_records_the_refusal(
    programme: Programme, business_user: User, officer: User
) -> None:
    case, application = applied(programme, business_user, officer)
    # Electronic approval makes the application 不受理 before its listeners run.
    application_transition(application=application, to_status=ApplicationStatus.REJECTED, actor=officer)
    on_decision(decision([application], officer, outcome="rejected", 理由="予算の範囲外"))
    case.refresh_from_db()
    assert case.refused_on == datetime.date(2026, 6, 1) and case.refusal_reason == "予算の範囲外"
    assert case_view(Case.objects.get(pk=case.pk)).stage == Stage.REFUSED


def test_an_approved_decision_on_an_accepted_application_records_the_grant(
    programme: Programme, business_user: User, officer: User
) -> None:
    case, application = applied(programme, business_user, officer)
    application_transition(application=application, to_status=ApplicationStatus.ACCEPTED, actor=officer)
    on_decision(decision([application], officer, 決定額=900_000))
    case.refresh_from_db()
    assert case.granted_amount == 900_000


@pytest.mark.parametrize(
    ("values", "ja", "en"),
    [
        ({}, "決定額", "Enter the grant amount"),
        ({"決定額": 2_500_000}, "上限", "per-case maximum"),
        ({"決定額": "abc"}, "整数", "whole yen"),
    ],
)
def test_a_decision_breaking_a_rule_is_refused_in_both_languages(
    programme: Programme, business_user: User, officer: User, values: dict[str, Any], ja: str, en: str
) -> None:
    case, application = applied(programme, business_user, officer)
    with pytest.raises(DecisionRefused) as raised:
        on_decision(decision([application], officer, **values))
    assert ja in str(raised.value.message) and en in str(raised.value.message)
    assert application.receipt_number in str(raised.value.message)
    case.refresh_from_db()
    assert case.granted_amount is None


def test_a_decision_over_the_remaining_budget_is_refused(programme: Programme, officer: User) -> None:
    pairs = [
        applied(programme, make_business_member(f"d{i}@example.co.jp", corporate_number=f"{i}" * 13), officer)
        for i in range(1, 4)
    ]
    with pytest.raises(DecisionRefused) as raised:
        on_decision(decision([a for _c, a in pairs], officer, 決定額=2_000_000))
    assert "予算の残額" in str(raised.value.message) and "left in the budget" in str(raised.value.message)


def test_applications_of_other_procedures_are_ignored(programme: Programme, officer: User) -> None:
    from kencho.procedures.services import application_submit
    from kencho.procedures.tests.factories import VALID_ANSWERS, make_procedure

    other = make_procedure(unit=programme.owning_unit, slug="unrelated")
    application = application_submit(
        procedure=other, answers=VALID_ANSWERS, applicant=None, language="ja"
    ).application
    on_decision(decision([application], officer))  # no 決定額 needed: not a subsidy
    assert not Case.objects.exists()
