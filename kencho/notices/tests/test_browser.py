"""What staff and an applicant do in a real browser: upload a Word template, issue notices for
several applications, watch the progress bar complete, and receive the notice on the status page;
axe-core checks every page against WCAG 2.1 AA (JIS X 8341-3 AA)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import FilePayload, expect

from kencho.conftest import PASSWORD, make_staff
from kencho.procedures.services import application_submit
from kencho.procedures.tests.browser import assert_accessible, log_in
from kencho.procedures.tests.conftest import browser, new_context
from kencho.procedures.tests.factories import VALID_ANSWERS

from ..demo_templates import rejection_docx
from ..models import Notice
from .factories import make_notice_procedure, make_scheme

if TYPE_CHECKING:
    from kencho.procedures.tests.conftest import NewContext

pytestmark = pytest.mark.browser
__all__ = ["browser", "new_context"]


@pytest.fixture
def office(transactional_db: Any, units: dict[str, Any], settings: Any) -> dict[str, Any]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.KENCHO_NOTICES_BATCH_RUNNER = "thread"  # as on a single machine: the request returns at once
    settings.KENCHO_NOTICES_CHUNK_SIZE = 2
    unit = units["section"]
    make_scheme(unit)
    officer = make_staff("notices.officer@example.jp", unit, name="三重 花子")
    procedure = make_notice_procedure(unit)
    guests = [
        application_submit(procedure=procedure, answers=VALID_ANSWERS, applicant=None, language="ja")
        for _ in range(3)
    ]
    return {
        "device": TOTPDevice.objects.create(user=officer, name="phone", confirmed=True),
        "procedure": procedure,
        "guests": guests,
    }


def test_staff_issue_notices_and_the_applicant_receives_one(
    new_context: NewContext, office: dict[str, Any]
) -> None:
    page = new_context(bypass_csp=True).new_page()
    log_in(page, email=office["device"].user.email, password=PASSWORD, device=office["device"])

    page.goto("/staff/notices/")
    assert_accessible(page, "the notices page")
    page.get_by_role("link", name="様式を登録する").click()
    assert_accessible(page, "the template upload page")
    page.get_by_label("所属").select_option(label="学生支援班")
    page.get_by_label("種類").select_option(label="不受理通知")
    page.get_by_label("様式名").fill("不受理通知")
    page.get_by_label("文書番号の体系").select_option(index=1)
    page.get_by_label("差出人", exact=True).fill("三重県知事 三重 一郎")
    page.get_by_label("Word ファイル（.docx）").set_input_files(
        files=FilePayload(name="fujuri.docm", mimeType="application/octet-stream", buffer=rejection_docx())
    )
    page.get_by_role("button", name="登録する").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("マクロ")
    assert_accessible(page, "the upload page with an error")
    page.get_by_label("Word ファイル（.docx）").set_input_files(
        files=FilePayload(name="fujuri.docx", mimeType="application/octet-stream", buffer=rejection_docx())
    )
    page.get_by_role("button", name="登録する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("不受理通知")
    assert_accessible(page, "the template page")

    page.get_by_role("link", name="通知書を作成する").click()
    page.get_by_label("手続").select_option(label=office["procedure"].title_ja)
    page.get_by_label("状況").select_option(value="received")
    page.get_by_role("button", name="申請を表示する").click()
    assert_accessible(page, "the batch page with applications")
    page.get_by_label("決定日").fill("令和7年6月2日")
    page.get_by_label("理由（様式が {{ 理由 }} を使うとき）").fill("受付期間を過ぎて提出されたため。")
    page.get_by_role("button", name="通知書を作成する").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("通知書の一括作成")
    progress = page.locator("#batch-progress")
    expect(progress).to_have_attribute("max", "3")
    # progress.js polls and reloads the page once the batch is finished.
    expect(page.get_by_role("status").filter(has_text="完了")).to_be_visible(timeout=120_000)
    expect(progress).to_have_attribute("value", "3")
    expect(page.get_by_role("cell", name="三重県指令 環第3号", exact=True)).to_be_visible()
    assert_accessible(page, "the finished batch")
    assert Notice.objects.count() == 3

    guest = office["guests"][0]
    applicant = new_context(bypass_csp=True).new_page()
    applicant.goto(f"/applications/{guest.application.receipt_number}/?key={guest.guest_secret}")
    notices = applicant.get_by_role("region", name="通知書")
    expect(notices).to_contain_text("三重県指令 環第1号")
    assert_accessible(applicant, "the status page with a notice")
    link = notices.get_by_role("link")
    response = applicant.request.get(link.get_attribute("href") or "")
    assert response.status == 200
    assert response.body()[:4] in {b"%PDF", b"PK\x03\x04"}
