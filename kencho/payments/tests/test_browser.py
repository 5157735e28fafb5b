"""A resident pays a fee in a real browser through the demo gateway's hosted page and sees "paid"
only once the gateway's webhook has arrived; axe-core checks each page against WCAG 2.1 AA."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from kencho.procedures.tests.browser import assert_accessible

from ..demo_gateway import demo_deliver_pending
from ..models import Fee, WebhookEvent

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from kencho.procedures.tests.conftest import NewContext

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fee_demo")]

CERTIFICATE = "/procedures/housing-residence-certificate/"


def apply_for_two_copies(page: Page) -> None:
    page.goto(CERTIFICATE)
    page.get_by_role("button", name="申請をはじめる").click()
    page.locator("#f-name-name").fill("三重 花子")
    page.locator("#f-name-kana").fill("ミエ ハナコ")
    page.locator("#f-email").fill("hanako@example.jp")
    page.locator("#f-housing_name").select_option("tsu-kanbe")
    page.locator("#f-room").fill("3-105")
    page.get_by_role("button", name="次へ進む").click()
    page.locator("#f-copies").fill("2")
    page.locator("#f-purpose").select_option("school")
    page.locator("input[name=f-delivery][value=counter]").check()
    page.locator("input[name=f-welfare][value=no]").check()
    page.get_by_role("button", name="次へ進む").click()
    expect(page.locator("#fee-estimate")).to_contain_text("600 円")
    page.get_by_role("button", name="申請する", exact=True).click()
    expect(page.locator("#fee-state")).to_have_text("未納")


def pay_on_the_demo_gateway(page: Page) -> None:
    page.get_by_role("link", name="手数料を支払う").click()
    expect(page.locator("#pay-total")).to_have_text("600")
    assert_accessible(page, "the pay page")
    page.get_by_role("button", name="お支払いへ進む").click()
    expect(page.locator("#gateway-amount")).to_contain_text("600")
    assert_accessible(page, "the demo gateway's hosted checkout")
    page.get_by_role("button", name="支払う", exact=True).click()


def test_a_resident_pays_and_the_status_page_turns_paid_when_the_webhook_arrives(
    new_context: NewContext, payment_settings: Any
) -> None:
    payment_settings.KENCHO_PAYMENTS_DEMO = {"hold": True}  # the gateway's webhook waits for us
    page = new_context(bypass_csp=True).new_page()
    apply_for_two_copies(page)
    pay_on_the_demo_gateway(page)

    # Back from the gateway, without its confirmation: "confirming", never "paid".
    expect(page.locator("#fee-state")).to_have_text("お支払いを確認中")
    expect(page.locator(".notices")).to_contain_text("決済サービスに確認しています")
    assert Fee.objects.latest("created_at").state == Fee.State.PENDING
    assert_accessible(page, "the status page while confirming")

    assert demo_deliver_pending() == 1

    # The panel refreshes itself (htmx, every 3 s) once the webhook has been taken.
    expect(page.locator("#fee-state")).to_have_text("支払済", timeout=15_000)
    expect(page.get_by_role("link", name="領収書（PDF）")).to_be_visible()
    assert WebhookEvent.objects.latest("received_at").result == "paid"
    assert_accessible(page, "the status page once paid")


def test_without_javascript_a_reload_shows_paid(new_context: NewContext, payment_settings: Any) -> None:
    payment_settings.KENCHO_PAYMENTS_DEMO = {"hold": True}
    page = new_context(java_script_enabled=False).new_page()
    apply_for_two_copies(page)
    page.get_by_role("link", name="手数料を支払う").click()
    page.get_by_role("button", name="お支払いへ進む").click()
    page.get_by_role("button", name="支払う", exact=True).click()
    expect(page.locator("#fee-state")).to_have_text("お支払いを確認中")

    demo_deliver_pending()
    page.get_by_role("link", name="最新の状況を表示する").click()

    expect(page.locator("#fee-state")).to_have_text("支払済")
    expect(page.locator(".timeline")).to_contain_text("600円のお支払いを確認しました")


def staff_page(new_context: NewContext, email: str, unit_code: str, role: str) -> Page:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kencho.conftest import PASSWORD, make_staff
    from kencho.core.models import OrgUnit
    from kencho.procedures.tests.browser import log_in

    user = make_staff(email, OrgUnit.objects.get(code=unit_code), role)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    page = new_context(bypass_csp=True).new_page()
    log_in(page, email=email, password=PASSWORD, device=device)
    return page


def test_an_officer_asks_for_a_refund_and_an_approver_approves_it(new_context: NewContext) -> None:
    paid = Fee.objects.get(state=Fee.State.PAID)  # the demo data's paid application
    receipt_number = paid.application.receipt_number
    officer = staff_page(new_context, "housing.officer@example.jp", "030101", "officer")
    officer.goto(f"/staff/applications/{receipt_number}/")
    officer.get_by_role("link", name="手数料・決済の詳細").click()
    assert_accessible(officer, "the staff fee page")
    officer.get_by_label("返金の理由").fill("申請の取下げによる返金")
    officer.get_by_role("button", name="返金の承認を依頼する").click()
    expect(officer.locator(".notices")).to_contain_text("返金の承認を依頼しました")

    approver = staff_page(new_context, "housing.chief@example.jp", "0301", "approver")
    approver.goto("/staff/payments/")
    assert_accessible(approver, "the staff payments dashboard")
    approver.get_by_role("row", name=receipt_number).get_by_role("button", name="承認する").click()
    expect(approver.locator(".notices")).to_contain_text("返金を承認しました")

    paid.refresh_from_db()
    assert (paid.state, paid.refunded_amount) == (Fee.State.REFUNDED, paid.amount)
