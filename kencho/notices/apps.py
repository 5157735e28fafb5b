from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "kencho.notices"
    label = "notices"
    verbose_name = _("通知書")

    def ready(self) -> None:
        # The configuration checks (LibreOffice for PDFs, the batch runner, chunk sizes).
        from . import checks  # noqa: F401
