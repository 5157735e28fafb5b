"""What residents and officers do in a real browser: keyboard alone, without JavaScript, and with
axe-core checking each page against WCAG 2.1 AA."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from kencho.conftest import PASSWORD, make_staff
from kencho.core.models import OrgUnit, User

from ..models import Application
from .browser import PHONE, assert_accessible, log_in, totp_code

if TYPE_CHECKING:
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from playwright.sync_api import Locator, Page

    from .conftest import NewContext

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo")]

RECEIPT_NUMBER = re.compile(r"R\d+-\d{8}")
MEAL_TICKET = "/procedures/student-meal-ticket/"
HOUSEHOLD = "/procedures/housing-household-change/"


# --- what a person does, step by step


def tab_to(page: Page, target: str | Locator, *, backwards: bool = False, limit: int = 40) -> None:
    """Press Tab (or Shift+Tab) until the focus is on `target`, as a keyboard user would."""
    locator = page.locator(target) if isinstance(target, str) else target
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if locator.first.evaluate("element => element === document.activeElement"):
            return
    focused = page.evaluate("document.activeElement && document.activeElement.outerHTML.slice(0, 200)")
    raise AssertionError(f"{key} x{limit} never reached {locator}; the focus is on {focused}")


def type_into(page: Page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("ControlOrMeta+A")  # replace what is there, e.g. a postal code look-up's answer
    page.keyboard.type(text)


def fill_applicant_page(page: Page) -> None:
    page.locator("#f-name-name").fill("三重 花子")
    page.locator("#f-name-kana").fill("ミエ ハナコ")
    page.locator("#f-birth_date").fill("平成15年4月1日")
    page.locator("#f-email").fill("hanako@example.jp")
    page.locator("#f-phone").fill("059-224-2000")
    page.locator("#f-address-postal_code").fill("514-8570")
    page.locator("#f-address-address").fill("三重県津市広明町13番地")


def fill_school_page(page: Page, school: str = "三重大学") -> None:
    page.locator("input[name=f-school_kind][value=university]").check()
    page.locator("#f-school_name").fill(school)
    page.locator("#f-student_number").fill("A-12345")


def next_page(page: Page) -> None:
    page.get_by_role("button", name="次へ進む").click()


# --- the page itself


def test_pages_load_their_styles_and_scripts_under_the_content_security_policy(page: Page) -> None:
    statics: dict[str, int] = {}
    page.on("response", lambda r: statics.update({r.url: r.status}) if "/static/" in r.url else None)
    problems: list[str] = []
    page.on(
        "console",
        lambda m: problems.append(f"{m.location.get('url')}: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(MEAL_TICKET)
    page.get_by_role("button", name="申請をはじめる").click()
    next_page(page)
    expect(page.locator("[data-error-summary]")).to_be_focused()  # kencho.js ran

    loaded = {url.rsplit("/", 1)[-1]: status for url, status in statics.items()}
    for name in ("tokens.css", "kencho.css", "kencho.js", "conditional.js"):
        assert loaded.get(name) == 200, f"{name}: {loaded}"
    button = page.get_by_role("button", name="次へ進む")
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(0, 23, 193)"  # blue-900
    # The page with errors answers 422 on purpose, and there is no favicon.
    problems = [p for p in problems if "status of 422" not in p and "favicon.ico" not in p]
    assert not problems, problems


# --- keyboard alone


def test_resident_completes_an_application_by_keyboard_alone(page: Page) -> None:
    page.goto(MEAL_TICKET)
    # The first Tab reaches the skip link, which takes the focus past the header to the content.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="本文へ移動")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    start = page.get_by_role("button", name="申請をはじめる")
    tab_to(page, start)
    assert start.evaluate("button => getComputedStyle(button).outlineStyle") != "none", "no visible focus"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/applicant/"))

    # Pressing on with nothing typed: the focus goes to the list of errors, whose links lead to the fields.
    tab_to(page, "button[name=continue]")
    page.keyboard.press("Enter")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#f-name-name")).to_be_focused()

    page.keyboard.type("三重 花子")
    type_into(page, "#f-name-kana", "ミエ ハナコ")
    type_into(page, "#f-birth_date", "平成15年4月1日")
    type_into(page, "#f-email", "hanako@example.jp")
    type_into(page, "#f-phone", "059-224-2000")
    type_into(page, "#f-address-postal_code", "514-8570")
    type_into(page, "#f-address-address", "三重県津市広明町13番地")
    tab_to(page, "button[name=save_draft]")
    tab_to(page, "button[name=continue]", backwards=True)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/school/"))
    other = page.locator("#f-school_kind_other")  # asked only when the school is of another kind
    expect(other).to_be_hidden()

    tab_to(page, "input[name=f-school_kind]")
    page.keyboard.press("Space")
    university = page.locator("input[name=f-school_kind][value=university]")
    expect(university).to_be_checked()
    expect(other).to_be_hidden()
    # Arrow keys move through the choices; "other" brings its question in, next in the Tab order.
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    expect(page.locator("input[name=f-school_kind][value=other]")).to_be_checked()
    page.keyboard.press("Tab")
    expect(other).to_be_focused()
    page.keyboard.press("Shift+Tab")
    for _ in range(3):
        page.keyboard.press("ArrowUp")
    expect(university).to_be_checked()
    expect(other).to_be_hidden()
    type_into(page, "#f-school_name", "三重大学")
    type_into(page, "#f-student_number", "A-12345")
    tab_to(page, "button[name=continue]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/confirm/"))

    tab_to(page, "#f-agree")
    page.keyboard.press("Space")
    expect(page.locator("#f-agree")).to_be_checked()
    tab_to(page, "button[name=continue]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/check/"))

    expect(page.locator("main")).to_contain_text("三重大学")
    tab_to(page, page.get_by_role("button", name="申請する", exact=True))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/complete/"))
    expect(page.locator("#receipt-number")).to_have_text(RECEIPT_NUMBER)


# --- an officer and a resident


def apply_for_meal_ticket(page: Page, *, school: str = "三重大学") -> str:
    """Apply as a guest from the procedure page and return the receipt number."""
    page.goto(MEAL_TICKET)
    page.get_by_role("button", name="申請をはじめる").click()
    fill_applicant_page(page)
    next_page(page)
    fill_school_page(page, school)
    next_page(page)
    page.get_by_label("申請内容に誤りがなく").check()
    next_page(page)
    page.get_by_role("button", name="申請する", exact=True).click()
    receipt = page.locator("#receipt-number")
    expect(receipt).to_have_text(RECEIPT_NUMBER)
    return receipt.inner_text()


@pytest.fixture
def officer_device() -> TOTPDevice:
    """An officer of the demo's student support section with an authenticator app set up."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    officer = make_staff("browser.officer@example.jp", OrgUnit.objects.get(code="020201"), name="津 花子")
    return TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)


