"""Fixtures for the browser tests: one Chromium, a fresh browser context per test on the live server,
and the demo data."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from .browser import CHROMIUM, chromium_launch

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

NewContext = Callable[..., "BrowserContext"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium for all the browser tests of a module.

    Not session-wide on purpose: between calls Playwright's sync API marks an asyncio loop as running
    in the main thread, which makes Django refuse ORM calls there (hence DJANGO_ALLOW_ASYNC_UNSAFE
    while it runs) and would do the same to every test collected after the browser tests."""
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = chromium_launch(playwright)
            yield browser
            browser.close()


@pytest.fixture
def new_context(browser: Browser, live_server: Any) -> Iterator[NewContext]:
    """Open a browser context on the live server: Japanese, desktop-sized unless told otherwise.
    Every context is closed when the test ends."""
    contexts: list[BrowserContext] = []

    def open_context(**options: Any) -> BrowserContext:
        options = {"base_url": live_server.url, "locale": "ja-JP", **options}
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: NewContext) -> Page:
    return new_context().new_page()


@pytest.fixture
def demo(transactional_db: Any) -> None:
    """The demo units, people and procedures, as `manage.py load_demo` creates them."""
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
