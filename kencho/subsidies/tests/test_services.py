"""Every stage of a case, in order, and every refusal: a stage out of turn, amounts over the case
limit, the budget or the grant, ineligible applicants, and the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kencho.core.models import AuditEntry, OrgUnit, User
from kencho.procedures.models import ApplicationStatus

from ..errors import SubsidyError
from ..models import Case, Programme, Stage
from ..selectors import case_view, cases_of_applicant
from ..services import (
    case_open,
    case_stage_start,
    grant_confirm,
    grant_decide,
    grant_pay,
    grant_refuse,
    programme_save,
)
from .factories import ELIGIBLE, case_at, make_business_member, submit_stage

pytestmark = pytest.mark.django_db


def stage_of(case: Case) -> str:
    case.refresh_from_db()
    return case_view(Case.objects.prefetch_related("forms__draft__application").get(pk=case.pk)).stage


def test_a_case_goes_through_every_stage_in_order(
    programme: Programme, business_user: User, officer: User
) -> None:
    case = case_open(programme=programme, user=business_user, answers=dict(ELIGIBLE))
    assert stage_of(case) == Stage.APPLICATION
    application = submit_stage(case, Stage.APPLICATION, business_user)
    assert stage_of(case) == Stage.GRANT
    grant_decide(case=case, amount=1_500_000, actor=officer, reference="三重県指令 中第1号")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert stage_of(case) == Stage.REPORT
    submit_stage(case, Stage.REPORT, business_user)
    assert stage_of(case) == Stage.CONFIRMATION
    grant_confirm(case=case, amount=1_200_000, actor=officer)
    assert stage_of(case) == Stage.CLAIM
    submit_stage(case, Stage.CLAIM, business_user)
    assert stage_of(case) == Stage.PAYMENT
    grant_pay(case=case, amount=1_200_000, actor=officer)
    assert stage_of(case) == Stage.DONE
    programme.refresh_from_db()
    assert programme.committed == 1_200_000  # 300,000 released at 確定
    actions = list(AuditEntry.objects.filter(object_id=str(case.pk)).values_list("action", flat=True))
    for action in [
        "subsidies.case_opened",
        "subsidies.stage_started",
        "subsidies.grant_decided",
        "subsidies.amount_confirmed",
        "subsidies.paid",
    ]:
        assert action in actions


@pytest.mark.parametrize(
    ("stage", "action"),
    [
        (Stage.APPLICATION, "grant"),
        (Stage.GRANT, "confirm"),
        (Stage.GRANT, "pay"),
        (Stage.REPORT, "grant"),
        (Stage.REPORT, "confirm"),
        (Stage.CONFIRMATION, "pay"),
        (Stage.CLAIM, "pay"),
        (Stage.DONE, "confirm"),
    ],
)
def test_a_staff_decision_out_of_turn_is_refused(
    programme: Programme, business_user: User, officer: User, stage: str, action: str
) -> None:
    case = case_at(stage, programme=programme, user=business_user, staff=officer)
    decisions: dict[str, Callable[..., Case]] = {
        "grant": grant_decide,
        "confirm": grant_confirm,
        "pay": grant_pay,
    }
    decide = decisions[action]
    with pytest.raises(SubsidyError) as raised:
        decide(case=case, amount=1_000_000, actor=officer)
    assert raised.value.code == "stage_not_open"
    assert "段階" in raised.value.message_ja and "stage" in raised.value.message_en


@pytest.mark.parametrize(
    ("stage", "form_stage"),
    [
        (Stage.GRANT, Stage.APPLICATION),
        (Stage.GRANT, Stage.REPORT),
        (Stage.REPORT, Stage.CLAIM),
        (Stage.CONFIRMATION, Stage.REPORT),
        (Stage.DONE, Stage.CLAIM),
    ],
)
def test_an_applicant_form_opens_only_when_the_previous_stage_is_done(
    programme: Programme, business_user: User, officer: User, stage: str, form_stage: str
) -> None:
    case = case_at(stage, programme=programme, user=business_user, staff=officer)
    with pytest.raises(SubsidyError) as raised:
        case_stage_start(case=case, stage=form_stage, user=business_user)
    assert raised.value.code == "stage_not_open"


def test_starting_a_stage_twice_returns_the_same_draft(programme: Programme, business_user: User) -> None:
    case = case_open(programme=programme, user=business_user, answers=dict(ELIGIBLE))
    first = case_stage_start(case=case, stage=Stage.APPLICATION, user=business_user)
    again = case_stage_start(case=case, stage=Stage.APPLICATION, user=business_user)
    assert first.pk == again.pk
    assert first.procedure == programme.application_procedure


def test_a_withdrawn_application_reopens_its_stage(programme: Programme, business_user: User) -> None:
    from kencho.procedures.services import application_withdraw

    case = case_open(programme=programme, user=business_user, answers=dict(ELIGIBLE))
    application = submit_stage(case, Stage.APPLICATION, business_user)
    assert stage_of(case) == Stage.GRANT
    application_withdraw(application=application, actor=business_user, reason="出し直し")
    assert stage_of(case) == Stage.APPLICATION


def test_grant_above_the_per_case_maximum_is_refused(
    programme: Programme, business_user: User, officer: User
) -> None:
    case = case_at(Stage.GRANT, programme=programme, user=business_user, staff=officer)
    with pytest.raises(SubsidyError) as raised:
        grant_decide(case=case, amount=2_000_001, actor=officer)
    assert raised.value.code == "invalid_amount" and raised.value.field == "amount"
    assert "2,000,000" in raised.value.message_ja and "per-case maximum" in raised.value.message_en
    programme.refresh_from_db()
    assert programme.committed == 0


def test_grant_above_the_remaining_budget_is_refused(programme: Programme, officer: User) -> None:
    users = [make_business_member(f"m{i}@example.co.jp", corporate_number=f"{i}" * 13) for i in range(1, 4)]
    cases = [case_at(Stage.GRANT, programme=programme, user=u, staff=officer) for u in users]
    grant_decide(case=cases[0], amount=2_000_000, actor=officer)
    grant_decide(case=cases[1], amount=2_000_000, actor=officer)
    with pytest.raises(SubsidyError) as raised:
        grant_decide(case=cases[2], amount=1_000_001, actor=officer)
    assert raised.value.code == "budget_exceeded"
    assert "1,000,000" in raised.value.message_ja and "left in the budget" in raised.value.message_en
    grant_decide(case=cases[2], amount=1_000_000, actor=officer)
    programme.refresh_from_db()
    assert programme.committed == programme.budget == 5_000_000
    assert programme.remaining == 0


@pytest.mark.parametrize("amount", [0, -1, "100", 1.5, None, True])
def test_grant_amount_must_be_positive_whole_yen(
    programme: Programme, business_user: User, officer: User, amount: Any
) -> None:
    case = case_at(Stage.GRANT, programme=programme, user=business_user, staff=officer)
    with pytest.raises(SubsidyError) as raised:
        grant_decide(case=case, amount=amount, actor=officer)
    assert raised.value.code == "invalid_amount"


def test_confirmation_above_the_grant_is_refused(
    programme: Programme, business_user: User, officer: User
) -> None:
    case = case_at(Stage.CONFIRMATION, programme=programme, user=business_user, staff=officer, amount=800_000)
    with pytest.raises(SubsidyError) as raised:
        grant_confirm(case=case, amount=800_001, actor=officer)
    assert raised.value.code == "invalid_amount"
    assert "800,000" in raised.value.message_ja


def test_payment_must_equal_the_confirmed_amount(
    programme: Programme, business_user: User, officer: User
) -> None:
    case = case_at(Stage.PAYMENT, programme=programme, user=business_user, staff=officer, amount=700_000)
    with pytest.raises(SubsidyError) as raised:
        grant_pay(case=case, amount=699_999, actor=officer)
    assert raised.value.code == "invalid_amount"
    grant_pay(case=case, amount=700_000, actor=officer)
    assert stage_of(case) == Stage.DONE


def test_refusal_ends_the_case_and_rejects_the_application(
    programme: Programme, business_user: User, officer: User
) -> None:
    case = case_at(Stage.GRANT, programme=programme, user=business_user, staff=officer)
    grant_refuse(case=case, actor=officer, reason="審査の結果、採択に至りませんでした。")
    assert stage_of(case) == Stage.REFUSED
    view = case_view(Case.objects.prefetch_related("forms__draft__application").get(pk=case.pk))
    assert view.applications[Stage.APPLICATION] is None  # 不受理 no longer counts
    with pytest.raises(SubsidyError):
        grant_decide(case=case, amount=100, actor=officer)


def test_ineligible_answers_stop_the_applicant_with_every_reason(
    programme: Programme, business_user: User
) -> None:
    with pytest.raises(SubsidyError) as raised:
        case_open(programme=programme, user=business_user, answers={"sme": "no", "employees": 301})
    assert raised.value.code == "ineligible"
    assert "中小企業だけが対象です。" in raised.value.message_ja
    assert "At most 300 employees." in raised.value.message_en
    assert not Case.objects.exists()


def test_a_closed_call_refuses_new_cases(units: dict[str, OrgUnit], business_user: User) -> None:
    import datetime

    from django.utils import timezone

    from .factories import make_programme

    past = make_programme(
        unit=units["section"],
        slug="past",
        opens_at=timezone.now() - datetime.timedelta(days=10),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    with pytest.raises(SubsidyError) as raised:
        case_open(programme=past, user=business_user, answers=dict(ELIGIBLE))
    assert raised.value.code == "closed"


def test_staff_and_unverified_accounts_cannot_open_a_case(
    programme: Programme, officer: User, business_user: User
) -> None:
    with pytest.raises(SubsidyError):
        case_open(programme=programme, user=officer, answers=dict(ELIGIBLE))
    business_user.email_verified_at = None
    business_user.save()
    with pytest.raises(SubsidyError) as raised:
        case_open(programme=programme, user=business_user, answers=dict(ELIGIBLE))
    assert raised.value.code == "cannot_apply"


def test_every_member_of_a_business_shares_one_case(
    programme: Programme, business_user: User, colleague: User, resident: User
) -> None:
    first = case_open(programme=programme, user=business_user, answers=dict(ELIGIBLE))
    second = case_open(programme=programme, user=colleague, answers=dict(ELIGIBLE))
    assert first.pk == second.pk
    assert first.business is not None and first.business.corporate_number == "1190001000007"
    assert list(cases_of_applicant(user=colleague)) == [first]
    assert list(cases_of_applicant(user=resident)) == []
    own = case_open(programme=programme, user=resident, answers=dict(ELIGIBLE))
    assert own.business is None and list(cases_of_applicant(user=resident)) == [own]


def test_the_budget_cannot_be_cut_below_what_is_committed(
    programme: Programme, business_user: User, officer: User
) -> None:
    case = case_at(Stage.GRANT, programme=programme, user=business_user, staff=officer)
    grant_decide(case=case, amount=2_000_000, actor=officer)
    programme.refresh_from_db()
    programme.budget = 1_999_999
    programme.max_per_case = 1_000_000
    with pytest.raises(SubsidyError) as raised:
        programme_save(programme=programme, actor=officer)
    assert raised.value.field == "budget"
    programme.budget = 2_000_000
    programme_save(programme=programme, actor=officer)
    programme.refresh_from_db()
    assert programme.remaining == 0 and programme.committed == 2_000_000


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    granted=st.integers(min_value=1, max_value=2_000_000),
    fraction=st.floats(min_value=0, max_value=1),
    extra=st.integers(min_value=1, max_value=10**9),
)
def test_amounts_keep_the_budget_consistent(
    programme: Programme, business_user: User, officer: User, granted: int, fraction: float, extra: int
) -> None:
    """Whatever the amounts: the grant stays within the limits, 確定 never exceeds the grant, and the
    committed sum is exactly the grants less what 確定 released."""
    Case.objects.all().delete()
    Programme.objects.filter(pk=programme.pk).update(committed=0)
    case = case_at(Stage.GRANT, programme=programme, user=business_user, staff=officer)
    with pytest.raises(SubsidyError):
        grant_decide(case=case, amount=programme.max_per_case + extra, actor=officer)
    grant_decide(case=case, amount=granted, actor=officer)
    submit_stage(case, Stage.REPORT, business_user)
    with pytest.raises(SubsidyError):
        grant_confirm(case=case, amount=granted + extra, actor=officer)
    confirmed = int(granted * fraction)
    grant_confirm(case=case, amount=confirmed, actor=officer)
    programme.refresh_from_db()
    assert programme.committed == confirmed
    assert 0 <= programme.remaining <= programme.budget
