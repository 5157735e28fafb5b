from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OcrConfig(AppConfig):
    name = "kencho.ocr"
    label = "ocr"
    verbose_name = _("AI-OCR")

    def ready(self) -> None:
        # The configuration checks (models on the machine, Tesseract's Japanese data, the threshold).
        from . import checks  # noqa: F401
