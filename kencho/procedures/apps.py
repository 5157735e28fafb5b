from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "kencho.procedures"
    label = "procedures"
    verbose_name = _("手続・申請")
