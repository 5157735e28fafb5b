"""Notices tests run batches in the test's own thread ("inline"), unless a test says otherwise."""

from __future__ import annotations

from typing import Any

import pytest

from kencho.notices.pdf import soffice_path


@pytest.fixture(autouse=True)
def _batches_run_inline(settings: Any) -> None:
    settings.KENCHO_NOTICES_BATCH_RUNNER = "inline"
    settings.KENCHO_NOTICES_CHUNK_SIZE = 4


needs_libreoffice = pytest.mark.skipif(
    soffice_path() is None, reason="making PDFs needs LibreOffice (apt-get install libreoffice-writer-nogui)"
)