def test_officer_requests_a_correction_that_the_resident_makes(
    new_context: NewContext, officer_device: TOTPDevice
) -> None:
    resident = new_context().new_page()
    receipt_number = apply_for_meal_ticket(resident, school="三重大字")
    status_url = resident.get_by_role("link", name=re.compile(r"\?key=")).get_attribute("href") or ""

    officer = new_context().new_page()
    log_in(officer, email=officer_device.user.email, password=PASSWORD, device=officer_device)
    officer.get_by_role("link", name="受付一覧").click()
    officer.get_by_role("link", name=receipt_number).click()
    officer.get_by_label("学校名", exact=True).check()
    officer.get_by_label("「学校名」へのコメント").fill("学校名の漢字が違うようです")
    officer.get_by_label("申請者へのメッセージ").fill("学校名をご確認ください。")
    officer.get_by_role("button", name="補正を依頼する").click()
    expect(officer.locator("#application-status")).to_have_text("補正依頼")

    resident.goto(status_url)
    expect(resident.locator("#application-status")).to_have_text("補正依頼")
    expect(resident.get_by_role("region", name="補正のお願い")).to_contain_text("学校名の漢字が違うようです")
    resident.get_by_role("link", name="修正する").click()
    expect(resident.locator("#f-student_number")).to_have_count(0)  # only the field asked for
    resident.locator("#f-school_name").fill("三重大学")
    resident.get_by_role("button", name="修正して再提出する").click()
    expect(resident.locator("#application-status")).to_have_text("補正済")
    expect(resident.locator("main")).to_contain_text("三重大学")

    officer.reload()
    expect(officer.locator("#application-status")).to_have_text("補正済")
    expect(officer.locator("main")).to_contain_text("三重大学")
    expect(officer.locator(".timeline")).to_contain_text("変更された項目")
    assert Application.objects.get(receipt_number=receipt_number).data["school_name"] == "三重大学"


# --- WCAG 2.1 AA, as far as axe-core can tell


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_resident_pages_have_no_accessibility_violations(
    new_context: NewContext, viewport: dict[str, int] | None
) -> None:
    options: dict[str, Any] = {"bypass_csp": True}
    if viewport:
        options.update(viewport=viewport, is_mobile=True, has_touch=True)
    page = new_context(**options).new_page()

    def check(where: str) -> None:
        assert_accessible(page, where)
        if viewport:  # WCAG 1.4.10: no sideways scrolling on a phone
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{where} is {width}px wide on a {viewport['width']}px screen"

    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page).to_have_title("手続を探す | Kencho 電子申請")
    check("the catalogue")
    page.goto(MEAL_TICKET)
    check("the procedure page")
    page.get_by_role("button", name="申請をはじめる").click()
    check("the applicant page")
    next_page(page)
    expect(page.locator("[data-error-summary]")).to_be_visible()
    check("the applicant page with errors")
    fill_applicant_page(page)
    next_page(page)
    check("the school page")
    fill_school_page(page)
    next_page(page)
    check("the declaration page")
    page.get_by_label("申請内容に誤りがなく").check()
    next_page(page)
    check("the check page")
    page.get_by_role("button", name="申請する", exact=True).click()
    expect(page.locator("#receipt-number")).to_have_text(RECEIPT_NUMBER)
    check("the complete page")
    page.get_by_role("link", name=re.compile(r"\?key=")).click()
    check("the status page")


