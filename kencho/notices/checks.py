"""Configuration checks for notices: LibreOffice for the PDFs, the batch runner and its sizes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register


@register()
def check_notices_settings(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    from .batches import RUNNERS
    from .pdf import soffice_path

    problems: list[CheckMessage] = []
    if soffice_path() is None:
        problems.append(
            Warning(
                "LibreOffice (soffice) was not found: notices can be made as .docx, but making PDFs fails",
                hint="apt-get install libreoffice-writer-nogui, or set KENCHO_NOTICES_SOFFICE to its path",
                id="notices.W001",
            )
        )
    runner = getattr(settings, "KENCHO_NOTICES_BATCH_RUNNER", "")
    if runner and runner not in RUNNERS:
        problems.append(Error(f"KENCHO_NOTICES_BATCH_RUNNER must be one of {RUNNERS}", id="notices.E001"))
    for name in ("KENCHO_NOTICES_CHUNK_SIZE", "KENCHO_NOTICES_PDF_TIMEOUT", "KENCHO_NOTICES_STALL_SECONDS"):
        value = getattr(settings, name, 1)
        if not isinstance(value, int) or value < 1:
            problems.append(Error(f"{name} must be a positive whole number", id="notices.E002"))
    return problems
