"""What a visitor and a staff member do with the FAQ in a real browser: a resident opens the chat widget
by keyboard, asks, reaches the answer and says whether it helped; a question nothing answers leads to
the contact form, which is sent; the full page works without JavaScript; the widget works on another
site's page. axe-core checks every page and the open widget against WCAG 2.1 AA, on a desktop and on
a 390 px phone. The staff pages are in test_browser_staff.py."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from kencho.core.services import org_unit_create
from kencho.procedures.tests import conftest as browser_fixtures
from kencho.procedures.tests.browser import PHONE, assert_accessible
from kencho.procedures.tests.test_browser import tab_to

from ..models import FaqCollection, FaqFeedback, FaqInquiry, FaqUnansweredQuery
from ..services import EntryContent, collection_create, entries_save
from ..vectors import entries_embed

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from kencho.procedures.tests.conftest import NewContext

pytestmark = pytest.mark.browser

# The procedures' browser fixtures (one Chromium per module, a context per test), shared rather than
# copied: fixtures are found by name in the test module.
browser = browser_fixtures.browser
new_context = browser_fixtures.new_context

SIZES = {"desktop": None, "phone": PHONE}
ISE = "伊勢神宮への行き方を教えてください"
NOTHING_FITS = "ドローンを飛ばす許可はどこでとれますか"


def _entry(
    key: str, question: str, answer: str, english: tuple[str, str], *alternatives: str
) -> EntryContent:
    return EntryContent(
        key=key,
        question=question,
        answer=answer,
        category="観光",
        alternative_questions=alternatives,
        translations={"en": english},
    )


@pytest.fixture
def kanko(transactional_db: Any) -> FaqCollection:
    """A small tourism collection with embeddings, owned by 観光魅力創造課."""
    department = org_unit_create(
        code="05", name_ja="観光部", name_en="Tourism", level="department", parent=None
    )
    unit = org_unit_create(
        code="0501", name_ja="観光魅力創造課", name_en="Tourism Division", level="division", parent=department
    )
    collection = collection_create(
        slug="kanko", title_ja="三重県観光FAQ", title_en="Mie Tourism FAQ", owner_unit=unit
    )
    entries_save(
        collection=collection,
        embed=False,
        contents=[
            _entry(
                "ise-access",
                "伊勢神宮へはどうやって行けばいいですか？",
                "<p>伊勢市駅から外宮まで歩いて約5分です。内宮へはバスで約15分です。</p>",
                (
                    "How do I get to Ise Jingu?",
                    "<p>The Outer Shrine is a 5-minute walk from Iseshi Station.</p>",
                ),
                "伊勢神宮の行き方",
                "内宮までのバス",
            ),
            _entry(
                "ise-hours",
                "伊勢神宮の参拝時間は？",
                "<p>季節によって変わります。1月から4月は5時から18時です。</p>",
                ("When is Ise Jingu open?", "<p>It depends on the season.</p>"),
                "伊勢神宮 何時から",
            ),
            _entry(
                "ninja",
                "忍者を体験できるところはありますか？",
                "<p>伊賀流忍者博物館で忍者ショーを見られます。</p>",
                ("Where can I experience ninja culture?", "<p>At the Iga-ryu Ninja Museum.</p>"),
                "伊賀 忍者",
            ),
            _entry(
                "pearl",
                "真珠のお土産はどこで買えますか？",
                "<p>鳥羽のミキモト真珠島で買えます。</p>",
                ("Where can I buy pearls?", "<p>On Mikimoto Pearl Island in Toba.</p>"),
                "真珠 買う",
            ),
            _entry(
                "wifi",
                "無料Wi-Fiはありますか？",
                "<p>主な駅と観光案内所で使えます。</p>",
                ("Is there free Wi-Fi?", "<p>At major stations and tourist information centres.</p>"),
            ),
            _entry(
                "luggage",
                "荷物を預けられる場所はありますか？",
                "<p>伊勢市駅にコインロッカーがあります。</p>",
                ("Where can I leave my luggage?", "<p>There are coin lockers at Iseshi Station.</p>"),
            ),
        ],
    )
    entries_embed(collection=collection)
    collection.refresh_from_db()
    return collection


def _check(page: Page, where: str, viewport: dict[str, int] | None) -> None:
    assert_accessible(page, where)
    if viewport:  # WCAG 1.4.10: no sideways scrolling on a phone
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{where} is {width}px wide on a {viewport['width']}px screen"


def _focused_inside(page: Page, selector: str) -> bool:
    return bool(page.evaluate(f"!!document.activeElement.closest({selector!r})"))


# --- the chat widget


@pytest.mark.parametrize("size", SIZES)
def test_a_resident_asks_the_widget_by_keyboard_and_says_the_answer_helped(
    new_context: NewContext, kanko: FaqCollection, size: str
) -> None:
    viewport = SIZES[size]
    page = new_context(bypass_csp=True, **({"viewport": viewport} if viewport else {})).new_page()
    page.goto("/faq/")
    launcher = page.get_by_role("button", name="質問する")
    tab_to(page, launcher, limit=60)
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="チャットで質問")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("textbox", name="質問")).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    _check(page, f"the open widget ({size})", viewport)

    page.keyboard.type(ISE)
    page.keyboard.press("Enter")
    expect(dialog.locator("[role=status]")).to_contain_text(
        "回答が見つかりました: 伊勢神宮へはどうやって行けばいいですか？"
    )
    expect(dialog.locator(".kfaq-answer").first).to_contain_text("伊勢市駅から外宮まで歩いて約5分")
    expect(dialog.locator("details summary").first).to_be_visible()  # the alternatives
    _check(page, f"the widget with an answer ({size})", viewport)

    yes = dialog.get_by_role("button", name="はい")
    tab_to(page, yes)
    assert _focused_inside(page, ".kfaq-dialog")
    with page.expect_response(lambda response: "/widget-feedback/" in response.url) as sent:
        page.keyboard.press("Enter")
    assert sent.value.status == 200
    expect(dialog.locator(".kfaq-thanks")).to_be_focused()
    expect(dialog.locator(".kfaq-thanks")).to_have_text("ご協力ありがとうございました。")
    feedback = FaqFeedback.objects.get()
    assert feedback.helpful and feedback.entry is not None and feedback.entry.key == "ise-access"

    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")


def test_the_focus_stays_inside_the_open_widget(new_context: NewContext, kanko: FaqCollection) -> None:
    page = new_context().new_page()
    page.goto("/faq/")
    page.get_by_role("button", name="質問する").click()
    for _ in range(12):
        page.keyboard.press("Tab")
        assert _focused_inside(page, ".kfaq-dialog")
    for _ in range(12):
        page.keyboard.press("Shift+Tab")
        assert _focused_inside(page, ".kfaq-dialog")
    page.get_by_role("button", name="閉じる").click()
    expect(page.get_by_role("button", name="質問する")).to_be_focused()


def test_an_english_question_in_the_widget_finds_the_japanese_entry(
    new_context: NewContext, kanko: FaqCollection
) -> None:
    page = new_context(locale="en-GB").new_page()
    page.goto("/faq/")
    page.get_by_role("button", name="Ask a question").click()
    dialog = page.get_by_role("dialog", name="Ask us")
    dialog.get_by_role("textbox", name="Your question").fill("How can I get to the Ise Grand Shrine?")
    dialog.get_by_role("button", name="Send").click()
    expect(dialog.locator(".kfaq-question")).to_have_text("How do I get to Ise Jingu?")


def test_a_question_nothing_answers_leads_to_the_contact_form_which_is_sent(
    new_context: NewContext, kanko: FaqCollection
) -> None:
    page = new_context(bypass_csp=True).new_page()
    page.goto("/faq/")
    page.get_by_role("button", name="質問する").click()
    page.keyboard.type(NOTHING_FITS)
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog.locator("[role=status]")).to_contain_text("ぴったりの回答が見つかりませんでした")
    contact = dialog.get_by_role("link", name="担当課に問い合わせる")
    tab_to(page, contact)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/faq/kanko/contact/\?q="))
    assert FaqUnansweredQuery.objects.filter(query=NOTHING_FITS).exists()

    message = page.get_by_label("お問い合わせ内容")
    expect(message).to_have_value(NOTHING_FITS)
    _check(page, "the contact form", None)
    page.get_by_role("button", name="送信する").click()  # no way to reply given
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(page.locator("#id_email_error")).to_contain_text("メールアドレスか電話番号")
    expect(page.locator("#id_email_error [lang=en]")).to_contain_text("e-mail address or a telephone number")
    _check(page, "the contact form with errors", None)

    page.get_by_label("お名前").fill("鈴鹿 一郎")
    page.get_by_label("メールアドレス").fill("ichiro@example.jp")
    page.get_by_role("button", name="送信する").click()
    page.wait_for_url(re.compile(r"/faq/kanko/contact/sent/$"))
    inquiry = FaqInquiry.objects.get()
    expect(page.locator("[data-reference]")).to_have_text(f"FAQ-{inquiry.pk:06d}")
    assert inquiry.unit.code == "0501" and inquiry.query == NOTHING_FITS
    _check(page, "the confirmation", None)


# --- the full page


@pytest.mark.parametrize("size", SIZES)
def test_the_full_page_answers_and_takes_feedback_in_place(
    new_context: NewContext, kanko: FaqCollection, size: str
) -> None:
    viewport = SIZES[size]
    page = new_context(bypass_csp=True, **({"viewport": viewport} if viewport else {})).new_page()
    page.goto("/faq/kanko/")
    _check(page, f"the FAQ page ({size})", viewport)
    page.get_by_role("searchbox", name="質問").fill(ISE)
    page.get_by_role("button", name="質問する").click()
    expect(page.locator("#answer-question")).to_have_text("伊勢神宮へはどうやって行けばいいですか？")
    _check(page, f"the FAQ page with an answer ({size})", viewport)
    url = page.url
    page.get_by_role("button", name="いいえ、解決しません").click()
    status = page.locator("[data-faq-feedback-status]")
    expect(status).to_be_focused()
    expect(status).to_contain_text("ご意見ありがとうございました")
    expect(status.get_by_role("link", name="担当課に問い合わせる")).to_be_visible()
    assert page.url == url  # posted in place
    assert FaqFeedback.objects.get().helpful is False
    _check(page, f"the FAQ page after feedback ({size})", viewport)
    page.goto("/faq/kanko/contact/?q=x")
    _check(page, f"the contact form ({size})", viewport)


def test_the_full_page_works_without_javascript(new_context: NewContext, kanko: FaqCollection) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/faq/kanko/")
    page.get_by_label("やさしい日本語で表示する").check()
    page.get_by_role("searchbox", name="質問").fill("忍者の体験")
    page.get_by_role("button", name="質問する").click()
    expect(page.locator("#answer-question")).to_have_text("忍者を体験できるところはありますか？")
    page.locator("details summary").first.click()  # an alternative opens without a script
    page.get_by_role("button", name="はい、解決しました").click()
    expect(page.locator(".notice")).to_have_text("ご協力ありがとうございました。")
    assert "feedback=yes" in page.url
    assert FaqFeedback.objects.get().entry.key == "ninja"  # type: ignore[union-attr]
    _check_without_scripts(new_context, page.url, "the FAQ page without JavaScript")

    page.goto(f"/faq/kanko/?q={NOTHING_FITS}")
    page.get_by_role("link", name="担当課に問い合わせる").click()
    page.get_by_label("電話番号").fill("０５９－２２４－３０７０")
    page.get_by_role("button", name="送信する").click()
    expect(page.locator("[data-reference]")).to_have_text(re.compile(r"FAQ-\d{6}"))
    assert FaqInquiry.objects.get().phone == "059-224-3070"
    _check_without_scripts(
        new_context, f"/faq/kanko/contact/?q={NOTHING_FITS}", "the contact form without JavaScript"
    )


def _check_without_scripts(new_context: NewContext, url: str, where: str) -> None:
    """axe-core on the page as a browser without JavaScript shows it: axe needs scripts itself, so the
    page's own scripts are blocked instead of all scripts being switched off."""
    context = new_context(bypass_csp=True)
    context.route("**/*.js", lambda route: route.abort())
    page = context.new_page()
    page.goto(url)
    assert not page.locator(".kfaq-launcher").count()
    _check(page, where, None)


