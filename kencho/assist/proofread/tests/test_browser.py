"""Staff proofread an uploaded Word file in a real browser, accept some findings, download the
corrected file; axe-core checks each page against WCAG 2.1 AA."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from kencho.conftest import PASSWORD
from kencho.core.models import User
from kencho.procedures.tests import conftest as browser_fixtures
from kencho.procedures.tests.browser import assert_accessible, log_in

from ..docx_files import docx_text
from .factories import make_docx

if TYPE_CHECKING:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kencho.procedures.tests.conftest import NewContext

# The procedures' browser fixtures (one Chromium per module, a context per test), shared not copied.
browser = browser_fixtures.browser
new_context = browser_fixtures.new_context

pytestmark = [pytest.mark.browser]


@pytest.fixture
def device(transactional_db: object) -> TOTPDevice:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kencho.conftest import make_staff
    from kencho.core.services import org_unit_create

    unit = org_unit_create(
        code="01", name_ja="広聴広報課", name_en="Public Relations", level="division", parent=None
    )
    officer: User = make_staff("editor@example.jp", unit, name="広報 花子")
    return TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)


def test_staff_proofread_a_word_file_and_download_it_corrected(
    new_context: NewContext, device: TOTPDevice, tmp_path: Path
) -> None:
    page = new_context(bypass_csp=True).new_page()
    log_in(page, email=device.user.email, password=PASSWORD, device=device)
    page.goto("/staff/proofread/")
    assert_accessible(page, "the proofreading start page")

    upload = tmp_path / "notice.docx"
    upload.write_bytes(make_docx())
    page.get_by_label("またはファイルを選ぶ（.docx・.txt・.md）").set_input_files(str(upload))
    page.get_by_role("button", name="校正する").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("notice.docx")
    expect(page.locator("mark.proofread-mark")).to_have_count(3)
    assert_accessible(page, "the results page")

    findings = page.locator("li.proofread-finding")
    expect(findings.nth(0)).to_contain_text("まず最初に")
    findings.nth(0).get_by_role("button", name="採用").click()
    expect(findings.nth(0).locator("[data-status]")).to_have_text("採用済み")
    findings.nth(1).get_by_role("button", name="採用").click()
    expect(findings.nth(1).locator("[data-status]")).to_have_text("採用済み")
    findings.nth(2).get_by_role("button", name="無視").click()
    expect(findings.nth(2).locator("[data-status]")).to_have_text("無視")
    assert_accessible(page, "the results page after deciding")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="修正版をダウンロード（.docx）").click()
    saved = tmp_path / "corrected.docx"
    download_info.value.save_as(saved)
    assert docx_text(saved.read_bytes()).splitlines() == [
        "説明会のお知らせ",
        "最初に、申請書の内容を確認してください。",
        "受付番号",
        "Ａ１２３",
    ]


def test_term_dictionary_and_rule_pages_are_accessible(new_context: NewContext, device: TOTPDevice) -> None:
    page = new_context(bypass_csp=True).new_page()
    log_in(page, email=device.user.email, password=PASSWORD, device=device)
    page.goto("/staff/proofread/terms/")
    page.get_by_label("正しい表記").first.fill("みえの森")
    page.get_by_label("誤った表記・ゆれ（1行に1つ、または「、」区切り）").first.fill("三重の森")
    page.get_by_role("button", name="登録する").click()
    expect(page.get_by_role("form", name="みえの森")).to_be_visible()
    assert_accessible(page, "the term dictionary")
    page.goto("/staff/proofread/rules/?type=newsletter")
    page.get_by_label("ひらがなで書く語（公用文） (kana_words)").uncheck()
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_label("ひらがなで書く語（公用文） (kana_words)")).not_to_be_checked()
    assert_accessible(page, "the rule switches")
