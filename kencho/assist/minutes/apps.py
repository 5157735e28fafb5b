from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinutesConfig(AppConfig):
    name = "kencho.assist.minutes"
    label = "assist_minutes"
    verbose_name = _("議事録")
