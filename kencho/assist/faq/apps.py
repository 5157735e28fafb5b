from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FaqConfig(AppConfig):
    name = "kencho.assist.faq"
    label = "assist_faq"
    verbose_name = _("FAQ・チャットボット")

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the configuration checks
