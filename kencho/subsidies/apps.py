from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubsidiesConfig(AppConfig):
    name = "kencho.subsidies"
    label = "subsidies"
    verbose_name = _("補助金")
