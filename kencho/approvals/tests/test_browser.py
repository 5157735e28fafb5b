"""An officer drafts a 起案 for three applications in a real browser; it passes a 合議 stage and a
serial route with one 差戻し, the 部長 is away so a deputy decides (代決), and the three applicants
then see their notices on their status pages. axe-core checks the 起案, inbox and document pages
against WCAG 2.1 AA at desktop and tablet width."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kencho.conftest import PASSWORD
from kencho.procedures.services import application_submit
from kencho.procedures.tests.browser import assert_accessible, log_in
from kencho.procedures.tests.conftest import browser, new_context
from kencho.procedures.tests.factories import VALID_ANSWERS

from ..models import Absence, Deputy, Document, DocumentStatus
from .factories import make_office

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from kencho.procedures.tests.conftest import NewContext

pytestmark = pytest.mark.browser
__all__ = ["browser", "new_context"]
TABLET = {"width": 768, "height": 1024}


@pytest.fixture
def scene(transactional_db: Any, units: dict[str, Any], settings: Any) -> dict[str, Any]:
    settings.KENCHO_NOTICES_BATCH_RUNNER = "inline"
    office = make_office(units)
    guests = [
        application_submit(
            procedure=office.procedure,
            answers={**VALID_ANSWERS, "name": {"name": f"申請 太郎{i}", "kana": "シンセイ タロウ"}},
            applicant=None,
            language="ja",
        )
        for i in range(3)
    ]
    today = timezone.localdate()
    Absence.objects.create(user=office.bucho, starts_on=today, ends_on=today, reason="出張")
    Deputy.objects.create(principal=office.bucho, deputy=office.deputy, valid_from=today)
    return {"office": office, "guests": guests}


def _staff_page(new_context: NewContext, user: Any, **options: Any) -> Page:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    page = new_context(bypass_csp=True, **options).new_page()
    log_in(page, email=user.email, password=PASSWORD, device=device)
    return page


def _act(page: Page, document: Document, action: str, comment: str = "", to_stage: str = "") -> None:
    page.goto(f"/staff/approvals/{document.pk}/")
    page.locator(f"#action-{action}").check()
    if to_stage:
        page.get_by_label("差戻し先").select_option(value=to_stage)
    if comment:
        page.get_by_label("コメント").fill(comment)
    page.get_by_role("button", name="処理を記録する").click()
    expect(page.locator(".notice--success")).to_be_visible()


def test_a_document_for_three_applications_is_routed_returned_decided_by_a_deputy_and_notified(
    new_context: NewContext, scene: dict[str, Any]
) -> None:
    office = scene["office"]
    applications = [g.application for g in scene["guests"]]

    drafter = _staff_page(new_context, office.drafter)
    drafter.goto("/staff/approvals/")
    assert_accessible(drafter, "the inbox")
    drafter.get_by_role("link", name="起案する").click()
    assert_accessible(drafter, "the 起案 form")
    drafter.get_by_label("起案所属").select_option(label="学生支援班")
    drafter.get_by_label("決裁区分").select_option(label="重要")
    drafter.get_by_label("件名").fill("食事券の交付決定について")
    drafter.get_by_label("本文").fill("次の3件について、食事券を交付してよろしいか伺います。")
    for application in applications:
        drafter.locator(f"#application-{application.pk}").check()
        drafter.locator(f"#id_amount_{application.pk}").fill("12000")
        drafter.locator(f"#id_reason_{application.pk}").fill("要件を満たすため")
        drafter.locator(f"#id_conditions_{application.pk}").fill("年度内に利用すること")
    drafter.get_by_label("決裁したときの通知書").select_option(label="許可通知書")
    drafter.get_by_label("却下したときの通知書").select_option(label="不受理通知")
    drafter.get_by_role("button", name="保存する").click()
    expect(drafter.get_by_role("heading", level=1)).to_have_text("食事券の交付決定について")
    preview = drafter.get_by_role("region", name="回付ルート（予定）")
    expect(preview).to_contain_text("桑名 次長")
    expect(preview).to_contain_text("松阪 部長")
    assert_accessible(drafter, "the draft document with its route preview")
    drafter.get_by_role("button", name="起案を回付する").click()
    expect(drafter.locator(".notice--success")).to_contain_text("第")
    document = Document.objects.get()

    consultee = _staff_page(new_context, office.consultee, viewport=TABLET)
    consultee.goto("/staff/approvals/")
    expect(consultee.get_by_role("link", name="食事券の交付決定について")).to_be_visible()
    assert_accessible(consultee, "the inbox on a tablet")
    consultee.get_by_role("link", name="食事券の交付決定について").click()
    assert_accessible(consultee, "the document page on a tablet")
    _act(consultee, document, "approve", "合議します")

    kakaricho = _staff_page(new_context, office.kakaricho)
    _act(kakaricho, document, "approve")
    kacho = _staff_page(new_context, office.kacho)
    _act(kacho, document, "return", "決定額の根拠を本文に書いてください", to_stage="2")
    _act(kakaricho, document, "approve", "根拠を確認しました")
    _act(kacho, document, "approve")

    deputy = _staff_page(new_context, office.deputy, viewport=TABLET)
    deputy.goto("/staff/approvals/")
    expect(deputy.get_by_role("region", name="代決できる起案")).to_contain_text("松阪 部長")
    deputy.goto(f"/staff/approvals/{document.pk}/")
    expect(deputy.get_by_text("代決として処理します")).to_be_visible()
    _act(deputy, document, "decide", "部長不在のため代決")
    expect(deputy.get_by_role("region", name="確定した記録")).to_contain_text("一致しています")
    expect(deputy.get_by_role("table", name="回付ルートと処理の状況")).to_contain_text("代決")
    assert_accessible(deputy, "the decided document on a tablet")

    document.refresh_from_db()
    assert document.status == DocumentStatus.DECIDED
    drafter.goto("/staff/approvals/documents/")
    expect(drafter.get_by_role("cell", name="決裁済み")).to_be_visible()
    assert_accessible(drafter, "the list of documents")

    bucho = _staff_page(new_context, office.bucho)
    bucho.goto("/staff/approvals/")
    expect(bucho.get_by_role("region", name="後閲する起案")).to_contain_text("食事券の交付決定について")
    bucho.goto(f"/staff/approvals/{document.pk}/")
    bucho.get_by_role("button", name="後閲しました").click()
    expect(bucho.get_by_role("region", name="処理の記録")).to_contain_text("後閲済み")
    assert_accessible(bucho, "the document after 後閲")

    for guest in scene["guests"]:
        applicant = new_context(bypass_csp=True).new_page()
        applicant.goto(f"/applications/{guest.application.receipt_number}/?key={guest.guest_secret}")
        expect(applicant.get_by_role("region", name="通知書")).to_contain_text("許可通知書")


def test_an_approver_on_a_phone_reads_the_inbox_and_gets_a_clear_error(
    new_context: NewContext, scene: dict[str, Any]
) -> None:
    from kencho.procedures.tests.browser import PHONE

    from ..services import document_send
    from .factories import make_document

    office = scene["office"]
    document = document_send(
        document=make_document(office, applications=[g.application for g in scene["guests"]]),
        actor=office.drafter,
    )
    phone = _staff_page(new_context, office.kakaricho, viewport=PHONE)
    phone.goto("/staff/approvals/")
    assert_accessible(phone, "the inbox on a phone")
    phone.get_by_role("link", name=document.title).click()
    assert_accessible(phone, "the document page on a phone")
    phone.locator("#action-return").check()
    phone.get_by_role("button", name="処理を記録する").click()
    summary = phone.locator("[data-error-summary]")
    expect(summary).to_contain_text("コメント")
    assert_accessible(phone, "the action form with an error on a phone")
    document.refresh_from_db()
    assert document.status == DocumentStatus.IN_PROGRESS


@pytest.fixture
def office_only(transactional_db: Any, units: dict[str, Any]) -> Any:
    return make_office(units)


def test_an_approver_registers_an_absence_and_a_deputy_by_keyboard_on_an_accessible_page(
    new_context: NewContext, office_only: Any
) -> None:
    import datetime

    office = office_only
    today = timezone.localdate()
    start, end = today + datetime.timedelta(days=3), today + datetime.timedelta(days=5)
    page = _staff_page(new_context, office.kacho)
    page.goto("/staff/approvals/")
    page.get_by_role("link", name="不在・代決者").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("不在・代決者")
    assert_accessible(page, "the absences page")

    page.locator("#id_starts_on").fill(end.isoformat())
    page.locator("#id_ends_on").fill(start.isoformat())
    page.locator("#id_reason").fill("出張")
    page.locator("#id_reason").press("Enter")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_contain_text("終了日が開始日より前になっています")
    assert_accessible(page, "the absences page with an error")

    page.locator("#id_starts_on").fill(start.isoformat())
    page.locator("#id_ends_on").fill(end.isoformat())
    page.locator("#id_reason").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".notice--success")).to_contain_text("不在を登録しました")
    listing = page.get_by_role("region", name="登録した不在")
    expect(listing).to_contain_text(f"{start.isoformat()}〜{end.isoformat()}")
    expect(listing).to_contain_text("予定")

    page.locator("#id_deputy").select_option(label="鈴鹿 補佐")
    page.get_by_role("button", name="代決者を登録する").press("Enter")
    expect(page.locator(".notice--success")).to_contain_text("代決者を登録しました")
    expect(page.get_by_role("region", name="代決者を登録する")).to_contain_text("鈴鹿 補佐")
    page.set_viewport_size({"width": 768, "height": 1024})
    assert_accessible(page, "the absences page with an absence and a deputy on a tablet")

    page.get_by_role("button", name=f"{start.isoformat()}〜{end.isoformat()} の不在を取り消す").press("Enter")
    expect(page.locator(".notice--success")).to_contain_text("不在を取り消しました")
    expect(page.get_by_role("region", name="登録した不在")).to_contain_text("登録した不在はありません")
