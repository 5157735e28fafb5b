from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InquiriesConfig(AppConfig):
    name = "kencho.inquiries"
    label = "inquiries"
    verbose_name = _("照会・回答")
