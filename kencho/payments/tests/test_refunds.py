"""Refunds: asked by an officer, decided by a different approver of the unit, sent to the provider,
recorded on the fee and in the history; double payments come in as requests from the system."""

from __future__ import annotations

from typing import Any

import pytest

from kencho.conftest import make_staff, staff_client
from kencho.core.models import AuditEntry, Membership
from kencho.procedures.models import ApplicationEvent

from ..errors import PaymentError
from ..models import DemoCheckout, Fee, Refund
from ..refunds import refund_decide, refund_request
from .conftest import demo_finish, demo_start, fee_of, pay_with_demo

pytestmark = pytest.mark.django_db


def approve(refund: Refund, actor: Any, capture: Any) -> Refund:
    with capture(execute=True):
        refund_decide(refund=refund, approve=True, actor=actor)
    refund.refresh_from_db()
    return refund


def test_an_approved_refund_is_sent_and_the_fee_shows_refunded(
    application: Any, paid: Any, officer: Any, section_chief: Any, django_capture_on_commit_callbacks: Any
) -> None:
    refund = refund_request(attempt=paid, amount=600, comment="申請の取下げ", actor=officer)
    assert refund.state == Refund.State.REQUESTED

    refund = approve(refund, section_chief, django_capture_on_commit_callbacks)

    assert (refund.state, refund.decided_by, refund.provider_status) == (
        "succeeded",
        section_chief,
        "succeeded",
    )
    fee = fee_of(application)
    assert (fee.state, fee.refunded_amount) == (Fee.State.REFUNDED, 600)
    assert DemoCheckout.objects.get().refunded_amount == 600
    visible = application.events.filter(kind=ApplicationEvent.Kind.PAYMENT, visible_to_applicant=True)
    assert "600円を返金しました" in visible.last().comment
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"payments.refund_requested", "payments.refund_approved", "payments.refund_completed"} <= actions


def test_a_partial_refund_keeps_the_fee_paid(
    application: Any, paid: Any, officer: Any, section_chief: Any, django_capture_on_commit_callbacks: Any
) -> None:
    refund = approve(
        refund_request(attempt=paid, amount=200, comment="一部", actor=officer),
        section_chief,
        django_capture_on_commit_callbacks,
    )
    assert refund.state == "succeeded"
    assert (fee_of(application).state, fee_of(application).refunded_amount) == (Fee.State.PAID, 200)
    with pytest.raises(PaymentError) as caught:
        refund_request(attempt=paid, amount=401, comment="残り以上", actor=officer)
    assert caught.value.code == "invalid_refund_amount"


def test_nobody_approves_their_own_request(application: Any, paid: Any, units: Any) -> None:
    chief = make_staff("both@example.jp", units["division"], Membership.Role.APPROVER)
    refund = refund_request(attempt=paid, amount=600, comment="理由", actor=chief)
    with pytest.raises(PaymentError) as caught:
        refund_decide(refund=refund, approve=True, actor=chief)
    assert (caught.value.code, caught.value.http_status) == ("not_approver", 403)


def test_an_officer_without_the_approver_role_cannot_approve(
    application: Any, paid: Any, officer: Any, units: Any
) -> None:
    colleague = make_staff("colleague@example.jp", units["section"])
    refund = refund_request(attempt=paid, amount=600, comment="理由", actor=officer)
    with pytest.raises(PaymentError):
        refund_decide(refund=refund, approve=True, actor=colleague)
    other_chief = make_staff("otherchief@example.jp", units["other"], Membership.Role.APPROVER)
    with pytest.raises(PaymentError):
        refund_decide(refund=refund, approve=True, actor=other_chief)
    assert Refund.objects.get().state == Refund.State.REQUESTED


def test_a_rejected_refund_sends_nothing(
    application: Any, paid: Any, officer: Any, section_chief: Any
) -> None:
    refund = refund_request(attempt=paid, amount=600, comment="理由", actor=officer)
    refund_decide(refund=refund, approve=False, actor=section_chief, comment="返金対象外")
    refund.refresh_from_db()
    assert refund.state == Refund.State.REJECTED
    assert DemoCheckout.objects.get().refunded_amount == 0
    assert fee_of(application).state == Fee.State.PAID
    with pytest.raises(PaymentError):
        refund_decide(refund=refund, approve=True, actor=section_chief)


def test_a_double_payment_is_refunded_without_touching_the_paid_fee(
    application: Any, section_chief: Any, django_capture_on_commit_callbacks: Any
) -> None:
    first, second = demo_start(application), demo_start(application)
    demo_finish(first)
    demo_finish(second)
    refund = Refund.objects.get()
    assert (refund.attempt, refund.reason) == (second, Refund.Reason.DUPLICATE)

    refund = approve(refund, section_chief, django_capture_on_commit_callbacks)

    assert refund.state == "succeeded"
    fee = fee_of(application)
    assert (fee.state, fee.refunded_amount) == (Fee.State.PAID, 0)
    assert first.is_settlement


def test_a_refund_needs_a_reason_and_a_confirmed_payment(application: Any, officer: Any) -> None:
    failed = pay_with_demo(application, action="fail")
    with pytest.raises(PaymentError):
        refund_request(attempt=failed, amount=600, comment="理由", actor=officer)
    paid = pay_with_demo(application)
    with pytest.raises(PaymentError) as caught:
        refund_request(attempt=paid, amount=600, comment="  ", actor=officer)
    assert caught.value.code == "no_reason"


def test_staff_pages_list_decide_and_show_refunds(
    application: Any, paid: Any, officer: Any, section_chief: Any, django_capture_on_commit_callbacks: Any
) -> None:
    officer_client = staff_client(officer)
    page = officer_client.get(f"/staff/payments/applications/{application.receipt_number}/")
    assert page.status_code == 200 and "返金の承認を依頼する" in page.content.decode()
    officer_client.post(
        f"/staff/payments/applications/{application.receipt_number}/",
        {"attempt": str(paid.public_id), "amount": "600", "comment": "取下げのため"},
    )
    refund = Refund.objects.get()
    dashboard = officer_client.get("/staff/payments/").content.decode()
    assert application.receipt_number in dashboard and "承認者の承認を待っています" in dashboard

    chief_client = staff_client(section_chief)
    assert 'value="approve"' in chief_client.get("/staff/payments/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = chief_client.post(f"/staff/payments/refunds/{refund.public_id}/", {"action": "approve"})
    assert response.status_code == 302
    assert fee_of(application).state == Fee.State.REFUNDED
    case = officer_client.get(f"/staff/applications/{application.receipt_number}/").content.decode()
    assert "staff-fee-panel" in case and "返金済" in case


def test_staff_of_another_unit_see_no_fee(application: Any, paid: Any, other_officer: Any) -> None:
    client = staff_client(other_officer)
    assert client.get(f"/staff/payments/applications/{application.receipt_number}/").status_code == 404
    assert application.receipt_number not in client.get("/staff/payments/").content.decode()
