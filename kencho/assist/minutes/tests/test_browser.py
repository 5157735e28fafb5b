"""What an officer does in a real browser: upload a transcript, name the speakers, edit the cleaned
text and export Word, with axe-core checking each page against WCAG 2.1 AA (JIS X 8341-3 AA)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import FilePayload, expect

from kencho.conftest import PASSWORD, make_staff
from kencho.core.models import OrgUnit
from kencho.core.services import org_unit_create
from kencho.procedures.tests.browser import assert_accessible, log_in

from .transcripts import COMMITTEE_VTT

if TYPE_CHECKING:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kencho.procedures.tests.conftest import NewContext

pytestmark = pytest.mark.browser


@pytest.fixture
def officer_device(transactional_db: Any) -> TOTPDevice:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    division: OrgUnit = org_unit_create(
        code="0301", name_ja="医療政策課", name_en="Medical Policy Division", level="division", parent=None
    )
    officer = make_staff("minutes.officer@example.jp", division, name="三重 花子")
    return TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)


def test_officer_uploads_names_speakers_edits_and_exports_word(
    new_context: NewContext, officer_device: TOTPDevice, tmp_path: Path
) -> None:
    page = new_context(bypass_csp=True, accept_downloads=True).new_page()
    log_in(page, email=officer_device.user.email, password=PASSWORD, device=officer_device)

    page.goto("/staff/minutes/")
    assert_accessible(page, "the list of minutes")
    page.get_by_role("link", name="文字起こしを読み込む").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("文字起こしを読み込む")
    assert_accessible(page, "the upload page")

    # A file that is not a transcript: the page says why, and nothing breaks.
    page.get_by_label("会議名").fill("健康福祉病院常任委員会")
    page.get_by_label("開催日").fill("令和7年12月3日")
    page.get_by_label("文字起こしファイル").set_input_files(
        files=FilePayload(name="photo.vtt", mimeType="text/vtt", buffer=b"\x89PNG\r\n\x1a\n\x00\x00")
    )
    page.get_by_role("button", name="読み込む").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("テキストではないファイルです")
    assert_accessible(page, "the upload page with an error")

    page.get_by_label("文字起こしファイル").set_input_files(
        files=FilePayload(name="committee.vtt", mimeType="text/vtt", buffer=COMMITTEE_VTT.encode("utf-16"))
    )
    page.get_by_role("button", name="読み込む").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("発言者の名前")
    assert_accessible(page, "the speakers page")
    page.get_by_label("「三重 太郎」の名前").fill("委員長（三重太郎君）")
    page.get_by_label("「田中 一郎」の名前").fill("田中委員")
    page.get_by_role("button", name="保存して議事録を作り直す").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("議事録の確認・修正")
    assert_accessible(page, "the edit page")
    cleaned = page.get_by_label("議事録（整文）")
    expect(cleaned).to_contain_text("○田中委員")
    cleaned.fill(cleaned.input_value().replace("300人", "300人（確認済み）"))
    page.get_by_role("button", name="保存する").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("健康福祉病院常任委員会")
    assert_accessible(page, "the minutes page")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="議事録（整文）Word 形式（.docx）").click()
    saved = tmp_path / "minutes.docx"
    download_info.value.save_as(saved)

    from docx import Document

    document = Document(io.BytesIO(saved.read_bytes()))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "健康福祉病院常任委員会"
    assert any("300人（確認済み）" in text for text in texts)
    assert any(text.startswith("○田中委員") for text in texts)
