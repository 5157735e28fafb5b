"""The browser fixtures of the procedures tests (one Chromium per module, a context per test)."""

from kencho.procedures.tests.conftest import browser, new_context

__all__ = ["browser", "new_context"]