def test_english_form_pages_on_a_phone_have_no_accessibility_violations(new_context: NewContext) -> None:
    page = new_context(bypass_csp=True, locale="en-GB", viewport=PHONE, is_mobile=True).new_page()
    page.goto(MEAL_TICKET)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Start").click()
    page.locator("button[name=continue]").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    assert_accessible(page, "the applicant page with errors, in English")


def test_staff_pages_have_no_accessibility_violations(
    new_context: NewContext, officer_device: TOTPDevice
) -> None:
    guest = new_context(bypass_csp=True).new_page()
    receipt_number = apply_for_meal_ticket(guest)
    status_url = guest.get_by_role("link", name=re.compile(r"\?key=")).get_attribute("href") or ""
    page = new_context(bypass_csp=True).new_page()
    page.goto("/login/")
    assert_accessible(page, "the log-in page")
    page.locator("main button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page, "the log-in page with errors")
    page.locator("input[name=email]").fill(officer_device.user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.locator("input[name=code]")).to_be_visible()
    assert_accessible(page, "the one-time code page")
    page.locator("input[name=code]").fill(totp_code(officer_device))
    page.locator("main button[type=submit]").click()
    page.get_by_role("link", name="受付一覧").click()
    expect(page.get_by_role("link", name=receipt_number)).to_be_visible()
    assert_accessible(page, "the inbox")
    page.get_by_role("link", name=receipt_number).click()
    assert_accessible(page, "the case page")
    page.get_by_label("電話番号", exact=True).check()
    page.get_by_role("button", name="補正を依頼する").click()
    expect(page.locator("#application-status")).to_have_text("補正依頼")
    assert_accessible(page, "the case page after a correction request")
    guest.goto(status_url)
    guest.get_by_role("link", name="修正する").click()
    assert_accessible(guest, "the correction page")


# --- without JavaScript


def test_guest_applies_from_the_catalogue_without_javascript(new_context: NewContext) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/")
    page.get_by_role("link", name="みえ学生応援食事券の申請").click()
    page.get_by_role("button", name="申請をはじめる").click()
    fill_applicant_page(page)
    next_page(page)
    fill_school_page(page)
    next_page(page)
    page.get_by_label("申請内容に誤りがなく").check()
    next_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("申請内容の確認")
    page.get_by_role("button", name="申請する", exact=True).click()
    expect(page.locator("#receipt-number")).to_have_text(RECEIPT_NUMBER)


def test_resident_adds_a_second_person_without_javascript(new_context: NewContext, resident: User) -> None:
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, email=resident.email, password=PASSWORD)
    page.goto(HOUSEHOLD)
    page.get_by_role("button", name="申請をはじめる").click()
    page.locator("#f-tenant_name-name").fill("県民 太郎")
    page.locator("#f-tenant_name-kana").fill("ケンミン タロウ")
    page.get_by_label("団地名").select_option(label="津市 神戸団地")
    page.get_by_label("棟・部屋番号").fill("3-201")
    page.get_by_label("電話番号").fill("059-224-2000")
    next_page(page)

    page.get_by_label("転入・出生").check()
    page.get_by_label("異動日").fill("令和7年4月1日")
    people = page.locator("fieldset.group-item")
    expect(people).to_have_count(1)
    fill_person(
        page, 0, name="県民 花子", kana="ケンミン ハナコ", relation="配偶者", birth_date="平成2年5月6日"
    )
    page.get_by_role("button", name="異動した方を追加する").click()
    expect(people).to_have_count(2)
    expect(people.nth(0).get_by_label("氏名", exact=True)).to_have_value("県民 花子")
    fill_person(page, 1, name="県民 次郎", kana="ケンミン ジロウ", relation="子", birth_date="令和7年4月1日")
    next_page(page)

    expect(page.locator("main")).to_contain_text("県民 次郎")
    page.get_by_role("button", name="申請する", exact=True).click()
    expect(page.locator("#receipt-number")).to_have_text(RECEIPT_NUMBER)
    application = Application.objects.get(receipt_number=page.locator("#receipt-number").inner_text())
    assert [person["relation"] for person in application.data["members"]] == ["spouse", "child"]


def fill_person(page: Page, index: int, *, name: str, kana: str, relation: str, birth_date: str) -> None:
    person = page.locator("fieldset.group-item").nth(index)
    person.get_by_label("氏名", exact=True).fill(name)
    person.get_by_label("フリガナ").fill(kana)
    person.get_by_label("続柄").select_option(label=relation)
    person.get_by_label("生年月日").fill(birth_date)