@pytest.fixture
def town_site(live_server: Any) -> Iterator[str]:
    """Another site (its own origin on 127.0.0.1, Kencho's live server being on localhost) whose page
    has only the widget's script tag and a strict Content-Security-Policy allowing Kencho's origin."""
    kencho = live_server.url
    csp = f"default-src 'self'; script-src {kencho}; style-src {kencho}; connect-src {kencho}"
    body = (
        '<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>町のページ</title>'
        f'<script src="{kencho}/static/faq/widget.js" data-collection="kanko" defer></script>'
        "</head><body><main><h1>町のページ</h1></main></body></html>"
    ).encode()

    class TownPage(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Security-Policy", csp)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), TownPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/kanko.html"
    server.shutdown()
    server.server_close()


def test_the_widget_works_on_another_sites_page(
    new_context: NewContext, kanko: FaqCollection, live_server: Any, town_site: str
) -> None:
    page = new_context().new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(town_site)
    page.get_by_role("button", name="質問する").click()
    page.keyboard.type(ISE)
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog.locator(".kfaq-question")).to_have_text("伊勢神宮へはどうやって行けばいいですか？")
    with page.expect_response(lambda response: "/widget-feedback/" in response.url) as feedback:
        dialog.get_by_role("button", name="はい").click()
    assert feedback.value.status == 200
    expect(dialog.locator(".kfaq-thanks")).to_be_visible()
    link = dialog.get_by_role("link", name="よくある質問のページを開く")
    assert link.get_attribute("href") == f"{live_server.url}/faq/kanko/"
    assert page.evaluate("getComputedStyle(document.querySelector('.kfaq-launcher')).position") == "fixed"
    assert FaqFeedback.objects.filter(helpful=True).exists()
    assert not errors, errors
