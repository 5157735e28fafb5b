from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "kencho.approvals"
    label = "approvals"
    verbose_name = _("電子決裁")

    def ready(self) -> None:
        # The configuration check of the 専決 table.
        from . import checks  # noqa: F401
