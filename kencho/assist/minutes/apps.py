from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinutesConfig(AppConfig):
    name = "kencho.assist.minutes"
    label = "assist_minutes"
    verbose_name = _("議事録")

    def ready(self) -> None:
        # Register the transcript formats and speech engines, and the configuration checks.
        from . import checks, parsers  # noqa: F401
        from .stt import vosk_engine  # noqa: F401 - imports no Vosk until it is used
