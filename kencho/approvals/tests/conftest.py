"""Approvals tests run notice batches in the test's own thread ("inline")."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _batches_run_inline(settings: Any) -> None:
    settings.KENCHO_NOTICES_BATCH_RUNNER = "inline"


@pytest.fixture
def office(units: dict[str, Any]) -> Any:
    from .factories import make_office

    return make_office(units)
