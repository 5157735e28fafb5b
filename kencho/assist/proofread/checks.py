"""proofread.W001: Sudachi's synonym dictionary (npm) is missing, so 表記ゆれ relies on Sudachi alone."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Warning, register

from .synonyms import synonyms_path


@register()
def synonym_dictionary_installed(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if synonyms_path().exists():
        return []
    return [
        Warning(
            f"Sudachi's synonym dictionary is missing at {synonyms_path()}.",
            hint="Run `npm ci` (scripts/install.sh does) or set KENCHO_PROOFREAD_SYNONYMS_DIR.",
            id="proofread.W001",
        )
    ]
