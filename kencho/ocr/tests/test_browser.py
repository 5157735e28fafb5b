"""A reviewer in a real browser: upload a batch of scans, watch it finish, and clear the review queue
by keyboard alone (type the missing value, Enter to accept, Enter on the next page). The template
editor draws a box with the mouse. axe-core checks every page against WCAG 2.1 AA."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import FilePayload, expect

from kencho.conftest import PASSWORD, make_staff
from kencho.ocr import samples
from kencho.ocr.models import Batch, PageStatus
from kencho.ocr.services import template_boxes_save, template_create
from kencho.procedures.models import Application
from kencho.procedures.tests.browser import assert_accessible, log_in
from kencho.procedures.tests.conftest import browser, new_context
from kencho.procedures.tests.factories import make_procedure

if TYPE_CHECKING:
    from kencho.procedures.tests.conftest import NewContext

pytestmark = pytest.mark.browser
__all__ = ["browser", "new_context"]


@pytest.fixture
def office(transactional_db: Any, units: dict[str, Any]) -> dict[str, Any]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    officer = make_staff("ocr.officer@example.jp", units["section"], name="三重 花子")
    procedure = make_procedure(
        unit=units["section"], slug="paper", schema=samples.FORM_DEFINITION, title_ja="児童扶養手当の認定請求"
    )
    template = template_create(
        name="認定請求書",
        procedure=procedure,
        image_name="blank.png",
        image=samples.blank_page_bytes(),
        actor=officer,
    )
    template_boxes_save(template=template, boxes=[dict(b) for b in samples.TEMPLATE_BOXES], actor=officer)
    return {
        "device": TOTPDevice.objects.create(user=officer, name="phone", confirmed=True),
        "template": template,
    }


def test_a_reviewer_clears_an_ocr_batch_by_keyboard(new_context: NewContext, office: dict[str, Any]) -> None:
    missing_phone = samples.sample_answers(71, "handwriting")
    missing_phone.written["phone"] = ""
    scans = samples.pages_pdf(
        [samples.filled_page(missing_phone), samples.filled_page(samples.sample_answers(73, "typed"))]
    )
    page = new_context(bypass_csp=True).new_page()
    log_in(page, email=office["device"].user.email, password=PASSWORD, device=office["device"])

    page.goto("/staff/ocr/")
    assert_accessible(page, "the OCR home page")
    page.get_by_role("link", name="認定請求書").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("認定請求書")
    assert_accessible(page, "the template editor")

    # Drawing a box with the mouse fills a row of the table with its coordinates.
    canvas = page.locator("[data-box-canvas]")
    box = canvas.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 40, box["y"] + 40)
    page.mouse.down()
    page.mouse.move(box["x"] + 140, box["y"] + 90, steps=5)
    page.mouse.up()
    drawn = page.locator("input[name$='-width']").nth(len(samples.TEMPLATE_BOXES))
    assert int(drawn.input_value()) > 50
    expect(page.locator("select[name$='-key']").nth(len(samples.TEMPLATE_BOXES))).to_be_focused()

    page.locator("#id_files").set_input_files(
        files=FilePayload(name="scans.pdf", mimeType="application/pdf", buffer=scans)
    )
    page.get_by_label("保存用に検索できるPDFも作る").uncheck()
    # Without a broker the pages are read in the request itself (a few seconds on a busy machine).
    page.get_by_role("button", name="読み取りを始める").click(timeout=120_000)
    expect(page.get_by_role("heading", level=1)).to_contain_text("読み取りの状況", timeout=120_000)
    expect(page.locator("[data-progress-text]")).to_contain_text("2 / 2", timeout=60_000)
    assert_accessible(page, "the batch page")
    batch = Batch.objects.get()

    page.get_by_role("link", name="確認待ちのページを確認する").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("1 / 2")
    assert_accessible(page, "the review page")
    # The invalid field (the empty phone box) comes first and has the focus; the keyboard does the rest.
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("aria-invalid", "true")
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.type("059-224-2000")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2 / 2", timeout=30_000)
    assert_accessible(page, "the second page")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("読み取りの状況", timeout=30_000)
    assert set(batch.pages.values_list("status", flat=True)) == {PageStatus.ACCEPTED}
    phones = sorted(Application.objects.values_list("data__phone", flat=True))
    assert "059-224-2000" in phones and len(phones) == 2
