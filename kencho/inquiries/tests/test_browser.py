"""In a real browser: a municipality downloads the generated Excel, uploads it with one error, reads
the message naming the sheet and cell, fixes it and uploads again; the sender's totals update.
axe-core checks each page against WCAG 2.1 AA (JIS X 8341-3 AA)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import FilePayload, expect

from kencho.conftest import PASSWORD
from kencho.procedures.tests.browser import assert_accessible, log_in
from kencho.procedures.tests.conftest import browser, new_context

from ..demo_forms import NURSING_HOME_RULES, nursing_home_definition
from .factories import fill_template, make_organisation, make_respondent, make_survey

if TYPE_CHECKING:
    from kencho.procedures.tests.conftest import NewContext

pytestmark = pytest.mark.browser
__all__ = ["browser", "new_context"]
ROWS = "施設別入所状況"


@pytest.fixture
def setting(transactional_db: Any, units: dict[str, Any], sender: Any) -> dict[str, Any]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    tsu = make_organisation("242012", "津市")
    yokkaichi = make_organisation("242021", "四日市市")
    tsu_user = make_respondent(tsu, "tsu.survey@example.jp")
    survey = make_survey(
        units["section"],
        sender,
        nursing_home_definition(),
        [tsu, yokkaichi],
        title="特別養護老人ホーム入所状況調査",
        rules=NURSING_HOME_RULES,
    )
    return {
        "survey": survey,
        "respondent": TOTPDevice.objects.create(user=tsu_user, name="phone", confirmed=True),
        "sender": TOTPDevice.objects.create(user=sender, name="phone", confirmed=True),
    }


def test_a_municipality_fixes_its_excel_answer_and_the_senders_totals_update(
    new_context: NewContext, setting: dict[str, Any], tmp_path: Path
) -> None:
    survey = setting["survey"]
    page = new_context(bypass_csp=True).new_page()
    log_in(page, email=setting["respondent"].user.email, password=PASSWORD, device=setting["respondent"])
    page.goto("/inquiries/")
    assert_accessible(page, "the respondent's surveys")
    page.get_by_role("link", name="特別養護老人ホーム入所状況調査").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("特別養護老人ホーム入所状況調査")
    assert_accessible(page, "the survey page")
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel の様式をダウンロードする").click()
    template = Path(download.value.path()).read_bytes()

    bad = fill_template(
        template,
        {6: "2025-04-01", 7: "津市 介護保険担当"},
        {ROWS: [["ひまわり苑", "社会福祉法人", 80, "七十八", 12]]},
    )
    page.get_by_label("記入した Excel ファイル（.xlsx）").set_input_files(
        files=FilePayload(name="tsu.xlsx", mimeType="application/octet-stream", buffer=bad)
    )
    page.get_by_role("button", name="提出する").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_contain_text("シート「施設別入所状況」のセル D2")
    expect(summary).to_contain_text("入所者数")
    assert_accessible(page, "the survey page with an upload error")

    good = fill_template(
        template,
        {6: "2025-04-01", 7: "津市 介護保険担当"},
        {ROWS: [["ひまわり苑", "社会福祉法人", 80, 78, 12], ["あおば園", "市町", 50, 49, None]]},
    )
    page.get_by_label("記入した Excel ファイル（.xlsx）").set_input_files(
        files=FilePayload(name="tsu.xlsx", mimeType="application/octet-stream", buffer=good)
    )
    page.get_by_role("button", name="提出する").click()
    expect(page.locator(".notice").first).to_contain_text("回答を提出しました。")
    expect(page.get_by_role("cell", name="Excel（tsu.xlsx）")).to_be_visible()

    page.get_by_role("link", name="画面で回答する").click()
    expect(page.locator("#f-facilities-1-facility_name")).to_have_value("あおば園")
    assert_accessible(page, "the browser answer form")
    page.goto(f"/inquiries/{survey.public_id}/legacy/")
    expect(page.get_by_role("heading", level=1)).to_have_text("いつものブックの対応づけ")
    assert_accessible(page, "the own-workbook mapping page")

    staff = new_context(bypass_csp=True).new_page()
    log_in(staff, email=setting["sender"].user.email, password=PASSWORD, device=setting["sender"])
    staff.goto(f"/staff/inquiries/{survey.public_id}/")
    expect(staff.locator('#totals tr[data-measure="facilities.residents"] td.number').first).to_have_text(
        "127"
    )
    expect(staff.locator('#totals tr[data-measure="facilities.capacity"] td.number').first).to_have_text(
        "130"
    )
    expect(staff.locator("#by-respondent")).to_contain_text("津市")
    assert_accessible(staff, "the sender's dashboard")
    staff.get_by_role("link", name="津市").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("津市")
    assert_accessible(staff, "an answer on the sender's side")
    staff.goto("/staff/inquiries/")
    assert_accessible(staff, "the sender's survey list")


def test_sender_pages_by_keyboard_are_accessible(new_context: NewContext, setting: dict[str, Any]) -> None:
    survey = setting["survey"]
    staff = new_context(bypass_csp=True).new_page()
    log_in(staff, email=setting["sender"].user.email, password=PASSWORD, device=setting["sender"])
    staff.goto("/staff/inquiries/new/")
    expect(staff.get_by_role("group", name="照会先")).to_contain_text("四日市市")
    assert_accessible(staff, "the new survey page")
    staff.get_by_role("button", name="作成する").focus()
    staff.keyboard.press("Enter")
    expect(staff.locator("[data-error-summary]")).to_be_visible()
    assert_accessible(staff, "the new survey page with errors")
    staff.goto("/staff/inquiries/respondents/")
    assert_accessible(staff, "the respondents page")
    staff.goto(f"/staff/inquiries/{survey.public_id}/")
    staff.get_by_role("button", name="バックグラウンドで集計する").focus()
    staff.keyboard.press("Enter")
    expect(staff.get_by_role("heading", level=1)).to_have_text("集計の進み具合")
    expect(staff.get_by_role("link", name="集計結果を見る")).to_be_visible()
    assert_accessible(staff, "the aggregation progress page")
