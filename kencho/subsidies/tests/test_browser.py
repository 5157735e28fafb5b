"""In a real browser, on the demo data: a member of a business checks eligibility (first failing,
with the reason), applies through the 申請 form with its attachments, and follows the case; the
subsidy officer logs in with the one-time code, scores and decides the grant against the budget; the
business then sees the 実績報告 open. axe-core checks every page against WCAG 2.1 AA, the applicant's
at phone width."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kencho.core.models import User
from kencho.procedures.tests.browser import PHONE, assert_accessible, log_in

from ..models import Case, Programme

if TYPE_CHECKING:
    from playwright.sync_api import FilePayload, Page

    from kencho.procedures.tests.conftest import NewContext

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo")]

DEMO_PASSWORD = "kencho-demo-2025"


def pdf(name: str) -> FilePayload:
    return {"name": name, "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}


def answer(page: Page, *, sme: str, employees: str) -> None:
    page.get_by_role("group", name="中小企業基本法に定める中小企業者ですか。").get_by_label(sme).check()
    page.get_by_role("group", name="三重県内に事業所がありますか。").get_by_label("はい").check()
    page.get_by_label("常時使用する従業員の数（人）").fill(employees)
    page.get_by_role("group", name="県税の滞納がありますか。").get_by_label("いいえ").check()
    page.get_by_role("button", name="要件を確認する").click()


def fill_the_application(page: Page) -> None:
    page.locator("#f-corporate_number").fill("8190001000007")
    page.locator("#f-business_name").fill("株式会社松阪商店")
    page.locator("#f-representative-name").fill("松阪 太郎")
    page.locator("#f-representative-kana").fill("マツサカ タロウ")
    page.locator("#f-address-postal_code").fill("515-0011")
    page.locator("#f-address-address").fill("三重県松阪市高町1番地")
    page.locator("#f-employees").fill("12")
    page.locator("#f-contact_email").fill("business@kencho.example.jp")
    page.locator("#f-contact_phone").fill("0598-21-0000")
    page.get_by_role("button", name="次へ進む").click()
    page.locator("#f-project_title").fill("キャッシュレス決済の導入")
    page.locator("#f-project_summary").fill("店頭にキャッシュレス決済を入れ、会計をクラウドにつなぐ。")
    page.locator("#f-start_date").fill("2030-04-01")
    page.locator("#f-total_cost").fill("2400000")
    page.locator("#f-requested_amount").fill("1200000")
    page.locator("input[name=f-categories][value=cashless]").check()
    page.get_by_role("button", name="次へ進む").click()
    page.locator("#f-business_plan").set_input_files(files=[pdf("plan.pdf")])
    page.locator("#f-estimate").set_input_files(files=[pdf("estimate.pdf")])
    page.locator("#f-agree").check()
    page.get_by_role("button", name="次へ進む").click()
    page.get_by_role("button", name="申請する", exact=True).click()


def test_a_business_member_applies_and_the_officer_decides_the_grant(new_context: NewContext) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    business = new_context(bypass_csp=True, viewport=PHONE).new_page()
    log_in(business, email="business@kencho.example.jp", password=DEMO_PASSWORD)
    business.goto("/subsidies/")
    assert_accessible(business, "the programme list")
    business.get_by_role("link", name="中小企業デジタル化支援補助金").click()
    expect(business.locator("#budget-remaining")).to_contain_text("予算残額 27,100,000 円")
    assert_accessible(business, "the programme page")
    business.get_by_role("link", name="申請要件を確認する").click()

    answer(business, sme="いいえ", employees="12")
    expect(business.locator("#ineligible")).to_contain_text("中小企業者だけが対象です。")
    expect(business.get_by_role("button", name="申請書の入力に進む")).to_have_count(0)
    assert_accessible(business, "the eligibility page with the reason")

    answer(business, sme="はい", employees="１２")
    expect(business.locator("#eligible")).to_contain_text("申請要件を満たしています")
    assert_accessible(business, "the eligibility page, eligible")
    business.get_by_role("button", name="申請書の入力に進む").click()
    assert_accessible(business, "the first page of the 申請 form")
    fill_the_application(business)
    expect(business.locator("main")).to_contain_text("受付番号")
    # The completion page leads back to the case.
    back = business.locator("#return-link")
    expect(back).to_contain_text("の案件のページに戻る")
    back.click()
    expect(business.locator("main")).to_contain_text("交付決定")

    business.goto("/my/subsidies/")
    expect(business.locator("main")).to_contain_text("審査中です。交付決定をお待ちください。")
    assert_accessible(business, "my cases")
    case = Case.objects.get(business__corporate_number="8190001000007")

    # The representative adds a colleague, who gets a log-in of their own and sees the same case.
    business.get_by_role("link", name="事業者のメンバー").click()
    assert_accessible(business, "the business members page")
    business.get_by_label("氏名").fill("松阪 次郎")
    business.get_by_label("メールアドレス").fill("jiro@matsusaka.example.jp")
    business.get_by_role("button", name="招待メールを送る").click()
    expect(business.locator("main")).to_contain_text("jiro@matsusaka.example.jp に招待メールを送りました。")
    colleague = User.objects.get(email="jiro@matsusaka.example.jp")
    colleague.set_password(DEMO_PASSWORD)
    colleague.email_verified_at = timezone.now()
    colleague.save()
    other = new_context(bypass_csp=True, viewport=PHONE).new_page()
    log_in(other, email="jiro@matsusaka.example.jp", password=DEMO_PASSWORD)
    other.goto("/my/subsidies/")
    expect(other.locator("main")).to_contain_text(case.reference)

    device = TOTPDevice.objects.get(user__email="subsidy.officer@kencho.example.jp")
    officer = new_context(bypass_csp=True).new_page()
    log_in(officer, email="subsidy.officer@kencho.example.jp", password=DEMO_PASSWORD, device=device)
    officer.goto("/staff/subsidies/")
    assert_accessible(officer, "the staff programme list")
    officer.get_by_role("link", name="中小企業デジタル化支援補助金", exact=True).click()
    expect(officer.locator("#budget-left")).to_have_text("27,100,000")
    assert_accessible(officer, "the case list with the budget bar")
    officer.get_by_role("link", name=case.reference).click()
    assert_accessible(officer, "the staff case page")

    officer.get_by_label("事業計画の具体性・実現可能性（0〜30）").fill("25")
    officer.get_by_label("生産性向上の効果（0〜30）").fill("24")
    officer.get_by_label("地域への波及効果（0〜20）").fill("15")
    officer.get_by_label("経費の妥当性（0〜20）").fill("18")
    officer.get_by_role("button", name="採点を保存する").click()
    expect(officer.locator("#score-summary")).to_contain_text("平均 82.0 点（1 人）")

    officer.get_by_label("交付決定額（円）").fill("30,000,000")
    officer.get_by_role("button", name="交付決定を記録する").click()
    expect(officer.locator("main")).to_contain_text("1件あたりの上限")
    officer.get_by_label("交付決定額（円）").fill("1,200,000")
    officer.get_by_role("button", name="交付決定を記録する").click()
    expect(officer.locator("main")).to_contain_text("交付決定を記録しました。")
    expect(officer.locator("#staff-case-stage")).to_have_text("実績報告の提出待ち")
    assert_accessible(officer, "the staff case page after the grant")
    assert Programme.objects.get(slug="sme-digital").remaining == 25_900_000

    business.goto(f"/my/subsidies/{case.pk}/")
    expect(business.locator("#case-stage")).to_have_text("実績報告")
    expect(business.get_by_role("button", name="実績報告の書類を入力する")).to_be_visible()
    assert_accessible(business, "the case page once granted")


def test_the_eligibility_check_works_without_javascript_and_by_keyboard(new_context: NewContext) -> None:
    page = new_context(java_script_enabled=False, viewport=PHONE).new_page()
    page.goto("/subsidies/sme-digital/eligibility/")
    page.get_by_role("button", name="要件を確認する").click()
    expect(page.locator(".error-summary")).to_contain_text("「はい」か「いいえ」を選んでください。")
    answer(page, sme="はい", employees="500")
    expect(page.locator("#ineligible")).to_contain_text("従業員300人以下の事業者が対象です。")

    # By keyboard alone: Space ticks a radio, Tab moves to the next question, arrows choose within one.
    page.goto("/subsidies/sme-digital/eligibility/")
    page.locator("#q-sme-yes").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("12")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#eligible")).to_contain_text("申請要件を満たしています")
