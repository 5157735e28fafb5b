"""Helpers for the browser tests: Debian's Chromium driven by Playwright, axe-core, and logging in
through the real log-in page."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings

if TYPE_CHECKING:
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from playwright.sync_api import Browser, Page, Playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 390, "height": 844}


def chromium_launch(playwright: Playwright) -> Browser:
    """The system's Chromium; Playwright never downloads a browser of its own here."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


# axe's results hold DOM references; keep only what a failure message needs.
_AXE_RUN = """
tags => axe.run(document, {runOnly: {type: "tag", values: tags}}).then(results =>
  results.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
  })))
"""


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """WCAG 2.1 A and AA violations that axe-core finds on the page as it is now. The page's context
    must be opened with bypass_csp=True: the site allows only its own scripts."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    violations: list[dict[str, Any]] = page.evaluate(_AXE_RUN, WCAG_TAGS)
    return violations


def axe_report(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {node['target']}: {node['summary']}" for node in violation["nodes"])
    return "\n".join(lines)


def assert_accessible(page: Page, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe-core found problems on {where} ({page.url}):\n{axe_report(violations)}"


def totp_code(device: TOTPDevice) -> str:
    """The code an authenticator app shows for the device now."""
    from django_otp.oath import totp

    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return str(code).zfill(device.digits)


def log_in(page: Page, *, email: str, password: str, device: TOTPDevice | None = None) -> None:
    """Log in through the log-in page; staff then type the one-time code of their device."""
    page.goto("/login/")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main button[type=submit]").click()
    if device is not None:
        page.locator("input[name=code]").fill(totp_code(device))
        page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    assert "/login/" not in page.url, f"log-in did not finish: {page.url}"
