"""Configuration checks for minutes: the house style values and the speech engine's model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

from .numerals import DATE_STYLES
from .style import SUMMARY_ENDINGS


@register()
def check_minutes_settings(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    from .stt.base import speech_engines

    problems: list[CheckMessage] = []
    date_style = getattr(settings, "KENCHO_MINUTES_DATE_STYLE", "keep")
    if date_style not in DATE_STYLES:
        problems.append(Error(f"KENCHO_MINUTES_DATE_STYLE must be one of {DATE_STYLES}", id="minutes.E001"))
    ending = getattr(settings, "KENCHO_MINUTES_SUMMARY_ENDING", "plain")
    if ending not in SUMMARY_ENDINGS:
        problems.append(
            Error(f"KENCHO_MINUTES_SUMMARY_ENDING must be one of {SUMMARY_ENDINGS}", id="minutes.E002")
        )
    engine = getattr(settings, "KENCHO_STT_ENGINE", "") or ""
    if engine and engine not in speech_engines:
        problems.append(Error(f"KENCHO_STT_ENGINE names an unknown engine {engine!r}", id="minutes.E003"))
    elif engine:
        model = getattr(settings, "KENCHO_STT_MODEL_DIR", "") or ""
        if problem := speech_engines.get(engine).missing(Path(model) if model else None):
            problems.append(Warning(f"speech recognition will not work: {problem}", id="minutes.W001"))
    return problems
