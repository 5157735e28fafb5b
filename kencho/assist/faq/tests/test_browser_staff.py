"""What FAQ staff do in a real browser: see the unanswered questions grouped and write an entry from a
group, import a spreadsheet with a progress bar, and read an inquiry from the inbox; axe-core checks
each page against WCAG 2.1 AA, on a desktop and on a 390 px phone."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from kencho.conftest import PASSWORD, make_staff
from kencho.core.models import Membership, OrgUnit
from kencho.procedures.tests.browser import log_in

from ..models import FaqCollection, FaqUnansweredQuery
from .test_browser import NOTHING_FITS, SIZES, _check, browser, kanko, new_context

if TYPE_CHECKING:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kencho.procedures.tests.conftest import NewContext

pytestmark = pytest.mark.browser

__all__ = ["browser", "kanko", "new_context"]  # fixtures, found by name in this module


@pytest.fixture
def tourism_officer(kanko: FaqCollection) -> TOTPDevice:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    unit = OrgUnit.objects.get(code="0501")
    officer = make_staff("kanko.officer@example.jp", unit, Membership.Role.OFFICER, name="鳥羽 真子")
    return TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)


@pytest.mark.parametrize("size", SIZES)
def test_staff_see_the_unanswered_group_and_write_an_entry_from_it(
    new_context: NewContext, kanko: FaqCollection, tourism_officer: TOTPDevice, size: str
) -> None:
    viewport = SIZES[size]
    for question in ("ドローンの飛行許可", "ドローン 飛行 許可", NOTHING_FITS):
        FaqUnansweredQuery.objects.create(collection=kanko, query=question, language="ja")
    page = new_context(bypass_csp=True, **({"viewport": viewport} if viewport else {})).new_page()
    log_in(page, email=tourism_officer.user.email, password=PASSWORD, device=tourism_officer)
    page.goto("/staff/faq/")
    _check(page, f"the staff collection list ({size})", viewport)
    page.get_by_role("link", name="三重県観光FAQ").click()
    _check(page, f"the staff entries list ({size})", viewport)
    page.get_by_role("link", name="回答できなかった質問").first.click()
    groups = page.locator(".faq-groups > li")
    expect(groups.first).to_contain_text("ドローン")
    _check(page, f"the unanswered questions ({size})", viewport)

    groups.first.get_by_role("link", name="このグループから回答を書く").click()
    expect(page.locator("#id_question")).to_have_value(re.compile("ドローン"))
    _check(page, f"the entry form ({size})", viewport)
    page.locator("#id_answer").fill("国土交通省の許可が必要です。\nhttps://www.mlit.go.jp/")
    page.get_by_label("質問（英語）").fill("Where do I get a drone permit?")
    page.get_by_label("回答（英語）").fill(
        "From the Ministry of Land, Infrastructure, Transport and Tourism."
    )
    page.get_by_role("button", name="保存する").click()
    expect(page.locator(".notice")).to_contain_text("回答を保存しました")
    assert FaqUnansweredQuery.objects.filter(resolved_at__isnull=True).count() < 3

    page.goto("/staff/faq/kanko/import/")
    _check(page, f"the import page ({size})", viewport)


def test_staff_import_a_spreadsheet_with_a_progress_bar(
    new_context: NewContext, kanko: FaqCollection, tourism_officer: TOTPDevice, tmp_path: Any
) -> None:
    path = tmp_path / "kanko.csv"
    path.write_bytes(
        "key,question,answer\r\nonsen,温泉はありますか,榊原温泉があります。\r\n".encode("utf-8-sig")
    )
    page = new_context().new_page()
    log_in(page, email=tourism_officer.user.email, password=PASSWORD, device=tourism_officer)
    page.goto("/staff/faq/kanko/import/")
    page.get_by_label("CSVまたはExcel（xlsx）ファイル").set_input_files(path)
    with page.expect_request(lambda request: request.method == "POST") as upload:
        page.get_by_role("button", name="読み込む").click()
    assert upload.value.resource_type == "xhr"  # sent by the progress-bar script, not a plain post
    expect(page.locator(".notice")).to_contain_text("追加 1件、更新 0件、削除 0件")
    assert kanko.entries.filter(key="onsen").exists()
    expect(page.get_by_role("link", name="温泉はありますか")).to_be_visible()


def test_staff_read_an_inquiry_from_the_inbox(
    new_context: NewContext, kanko: FaqCollection, tourism_officer: TOTPDevice
) -> None:
    from ..records import inquiry_submit

    inquiry = inquiry_submit(collection=kanko, message="ドローンについて", email="a@example.jp")
    page = new_context(bypass_csp=True).new_page()
    log_in(page, email=tourism_officer.user.email, password=PASSWORD, device=tourism_officer)
    page.goto("/staff/faq/inquiries/")
    _check(page, "the inquiries inbox", None)
    page.get_by_role("link", name=f"FAQ-{inquiry.pk:06d}").click()
    expect(page.locator("dl")).to_contain_text("a@example.jp")
    _check(page, "an inquiry", None)
    page.get_by_label("状況を変える").select_option("closed")
    page.get_by_role("button", name="変更する").click()
    expect(page.locator(".notice")).to_contain_text("対応済み")
